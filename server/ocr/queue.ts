// The offline engine's job queue: bounded, and shared fairly between users. Each owner (an openid) has
// a sub-queue; a free slot goes to the sub-queues in turn (round-robin), and one owner may keep only a
// share of the waiting places, so one user's burst of uploads cannot fill the queue and make everyone
// else's scans fail. A job that cannot wait is refused at once (QUEUE_FULL), never stored as a failure.

import { hasMarker } from '../../core/errors/brand';

const ENGINE_BUSY_ERROR: unique symbol = Symbol.for('licenselens.error.EngineBusyError');

export class EngineBusyError extends Error {
  /** The brand `isInstance` recognises in any copy of this module (core/errors/brand.ts). */
  readonly [ENGINE_BUSY_ERROR] = true;
  static isInstance(e: unknown): e is EngineBusyError {
    return hasMarker(e, ENGINE_BUSY_ERROR);
  }
  readonly code = 'QUEUE_FULL' as const;
  constructor(queued: number) {
    super(`离线识别引擎繁忙（排队 ${queued} 个），请稍后重试`);
    this.name = 'EngineBusyError';
  }
}

export interface QueueOptions {
  /** Jobs allowed to wait (beyond the running ones) before new ones are refused with QUEUE_FULL. */
  maxQueue?: number;
  /** Jobs one owner may have waiting (default: half of maxQueue, at least 1). Jobs without an owner (the
   *  CLI, benchmarks) are bounded by maxQueue only. */
  maxQueuedPerOwner?: number;
  /** Jobs run at once (the engine is CPU bound; 1 on a 2-core machine). */
  concurrency?: number;
}

export interface QueueStats {
  running: number;
  queued: number;
  maxQueue: number;
  completed: number;
}

export interface RunOptions {
  signal?: AbortSignal | undefined;
  /** Who the job is for; jobs without an owner share one sub-queue, without the per-owner cap. */
  owner?: string | undefined;
}

export interface JobQueue {
  /** Runs the job when a slot is free. Throws EngineBusyError when it cannot wait, and the signal's
   *  reason when aborted while waiting. */
  run<T>(job: () => Promise<T>, opts?: RunOptions): Promise<T>;
  configure(o: QueueOptions): void;
  stats(): QueueStats;
}

interface Waiting {
  start: () => void;
}

export function createJobQueue(initial: QueueOptions = {}): JobQueue {
  let maxQueue = 8;
  let perOwner: number | undefined;
  let concurrency = 1;
  let running = 0;
  let completed = 0;
  let queued = 0;
  /** Sub-queues in serving order: the owner served last goes to the back (Map keeps insertion order). */
  const queues = new Map<string, Waiting[]>();

  const ownerCap = (): number => perOwner ?? Math.max(1, Math.ceil(maxQueue / 2));

  function configure(o: QueueOptions): void {
    if (o.maxQueue !== undefined) maxQueue = Math.max(0, o.maxQueue);
    if (o.maxQueuedPerOwner !== undefined) perOwner = Math.max(1, o.maxQueuedPerOwner);
    if (o.concurrency !== undefined) concurrency = Math.max(1, o.concurrency);
  }
  configure(initial);

  function remove(owner: string, entry: Waiting): boolean {
    const q = queues.get(owner);
    const i = q ? q.indexOf(entry) : -1;
    if (!q || i < 0) return false;
    q.splice(i, 1);
    if (q.length === 0) queues.delete(owner);
    queued--;
    return true;
  }

  /** The next job in turn: the first sub-queue's head; that owner then goes to the back. */
  function next(): Waiting | undefined {
    const first = queues.entries().next();
    if (first.done) return undefined;
    const [owner, q] = first.value;
    const entry = q.shift()!;
    queues.delete(owner);
    if (q.length > 0) queues.set(owner, q);
    queued--;
    return entry;
  }

  async function run<T>(job: () => Promise<T>, opts: RunOptions = {}): Promise<T> {
    const { signal } = opts;
    const owner = opts.owner ?? '';
    signal?.throwIfAborted();
    if (running < concurrency) {
      running++;
    } else {
      const mine = queues.get(owner)?.length ?? 0;
      if (queued >= maxQueue || (opts.owner !== undefined && mine >= ownerCap())) throw new EngineBusyError(queued);
      // The finishing job hands its slot over (running stays counted), so no newcomer can jump the queue.
      await new Promise<void>((resolve, reject) => {
        const entry: Waiting = { start: resolve };
        const q = queues.get(owner);
        if (q) q.push(entry);
        else queues.set(owner, [entry]);
        queued++;
        signal?.addEventListener(
          'abort',
          () => {
            if (remove(owner, entry)) reject(signal.reason);
          },
          { once: true },
        );
      });
    }
    try {
      signal?.throwIfAborted();
      return await job();
    } finally {
      completed++;
      const following = next();
      if (following) following.start();
      else running--;
    }
  }

  return {
    run,
    configure,
    stats: () => ({ running, queued, maxQueue, completed }),
  };
}
