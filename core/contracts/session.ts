// GET /api/session/info (local server): how the server identifies callers and who the caller is. The
// web console reads it to pick its sign-in (dev identity picker on loopback, session token otherwise).
import { z } from 'zod';
import { ProviderNameSchema, type ProviderName } from './result';

export interface SessionInfo {
  /** 'dev' when started with `serve --dev` (`npm start`). */
  mode: 'dev' | 'production';
  /** The x-licenselens-openid header is honoured for this caller: dev mode, bound to and reached over loopback. */
  devIdentity: boolean;
  /** Only when devIdentity: the configured ADMIN_OPENIDS, offered by the console's identity picker. */
  adminOpenids?: string[];
  /** The caller as the server sees them (dev header or Bearer session token); null when anonymous. */
  user: { openid: string; isAdmin: boolean } | null;
  /** The recognition services this server can call (core/contracts/review.ts): the console offers these. */
  providers: ProviderName[];
}

/** The answer as the console checks it. */
export const SessionInfoSchema: z.ZodType<SessionInfo> = z.object({
  mode: z.enum(['dev', 'production']),
  devIdentity: z.boolean(),
  adminOpenids: z.array(z.string()).optional(),
  user: z.object({ openid: z.string(), isAdmin: z.boolean() }).nullable(),
  providers: z.array(ProviderNameSchema),
});
