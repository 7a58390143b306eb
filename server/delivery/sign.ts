// Webhook signing: HMAC-SHA256 (hex) over `${timestamp}.${body}` with WEBHOOK_SECRET. The timestamp is
// in the signed text so a captured request cannot be replayed later with a fresh timestamp header.
import { createHmac, timingSafeEqual } from 'node:crypto';

export const HEADER_TIMESTAMP = 'X-LicenseLens-Timestamp';
export const HEADER_SIGNATURE = 'X-LicenseLens-Signature';
export const HEADER_IDEMPOTENCY_KEY = 'Idempotency-Key';

export function sign(secret: string, timestamp: string, body: string): string {
  return createHmac('sha256', secret).update(`${timestamp}.${body}`, 'utf8').digest('hex');
}

export interface VerifyInput {
  secret: string;
  timestamp: string | null | undefined;
  signature: string | null | undefined;
  body: string;
  /** Seconds since the epoch; defaults to the clock. */
  nowSeconds?: number;
  /** Largest accepted age (either direction) of the timestamp; 300 s by default. */
  toleranceSeconds?: number;
}

/** What a receiver does; used by the tests and mirrored in examples/webhook-receiver. */
export function verify(input: VerifyInput): boolean {
  const { secret, timestamp, signature, body } = input;
  if (!timestamp || !signature || !/^\d+$/.test(timestamp) || !/^[0-9a-f]{64}$/i.test(signature)) return false;
  const now = input.nowSeconds ?? Math.floor(Date.now() / 1000);
  if (Math.abs(now - Number(timestamp)) > (input.toleranceSeconds ?? 300)) return false;
  const expected = Buffer.from(sign(secret, timestamp, body), 'hex');
  return timingSafeEqual(expected, Buffer.from(signature, 'hex'));
}
