// The engine's job queue (server/ocr/queue.ts) without the engine: bounded, one at a time, and fair
// between users (issue 13, item 4: one user's burst of 16 uploads made other users' scans fail).
import { describe, expect, it } from 'vitest';
import { createJobQueue, EngineBusyError } from '../../server/ocr/queue';

function deferred() {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
}

const tick = () => new Promise((r) => setTimeout(r, 0));

describe('engine job queue', () => {
  it('caps one user’s waiting jobs, so that another user’s scan still gets a place (burst of 16, queue of 8)', async () => {
    const queue = createJobQueue({ maxQueue: 8, concurrency: 1 });
    const gate = deferred();
    const order: string[] = [];
    const job = (name: string) => async () => {
      order.push(name);
      await gate.promise;
      return name;
    };
    const burst = Array.from({ length: 16 }, (_, i) => queue.run(job(`a${i}`), { owner: 'user-a' }).then((v) => v, (e: unknown) => e));
    await tick();
    expect(queue.stats()).toMatchObject({ running: 1, queued: 4 });
    const b = queue.run(job('b0'), { owner: 'user-b' });
    expect(queue.stats().queued).toBe(5);
    gate.resolve();
    const results = await Promise.all(burst);
    expect(await b).toBe('b0');
    const refused = results.filter((r) => r instanceof EngineBusyError);
    expect(refused).toHaveLength(11);
    expect(refused[0]).toMatchObject({ code: 'QUEUE_FULL' });
    // user b waited behind the running job and the one user a queued first, not behind all of a's
    expect(order.indexOf('b0')).toBe(2);
  });

  it('serves the waiting users in turn (round-robin), each user’s jobs in order', async () => {
    const queue = createJobQueue({ maxQueue: 10, maxQueuedPerOwner: 5, concurrency: 1 });
    const gate = deferred();
    const order: string[] = [];
    const job = (name: string) => async () => {
      if (name === 'a0') await gate.promise;
      order.push(name);
    };
    const runs = [queue.run(job('a0'), { owner: 'a' })];
    await tick();
    for (const [name, owner] of [['a1', 'a'], ['a2', 'a'], ['a3', 'a'], ['b1', 'b'], ['b2', 'b'], ['c1', 'c']] as const) {
      runs.push(queue.run(job(name), { owner }));
    }
    gate.resolve();
    await Promise.all(runs);
    expect(order).toEqual(['a0', 'a1', 'b1', 'c1', 'a2', 'b2', 'a3']);
    expect(queue.stats()).toMatchObject({ running: 0, queued: 0, completed: 7 });
  });

  it('refuses at once beyond the whole queue, whoever asks', async () => {
    const queue = createJobQueue({ maxQueue: 2, concurrency: 1 });
    const gate = deferred();
    const first = queue.run(() => gate.promise, { owner: 'a' });
    await tick();
    const waiting = [queue.run(async () => 'b', { owner: 'b' }), queue.run(async () => 'c', { owner: 'c' })];
    await expect(queue.run(async () => 'd', { owner: 'd' })).rejects.toBeInstanceOf(EngineBusyError);
    gate.resolve();
    await first;
    expect(await Promise.all(waiting)).toEqual(['b', 'c']);
  });

  it('drops a waiting job whose caller aborts, and its place goes to the next', async () => {
    const queue = createJobQueue({ maxQueue: 4, concurrency: 1 });
    const gate = deferred();
    const first = queue.run(() => gate.promise, { owner: 'a' });
    await tick();
    const ctl = new AbortController();
    const dropped = queue.run(async () => 'never', { owner: 'b', signal: ctl.signal });
    const kept = queue.run(async () => 'c', { owner: 'c' });
    expect(queue.stats().queued).toBe(2);
    ctl.abort(new Error('client went away'));
    await expect(dropped).rejects.toThrow('client went away');
    expect(queue.stats().queued).toBe(1);
    gate.resolve();
    await first;
    expect(await kept).toBe('c');
  });
});
