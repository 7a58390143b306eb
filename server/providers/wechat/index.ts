// WeChat OCR (../shared/provider-docs/wechat-vehicle-licence-ocr.md, and for the ID card, driving
// licence, bank card and business licence the pages in test/fixtures/provider-payloads/README.md).
// Inside a cloud function: `cloud.openapi.ocr.<method>` (wx-server-sdk throws {errCode, errMsg}).
// Elsewhere: POST {WECHAT_API_BASE}/cv/ocr/<endpoint>?access_token=… with a multipart `img`,
// the token fetched from the app id and secret, cached until it expires, refreshed once when rejected.
import pRetry from 'p-retry';
import { providerError } from '../../../core/errors/catalogue';
import { normalizePayload } from '../../../core/providers/index';
import { isRecord } from '../../../core/providers/util';
import { hasOwn } from '../../../core/result/own';
import { ProviderError } from '../../../core/contracts/errors';
import type { RequestedSide, Side } from '../../../core/contracts/result';
import { DEFAULT_TIMEOUT_MS, fileName, imageBlob, request, statusError, upstreamError, withDeadline, type HttpSettings } from '../http';
import type { CommonProviderSettings, ImageInput, Provider, ProviderOutput, RecognizeRequest } from '../types';

/** The part of wx-server-sdk's `cloud` this provider calls (its own typings are `any`). */
export interface WxCloudLike {
  openapi: {
    ocr: {
      vehicleLicense(params: { type: 'photo' | 'scan'; img?: { contentType: string; value: Buffer }; imgUrl?: string }): Promise<unknown>;
      // Optional so that stand-ins written for the vehicle licence alone still fit; wx-server-sdk's
      // proxy has them all.
      idcard?(params: { type: 'photo' | 'scan'; img?: { contentType: string; value: Buffer }; imgUrl?: string }): Promise<unknown>;
      driverLicense?(params: { type?: 'photo' | 'scan'; img?: { contentType: string; value: Buffer }; imgUrl?: string }): Promise<unknown>;
      bankcard?(params: { type?: 'photo' | 'scan'; img?: { contentType: string; value: Buffer }; imgUrl?: string }): Promise<unknown>;
      businessLicense?(params: { img?: { contentType: string; value: Buffer }; imgUrl?: string }): Promise<unknown>;
    };
  };
}

export interface WechatSettings extends CommonProviderSettings {
  /** Inside a cloud function: wx-server-sdk's initialised `cloud`. */
  cloud?: WxCloudLike;
  appId?: string;
  secret?: string;
  /** Default https://api.weixin.qq.com */
  apiBase?: string;
  /** Clock for token expiry (tests). */
  now?: () => number;
}

/** "文件大小限制：小于2M" — read as decimal megabytes to stay safely below either reading. */
export const WECHAT_MAX_BYTES = 2_000_000;
/** access_token invalid / not latest, invalid, expired: fetch a new one and retry once. */
export const TOKEN_REJECTED = new Set(['40001', '40014', '42001']);
/** Renew this long before WeChat's expiry so that a token never dies in flight. */
const TOKEN_MARGIN_S = 300;

/** The HTTPS endpoint per document; `type=photo` only where the doc lists the parameter. */
const ENDPOINTS: Readonly<Record<string, { path: string; photoType: boolean }>> = {
  vehicle_license: { path: '/cv/ocr/driving', photoType: true },
  id_card: { path: '/cv/ocr/idcard', photoType: true },
  driver_license: { path: '/cv/ocr/drivinglicense', photoType: false },
  bank_card: { path: '/cv/ocr/bankcard', photoType: false },
  business_license: { path: '/cv/ocr/bizlicense', photoType: false },
};

/** ocr.driverLicense reads the main page only; the ID card's side comes from the request or, on
 *  `auto`, from WeChat's answer. */
export function wechatSupports(docType: string, requested?: RequestedSide): boolean {
  if (!hasOwn(ENDPOINTS, docType)) return false;
  return !(docType === 'driver_license' && requested === 'back');
}

function unsupported(docType: string): ProviderError {
  return new ProviderError({ provider: 'wechat', code: 'UNSUPPORTED', retryable: false, message: `该识别服务不支持此证件类型（${docType}）` });
}

function side(req: RecognizeRequest): Side | undefined {
  return req.side === 'front' || req.side === 'back' ? req.side : undefined;
}

function errCodeOf(e: unknown): number | string | undefined {
  if (!isRecord(e)) return undefined;
  const code = e.errCode ?? e.errcode;
  return typeof code === 'number' || typeof code === 'string' ? code : undefined;
}

