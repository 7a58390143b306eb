// The local server's small guards, one rule each: loopback Host names, the Bearer scheme, counting
// multipart parts, and the token bucket's refill.
import { describe, expect, it } from 'vitest';
import { bearerToken } from '../../local/server/caller';
import { isLoopbackHost } from '../../local/server/loopback';
import { countParts, multipartBoundary } from '../../local/server/multipart';
import { createTokenBuckets } from '../../local/server/rate-limit';

describe('loopback Host', () => {
  it('accepts only names of this machine, with or without a port', () => {
    for (const h of ['localhost', 'localhost:8787', 'LOCALHOST:1', '127.0.0.1', '127.0.0.1:8787', '127.1.2.3:80', '[::1]', '[::1]:8787']) expect([h, isLoopbackHost(h)]).toEqual([h, true]);
    for (const h of [undefined, '', 'evil.example', 'evil.example:8787', 'localhost.evil.example', '127.0.0.1.evil.example', '0.0.0.0:8787', '[::2]:8787', '10.0.0.1', 'localhost:8787:1'])
      expect([h, isLoopbackHost(h)]).toEqual([h, false]);
  });
});

describe('Bearer scheme', () => {
  it('is matched case-insensitively; another scheme is not a session', () => {
    expect(bearerToken('Bearer abc.def')).toBe('abc.def');
    expect(bearerToken('bearer abc.def')).toBe('abc.def');
    expect(bearerToken('BEARER \tabc.def ')).toBe('abc.def');
    expect(bearerToken('Bearer')).toBe('');
    expect(bearerToken('Bearer a b')).toBe('');
    expect(bearerToken('Basic dXNlcjpwYXNz')).toBeNull();
    expect(bearerToken('Bearerabc')).toBeNull();
    expect(bearerToken(undefined)).toBeNull();
  });
});

describe('multipart parts', () => {
  it('reads the boundary, quoted or not', () => {
    expect(multipartBoundary('multipart/form-data; boundary=abc')).toBe('abc');
    expect(multipartBoundary('multipart/form-data; charset=utf-8; boundary="a b"')).toBe('a b');
    expect(multipartBoundary('multipart/form-data')).toBeNull();
  });

  it('counts parts, stopping just past the cap', () => {
    const body = (n: number) => Buffer.from(`${'--b\r\nContent-Disposition: form-data; name="f"\r\n\r\n1\r\n'.repeat(n)}--b--\r\n`);
    expect(countParts(body(0), 'b', 8)).toBe(0);
    expect(countParts(body(4), 'b', 8)).toBe(4);
    expect(countParts(body(8), 'b', 8)).toBe(8);
    expect(countParts(body(200_000), 'b', 8)).toBe(9);
  });
});

describe('token buckets', () => {
  it('allows a burst, then refills over time, per key', () => {
    let t = 0;
    const b = createTokenBuckets({ capacity: 2, refillPerMinute: 6 }, () => t);
    expect([b.take('a'), b.take('a'), b.take('a')]).toEqual([true, true, false]);
    expect(b.has('a')).toBe(false);
    expect(b.retryAfter('a')).toBe(10);
    expect(b.take('b')).toBe(true); // another client is not affected
    t += 10_000;
    expect(b.retryAfter('a')).toBe(0);
    expect([b.take('a'), b.take('a')]).toEqual([true, false]);
    t += 60_000;
    expect([b.take('a'), b.take('a'), b.take('a')]).toEqual([true, true, false]); // never above capacity
  });
});
