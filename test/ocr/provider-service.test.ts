// The local provider runs on the OCR service it is given (engine + queue), not on process-wide
// settings: its queue bounds its work, and other services (the process's shared one) are untouched.
// No models load here: the service's engine is a stand-in and the photo is refused before the engine
// is used, or held by a job that never reaches the engine.
import { describe, expect, it } from 'vitest';
import { engineStats, type OcrEngine } from '../../server/ocr/engine';
import { createOcrService } from '../../server/ocr/service';
import { createLocalProvider } from '../../server/providers/local/index';

const image = { bytes: Buffer.from('not an image'), mime: 'image/png' as const, width: 0, height: 0 };
const standIn = {} as OcrEngine;

describe('local provider on a given OCR service', () => {
  it('queues on the given service: a full queue refuses with RATE_LIMIT / QUEUE_FULL', async () => {
    const service = createOcrService({ maxQueue: 0, concurrency: 1, load: async () => standIn });
    let release!: () => void;
    let started!: () => void;
    const running = new Promise<void>((r) => (started = r));
    const holding = service.run(
      () =>
        new Promise<void>((r) => {
          release = r;
          started();
        }),
    );
    await running; // the job holds the service's only slot
    const e = await createLocalProvider({ engine: service })
      .recognize(image, { docType: 'vehicle_license', side: 'front' })
      .catch((x: unknown) => x);
    expect(e).toMatchObject({ provider: 'local', code: 'RATE_LIMIT', retryable: true, providerCode: 'QUEUE_FULL' });
    expect(service.stats()).toMatchObject({ running: 1, queued: 0 });
    expect(engineStats()).toMatchObject({ running: 0, queued: 0 });
    release();
    await holding;
  });

  it('runs the recognition as a job of the given service', async () => {
    const service = createOcrService({ load: async () => standIn });
    const e = await createLocalProvider({ engine: service })
      .recognize(image, { docType: 'vehicle_license', side: 'front' })
      .catch((x: unknown) => x);
    // undecodable bytes: a clear 4xx-class refusal from the engine's job, counted by this service
    expect(e).toMatchObject({ provider: 'local', code: 'BAD_IMAGE', retryable: false });
    expect(service.stats()).toMatchObject({ completed: 1, running: 0 });
    expect(engineStats().completed).toBe(0);
  });
});
