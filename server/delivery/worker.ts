// The outbox worker: sends due deliveries, at least once, until the receiver acknowledges with a 2xx.
// Receivers de-duplicate by Idempotency-Key; the worker never sends an entry again after a 2xx.
import { ApiError } from '../../core/contracts/errors';
import type { OutboxEntry, OutboxStore } from '../stores/types';
import { canonicalJson } from './canonical';
import { HEADER_IDEMPOTENCY_KEY, HEADER_SIGNATURE, HEADER_TIMESTAMP, sign } from './sign';

export interface DeliveryOptions {
  url: string;
  secret: string;
  fetch?: typeof globalThis.fetch;
  now?: () => Date;
  /** Attempts before an entry is dead-lettered. */
  maxAttempts?: number;
  /** First retry waits up to this long; doubles per failure (full jitter). */
  baseDelayMs?: number;
  maxDelayMs?: number;
  /** Per-request timeout. */
  timeoutMs?: number;
  /** Entries fetched per batch and sent in parallel. */
  batchSize?: number;
  /** Stop after this many batches (a timer-triggered function has a time budget). */
  maxBatches?: number;
  /** How long a picked entry is hidden from other workers while it is being sent. */
  leaseMs?: number;
  /** Wall-clock budget: no new batch is started after it (a cloud function times out at 3 s by default). */
  budgetMs?: number;
  random?: () => number;
}

export interface DeliveryRunResult {
  attempted: number;
  delivered: number;
  retrying: number;
  dead: number;
}

export const DELIVERY_DEFAULTS = {
  maxAttempts: 10,
  baseDelayMs: 2_000,
  maxDelayMs: 60 * 60_000,
  timeoutMs: 10_000,
  batchSize: 20,
  maxBatches: 50,
  leaseMs: 60_000,
} as const;

/** Full jitter (AWS architecture blog): uniform in [0, min(cap, base·2^(failures-1))). */
export function backoffDelayMs(
  failures: number,
  opts: { baseDelayMs: number; maxDelayMs: number; random?: () => number },
): number {
  const ceiling = Math.min(opts.maxDelayMs, opts.baseDelayMs * 2 ** Math.max(0, failures - 1));
  return Math.floor((opts.random ?? Math.random)() * ceiling);
}

/** The request exactly as sent; exported so that tests and the README describe the same thing. */
export function buildRequest(entry: Pick<OutboxEntry, 'idempotencyKey' | 'payload'>, secret: string, now: Date) {
  const body = canonicalJson(entry.payload);
  const timestamp = String(Math.floor(now.getTime() / 1000));
  return {
    body,
    headers: {
      'Content-Type': 'application/json; charset=utf-8',
      'User-Agent': 'LicenseLens-Webhook/1',
      [HEADER_TIMESTAMP]: timestamp,
      [HEADER_SIGNATURE]: sign(secret, timestamp, body),
      [HEADER_IDEMPOTENCY_KEY]: entry.idempotencyKey,
    } as Record<string, string>,
  };
}

export async function runDeliveries(store: OutboxStore, options: DeliveryOptions): Promise<DeliveryRunResult> {
  const o = { ...DELIVERY_DEFAULTS, ...stripUndefined(options), url: options.url, secret: options.secret };
  const now = options.now ?? (() => new Date());
  const doFetch = options.fetch ?? globalThis.fetch;
  const result: DeliveryRunResult = { attempted: 0, delivered: 0, retrying: 0, dead: 0 };
  const seen = new Set<string>();
  const startedAt = Date.now();

  for (let batch = 0; batch < o.maxBatches; batch++) {
    if (options.budgetMs !== undefined && batch > 0 && Date.now() - startedAt > options.budgetMs) break;
    const started = now();
    // The claim is the store's atomic lease (SKIP LOCKED in SQL, a conditional update per entry in the
    // cloud database): whatever runs at once, each entry goes to one worker. A crash after sending
    // leaves the entry due again once the lease ends (at least once; receivers de-duplicate by key).
    const leaseUntil = new Date(started.getTime() + o.leaseMs).toISOString();
    const claimed = await store.claimDeliveries(started.toISOString(), leaseUntil, o.batchSize);
    if (claimed.length === 0) break;
    // An entry this run already tried and that came due again at once (a zero backoff) waits for the
    // next run: hand its lease back instead of sending it twice in one run.
    const again = claimed.filter((e) => seen.has(e._id));
    await Promise.all(again.map((e) => store.updateDelivery(e._id, { nextAttemptAt: started.toISOString() })));
    const mine = claimed.filter((e) => !seen.has(e._id));
    if (mine.length === 0) break;
    for (const e of mine) seen.add(e._id);
    await Promise.all(
      mine.map(async (entry) => {
        result.attempted++;
        const outcome = await send(entry, doFetch, o.url, o.secret, o.timeoutMs, now());
        const attempts = entry.attempts + 1;
        const at = now();
        if (outcome.ok) {
          result.delivered++;
          await store.updateDelivery(entry._id, {
            status: 'delivered',
            attempts,
            lastError: null,
            deliveredAt: at.toISOString(),
          });
        } else if (attempts >= o.maxAttempts) {
          result.dead++;
          await store.updateDelivery(entry._id, { status: 'dead', attempts, lastError: outcome.error });
        } else {
          result.retrying++;
          const delay = backoffDelayMs(attempts, o);
          await store.updateDelivery(entry._id, {
            attempts,
            lastError: outcome.error,
            nextAttemptAt: new Date(at.getTime() + delay).toISOString(),
          });
        }
      }),
    );
  }
  return result;
}

async function send(
  entry: OutboxEntry,
  doFetch: typeof globalThis.fetch,
  url: string,
  secret: string,
  timeoutMs: number,
  now: Date,
): Promise<{ ok: true } | { ok: false; error: string }> {
  const { body, headers } = buildRequest(entry, secret, now);
  try {
    const res = await doFetch(url, { method: 'POST', body, headers, signal: AbortSignal.timeout(timeoutMs), redirect: 'manual' });
    // Drain the body so the connection is reused; its content is not ours to log.
    await res.arrayBuffer().catch(() => undefined);
    if (res.status >= 200 && res.status < 300) return { ok: true };
    return { ok: false, error: `HTTP ${res.status}` };
  } catch (e) {
    const err = e as Error & { cause?: { code?: string } };
    const reason = err.name === 'TimeoutError' ? 'timeout' : (err.cause?.code ?? err.name ?? 'network error');
    return { ok: false, error: String(reason).slice(0, 200) };
  }
}

/** Administrator action: queue a dead or delivered entry again, from a fresh attempt count. */
export async function redeliver(store: OutboxStore, recordId: string, now: Date): Promise<OutboxEntry> {
  const entry = await store.getDeliveryByRecord(recordId);
  if (!entry) throw new ApiError('NOT_FOUND', '该记录没有待投递的数据');
  if (entry.status === 'pending') throw new ApiError('CONFLICT', '该记录正在投递中，无需重新投递');
  // Retention dropped the payload of a long-delivered entry: there is nothing left to send.
  if (entry.payload === null) throw new ApiError('CONFLICT', '投递数据已按保留期限删除，无法重新投递');
  const patch = { status: 'pending' as const, attempts: 0, lastError: null, deliveredAt: null, nextAttemptAt: now.toISOString() };
  await store.updateDelivery(entry._id, patch);
  return { ...entry, ...patch, updatedAt: now.toISOString() };
}

function stripUndefined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}
