// The vendored real vehicle-licence photos (test/fixtures/real), end to end through the local provider
// (engine → preprocessing → layout → extractor → buildResult): every field exact against the ground
// truth read off the image by eye.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { RecognitionResultSchema, type RecognitionResult } from '../../core/contracts/result';
import { createLocalProvider } from '../../server/providers/local/index';
import { getEngine } from '../../server/ocr/engine';
import { prepareImage } from '../../server/intake/index';
import { REAL_FIXTURES as REAL } from '../support/fixtures';

const provider = createLocalProvider();

interface Truth {
  fields?: Record<string, string>;
  pages?: Record<'front' | 'back', Record<string, string>>;
}
const truth = (name: string): Truth => JSON.parse(readFileSync(path.join(REAL, `${name}.json`), 'utf8')) as Truth;

// one recognition per photo and side for the whole file (the engine is the slow part)
const cache = new Map<string, Promise<RecognitionResult>>();
function scan(name: string, side: 'front' | 'back' | 'auto', via: 'file' | 'intake' = 'file'): Promise<RecognitionResult> {
  const key = `${name}:${side}:${via}`;
  let p = cache.get(key);
  if (!p) {
    const file = readFileSync(path.join(REAL, `${name}.png`));
    // 'intake': what the pipeline hands the provider (PNG re-encoded as JPEG by server/intake)
    const image = via === 'intake' ? prepareImage(file, { maxBytes: provider.maxBytes }) : Promise.resolve({ bytes: file, mime: 'image/png' as const, width: 0, height: 0 });
    p = image
      .then((img) => provider.recognize(img, { docType: 'vehicle_license', side }))
      .then((out) => RecognitionResultSchema.parse(out.result));
    cache.set(key, p);
  }
  return p;
}

function values(r: RecognitionResult, keys: string[]): Record<string, string | undefined> {
  return Object.fromEntries(keys.map((k) => [k, r.fields[k]?.value]));
}

beforeAll(async () => {
  await getEngine(); // load once for the file; timings below exclude it
}, 60_000);

describe('local engine on real vehicle-licence photos', () => {
  it('front-01 (card on a table, slashed zeros, boxed seal): every field exact', async () => {
    const want = truth('vehicle-licence-front-01').fields!;
    const r = await scan('vehicle-licence-front-01', 'front');
    expect(r.side).toBe('front');
    expect(values(r, Object.keys(want))).toEqual(want);
  }, 120_000);

  it('front-01: the VIN that fails its check digit is kept as printed and flagged', async () => {
    const r = await scan('vehicle-licence-front-01', 'front');
    expect(r.fields.vin?.value).toBe('HHGHH555778802669');
    expect(r.fields.vin?.warnings.map((w) => w.code)).toContain('VIN_CHECK_DIGIT');
    // the boxed printed seal was read, so nothing asks the user to fill it in
    expect(r.fields.issuingAuthority?.warnings.map((w) => w.code)).not.toContain('SEAL_UNREADABLE');
  }, 120_000);

  it('front-02 (glare, overpainted values in another font): every field exact', async () => {
    const want = truth('vehicle-licence-front-02').fields!;
    const r = await scan('vehicle-licence-front-02', 'front');
    expect(values(r, Object.keys(want))).toEqual(want);
  }, 120_000);

  it('back-02 (low resolution, dash placeholders, boxed inspection stamp, barcode): every field exact', async () => {
    const want = truth('vehicle-licence-back-02').fields!;
    const r = await scan('vehicle-licence-back-02', 'back');
    expect(r.side).toBe('back');
    expect(values(r, Object.keys(want))).toEqual(want);
  }, 120_000);

  it('both-pages-02: the requested side is read from a photo of both pages', async () => {
    const t = truth('vehicle-licence-both-pages-02').pages!;
    const front = await scan('vehicle-licence-both-pages-02', 'front');
    expect(front.side).toBe('front');
    expect(values(front, Object.keys(t.front))).toEqual(t.front);
    const back = await scan('vehicle-licence-both-pages-02', 'back');
    expect(back.side).toBe('back');
    expect(values(back, Object.keys(t.back))).toEqual(t.back);
  }, 180_000);

  it('auto side: picks a side by its labels and reads that side', async () => {
    const r = await scan('vehicle-licence-back-02', 'auto');
    expect(r.side).toBe('back');
    expect(r.fields.fileNo?.value).toBe('3800299837465');
    const f = await scan('vehicle-licence-front-02', 'auto');
    expect(f.side).toBe('front');
    expect(f.fields.vin?.value).toBe('LFGGF53W0WH228343');
  }, 120_000);

  it('every field carries a confidence from the engine scores', async () => {
    const r = await scan('vehicle-licence-front-01', 'front');
    for (const [key, f] of Object.entries(r.fields)) {
      if (f.value === '') continue;
      expect(f.confidence, key).toBeGreaterThan(0.5);
      expect(f.confidence, key).toBeLessThanOrEqual(1);
    }
  }, 120_000);
});

describe('the same photos as the pipeline sends them (after intake: re-encoded as JPEG)', () => {
  it.each([
    ['vehicle-licence-front-01', 'front'],
    ['vehicle-licence-front-02', 'front'],
    ['vehicle-licence-back-02', 'back'],
  ] as const)('%s: every field exact', async (name, side) => {
    const want = truth(name).fields!;
    expect(values(await scan(name, side, 'intake'), Object.keys(want))).toEqual(want);
  }, 120_000);

  it('both-pages-02: both sides exact', async () => {
    const t = truth('vehicle-licence-both-pages-02').pages!;
    expect(values(await scan('vehicle-licence-both-pages-02', 'front', 'intake'), Object.keys(t.front))).toEqual(t.front);
    expect(values(await scan('vehicle-licence-both-pages-02', 'back', 'intake'), Object.keys(t.back))).toEqual(t.back);
  }, 180_000);
});
