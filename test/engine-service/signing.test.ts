// Replay safety of the engine service's request check, on an injected clock.
import { describe, expect, it } from 'vitest';
import { createRequestVerifier, HEADER_SIGNATURE, HEADER_TIMESTAMP, newNonce, signedHeaders } from '../../server/engine-service/signing';

const SECRET = 'k'.repeat(40);

function signed(body: string, at: number) {
  const h = signedHeaders(SECRET, body, at);
  return [h[HEADER_TIMESTAMP], h[HEADER_SIGNATURE], body] as const;
}

describe('engine request verifier', () => {
  it('accepts a request once within the window, and refuses it replayed until long after', () => {
    let now = 1_000_000;
    const v = createRequestVerifier({ secret: SECRET, windowSeconds: 300, nowSeconds: () => now });
    const req = signed('{"a":1}', now);
    expect(v.check(...req)).toBeNull();
    expect(v.check(...req)).toBe('REPLAYED');
    now += 299;
    expect(v.check(...req)).toBe('REPLAYED');
    now += 2;
    expect(v.check(...req)).toBe('STALE');
  });

  it('forgets a signature only once it can no longer pass the window, so memory stays bounded', () => {
    let now = 2_000_000;
    const v = createRequestVerifier({ secret: SECRET, windowSeconds: 60, nowSeconds: () => now });
    for (let i = 0; i < 50; i++) expect(v.check(...signed(`{"i":${i}}`, now))).toBeNull();
    expect(v.remembered).toBe(50);
    now += 120;
    expect(v.check(...signed('{"later":true}', now))).toBeNull();
    expect(v.remembered).toBe(1);
  });

  it('never remembers more than its bound, dropping the oldest first', () => {
    const now = 3_000_000;
    const v = createRequestVerifier({ secret: SECRET, nowSeconds: () => now, maxRemembered: 10 });
    for (let i = 0; i < 25; i++) v.check(...signed(`{"i":${i}}`, now));
    expect(v.remembered).toBe(10);
  });

  it('refuses a timestamp from the future beyond the window, a malformed one and another key', () => {
    const now = 4_000_000;
    const v = createRequestVerifier({ secret: SECRET, windowSeconds: 300, nowSeconds: () => now });
    expect(v.check(...signed('{}', now + 301))).toBe('STALE');
    expect(v.check('12ab', signed('{}', now)[1], '{}')).toBe('BAD_SIGNATURE');
    expect(v.check(undefined, undefined, '{}')).toBe('BAD_SIGNATURE');
    const other = signedHeaders('o'.repeat(40), '{}', now);
    expect(v.check(other[HEADER_TIMESTAMP], other[HEADER_SIGNATURE], '{}')).toBe('BAD_SIGNATURE');
  });

  it('makes nonces that differ every time', () => {
    const nonces = new Set(Array.from({ length: 100 }, newNonce));
    expect(nonces.size).toBe(100);
    for (const n of nonces) expect(n).toMatch(/^[A-Za-z0-9_-]{16,64}$/);
  });
});
