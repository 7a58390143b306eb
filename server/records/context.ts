// The handler context shared by the cloud functions and the local server: identity comes from
// the platform (getWXContext / the local session) and is put here by the wiring, never read from a body.
import type { Config } from '../config';
import type { Pipeline } from '../pipeline/index';
import type { PhotoStore, RecordStore } from '../stores/types';
import type { DossierStore } from '../stores/dossiers/types';

export type { RecognizeOutcome } from '../pipeline/index';
/** What the handlers need of the pipeline (server/pipeline; tests inject their own). A type-only
 *  import: this module does not load the pipeline's implementation. `providers` is absent where
 *  nothing recognizes (the `records` cloud function) and in test doubles: none are offered then. */
export type PipelineLike = Pick<Pipeline, 'recognize'> & Partial<Pick<Pipeline, 'providers'>>;

export interface HandlerContext {
  /** The caller, from the platform; null = anonymous. */
  openid: string | null;
  isAdmin: boolean;
  store: RecordStore;
  photos: PhotoStore;
  /** Dossiers and expiry reminders (issue #18); absent where the deployment has none configured. */
  dossiers?: DossierStore;
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
