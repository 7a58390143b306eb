// Kuaitong (快瞳) vehicle licence OCR through the Alibaba Cloud API market
// (../shared/provider-docs/kuaitong-vehicle-licence.md): multipart POST with `file` and `cardSide`,
// `Authorization: APPCODE …`. Errors come as HTTP statuses (gateway) and as `code`/`status` in bodies.
import { providerError } from '../../../core/errors/catalogue';
import { normalizePayload } from '../../../core/providers/index';
import { isRecord } from '../../../core/providers/util';
import type { RequestedSide } from '../../../core/contracts/result';
import { DEFAULT_TIMEOUT_MS, fileName, imageBlob, request, statusError, upstreamError, type HttpSettings } from '../http';
import type { CommonProviderSettings, ImageInput, Provider, ProviderOutput, RecognizeRequest } from '../types';

export interface KuaitongSettings extends CommonProviderSettings {
  appCode: string;
  /** The API's address from the Alibaba Cloud market page (KUAITONG_URL). */
  url: string;
}

/** The gateway refuses requests over 2 MB with 413; leave room for the multipart envelope. */
export const KUAITONG_MAX_BYTES = 2_000_000;

export function kuaitongSide(side: RequestedSide | undefined): 'FRONT' | 'BACK' {
  // The documented default is FRONT; 'auto' cannot be expressed, so it reads the main page.
  return side === 'back' ? 'BACK' : 'FRONT';
}

export function createKuaitongProvider(settings: KuaitongSettings): Provider {
  const http: HttpSettings = {
    provider: 'kuaitong',
    fetch: settings.fetch ?? globalThis.fetch,
    timeoutMs: settings.timeoutMs ?? DEFAULT_TIMEOUT_MS,
  };
  return {
    name: 'kuaitong',
    maxBytes: KUAITONG_MAX_BYTES,
    supports: (docType) => docType === 'vehicle_license',
    async recognize(image: ImageInput, req: RecognizeRequest): Promise<ProviderOutput> {
      const cardSide = kuaitongSide(req.side);
      const form = new FormData();
      form.append('file', imageBlob(image.bytes, image.mime), fileName(image.mime));
      form.append('cardSide', cardSide);
      const reply = await request(
        http,
        settings.url,
        { method: 'POST', headers: { Authorization: `APPCODE ${settings.appCode}`, Accept: 'application/json' }, body: form },
        req.signal,
      );
      const body = isRecord(reply.json) ? reply.json : undefined;
      if (reply.status < 200 || reply.status >= 300) {
        // The API market gateway explains its own refusals in a header, with an empty body.
        throw statusError('kuaitong', reply, body?.code, body?.message ?? reply.headers.get('x-ca-error-message') ?? undefined);
      }
      if (!body) throw upstreamError('kuaitong', reply.problem ?? '返回内容不是 JSON 对象');
      const status = typeof body.status === 'number' ? body.status : Number(body.status ?? 200);
      const code = body.code === undefined ? 0 : Number(body.code);
      if (status !== 200 || code !== 0) {
        throw providerError('kuaitong', body.code === undefined ? undefined : (body.code as number | string), {
          httpStatus: status,
          ...(typeof body.message === 'string' ? { detail: body.message } : {}),
        });
      }
      const result = normalizePayload('kuaitong', body, { docType: req.docType, side: cardSide === 'BACK' ? 'back' : 'front' });
      return { result, raw: body };
    },
  };
}
