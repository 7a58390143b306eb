// Juhe (聚合数据) OCR (../shared/provider-docs/juhe-*.md): certificates by card type (base64 form or
// the File version's multipart), the vehicle registration certificate and the electronic driving
// licence. All answer HTTP 200 with `error_code` (0 = success) and `reason`.
import { providerError } from '../../../core/errors/catalogue';
import { normalizePayload } from '../../../core/providers/index';
import { isRecord } from '../../../core/providers/util';
import type { RequestedSide, Side } from '../../../core/contracts/result';
import { DEFAULT_TIMEOUT_MS, fileName, imageBlob, request, statusError, upstreamError, type HttpSettings } from '../http';
import type { CommonProviderSettings, ImageInput, Provider, ProviderOutput, RecognizeRequest } from '../types';
import { JUHE_CARD_TYPES, juheCardTypeFor } from '../../../core/providers/juhe-cards';

export interface JuheSettings extends CommonProviderSettings {
  key: string;
  /** Replaces both documented hosts (v.juhe.cn and apis.juhe.cn): tests and private gateways. */
  baseUrl?: string;
  /** Certificates: the base64 form (default) or the File version (multipart `pic`). */
  upload?: 'base64' | 'file';
}

export const JUHE_HOSTS = { certificates: 'http://v.juhe.cn', apis: 'http://apis.juhe.cn' } as const;
/** The documented limit is 3 MB of base64; base64 is 4/3 of the file. */
export const JUHE_MAX_BASE64 = 3_000_000;
export const JUHE_MAX_BYTES = (JUHE_MAX_BASE64 / 4) * 3;

/** Two-sided documents without an auto-classifying card type read the front for 'auto'. */
function cardTypeFor(docType: string, side: RequestedSide | undefined): number | undefined {
  return juheCardTypeFor(docType, side) ?? (side === 'auto' || side === undefined ? juheCardTypeFor(docType, 'front') : undefined);
}

type Endpoint = { url: string; body: () => URLSearchParams | FormData; cardType?: number; side: Side | null | undefined };

export function createJuheProvider(settings: JuheSettings): Provider {
  const http: HttpSettings = {
    provider: 'juhe',
    fetch: settings.fetch ?? globalThis.fetch,
    timeoutMs: settings.timeoutMs ?? DEFAULT_TIMEOUT_MS,
  };
  const base = (host: keyof typeof JUHE_HOSTS) => (settings.baseUrl ?? JUHE_HOSTS[host]).replace(/\/+$/, '');

  function endpoint(image: ImageInput, docType: string, side: RequestedSide | undefined): Endpoint | undefined {
    const base64 = () => image.bytes.toString('base64');
    if (docType === 'vehicle_registration_certificate') {
      return {
        url: `${base('apis')}/vehicle_reg_cert_ocr/query`,
        body: () => new URLSearchParams({ key: settings.key, image_base64: base64() }),
        side: null,
      };
    }
    if (docType === 'e_driver_license') {
      const back = side === 'back';
      return {
        url: `${base('apis')}/edriveimage/verify`,
        body: () => new URLSearchParams({ key: settings.key, image: base64(), side: back ? '1' : '0' }),
        side: back ? 'back' : 'front',
      };
    }
    // The card type table is core's (shared with the normalizer); plate and VIN have none.
    const cardType = cardTypeFor(docType, side);
    if (cardType === undefined) return undefined;
    const resultSide = JUHE_CARD_TYPES[cardType]?.side;
    if (settings.upload === 'file') {
      return {
        url: `${base('certificates')}/certificates/query`,
        body: () => {
          const form = new FormData();
          form.append('key', settings.key);
          form.append('cardType', String(cardType));
          form.append('pic', imageBlob(image.bytes, image.mime), fileName(image.mime));
          return form;
        },
        cardType,
        side: resultSide,
      };
    }
    return {
      url: `${base('certificates')}/certificates/queryBase64`,
      body: () => new URLSearchParams({ key: settings.key, cardType: String(cardType), base64: base64() }),
      cardType,
      side: resultSide,
    };
  }

  return {
    name: 'juhe',
    maxBytes: JUHE_MAX_BYTES,
    supports: (docType, side) =>
      docType === 'vehicle_registration_certificate' || docType === 'e_driver_license' || cardTypeFor(docType, side) !== undefined,
    async recognize(image: ImageInput, req: RecognizeRequest): Promise<ProviderOutput> {
      const ep = endpoint(image, req.docType, req.side);
      if (!ep) throw providerError('juhe', 215308, { detail: `不支持的证件类型 ${req.docType}` });
      // Refused before a paid call: the same code Juhe answers for an oversized upload.
      if (Math.ceil(image.bytes.length / 3) * 4 > JUHE_MAX_BASE64) {
        throw providerError('juhe', 215302, { detail: `图片 ${image.bytes.length} 字节，超过 3 MB（base64）` });
      }
      const reply = await request(http, ep.url, { method: 'POST', headers: { Accept: 'application/json' }, body: ep.body() }, req.signal);
      const body = isRecord(reply.json) ? reply.json : undefined;
      if (reply.status < 200 || reply.status >= 300) throw statusError('juhe', reply, body?.error_code, body?.reason);
      if (!body) throw upstreamError('juhe', reply.problem ?? '返回内容不是 JSON 对象');
      // Some documented samples omit error_code on success; a result object then stands for 0.
      if (body.error_code === undefined && !isRecord(body.result)) throw upstreamError('juhe', '返回内容缺少 error_code 和 result');
      if (body.error_code !== undefined && Number(body.error_code) !== 0) {
        throw providerError('juhe', body.error_code as number | string, { detail: typeof body.reason === 'string' ? body.reason : undefined });
      }
      const result = normalizePayload('juhe', body, {
        docType: req.docType,
        ...(ep.side === undefined ? {} : { side: ep.side }),
        ...(ep.cardType === undefined ? {} : { cardType: ep.cardType }),
      });
      return { result, raw: body };
    },
  };
}