export function createWechatProvider(settings: WechatSettings): Provider {
  const http: HttpSettings = {
    provider: 'wechat',
    fetch: settings.fetch ?? globalThis.fetch,
    timeoutMs: settings.timeoutMs ?? DEFAULT_TIMEOUT_MS,
  };
  const base = (settings.apiBase ?? 'https://api.weixin.qq.com').replace(/\/+$/, '');
  const now = settings.now ?? Date.now;
  const { cloud } = settings;
  if (!cloud && !(settings.appId && settings.secret)) {
    throw new Error('createWechatProvider: pass `cloud` (inside a cloud function) or `appId` and `secret`');
  }

  let cached: { token: string; expiresAt: number } | undefined;
  let pending: Promise<string> | undefined;

  async function fetchToken(): Promise<string> {
    const url = `${base}/cgi-bin/token?grant_type=client_credential&appid=${encodeURIComponent(settings.appId!)}&secret=${encodeURIComponent(settings.secret!)}`;
    const reply = await request(http, url, { method: 'GET', headers: { Accept: 'application/json' } });
    const body = isRecord(reply.json) ? reply.json : undefined;
    if (body && typeof body.access_token === 'string' && body.access_token) {
      const ttl = typeof body.expires_in === 'number' ? body.expires_in : 7200;
      cached = { token: body.access_token, expiresAt: now() + Math.max(ttl - TOKEN_MARGIN_S, ttl / 2) * 1000 };
      return body.access_token;
    }
    if (body && body.errcode !== undefined) {
      throw providerError('wechat', body.errcode as number, { httpStatus: reply.status, detail: `获取 access_token 失败：${String(body.errmsg ?? '')}` });
    }
    if (reply.status < 200 || reply.status >= 300) throw statusError('wechat', reply, undefined, '获取 access_token 失败');
    throw upstreamError('wechat', `获取 access_token 失败：${reply.problem ?? '返回内容缺少 access_token'}`);
  }

  function token(): Promise<string> {
    if (cached && cached.expiresAt > now()) return Promise.resolve(cached.token);
    // Concurrent recognitions share one token request, so no single caller's abort may cancel it.
    pending ??= fetchToken().finally(() => {
      pending = undefined;
    });
    return pending;
  }

  async function overHttps(image: ImageInput, req: RecognizeRequest): Promise<ProviderOutput> {
    return pRetry(
      async () => {
        // The caller may stop waiting; the shared token request itself carries on for the others.
        const accessToken = await withDeadline(http, req.signal, () => token());
        const form = new FormData();
        form.append('img', imageBlob(image.bytes, image.mime), fileName(image.mime));
        const ep = ENDPOINTS[req.docType]!;
        const url = `${base}${ep.path}?${ep.photoType ? 'type=photo&' : ''}access_token=${encodeURIComponent(accessToken)}`;
        const reply = await request(http, url, { method: 'POST', headers: { Accept: 'application/json' }, body: form }, req.signal);
        const body = isRecord(reply.json) ? reply.json : undefined;
        if (reply.status < 200 || reply.status >= 300) throw statusError('wechat', reply, body?.errcode, body?.errmsg);
        if (!body) throw upstreamError('wechat', reply.problem ?? '返回内容不是 JSON 对象');
        const code = body.errcode;
        if (code !== undefined && Number(code) !== 0) {
          if (TOKEN_REJECTED.has(String(code)) && cached?.token === accessToken) cached = undefined;
          throw providerError('wechat', code as number, { detail: typeof body.errmsg === 'string' ? body.errmsg : undefined });
        }
        return { result: normalizePayload('wechat', body, { docType: req.docType, side: side(req) }), raw: body };
      },
      {
        retries: 1,
        minTimeout: 0,
        maxTimeout: 0,
        shouldRetry: (e) => ProviderError.isInstance(e) && TOKEN_REJECTED.has(e.providerCode ?? ''),
      },
    );
  }

  /** One literal call per method: the config.json test finds them by `openapi.ocr.<method>(`. */
  function callCloud(c: WxCloudLike, docType: string, img: { contentType: string; value: Buffer }): Promise<unknown> {
    switch (docType) {
      case 'vehicle_license':
        return c.openapi.ocr.vehicleLicense({ type: 'photo', img });
      case 'id_card':
        if (!c.openapi.ocr.idcard) break;
        return c.openapi.ocr.idcard({ type: 'photo', img });
      case 'driver_license':
        if (!c.openapi.ocr.driverLicense) break;
        return c.openapi.ocr.driverLicense({ type: 'photo', img });
      case 'bank_card':
        if (!c.openapi.ocr.bankcard) break;
        return c.openapi.ocr.bankcard({ type: 'photo', img });
      case 'business_license':
        // The doc's cloud example passes the image only.
        if (!c.openapi.ocr.businessLicense) break;
        return c.openapi.ocr.businessLicense({ img });
    }
    return Promise.reject(unsupported(docType));
  }

  async function inCloud(c: WxCloudLike, image: ImageInput, req: RecognizeRequest): Promise<ProviderOutput> {
    // The SDK cannot be aborted; the deadline stops waiting for it.
    const raw = await withDeadline(http, req.signal, () =>
      callCloud(c, req.docType, { contentType: image.mime, value: image.bytes }).catch((e: unknown) => {
        const code = errCodeOf(e);
        if (code === undefined) throw e;
        const msg = isRecord(e) ? (e.errMsg ?? e.errmsg ?? e.message) : undefined;
        throw providerError('wechat', code, { detail: msg === undefined ? undefined : String(msg) });
      }),
    );
    if (!isRecord(raw)) throw upstreamError('wechat', '云调用返回内容不是对象');
    const code = errCodeOf(raw);
    if (code !== undefined && Number(code) !== 0) {
      throw providerError('wechat', code, { detail: String(raw.errMsg ?? raw.errmsg ?? '') });
    }
    return { result: normalizePayload('wechat', raw, { docType: req.docType, side: side(req) }), raw };
  }

  return {
    name: 'wechat',
    maxBytes: WECHAT_MAX_BYTES,
    supports: wechatSupports,
    recognize: (image, req) => {
      if (!wechatSupports(req.docType, req.side)) return Promise.reject(unsupported(req.docType));
      return cloud ? inCloud(cloud, image, req) : overHttps(image, req);
    },
  };
}
