// The engine: loaded once per process, measured; an OCR service queues every job (bounded) so
// concurrent scans neither run the CPU-bound models in parallel nor pile up without limit.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { decodeImage, EngineBusyError, engineStats, getEngine, withEngine } from '../../server/ocr/engine';
import { createOcrService } from '../../server/ocr/service';
import { REAL_FIXTURES as REAL } from '../support/fixtures';

function deferred() {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
}

describe('OCR engine', () => {
  it('loads once per process and records the load time', async () => {
    const [a, b] = await Promise.all([getEngine(), getEngine()]);
    expect(a).toBe(b);
    expect(await getEngine()).toBe(a);
    const stats = engineStats();
    expect(stats.loaded).toBe(true);
    expect(stats.loadMs).toBeGreaterThan(0);
    console.log(`engine load: ${Math.round(stats.loadMs!)} ms`);
  }, 60_000);

  it('reads pieces (not merged rows) with boxes, scores and per-character positions', async () => {
    const engine = await getEngine();
    const image = await decodeImage(readFileSync(path.join(REAL, 'vehicle-licence-front-01.png')));
    const lines = await engine.read(image);
    const texts = lines.map((l) => l.text);
    expect(texts).toContain('HHGHH555778802669');
    expect(texts).toContain('112244');
    const vin = lines.find((l) => l.text === 'HHGHH555778802669')!;
    expect(vin.score).toBeGreaterThan(0.8);
    expect(vin.chars).toHaveLength(17);
    const pos = vin.chars.map((c) => c.pos);
    expect(pos).toEqual([...pos].sort((x, y) => x - y));
    // boxes in image pixels, reading order TL, TR, BR, BL
    const [tl, tr, br, bl] = vin.box;
    expect(tr[0]).toBeGreaterThan(tl[0]);
    expect(bl[1]).toBeGreaterThan(tl[1]);
    expect(br[0]).toBeLessThanOrEqual(image.width + 1);
    // the seal is red ink; values are black
    const seal = lines.find((l) => l.text === '交通管理局');
    expect(seal?.red).toBeGreaterThan(0.3);
    expect(vin.red).toBeLessThan(0.2);
  }, 60_000);

  it('queues jobs one at a time and refuses beyond the bounded queue with QUEUE_FULL', async () => {
    const service = createOcrService({ maxQueue: 2, concurrency: 1 });
    const order: string[] = [];
    const gate = deferred();
    const aStarted = deferred();
    const job = (name: string, wait?: Promise<void>, started?: () => void) =>
      service.run(async () => {
        order.push(`start ${name}`);
        started?.();
        if (wait) await wait;
        order.push(`end ${name}`);
        return name;
      });
    const a = job('a', gate.promise, aStarted.resolve);
    await aStarted.promise; // a holds the engine: the next jobs queue behind it
    const b = job('b');
    const c = job('c');
    expect(service.stats()).toMatchObject({ running: 1, queued: 2 });
    // the process's shared service is another queue: untouched by this one's settings and jobs
    expect(engineStats()).toMatchObject({ running: 0, queued: 0, maxQueue: 8 });
    const d = job('d');
    await expect(d).rejects.toBeInstanceOf(EngineBusyError);
    await expect(d).rejects.toMatchObject({ code: 'QUEUE_FULL' });
    gate.resolve();
    expect(await Promise.all([a, b, c])).toEqual(['a', 'b', 'c']);
    expect(order).toEqual(['start a', 'end a', 'start b', 'end b', 'start c', 'end c']);
    expect(service.stats()).toMatchObject({ running: 0, queued: 0, completed: 3 });
  }, 60_000);

  it('services share the one engine of the process', async () => {
    const [a, b] = await Promise.all([createOcrService().load(), createOcrService({ maxQueue: 1 }).load()]);
    expect(a).toBe(b);
    expect(a).toBe(await getEngine());
  }, 60_000);

  it('a waiting job is dropped from the queue when its caller aborts', async () => {
    const gate = deferred();
    const aStarted = deferred();
    const a = withEngine(() => (aStarted.resolve(), gate.promise));
    await aStarted.promise; // a holds the engine: b waits in the queue
    const ctl = new AbortController();
    const b = withEngine(async () => 'b', ctl.signal);
    expect(engineStats().queued).toBe(1);
    ctl.abort(new Error('client went away'));
    await expect(b).rejects.toThrow('client went away');
    expect(engineStats().queued).toBe(0);
    gate.resolve();
    await a;
  });
});
