// What a backend must offer the mini program. Two implementations: cloud.ts (wx.cloud) and server.ts
// (wx.request / wx.uploadFile to the local or a private server); api.ts validates what they return.
import type { ProviderName, RequestedSide } from '../core/contracts/result';
import { AppError, fromCode } from './errors';

export type Progress = { phase: 'upload'; percent: number } | { phase: 'recognize' };

export interface RecognizeParams {
  /** A local temporary file (already cropped and compressed). */
  filePath: string;
  docType: string;
  side?: RequestedSide;
  /** A service the user chose (one the backend named as configured); absent = the backend's route. */
  provider?: ProviderName;
  onProgress?: (p: Progress) => void;
}

export interface DownloadParams {
  /** A cloud storage fileID (the cloud transport downloads this). */
  fileID?: string | null;
  /** A link the server handed out (the server transport downloads this); a path is the server's. */
  url?: string;
  onProgress?: (percent: number) => void;
}

export interface Transport {
  readonly name: 'cloud' | 'server';
  /** Uploads the photo and runs recognition; resolves with the stored record (unvalidated). */
  recognize(params: RecognizeParams): Promise<unknown>;
  /** The recognition services the backend can call ({ providers }, unvalidated): the `ocr` function
   *  holds the keys in the cloud, the session info says it on a server. */
  services(): Promise<unknown>;
  /** One records API call ({ action, … }); resolves with the unvalidated response. */
  records(body: Record<string, unknown>): Promise<unknown>;
  /** Downloads a file the backend produced (an export); resolves with the local temporary path. */
  download(params: DownloadParams): Promise<string>;
}

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Turns an error envelope (`{ ok: false, error }`, `{ error: { code } }`, an ApiError body
 *  `{ code, message }` with an HTTP error status) into an AppError; unwraps `{ ok: true, data }`. A record
 *  whose own `error` field is set (status 'failed') is data, not an envelope: it has an `_id`. */
export function unwrap(payload: unknown, httpStatus?: number): unknown {
  if (isObj(payload) && !('_id' in payload)) {
    const err = payload.error;
    if (isObj(err) && typeof err.code === 'string') {
      throw fromCode(err.code, typeof err.message === 'string' ? err.message : undefined);
    }
    if (payload.ok === false || (httpStatus !== undefined && httpStatus >= 400)) {
      if (typeof payload.code === 'string') throw fromCode(payload.code, typeof payload.message === 'string' ? payload.message : undefined);
    }
    if (payload.ok === true && 'data' in payload) return payload.data;
  }
  if (httpStatus !== undefined && httpStatus >= 400) throw fromStatus(httpStatus);
  return payload;
}

function fromStatus(status: number): AppError {
  if (status === 401) return new AppError('UNAUTHENTICATED');
  if (status === 403) return new AppError('FORBIDDEN');
  if (status === 404) return new AppError('NOT_FOUND');
  if (status === 409) return new AppError('CONFLICT');
  if (status === 413) return new AppError('PAYLOAD_TOO_LARGE');
  if (status === 415) return new AppError('UNSUPPORTED_MEDIA_TYPE');
  if (status === 422) return new AppError('RECOGNITION_FAILED');
  if (status === 429) return new AppError('RATE_LIMITED');
  if (status === 400) return new AppError('INVALID_ARGUMENT');
  return new AppError('INTERNAL');
}
