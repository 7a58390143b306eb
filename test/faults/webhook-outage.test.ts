// The business backend is down for a while (connection refused, then 503s, then acknowledgements
// that get lost on the way back), then healthy: every one of 1 000 submissions arrives, and no
// idempotency key is processed twice. Time is virtual (the worker's and the receiver's clocks are
// the same variable), so no test waits for a backoff.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { loadConfig } from '../../server/config';
import { idempotencyKeyFor, runDeliveries } from '../../server/delivery';
import { handleRecords } from '../../server/records/handlers';
import type { HandlerContext } from '../../server/records/context';
import { testPhotos, testPipeline } from '../admin/support';
import { memoryStore, newRecord, startReceiver, type Receiver } from '../delivery/support';

const SECRET = 'outage-secret';
const N = 1000;
let store: Awaited<ReturnType<typeof memoryStore>>;
let receiver: Receiver | undefined;

beforeAll(async () => {
  store = await memoryStore();
});
afterAll(async () => {
  await receiver?.close();
  await store.close();
});

it(`${N} submissions while the webhook is down, then back: zero lost, zero processed twice`, { timeout: 300_000 }, async () => {
  // Reserve a port, then close it: the first rounds meet a closed port.
  const probe = await startReceiver(SECRET);
  const port = probe.port;
  const url = probe.url;
  await probe.close();

  let t = Date.now();
  const config = loadConfig({ WEBHOOK_URL: url, WEBHOOK_SECRET: SECRET });
  const photos = testPhotos();
  const pipeline = testPipeline();
  const ctx = (openid: string): HandlerContext => ({ openid, isAdmin: false, store, photos, pipeline, config, now: () => new Date(t) });

  const ids: string[] = [];
  for (let i = 0; i < N; i += 25) {
    const batch = await Promise.all(
      Array.from({ length: Math.min(25, N - i) }, async (_, j) => {
        const openid = `o-user-${(i + j) % 7}`;
        const rec = await store.insertRecord(newRecord({ _openid: openid }));
        await handleRecords(ctx(openid), { action: 'submit', id: rec._id, fields: { owner: `车主${i + j}` } });
        return rec._id;
      }),
    );
    ids.push(...batch);
  }
  const expected = new Set(ids.map(idempotencyKeyFor));
  const counts = async () =>
    Object.fromEntries(
      (await store.adapter.query<{ status: string; n: string | number }>(`SELECT status, count(*) AS n FROM outbox GROUP BY status`)).rows.map(
        (r) => [r.status, Number(r.n)],
      ),
    );
  expect(await counts()).toEqual({ pending: N });

  const worker = { url, secret: SECRET, now: () => new Date(t), maxAttempts: 12, batchSize: 50, maxBatches: 100 };
  const rounds: Record<string, number>[] = [];
  const tick = async () => {
    t += 2 * 3_600_000; // beyond the longest backoff (1 h cap)
    await runDeliveries(store, worker);
    rounds.push(await counts());
  };

  // Down: nothing listens.
  await tick();
  await tick();
  expect(rounds[1]).toEqual({ pending: N });

  // Back, but unhealthy: the first 1 500 requests get 503, then one in 25 is processed with its
  // acknowledgement lost (socket destroyed), so the worker must send it again.
  receiver = await startReceiver(SECRET, (n) => (n <= 1500 ? 503 : n % 25 === 0 ? 'drop' : 'pass'), { port, now: () => t });
  for (let round = 0; round < 12 && (rounds.at(-1)!.pending ?? 0) > 0; round++) await tick();

  expect(rounds.at(-1)).toEqual({ delivered: N });
  const records = await store.listRecords({ page: 1, pageSize: 100, status: 'submitted' });
  expect(records.total).toBe(N);
  expect(records.items.every((r) => r.delivery === 'delivered')).toBe(true);

  // Zero lost: every key processed; zero duplicated: each exactly once.
  const processed = receiver.processed;
  expect(new Set(processed)).toEqual(expected);
  expect(processed.length).toBe(N);

  // The worker never sends a key again once it saw a 2xx for it.
  const acked = new Set<string>();
  let afterAck = 0;
  for (const r of receiver.requests) {
    if (acked.has(r.key!)) afterAck++;
    if (r.status >= 200 && r.status < 300) acked.add(r.key!);
  }
  expect(afterAck).toBe(0);
  const lost = receiver.requests.filter((r) => r.status === -1);
  const ok = receiver.requests.filter((r) => r.status === 200);
  // Each key acknowledged exactly once; every lost acknowledgement was followed by a resend that the
  // receiver answered as a duplicate (processed count above stays N).
  expect(lost.length).toBeGreaterThan(0);
  expect(ok.length).toBe(N);
  expect(new Set(ok.map((r) => r.key))).toEqual(expected);
  console.log(
    `webhook outage: ${N} submissions, ${receiver.requests.length} requests after recovery, ` +
      `${receiver.requests.filter((r) => r.status === 503).length} × 503, ${lost.length} lost acknowledgements re-sent and de-duplicated, ` +
      `${rounds.length} worker rounds, delivered ${rounds.at(-1)!.delivered}`,
  );
});
