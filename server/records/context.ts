// The handler context shared by the cloud functions and the local server (TEAM.md): identity comes from
// the platform (getWXContext / the local session) and is put here by the wiring, never read from a body.
import type { Attempt } from '../../core/contracts/records';
import type { ProviderName, RecognitionResult, RequestedSide } from '../../core/contracts/result';
import type { Config } from '../config';
import type { PhotoStore, RecordStore } from '../stores/types';

/** The pipeline's outcome (server/pipeline/index.ts, helper B), typed structurally so that this module
 *  does not depend on the pipeline's implementation. */
export type RecognizeOutcome =
  | {
      ok: true;
      result: RecognitionResult;
      raw: unknown;
      provider: string;
      attempts: Attempt[];
      timings: { intakeMs?: number; providerMs?: number; totalMs?: number };
    }
  | {
      ok: false;
      error: { code: string; message: string };
      attempts: Attempt[];
      timings: { intakeMs?: number; providerMs?: number; totalMs?: number };
    };

export interface PipelineLike {
  recognize(
    bytes: Buffer,
    req: { docType: string; side?: RequestedSide; provider?: ProviderName | 'auto'; signal?: AbortSignal },
  ): Promise<RecognizeOutcome>;
}

export interface HandlerContext {
  /** The caller, from the platform; null = anonymous. */
  openid: string | null;
  isAdmin: boolean;
  store: RecordStore;
  photos: PhotoStore;
  pipeline: PipelineLike;
  config: Config;
  now(): Date;
}

/** A context whose caller is known (what action handlers receive). */
export type AuthedContext = HandlerContext & { openid: string };

/** Builds a context, resolving isAdmin from ADMIN_OPENIDS and the store's `admins` table/collection. */
export async function createContext(init: Omit<HandlerContext, 'isAdmin' | 'now'> & { now?: () => Date }): Promise<HandlerContext> {
  const { openid } = init;
  const isAdmin = openid ? init.config.ADMIN_OPENIDS.includes(openid) || (await init.store.isAdmin(openid)) : false;
  return { ...init, openid, isAdmin, now: init.now ?? (() => new Date()) };
}
