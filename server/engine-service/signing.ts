// Server-to-server authentication of the engine service: the webhook's signing rule (HMAC-SHA256 over
// `${timestamp}.${body}`, server/delivery/sign) with a secret of its own, plus replay safety — a
// request is accepted only within the time window and only once (its signature is remembered until
// the window has passed). Every body carries a random nonce, so two identical scans sign differently.
import { randomBytes } from 'node:crypto';
import { ENGINE_REPLAY_WINDOW_SECONDS } from '../../core/contracts/engine';
import { HEADER_SIGNATURE, HEADER_TIMESTAMP, sign, verify } from '../delivery/sign';

export { HEADER_SIGNATURE, HEADER_TIMESTAMP };

export function newNonce(): string {
  return randomBytes(16).toString('base64url');
}

export function signedHeaders(secret: string, body: string, nowSeconds = Math.floor(Date.now() / 1000)): Record<string, string> {
  const timestamp = String(nowSeconds);
  return { [HEADER_TIMESTAMP]: timestamp, [HEADER_SIGNATURE]: sign(secret, timestamp, body) };
}

export type Refusal = 'BAD_SIGNATURE' | 'STALE' | 'REPLAYED';

export interface RequestVerifier {
  /** null when the request is authentic, fresh and seen for the first time (it is then remembered). */
  check(timestamp: string | undefined, signature: string | undefined, body: string): Refusal | null;
  /** Signatures remembered now (bounded by the window). */
  readonly remembered: number;
}

export function createRequestVerifier(opts: {
  secret: string;
  windowSeconds?: number;
  nowSeconds?: () => number;
  /** A flood of valid requests cannot grow memory past this; the oldest are dropped first (default 100 000). */
  maxRemembered?: number;
}): RequestVerifier {
  const window = opts.windowSeconds ?? ENGINE_REPLAY_WINDOW_SECONDS;
  const now = opts.nowSeconds ?? (() => Math.floor(Date.now() / 1000));
  const max = opts.maxRemembered ?? 100_000;
  // signature → when it may be forgotten; a Map keeps insertion order, which is expiry order enough.
  const seen = new Map<string, number>();
  const forget = (at: number) => {
    for (const [sig, until] of seen) {
      if (until >= at && seen.size < max) break;
      seen.delete(sig);
    }
  };
  return {
    check(timestamp, signature, body) {
      const at = now();
      if (!timestamp || !/^\d{1,12}$/.test(timestamp)) return 'BAD_SIGNATURE';
      if (Math.abs(at - Number(timestamp)) > window) return 'STALE';
      if (!verify({ secret: opts.secret, timestamp, signature, body, nowSeconds: at, toleranceSeconds: window })) return 'BAD_SIGNATURE';
      const key = signature!.toLowerCase();
      forget(at);
      if (seen.has(key)) return 'REPLAYED';
      // Remembered until it can no longer pass the window check, however the clocks differ.
      seen.set(key, Number(timestamp) + window + 1);
      return null;
    },
    get remembered() {
      return seen.size;
    },
  };
}
