// An OCR service: an engine together with the queue its jobs wait in (./queue.ts: bounded, fair between
// users). The owner of a local provider creates one and passes it in, instead of configuring a
// process-wide engine. The models themselves are loaded once per process and shared by every service
// (./engine.ts getEngine), so two services cost one queue each, not a second copy of the models.
// This module loads nothing itself: the engine is imported on the first job or load().
import type { OcrEngine } from './engine';
import { createJobQueue, type QueueOptions } from './queue';

export interface EngineStats {
  loaded: boolean;
  loadMs: number | null;
  running: number;
  queued: number;
  maxQueue: number;
  completed: number;
}

export interface OcrService {
  /** Run a job with the engine when its turn comes. Throws EngineBusyError when it cannot wait, and the
   *  signal's reason when aborted while waiting. */
  run<T>(job: (engine: OcrEngine) => Promise<T>, opts?: { signal?: AbortSignal | undefined; owner?: string | undefined }): Promise<T>;
  /** The engine, loaded now if it is not yet (a failed load is retried on the next call). */
  load(): Promise<OcrEngine>;
  stats(): EngineStats;
}

export interface OcrServiceOptions extends QueueOptions {
  /** Where the engine comes from (default: the process's shared engine). */
  load?: () => Promise<OcrEngine>;
}

export function createOcrService(opts: OcrServiceOptions = {}): OcrService {
  const { load: loadEngine = async () => (await import('./engine')).getEngine(), ...queueOptions } = opts;
  const queue = createJobQueue({ maxQueue: 8, concurrency: 1, ...queueOptions });
  let loadMs: number | null = null;
  const load = async (): Promise<OcrEngine> => {
    const engine = await loadEngine();
    loadMs = engine.loadMs;
    return engine;
  };
  return {
    run: (job, o = {}) => queue.run(async () => job(await load()), o),
    load,
    stats: () => ({ loaded: loadMs !== null, loadMs, ...queue.stats() }),
  };
}
