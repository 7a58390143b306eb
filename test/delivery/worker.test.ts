import { afterEach, beforeEach, describe, expect, inject, it } from 'vitest';
import { ApiError } from '../../core/contracts/errors';
import { redeliver, runDeliveries, startDeliveryScheduler, verify } from '../../server/delivery';
import { openSqlStore } from '../../server/stores/sql';
import type { RecordStore } from '../../server/stores/types';
import { createWechatStore } from '../../server/stores/wechat/index';
import { createCloudStandin } from '../support/wx-cloud-standin';
import { memoryStore, startReceiver, submitted, type Receiver } from './support';

const SECRET = 'test-secret';
let store: Awaited<ReturnType<typeof memoryStore>>;
let receiver: Receiver | undefined;

beforeEach(async () => {
  store = await memoryStore();
});
afterEach(async () => {
  await receiver?.close();
  receiver = undefined;
  await store.close();
});

describe('runDeliveries', () => {
  it('POSTs the signed canonical record once and marks it delivered', async () => {
    const seen: { headers: Record<string, string>; body: string }[] = [];
    receiver = await startReceiver(SECRET);
    const rec = await submitted(store, { fields: { owner: '李四' } });
    expect(rec.delivery).toBe('pending');
    const capture: typeof fetch = async (url, init) => {
      seen.push({ headers: init!.headers as Record<string, string>, body: String(init!.body) });
      return fetch(url, init);
    };
    const r = await runDeliveries(store, { url: receiver.url, secret: SECRET, fetch: capture });
    expect(r).toEqual({ attempted: 1, delivered: 1, retrying: 0, dead: 0 });
    expect(receiver.processed).toEqual([`licenselens-submit-${rec._id}`]);
    const { headers, body } = seen[0]!;
    expect(headers['Idempotency-Key']).toBe(`licenselens-submit-${rec._id}`);
    expect(verify({ secret: SECRET, timestamp: headers['X-LicenseLens-Timestamp'], signature: headers['X-LicenseLens-Signature'], body })).toBe(true);
    const payload = JSON.parse(body);
    expect(payload.record).toMatchObject({ id: rec._id, fields: { owner: '李四' }, corrections: { owner: { from: '张三', to: '李四' } } });

    expect((await store.getRecord(rec._id))!.delivery).toBe('delivered');
    const entry = await store.getDeliveryByRecord(rec._id);
    expect(entry).toMatchObject({ status: 'delivered', attempts: 1, lastError: null });
    expect(entry!.deliveredAt).not.toBeNull();
    // Nothing left to send.
    expect(await runDeliveries(store, { url: receiver.url, secret: SECRET })).toEqual({ attempted: 0, delivered: 0, retrying: 0, dead: 0 });
  });

  it('a non-2xx answer is retried later, after a jittered exponential delay', async () => {
    receiver = await startReceiver(SECRET, () => 503);
    const rec = await submitted(store);
    const t0 = new Date(Date.now() + 1000);
    const r = await runDeliveries(store, { url: receiver.url, secret: SECRET, now: () => t0, baseDelayMs: 4000, random: () => 0.5 });
    expect(r.retrying).toBe(1);
    const entry = (await store.getDeliveryByRecord(rec._id))!;
    expect(entry).toMatchObject({ status: 'pending', attempts: 1, lastError: 'HTTP 503' });
    expect(new Date(entry.nextAttemptAt).getTime() - t0.getTime()).toBe(2000);
    // Not due yet at t0 → not sent again in this run nor the next one at the same instant.
    expect((await runDeliveries(store, { url: receiver.url, secret: SECRET, now: () => t0 })).attempted).toBe(0);
    const second = await runDeliveries(store, {
      url: receiver.url,
      secret: SECRET,
      now: () => new Date(t0.getTime() + 2000),
      baseDelayMs: 4000,
      random: () => 0.5,
    });
    expect(second.retrying).toBe(1);
    const after = (await store.getDeliveryByRecord(rec._id))!;
    expect(after.attempts).toBe(2);
    expect(new Date(after.nextAttemptAt).getTime() - (t0.getTime() + 2000)).toBe(4000);
  });

  it('an unreachable receiver and a timeout count as failed attempts', async () => {
    receiver = await startReceiver(SECRET);
    const port = receiver.port;
    await receiver.close();
    receiver = undefined;
    const rec = await submitted(store);
    await runDeliveries(store, { url: `http://127.0.0.1:${port}/`, secret: SECRET, random: () => 0 });
    expect((await store.getDeliveryByRecord(rec._id))!.lastError).toBe('ECONNREFUSED');

    const { createServer } = await import('node:http');
    const silent = createServer(() => undefined); // accepts, never answers
    await new Promise<void>((r) => silent.listen(0, '127.0.0.1', () => r()));
    const url = `http://127.0.0.1:${(silent.address() as { port: number }).port}/`;
    await runDeliveries(store, { url, secret: SECRET, timeoutMs: 200, now: () => new Date(Date.now() + 10_000) });
    expect((await store.getDeliveryByRecord(rec._id))!).toMatchObject({ attempts: 2, lastError: 'timeout', status: 'pending' });
    silent.closeAllConnections();
    silent.close();
  });

  it('dead-letters after maxAttempts; an administrator can redeliver a dead or delivered one', async () => {
    let accept = false;
    let t = Date.now();
    // The receiver's clock follows the test's, or it would refuse the (future) timestamps as stale.
    receiver = await startReceiver(SECRET, () => (accept ? 'pass' : 500), { now: () => t });
    const rec = await submitted(store);
    for (let i = 0; i < 3; i++) {
      t += 3_600_000; // past any backoff
      await runDeliveries(store, { url: receiver.url, secret: SECRET, maxAttempts: 3, now: () => new Date(t) });
    }
    expect(await store.getDeliveryByRecord(rec._id)).toMatchObject({ status: 'dead', attempts: 3, lastError: 'HTTP 500' });
    expect((await store.getRecord(rec._id))!.delivery).toBe('dead');
    t += 3_600_000;
    expect((await runDeliveries(store, { url: receiver.url, secret: SECRET, now: () => new Date(t) })).attempted).toBe(0);

    accept = true;
    await redeliver(store, rec._id, new Date(t));
    expect((await store.getRecord(rec._id))!.delivery).toBe('pending');
    await expect(redeliver(store, rec._id, new Date(t))).rejects.toMatchObject({ code: 'CONFLICT' });
    expect((await runDeliveries(store, { url: receiver.url, secret: SECRET, now: () => new Date(t) })).delivered).toBe(1);
    expect(await store.getDeliveryByRecord(rec._id)).toMatchObject({ status: 'delivered', attempts: 1 });

    await redeliver(store, rec._id, new Date(t));
    expect((await runDeliveries(store, { url: receiver.url, secret: SECRET, now: () => new Date(t) })).delivered).toBe(1);
    // The receiver saw the same key twice and processed it once.
    expect(receiver.processed).toEqual([`licenselens-submit-${rec._id}`]);
  });


  it('redeliver refuses a record that never had a delivery', async () => {
    const rec = await submitted(store, { outbox: false });
    const err = await redeliver(store, rec._id, new Date()).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ApiError);
    expect((err as ApiError).code).toBe('NOT_FOUND');
  });
});

