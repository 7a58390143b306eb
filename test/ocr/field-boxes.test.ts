// Where each field was read (issue #14): the offline engine gives every value it read a box of the
// stored photo (0..1, upright by EXIF only), the box holds that value when read again, and a photo
// turned a quarter gives the same place turned with it.
import sharp from 'sharp';
import { beforeAll, describe, expect, it } from 'vitest';
import { RecognitionResultSchema, type FieldBox, type RecognitionPage, type RecognitionResult } from '../../core/contracts/result';
import { decodeImage, getEngine, type OcrEngine } from '../../server/ocr/engine';
import { photoBox } from '../../server/ocr/locate';
import type { Quad } from '../../server/ocr/types';
import { createLocalProvider } from '../../server/providers/local/index';
import { realFixture } from '../support/fixtures';
import { generateGeometryCard } from '../../scripts/synth/geometry';
import type { SynthCard, SynthTwoPageCard } from '../../scripts/synth/index';

const provider = createLocalProvider();
const fixture = realFixture('vehicle-licence-front-01');
let engine: OcrEngine;

async function scan(bytes: Buffer, mime: 'image/png' | 'image/jpeg'): Promise<RecognitionResult> {
  const out = await provider.recognize({ bytes, mime, width: 0, height: 0 }, { docType: 'vehicle_license', side: 'front' });
  return RecognitionResultSchema.parse(out.result);
}

/** The text the engine reads inside a box of the (EXIF-upright) photo. */
async function readBox(bytes: Buffer, b: FieldBox): Promise<string> {
  const img = await decodeImage(bytes);
  const [x0, y0, x1, y1] = [b.x * img.width, b.y * img.height, (b.x + b.width) * img.width, (b.y + b.height) * img.height];
  const [line] = await engine.recognize(img, [[[x0, y0], [x1, y0], [x1, y1], [x0, y1]]]);
  return (line?.text ?? '').replace(/\s/g, '');
}

let upright: RecognitionResult;
beforeAll(async () => {
  engine = await getEngine();
  upright = await scan(fixture.bytes, 'image/png');
}, 120_000);

describe('field boxes from the offline engine', () => {
  it('every value read on a real photo has a box inside the photo', () => {
    const read = Object.entries(upright.fields).filter(([, f]) => f.value !== '' && f.value !== '--');
    expect(read.length).toBeGreaterThan(6);
    const boxed = read.filter(([, f]) => f.box);
    // the seal's authority may be read from red ink apart from the lines; everything else is located
    expect(boxed.length).toBeGreaterThanOrEqual(read.length - 1);
    for (const [, f] of boxed) {
      const b = f.box!;
      expect(b.width).toBeGreaterThan(0);
      expect(b.height).toBeGreaterThan(0);
      expect(b.x + b.width).toBeLessThanOrEqual(1);
      expect(b.y + b.height).toBeLessThanOrEqual(1);
      // a value is a stretch of one row, not a whole column of the card
      expect(b.height).toBeLessThan(0.25);
    }
  });

  it('the box holds the value: the plate and the VIN read again from their boxes', async () => {
    for (const key of ['plateNo', 'vin'] as const) {
      const f = upright.fields[key]!;
      const again = await readBox(fixture.bytes, f.box!);
      expect(again).toContain(f.value.slice(1, -1));
    }
  }, 60_000);

  it('a photo stored with EXIF orientation (pixels turned, EXIF 6) gives the boxes of the upright photo', async () => {
    // pixels turned a quarter counter-clockwise, EXIF 6 says "turn clockwise to view": the stored copy is upright
    const turned = await sharp(fixture.bytes).rotate(-90).jpeg({ quality: 92 }).withMetadata({ orientation: 6 }).toBuffer();
    const r = await scan(turned, 'image/jpeg');
    for (const key of ['plateNo', 'vin', 'registerDate'] as const) {
      const want = upright.fields[key]!.box!;
      const got = r.fields[key]?.box;
      expect(got, key).toBeDefined();
      expect(Math.abs(got!.x - want.x)).toBeLessThan(0.02);
      expect(Math.abs(got!.y - want.y)).toBeLessThan(0.02);
      expect(Math.abs(got!.width - want.width)).toBeLessThan(0.03);
    }
  }, 120_000);

  it('a photo whose pixels lie on their side (no EXIF) gives boxes on that photo, turned with it', async () => {
    // turned a quarter clockwise: the engine turns it back to read it, the box is of the stored photo
    const turned = await sharp(fixture.bytes).rotate(90).png().toBuffer();
    const r = await scan(turned, 'image/png');
    for (const key of ['plateNo', 'vin'] as const) {
      const u = upright.fields[key]!.box!;
      const got = r.fields[key]?.box;
      expect(got, key).toBeDefined();
      // clockwise quarter: (x, y) of the upright photo is (1 − y, x) of the turned one
      expect(Math.abs(got!.x - (1 - u.y - u.height))).toBeLessThan(0.02);
      expect(Math.abs(got!.y - u.x)).toBeLessThan(0.02);
      expect(Math.abs(got!.height - u.width)).toBeLessThan(0.03);
      expect(await readBoxTurned(turned, got!)).toContain(upright.fields[key]!.value.slice(1, -1));
    }
  }, 120_000);
});

