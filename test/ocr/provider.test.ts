// The `local` provider's contract: what it supports, and every failure as the one ProviderError.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { ProviderError } from '../../core/contracts/errors';
import { engineStats, getEngine } from '../../server/ocr/engine';
import { createLocalProvider } from '../../server/providers/local/index';
import type { ImageInput } from '../../server/providers/types';
import { REAL_FIXTURES as REAL } from '../support/fixtures';

const img = (bytes: Buffer): ImageInput => ({ bytes, mime: 'image/png', width: 0, height: 0 });

beforeAll(async () => {
  await getEngine();
}, 60_000);

describe('local provider', () => {
  it('names itself and supports the documents it has extractors for', () => {
    const p = createLocalProvider();
    expect(p.name).toBe('local');
    expect(p.maxBytes).toBeGreaterThan(2_000_000);
    expect(p.supports('vehicle_license', 'front')).toBe(true);
    expect(p.supports('vehicle_license', 'back')).toBe(true);
    expect(p.supports('vehicle_license', 'auto')).toBe(true);
    expect(p.supports('bank_card')).toBe(false);
  });

  it('returns a result built by buildResult plus the raw engine output', async () => {
    const out = await createLocalProvider().recognize(img(readFileSync(path.join(REAL, 'vehicle-licence-front-01.png'))), {
      docType: 'vehicle_license',
      side: 'front',
    });
    expect(out.result).toMatchObject({ docType: 'vehicle_license', side: 'front', provider: 'local' });
    const raw = out.raw as { engine: string; lines: unknown[]; timingsMs: Record<string, number> };
    expect(raw.engine).toBe('pp-ocrv4');
    expect(raw.lines.length).toBeGreaterThan(10);
    expect(raw.timingsMs.total).toBeGreaterThan(0);
  }, 60_000);

  it('docType auto: picks the document and side among the registered extractors', async () => {
    const p = createLocalProvider();
    expect(p.supports('auto', 'auto')).toBe(true);
    const back = await p.recognize(img(readFileSync(path.join(REAL, 'vehicle-licence-back-02.png'))), { docType: 'auto', side: 'auto' });
    expect(back.result).toMatchObject({ docType: 'vehicle_license', side: 'back' });
    expect(back.result.fields.fileNo?.value).toBe('3800299837465');
    const id = await p.recognize(img(readFileSync(path.join(REAL, 'id-card-front-01.png'))), { docType: 'auto', side: 'auto' });
    expect(id.result).toMatchObject({ docType: 'id_card', side: 'front' });
  }, 60_000);

  it('bytes that are no image: BAD_IMAGE', async () => {
    const e = await createLocalProvider()
      .recognize(img(Buffer.from('definitely not an image')), { docType: 'vehicle_license', side: 'front' })
      .catch((x: unknown) => x);
    expect(e).toBeInstanceOf(ProviderError);
    expect(e).toMatchObject({ provider: 'local', code: 'BAD_IMAGE', retryable: false });
  });

  it('a photo with no text: NOT_FOUND_IN_IMAGE', async () => {
    const blank = await sharp({ create: { width: 800, height: 600, channels: 3, background: '#f4f1ea' } }).png().toBuffer();
    const e = await createLocalProvider().recognize(img(blank), { docType: 'vehicle_license', side: 'front' }).catch((x: unknown) => x);
    expect(e).toMatchObject({ provider: 'local', code: 'NOT_FOUND_IN_IMAGE' });
    expect((e as Error).message).toMatch(/[\u4e00-\u9fff]/);
  }, 30_000);

  it('a document it cannot read: UNSUPPORTED', async () => {
    const e = await createLocalProvider()
      .recognize(img(readFileSync(path.join(REAL, 'vehicle-licence-front-01.png'))), { docType: 'bank_card' })
      .catch((x: unknown) => x);
    expect(e).toMatchObject({ provider: 'local', code: 'UNSUPPORTED', retryable: false });
  });

  it('too slow: TIMEOUT (retryable, so routing may try the next provider)', async () => {
    const e = await createLocalProvider({ timeoutMs: 1 })
      .recognize(img(readFileSync(path.join(REAL, 'vehicle-licence-front-01.png'))), { docType: 'vehicle_license', side: 'front' })
      .catch((x: unknown) => x);
    expect(e).toMatchObject({ provider: 'local', code: 'TIMEOUT', retryable: true });
  }, 30_000);

  it('a burst beyond the queue: RATE_LIMIT with providerCode QUEUE_FULL, the others complete', async () => {
    // the timed-out job above may still be finishing in the background (it keeps its slot until then)
    await vi.waitUntil(() => engineStats().running === 0, { timeout: 60_000, interval: 50 });
    const p = createLocalProvider({ maxQueue: 1 });
    const bytes = readFileSync(path.join(REAL, 'vehicle-licence-back-02.png'));
    const calls = [0, 1, 2].map(() => p.recognize(img(bytes), { docType: 'vehicle_license', side: 'back' }).then(() => 'ok', (e: unknown) => e));
    const results = await Promise.all(calls);
    expect(results.filter((r) => r === 'ok')).toHaveLength(2);
    const refused = results.find((r) => r !== 'ok');
    expect(refused).toMatchObject({ provider: 'local', code: 'RATE_LIMIT', retryable: true, providerCode: 'QUEUE_FULL' });
  }, 120_000);
});