// Workers share the outbox: the store's claim must hand each entry to one of them, so the receiver
// sees every key exactly once — not merely processes it once after de-duplicating.
const pgUrl = inject('databaseUrl');
const drivers: [string, () => Promise<{ a: RecordStore; b: RecordStore; close(): Promise<void> }>][] = [
  [
    'PGlite, one store',
    async () => {
      const s = await memoryStore();
      return { a: s, b: s, close: () => s.close() };
    },
  ],
  [
    'WeChat cloud database stand-in',
    async () => {
      const s = createWechatStore(createCloudStandin().database(), { createCollections: true });
      return { a: s, b: s, close: () => s.close() };
    },
  ],
  [
    'PostgreSQL, two connection pools',
    async () => {
      const schema = `licenselens_workers_${process.pid}_${Date.now()}`;
      const a = await openSqlStore({ url: pgUrl, schema });
      const b = await openSqlStore({ url: pgUrl, schema });
      return {
        a,
        b,
        async close() {
          await b.close();
          await a.adapter.exec(`DROP SCHEMA ${schema} CASCADE`);
          await a.close();
        },
      };
    },
  ],
];

describe.each(drivers)('two workers at once: %s', (_label, open) => {
  it('send every entry exactly once: no key reaches the receiver twice', async () => {
    const pair = await open();
    try {
      receiver = await startReceiver(SECRET);
      const ids: string[] = [];
      for (let i = 0; i < 40; i++) ids.push((await submitted(pair.a))._id);
      const opts = { url: receiver.url, secret: SECRET, batchSize: 7 };
      const [a, b] = await Promise.all([runDeliveries(pair.a, opts), runDeliveries(pair.b, opts)]);
      expect(a.attempted + b.attempted).toBe(40);
      expect(a.delivered + b.delivered).toBe(40);
      const keys = receiver.requests.map((r) => r.key);
      expect(keys).toHaveLength(40);
      expect(new Set(keys).size).toBe(40);
      expect(receiver.processed).toHaveLength(40);
      for (const id of ids) expect((await pair.b.getRecord(id))!.delivery).toBe('delivered');
    } finally {
      await pair.close();
    }
  });
});

describe('startDeliveryScheduler', () => {
  it('delivers on its interval and stops cleanly', async () => {
    receiver = await startReceiver(SECRET);
    const rec = await submitted(store);
    const photos = { put: async () => '', get: async () => null, delete: async () => undefined, temporaryUrl: async () => '' };
    let ticks = 0;
    const done = new Promise<void>((resolve) => {
      const stop = startDeliveryScheduler({
        store,
        photos,
        config: { WEBHOOK_URL: receiver!.url, WEBHOOK_SECRET: SECRET, PHOTO_RETENTION_DAYS: 0 },
        intervalMs: 20,
        onTick: (r) => {
          ticks++;
          if (r.delivery?.delivered) void stop().then(resolve);
        },
      });
    });
    await done;
    expect(ticks).toBeGreaterThanOrEqual(1);
    expect((await store.getRecord(rec._id))!.delivery).toBe('delivered');
  });
});

describe('runScheduledJobs', () => {
  it('keeps deliveries queued, with a warning, when the webhook has no secret; retention still runs', async () => {
    const { runScheduledJobs } = await import('../../server/delivery');
    const rec = await submitted(store);
    const photos = { put: async () => '', get: async () => null, delete: async () => undefined, temporaryUrl: async () => '' };
    const r = await runScheduledJobs({ store, photos, config: { WEBHOOK_URL: 'http://127.0.0.1:9/', WEBHOOK_SECRET: undefined, PHOTO_RETENTION_DAYS: 90 } });
    expect(r.delivery).toBeNull();
    expect(r.warning).toMatch(/WEBHOOK_SECRET/);
    expect(r.retention).toEqual({ purged: 0, failed: 0 });
    expect((await store.getDeliveryByRecord(rec._id))!).toMatchObject({ status: 'pending', attempts: 0 });
  });
});
