// Orientation and card finding (server/ocr/preprocess): upside-down and 90°-rotated photos are turned
// upright from the text itself, and the text of the card is found in a photo with background.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { beforeAll, describe, expect, it } from 'vitest';
import { getEngine, type OcrEngine } from '../../server/ocr/engine';
import { prepareImage, readRegion } from '../../server/ocr/preprocess';
import { createLocalProvider } from '../../server/providers/local/index';
import { REAL_FIXTURES as REAL } from '../support/fixtures';

let engine: OcrEngine;
beforeAll(async () => {
  engine = await getEngine();
}, 60_000);

async function readUpright(bytes: Buffer) {
  const p = await prepareImage(engine, bytes);
  const lines = await readRegion(engine, p.regions[0]!);
  return { rotation: p.rotation, text: lines.map((l) => l.text).join('|') };
}

describe('orientation', () => {
  it('turns an upside-down ID card specimen upright (fixture 02)', async () => {
    const r = await readUpright(readFileSync(path.join(REAL, 'id-card-front-02-upside-down.jpeg')));
    expect(r.rotation).toBe(180);
    expect(r.text).toContain('430512198908131367');
    expect(r.text).toContain('湖南省长沙市开福区');
  }, 60_000);

  it('turns a small ID card specimen rotated by 90° upright (fixture 03)', async () => {
    const r = await readUpright(readFileSync(path.join(REAL, 'id-card-front-03-rotated.png')));
    expect([90, 270]).toContain(r.rotation);
    expect(r.text).toContain('370782198709170246');
    expect(r.text).toContain('北京市海淀区');
  }, 60_000);

  it('leaves an upright photo as it is', async () => {
    const r = await readUpright(readFileSync(path.join(REAL, 'id-card-front-01.png')));
    expect(r.rotation).toBe(0);
    expect(r.text).toContain('389201199001245580');
  }, 60_000);

  it.each([90, 180, 270] as const)('reads the vehicle licence photographed at %d°', async (angle) => {
    const bytes = await sharp(readFileSync(path.join(REAL, 'vehicle-licence-front-01.png'))).rotate(angle).png().toBuffer();
    const p = await prepareImage(engine, bytes);
    expect(p.rotation).toBe((360 - angle) % 360);
    const out = await createLocalProvider().recognize({ bytes, mime: 'image/png', width: 0, height: 0 }, { docType: 'vehicle_license', side: 'front' });
    expect(out.result.fields.plateNo?.value).toBe('京AA5599');
    expect(out.result.fields.vin?.value).toBe('HHGHH555778802669');
  }, 90_000);

  it('reads the vehicle licence skewed by 6° (rows follow the text, not the image axes)', async () => {
    const bytes = await sharp(readFileSync(path.join(REAL, 'vehicle-licence-front-01.png')))
      .rotate(6, { background: '#d8c8b0' })
      .png()
      .toBuffer();
    const out = await createLocalProvider().recognize({ bytes, mime: 'image/png', width: 0, height: 0 }, { docType: 'vehicle_license', side: 'front' });
    const f = out.result.fields;
    expect(f.plateNo?.value).toBe('京AA5599');
    expect(f.vin?.value).toBe('HHGHH555778802669');
    expect(f.engineNo?.value).toBe('112244');
    expect(f.registerDate?.value).toBe('2018-06-14');
    expect(f.issueDate?.value).toBe('2018-06-14');
    expect(f.owner?.value).toBe('王京');
  }, 90_000);

  it('finds both pages of a two-page photo as separate card regions', async () => {
    const p = await prepareImage(engine, readFileSync(path.join(REAL, 'vehicle-licence-both-pages-02.png')));
    expect(p.regions.length).toBe(2);
    const [a, b] = p.regions;
    // side by side, not overlapping
    const left = a!.bounds.x < b!.bounds.x ? a! : b!;
    const right = left === a ? b! : a!;
    expect(left.bounds.x + left.bounds.width).toBeLessThanOrEqual(right.bounds.x + 2);
  }, 60_000);
});
