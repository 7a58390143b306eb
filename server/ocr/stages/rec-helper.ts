// A second thread for recognition: the rec model does not speed up with intra-op threads, so on 2+
// cores a worker with its own session takes a share of the crops.
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';

// Plain JS (no TypeScript loader inside workers): one rec session, one crop per message.
const HELPER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const ort = require(workerData.ort);
ort.InferenceSession.create(workerData.model, {
  graphOptimizationLevel: 'all', executionMode: 'sequential', enableMemPattern: false, intraOpNumThreads: 1,
  extra: { session: { intra_op: { allow_spinning: '0' } } },
}).then((s) => {
  parentPort.postMessage({ ready: true });
  parentPort.on('message', async (m) => {
    try {
      const out = await s.run({ [s.inputNames[0]]: new ort.Tensor('float32', m.data, [1, 3, 48, m.width]) });
      const t = out[s.outputNames[0]];
      const data = t.data;
      parentPort.postMessage({ id: m.id, data, steps: t.dims[1], classes: t.dims[2] }, [data.buffer]);
    } catch (e) {
      parentPort.postMessage({ id: m.id, error: String(e && e.message || e) });
    }
  });
}, (e) => parentPort.postMessage({ ready: false, error: String(e && e.message || e) }));
`;

export type HelperResult = { data: Float32Array; steps: number; classes: number; width: number };

export class RecHelper {
  private next = 0;
  private readonly pending = new Map<number, { resolve: (r: HelperResult) => void; reject: (e: Error) => void; width: number }>();
  private constructor(private readonly worker: Worker) {
    worker.on('message', (m: { id: number; data?: Float32Array; steps?: number; classes?: number; error?: string }) => {
      const p = this.pending.get(m.id);
      if (!p) return;
      this.pending.delete(m.id);
      if (this.pending.size === 0) worker.unref();
      if (m.error || !m.data) p.reject(new Error(m.error ?? 'recognition helper failed'));
      else p.resolve({ data: m.data, steps: m.steps!, classes: m.classes!, width: p.width });
    });
    const fail = (e: Error) => {
      this.alive = false; // later recognitions run on the main thread only
      for (const p of this.pending.values()) p.reject(e);
      this.pending.clear();
    };
    worker.on('error', fail);
    worker.on('exit', () => fail(new Error('recognition helper exited')));
  }

  alive = true;

  static start(model: string): Promise<RecHelper> {
    const ortPath = createRequire(import.meta.url).resolve('onnxruntime-node');
    const worker = new Worker(HELPER_SOURCE, { eval: true, workerData: { ort: ortPath, model } });
    return new Promise((resolve, reject) => {
      // a helper that does not come up in time is dropped: the engine then works on one thread
      const timer = setTimeout(() => {
        void worker.terminate();
        reject(new Error('recognition helper did not start'));
      }, 15_000);
      timer.unref();
      worker.once('message', (m: { ready: boolean; error?: string }) => {
        clearTimeout(timer);
        if (!m.ready) {
          void worker.terminate();
          reject(new Error(m.error));
          return;
        }
        worker.unref(); // an idle helper never keeps the process alive
        resolve(new RecHelper(worker));
      });
      worker.once('error', (e) => {
        clearTimeout(timer);
        reject(e);
      });
    });
  }

  run(input: { data: Float32Array; width: number }): Promise<HelperResult> {
    const id = this.next++;
    if (this.pending.size === 0) this.worker.ref(); // work in flight keeps the process alive
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject, width: input.width });
      this.worker.postMessage({ id, data: input.data, width: input.width }, [input.data.buffer as ArrayBuffer]);
    });
  }
}