/** A box of a photo lying on its side, read after turning the crop upright. */
async function readBoxTurned(bytes: Buffer, b: FieldBox): Promise<string> {
  const meta = await sharp(bytes).metadata();
  const W = meta.width!;
  const H = meta.height!;
  const crop = await sharp(bytes)
    .extract({ left: Math.floor(b.x * W), top: Math.floor(b.y * H), width: Math.ceil(b.width * W), height: Math.ceil(b.height * H) })
    .rotate(-90)
    .png()
    .toBuffer();
  const img = await decodeImage(crop);
  const [line] = await engine.recognize(img, [[[0, 0], [img.width, 0], [img.width, img.height], [0, img.height]]]);
  return (line?.text ?? '').replace(/\s/g, '');
}

describe('a box read on a card warped upright from its outline (perspective)', () => {
  it('lands on the card where the outline puts it, not where the crop rectangle would', () => {
    // A card at an angle in a 1000×800 photo; its region is the warped, upright 600×380 image.
    const outline: Quad = [
      [200, 100],
      [800, 160],
      [780, 560],
      [180, 500],
    ];
    const region = { outline, bounds: { x: 180, y: 100, width: 620, height: 460 }, scale: 1, image: { width: 600, height: 380 } };
    const prepared = { image: { width: 1000, height: 800, data: new Uint8Array(0) }, rotation: 0 as const };
    // The whole region is the whole card: its box is the outline's bounding box.
    const whole = photoBox([[0, 0], [600, 0], [600, 380], [0, 380]], region, prepared)!;
    expect(whole.x).toBeCloseTo(0.18, 3);
    expect(whole.y).toBeCloseTo(0.125, 3);
    expect(whole.x + whole.width).toBeCloseTo(0.8, 3);
    expect(whole.y + whole.height).toBeCloseTo(0.7, 3);
    // The top-left corner of the region is the outline's top-left corner.
    const corner = photoBox([[0, 0], [6, 0], [6, 4], [0, 4]], region, prepared)!;
    expect(corner.x).toBeCloseTo(0.2, 2);
    expect(corner.y).toBeCloseTo(0.125, 2);
  });
});

describe('boxes set by the extractors on synthetic photos (both pages, a card at an angle)', () => {
  /** Every page of a result, by side. */
  const pagesOf = (r: RecognitionResult): Partial<Record<string, RecognitionPage>> => Object.fromEntries((r.pages ?? [r]).map((p) => [p.side, p]));

  it('on a scan of both pages side by side, each page’s boxes lie on that page, and hold their values', async () => {
    const card = (await generateGeometryCard('two_page_scan', 4202)) as SynthTwoPageCard;
    const out = await provider.recognize({ bytes: card.image, mime: card.mime, width: card.width, height: card.height }, { docType: 'vehicle_license', side: 'auto' });
    const pages = pagesOf(RecognitionResultSchema.parse(out.result));
    expect(Object.keys(pages).sort()).toEqual(['back', 'front']);
    for (const side of ['front', 'back'] as const) {
      // side by side: the first page is the left half of the scan
      const left = card.layout.first === side;
      const boxed = Object.entries(pages[side]!.fields).filter(([, f]) => f.value !== '' && f.box);
      expect(boxed.length, side).toBeGreaterThanOrEqual(6);
      for (const [key, f] of boxed) {
        const cx = f.box!.x + f.box!.width / 2;
        expect(left ? cx < 0.5 : cx > 0.5, `${side}.${key}`).toBe(true);
      }
    }
    for (const [side, key] of [['front', 'vin'], ['back', 'plateNo'], ['front', 'registerDate']] as const) {
      const f = pages[side]!.fields[key]!;
      expect(await readBox(card.image, f.box!), `${side}.${key}`).toContain(f.value.slice(2, -2));
    }
  }, 180_000);

  it('on a card photographed at an angle (warped upright to be read), the boxes hold their values on the photo', async () => {
    const card = (await generateGeometryCard('perspective', 4203, 'front')) as SynthCard;
    const r = RecognitionResultSchema.parse(
      (await provider.recognize({ bytes: card.image, mime: card.mime, width: card.width, height: card.height }, { docType: 'vehicle_license', side: 'front' })).result,
    );
    let checked = 0;
    for (const key of ['plateNo', 'vin', 'engineNo', 'registerDate'] as const) {
      const f = r.fields[key];
      if (!f?.box || f.value !== card.fields[key]) continue;
      // the box is upright on the photo around a slanted line: the line's middle characters read again
      expect(await readBox(card.image, f.box), key).toContain(f.value.slice(3, -3));
      checked++;
    }
    expect(checked).toBeGreaterThanOrEqual(3);
  }, 180_000);
});
