// Who is calling the local server: a session token (`Authorization: Bearer …`, the scheme matched
// case-insensitively as RFC 7235 says), or in dev mode on loopback the dev header. Refused tokens are
// counted per client address, so tokens cannot be guessed at speed (issue 13 item 15).
import { getConnInfo } from '@hono/node-server/conninfo';
import type { Context } from 'hono';
import { ApiError } from '../../core/contracts/errors';
import { verifySession } from '../../server/identity/session';
import { isLoopback } from './loopback';
import type { TokenBuckets } from './rate-limit';

const DEV_OPENID = /^[A-Za-z0-9_-]{1,128}$/;

/** The credentials of an `Authorization: Bearer <token>` header: null for another scheme or none,
 *  '' for a Bearer header without a usable token (refused like a wrong one). */
export function bearerToken(header: string | undefined): string | null {
  if (!header || !/^bearer(?:[ \t]|$)/i.test(header)) return null;
  return /^bearer[ \t]+(\S+)[ \t]*$/i.exec(header)?.[1] ?? '';
}

/** The peer address, the key of the per-client limits (behind a proxy: the proxy's). */
export function clientAddress(c: Context): string {
  try {
    return getConnInfo(c).remote.address ?? 'unknown';
  } catch {
    return 'unknown';
  }
}

/** 429 with the wait in its details; the HTTP layer turns it into Retry-After. */
export function rateLimited(message: string, retryAfterSeconds: number): ApiError {
  return new ApiError('RATE_LIMITED', message, { retryAfterSeconds: Math.max(1, retryAfterSeconds) });
}

export interface CallerOptions {
  sessionSecret: string;
  /** The dev header is honoured (dev mode, bound to loopback); each request must also come from loopback. */
  devHeaderAllowed: boolean;
  badTokens: TokenBuckets;
  now: () => Date;
}

/** The caller's openid, null when anonymous; a refused token is UNAUTHENTICATED (or RATE_LIMITED). */
export function createCallerResolver(opts: CallerOptions): (c: Context) => string | null {
  return (c) => {
    const token = bearerToken(c.req.header('authorization'));
    if (token !== null) {
      const address = clientAddress(c);
      // Checked before verifying: once limited, a guess tells nothing, right or wrong.
      if (!opts.badTokens.has(address)) throw rateLimited('登录凭证错误次数过多，请稍后再试', opts.badTokens.retryAfter(address));
      const openid = verifySession(token, opts.sessionSecret, opts.now());
      if (!openid) {
        opts.badTokens.take(address);
        throw new ApiError('UNAUTHENTICATED', '登录已失效，请重新登录');
      }
      return openid;
    }
    const dev = c.req.header('x-licenselens-openid');
    if (dev !== undefined && opts.devHeaderAllowed && isLoopback(clientAddress(c)) && DEV_OPENID.test(dev)) return dev;
    return null;
  };
}
