// The `local` provider in remote mode: the offline engine runs in a container (`licenselens serve`
// with ENGINE_SERVICE_SECRET) and a cloud function, too small for the models, calls its recognition
// endpoint (core/contracts/engine). Each request is signed with the shared secret and a timestamp and
// carries a nonce (server/engine-service/signing); the answer is parsed with its schema, never trusted.
import { ProviderError } from '../../../core/contracts/errors';
import {
  ENGINE_MAX_IMAGE_BYTES,
  ENGINE_PATH,
  EngineErrorSchema,
  EngineResponseSchema,
  type EngineRequest,
} from '../../../core/contracts/engine';
import type { RequestedSide } from '../../../core/contracts/result';
import { DOCUMENTS } from '../../../core/documents/registry';
import { newNonce, signedHeaders } from '../../engine-service/signing';
import { DEFAULT_TIMEOUT_MS, request, upstreamError, type HttpSettings } from '../http';
import type { CommonProviderSettings, ImageInput, Provider, ProviderOutput, RecognizeRequest } from '../types';

export interface RemoteEngineSettings extends CommonProviderSettings {
  /** The engine's origin (LOCAL_OCR_URL), e.g. https://engine.example.com. */
  url: string;
  /** LOCAL_OCR_SECRET, the engine's ENGINE_SERVICE_SECRET. */
  secret: string;
  nowSeconds?: () => number;
}

/** The engine queues scans: leave it time to answer a busy moment (the engine's own limit is 30 s). */
export const REMOTE_ENGINE_TIMEOUT_MS = Math.max(DEFAULT_TIMEOUT_MS, 35_000);

export function createRemoteEngineProvider(settings: RemoteEngineSettings): Provider {
  const http: HttpSettings = {
    provider: 'local',
    fetch: settings.fetch ?? globalThis.fetch,
    timeoutMs: settings.timeoutMs ?? REMOTE_ENGINE_TIMEOUT_MS,
  };
  const endpoint = new URL(ENGINE_PATH, settings.url).toString();
  const docs = new Set(DOCUMENTS.filter((d) => d.providers.includes('local')).map((d) => d.id));
  const now = settings.nowSeconds ?? (() => Math.floor(Date.now() / 1000));

  return {
    name: 'local',
    maxBytes: ENGINE_MAX_IMAGE_BYTES,
    supports: (docType: string, _side?: RequestedSide) => docs.has(docType),
    async recognize(image: ImageInput, req: RecognizeRequest): Promise<ProviderOutput> {
      const payload: EngineRequest = {
        nonce: newNonce(),
        docType: req.docType,
        ...(req.side ? { side: req.side } : {}),
        ...(req.owner ? { owner: req.owner } : {}),
        image: { mime: image.mime, base64: image.bytes.toString('base64') },
      };
      const body = JSON.stringify(payload);
      const reply = await request(
        http,
        endpoint,
        { method: 'POST', headers: { 'content-type': 'application/json', accept: 'application/json', ...signedHeaders(settings.secret, body, now()) }, body },
        req.signal,
      );
      if (reply.status >= 200 && reply.status < 300) {
        if (reply.json === undefined) throw upstreamError('local', reply.problem ?? '返回内容为空');
        const ok = EngineResponseSchema.safeParse(reply.json);
        if (!ok.success) throw upstreamError('local', '返回内容不符合接口约定');
        return ok.data;
      }
      const refused = EngineErrorSchema.safeParse(reply.json);
      if (refused.success) {
        const { code, retryable, providerCode, message } = refused.data.error;
        throw new ProviderError({ provider: 'local', code, retryable, providerCode, message });
      }
      // Not the engine's own answer: a proxy or gateway in front of it (an HTML page, an empty 5xx).
      if (reply.status === 401 || reply.status === 403) {
        throw new ProviderError({ provider: 'local', code: 'AUTH', retryable: false, providerCode: `http:${reply.status}`, message: '离线识别服务拒绝访问，请联系管理员检查 LOCAL_OCR_URL 与 LOCAL_OCR_SECRET' });
      }
      if (reply.status === 413) {
        throw new ProviderError({ provider: 'local', code: 'BAD_IMAGE', retryable: false, providerCode: 'http:413', message: '图片过大，离线识别服务无法处理' });
      }
      throw upstreamError('local', `HTTP ${reply.status}${reply.problem ? `，${reply.problem}` : ''}`, undefined, `http:${reply.status}`);
    },
  };
}
