import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import type { LicenseRecord } from '../../core/contracts/records';
import {
  backoffDelayMs,
  buildDelivery,
  buildRequest,
  canonicalJson,
  HEADER_SIGNATURE,
  HEADER_TIMESTAMP,
  outboxFor,
  sign,
  verify,
} from '../../server/delivery';
import { createHandler, verifySignature } from '../../examples/webhook-receiver/server.mjs';

const record: LicenseRecord = {
  _id: 'r1',
  _openid: 'o-user',
  docType: 'vehicle_license',
  side: 'front',
  fileID: 'f1',
  status: 'submitted',
  provider: 'juhe',
  attempts: [],
  raw: { secret: 'raw body' },
  recognized: { plateNo: { value: '粤B12345', warnings: [] } },
  extra: {},
  submitted: { plateNo: '粤B12346' },
  corrections: { plateNo: { from: '粤B12345', to: '粤B12346' } },
  warnings: [],
  error: null,
  timings: {},
  delivery: 'none',
  createdAt: '2026-11-22T01:00:00.000Z',
  submittedAt: '2026-11-22T01:05:00.000Z',
  updatedAt: '2026-11-22T01:05:00.000Z',
};

describe('outbox entry', () => {
  it('carries the submitted fields and corrections, not the raw provider body or the photo', () => {
    const entry = buildDelivery(record, new Date('2026-11-22T01:05:00Z'));
    expect(entry.idempotencyKey).toBe('licenselens-submit-r1');
    expect(entry.nextAttemptAt).toBe('2026-11-22T01:05:00.000Z');
    const text = JSON.stringify(entry.payload);
    expect(text).toContain('粤B12346');
    expect(text).not.toContain('raw body');
    expect(text).not.toContain('"fileID"');
  });

  it('is queued only when a webhook is configured', () => {
    expect(outboxFor({ WEBHOOK_URL: undefined }, record, new Date())).toBeUndefined();
    expect(outboxFor({ WEBHOOK_URL: 'http://127.0.0.1:9/' }, record, new Date())?.idempotencyKey).toBe('licenselens-submit-r1');
  });

  it('refuses a record that has not been submitted', () => {
    expect(() => buildDelivery({ ...record, submitted: null, submittedAt: null }, new Date())).toThrow();
  });
});

describe('signature', () => {
  it('is HMAC-SHA256 hex over "timestamp.body" and verifies only with the same secret, body and a fresh timestamp', () => {
    const sig = sign('s3cret', '1763773500', '{"a":1}');
    expect(sig).toMatch(/^[0-9a-f]{64}$/);
    const base = { secret: 's3cret', timestamp: '1763773500', signature: sig, body: '{"a":1}', nowSeconds: 1763773500 };
    expect(verify(base)).toBe(true);
    expect(verify({ ...base, secret: 'other' })).toBe(false);
    expect(verify({ ...base, body: '{"a":2}' })).toBe(false);
    expect(verify({ ...base, timestamp: '1763773501' })).toBe(false);
    expect(verify({ ...base, nowSeconds: 1763773500 + 301 })).toBe(false);
    expect(verify({ ...base, signature: 'zz' })).toBe(false);
    expect(verify({ ...base, signature: null })).toBe(false);
  });

  it('the example receiver agrees with the sender', () => {
    const entry = buildDelivery(record, new Date());
    const now = new Date('2026-11-22T01:05:00Z');
    const { body, headers } = buildRequest(entry, 'k', now);
    const input = {
      secret: 'k',
      timestamp: headers[HEADER_TIMESTAMP],
      signature: headers[HEADER_SIGNATURE],
      body,
      nowSeconds: now.getTime() / 1000,
    };
    expect(verifySignature(input)).toBe(true);
    expect(verifySignature({ ...input, body: body.replace('粤B12346', '粤B00000') })).toBe(false);
  });

  it('the body is the same bytes whatever order the store returns keys in', () => {
    expect(canonicalJson({ b: 1, a: { d: [{ y: 1, x: 2 }], c: null } })).toBe('{"a":{"c":null,"d":[{"x":2,"y":1}]},"b":1}');
  });
});

describe('backoff', () => {
  const opts = { baseDelayMs: 1000, maxDelayMs: 60_000 };
  it('uses full jitter below an exponentially growing ceiling, capped', () => {
    expect(backoffDelayMs(1, { ...opts, random: () => 0.999 })).toBe(999);
    expect(backoffDelayMs(3, { ...opts, random: () => 0.5 })).toBe(2000);
    expect(backoffDelayMs(20, { ...opts, random: () => 0.5 })).toBe(30_000);
    expect(backoffDelayMs(5, { ...opts, random: () => 0 })).toBe(0);
  });
});

describe('example receiver', () => {
  let server: Server | undefined;
  afterEach(() => new Promise<void>((r) => (server ? server.close(() => r()) : r())));

  it('rejects a forged signature and processes each idempotency key once', async () => {
    const processed: string[] = [];
    const handler = createHandler({ secret: 'k', onDelivery: (_p: unknown, key: string) => void processed.push(key) });
    server = createServer((req, res) => void handler(req, res));
    await new Promise<void>((r) => server!.listen(0, '127.0.0.1', () => r()));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
    const entry = buildDelivery(record, new Date());
    const good = buildRequest(entry, 'k', new Date());
    const forged = buildRequest(entry, 'wrong', new Date());

    expect((await fetch(url, { method: 'POST', ...forged })).status).toBe(401);
    const first = await fetch(url, { method: 'POST', ...good });
    const again = await Promise.all([1, 2, 3].map(() => fetch(url, { method: 'POST', ...good })));
    expect(first.status).toBe(200);
    expect(again.map((r) => r.status)).toEqual([200, 200, 200]);
    expect(processed).toEqual(['licenselens-submit-r1']);
  });
});
