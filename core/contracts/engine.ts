// The offline engine as a service (DESIGN.md "Deployment and scale"): what the `local` provider in
// remote mode (a cloud function) sends to `licenselens serve`'s recognition endpoint, and what comes
// back. Both sides parse with these schemas. The request is signed as a whole (server/engine-service).
import { z } from 'zod';
import { PROVIDER_ERROR_CODES, type ProviderErrorCode } from './errors';
import { RecognitionResultSchema, RequestedSideSchema } from './result';

export const ENGINE_PATH = '/api/engine/recognize';

/** Largest image the endpoint takes (bytes of the file, before base64): cloud photos are ≤ 300 KB. */
export const ENGINE_MAX_IMAGE_BYTES = 4 * 1024 * 1024;
/** The whole JSON body: the image in base64 (4/3) plus a little. */
export const ENGINE_MAX_BODY_BYTES = Math.ceil(ENGINE_MAX_IMAGE_BYTES / 3) * 4 + 4096;
/** A signed request is accepted this long either side of its timestamp, and only once. */
export const ENGINE_REPLAY_WINDOW_SECONDS = 300;

export const EngineRequestSchema = z.object({
  /** Random per request: two identical scans still sign differently (the replay cache keys on it). */
  nonce: z.string().regex(/^[A-Za-z0-9_-]{16,64}$/),
  docType: z.string().regex(/^[a-z_]{1,64}$/),
  side: RequestedSideSchema.optional(),
  /** The caller's user (an openid): the engine's queue serves users in turn. */
  owner: z.string().max(128).optional(),
  image: z.object({ mime: z.enum(['image/jpeg', 'image/png', 'image/webp']), base64: z.string().min(1) }),
});
export type EngineRequest = z.infer<typeof EngineRequestSchema>;

export const EngineResponseSchema = z.object({ result: RecognitionResultSchema, raw: z.unknown() });
export type EngineResponse = z.infer<typeof EngineResponseSchema>;

export const EngineErrorSchema = z.object({
  error: z.object({
    code: z.enum(PROVIDER_ERROR_CODES),
    retryable: z.boolean(),
    providerCode: z.string().max(64).optional(),
    message: z.string().min(1).max(500),
  }),
});
export type EngineErrorBody = z.infer<typeof EngineErrorSchema>;

export interface EngineRefusal {
  status: number;
  code: ProviderErrorCode;
  retryable: boolean;
  /** Chinese, for the user (the engine service is ours: its refusals speak to the end user too). */
  message: string;
}

/** What the endpoint itself refuses, before the engine runs, by providerCode. The engine's own
 *  failures travel with their code and message (RATE_LIMIT when busy, NOT_FOUND_IN_IMAGE, …). */
export const ENGINE_REFUSALS: Record<string, EngineRefusal> = {
  BAD_SIGNATURE: { status: 401, code: 'AUTH', retryable: false, message: '离线识别服务拒绝了请求（签名无效），请联系管理员检查 LOCAL_OCR_SECRET' },
  STALE: { status: 401, code: 'AUTH', retryable: false, message: '离线识别服务拒绝了请求（时间戳过期），请检查服务器时钟' },
  REPLAYED: { status: 401, code: 'AUTH', retryable: false, message: '离线识别服务拒绝了重复的请求' },
  BAD_REQUEST: { status: 400, code: 'UPSTREAM', retryable: false, message: '离线识别服务无法读取请求内容' },
  TOO_LARGE: { status: 413, code: 'BAD_IMAGE', retryable: false, message: '图片过大，离线识别服务无法处理' },
  BAD_IMAGE: { status: 400, code: 'BAD_IMAGE', retryable: false, message: '图片格式不受支持或已损坏，请重新拍摄' },
};

/** HTTP status of an engine failure by its code (the caller reads the body; the status is for proxies and logs). */
export const ENGINE_ERROR_STATUS: Record<ProviderErrorCode, number> = {
  AUTH: 401,
  QUOTA: 429,
  RATE_LIMIT: 429,
  BAD_IMAGE: 400,
  NOT_FOUND_IN_IMAGE: 422,
  UNSUPPORTED: 422,
  UPSTREAM: 502,
  TIMEOUT: 504,
};
