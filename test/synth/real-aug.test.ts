// The benchmark's "real aug" set: seeded phone-like degradations of a real photo (scripts/synth/real-aug.ts).
// Same seed → same bytes; each degradation stays within the bounds that keep the printed fields
// legible; a large photo is brought down to a 500–900 px card, a small one is never enlarged.
import { describe, expect, it } from 'vitest';
import sharp from 'sharp';
import { realFixture } from '../support/fixtures';
import { AUG_CARD_WIDTH, AUG_JPEG_QUALITY, AUG_MAX_ROTATION, AUG_PAGE_FILL, augmentRealPhoto, augmentSeed } from '../../scripts/synth/real-aug';

const num = (applied: string[], prefix: string) => {
  const hit = applied.find((a) => a.startsWith(`${prefix}:`));
  return hit === undefined ? null : Number(hit.slice(prefix.length + 1).split('@')[0]);
};

describe('real photo augmentation', () => {
  const large = realFixture('vehicle-licence-front-01'); // 1024 px wide
  const small = realFixture('vehicle-licence-front-03'); // 450 px wide

  it('gives byte-identical photos for the same seed, photo and index, and another photo for another index', async () => {
    const a = await augmentRealPhoto(large.bytes, augmentSeed(1000, 'front-01', 0), { pages: 1 });
    const b = await augmentRealPhoto(large.bytes, augmentSeed(1000, 'front-01', 0), { pages: 1 });
    const c = await augmentRealPhoto(large.bytes, augmentSeed(1000, 'front-01', 1), { pages: 1 });
    expect(Buffer.compare(a.bytes, b.bytes)).toBe(0);
    expect(b.applied).toEqual(a.applied);
    expect(c.applied).not.toEqual(a.applied);
  });

  it('brings a large photo down so the card is 500–900 px wide, as a JPEG of quality 30–70', async () => {
    for (let k = 0; k < 4; k++) {
      const a = await augmentRealPhoto(large.bytes, augmentSeed(2000, 'front-01', k), { pages: 1 });
      const meta = await sharp(a.bytes).metadata();
      expect(meta.format).toBe('jpeg');
      expect([meta.width, meta.height]).toEqual([a.width, a.height]);
      const card = a.width * AUG_PAGE_FILL.one;
      expect(card).toBeGreaterThanOrEqual(AUG_CARD_WIDTH[0] - 1);
      expect(card).toBeLessThanOrEqual(AUG_CARD_WIDTH[1] + 1);
      const q = num(a.applied, 'jpeg')!;
      expect(q).toBeGreaterThanOrEqual(AUG_JPEG_QUALITY[0]);
      expect(q).toBeLessThanOrEqual(AUG_JPEG_QUALITY[1]);
    }
  });

  it('never enlarges a small photo and keeps all of it: the canvas grows around the turned photo', async () => {
    for (let k = 0; k < 4; k++) {
      const a = await augmentRealPhoto(small.bytes, augmentSeed(3000, 'front-03', k), { pages: 1 });
      expect(num(a.applied, 'scale')).toBeNull();
      // a turn of up to 5° and a 3 % perspective pull widen the canvas, never shrink it
      expect(a.width).toBeGreaterThanOrEqual(450);
      expect(a.width).toBeLessThan(450 * 1.25);
    }
  });

  it('applies one reflection (a glare spot or a flash streak), a mild turn, one blur and sensor noise', async () => {
    for (let k = 0; k < 6; k++) {
      const a = await augmentRealPhoto(small.bytes, augmentSeed(1000, 'front-03', k), { pages: 1 });
      expect(a.applied.filter((x) => x.startsWith('glare:') || x.startsWith('flash:'))).toHaveLength(1);
      expect(Math.abs(num(a.applied, 'rotate')!)).toBeLessThanOrEqual(AUG_MAX_ROTATION);
      expect(a.applied.filter((x) => x.startsWith('blur:') || x.startsWith('motion:'))).toHaveLength(1);
      expect(num(a.applied, 'noise')).toBeGreaterThan(0);
      expect(num(a.applied, 'glare') ?? num(a.applied, 'flash')).toBeLessThanOrEqual(0.6);
    }
  });
});
