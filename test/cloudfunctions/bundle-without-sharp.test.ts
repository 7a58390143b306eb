// Each built bundle (scripts/build.ts, what `npm run build` writes) loaded in a clean Node process
// where only its package.json's packages exist and sharp's binary does not load: records and deliver
// work in full, ocr recognizes the ≤ 300 KB JPEG the mini program sends and refuses, clearly, a photo
// that would need re-encoding.
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import sharp from 'sharp';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildFunctions } from '../../scripts/build';
import { realFixturePath } from '../support/fixtures';

const outDir = resolve('test/.output/lean');
const smallJpeg = join(outDir, 'small.jpg');
const largePng = realFixturePath('vehicle-licence-both-pages-02.png');
type Envelope = { ok: boolean; data?: Record<string, unknown>; error?: { code: string; message: string } };
let run: { requested: Record<string, string[]>; results: Record<string, Envelope & Record<string, unknown>>; storedPhotos: number; storedWithExif: number };

beforeAll(async () => {
  await buildFunctions({ outDir });
  mkdirSync(outDir, { recursive: true });
  // What the mini program uploads: a compressed upright JPEG, here with camera EXIF to be stripped.
  const jpeg = await sharp(realFixturePath('vehicle-licence-front-01.png'))
    .resize(1600, 1600, { fit: 'inside' })
    .jpeg({ quality: 80 })
    .withExif({ IFD0: { Make: 'LeanTestCamera', Model: 'GPS-carrying phone' } })
    .toBuffer();
  expect(jpeg.length).toBeLessThanOrEqual(300 * 1024);
  writeFileSync(smallJpeg, jpeg);
  const child = spawnSync(process.execPath, ['--import', 'tsx', resolve('test/cloudfunctions/bundle-child.ts'), outDir, smallJpeg, largePng], {
    encoding: 'utf8',
    env: { PATH: process.env.PATH, ADMIN_OPENIDS: 'o-lean-admin' },
    timeout: 90_000,
  });
  expect(child.status, child.stderr).toBe(0);
  run = JSON.parse(child.stdout.trim().split('\n').at(-1)!) as typeof run;
}, 180_000);

describe('built bundles without sharp', () => {
  it('records and deliver load nothing but wx-server-sdk; ocr tries sharp only when a photo needs re-encoding', () => {
    expect(run.requested.records).toEqual(['wx-server-sdk']);
    expect(run.requested.deliver).toEqual(['wx-server-sdk']);
    expect(run.requested.ocr?.[0]).toBe('wx-server-sdk');
    expect(new Set(run.requested.ocr)).toEqual(new Set(['wx-server-sdk', 'sharp']));
  });

  it('ocr recognizes a small upright JPEG and keeps it without its EXIF', () => {
    expect(run.results.ocrSmallJpeg).toMatchObject({ ok: true, data: { status: 'recognized', provider: 'wechat', _openid: 'o-lean-user' } });
    expect(run.storedPhotos).toBe(1);
    expect(run.storedWithExif).toBe(0);
  });

  it('ocr refuses a photo that needs re-encoding with a clear Chinese 415, not a crash', () => {
    expect(run.results.ocrLargePng).toMatchObject({ ok: false, error: { code: 'UNSUPPORTED_MEDIA_TYPE' } });
    expect(run.results.ocrLargePng?.error?.message).toMatch(/300 KB/);
  });

  it('records lists, reads and submits; deliver runs its scheduled jobs', () => {
    expect(run.results.recordsList).toMatchObject({ ok: true, data: { total: 1 } });
    expect(run.results.recordsGet).toMatchObject({ ok: true, data: { status: 'recognized' } });
    expect(run.results.recordsSubmit).toMatchObject({ ok: true, data: { status: 'submitted' } });
    expect(run.results.deliver).not.toHaveProperty('error');
    expect(run.results.deliver).toHaveProperty('delivery');
  });
});
