// Card geometry: a card photographed at an angle is found by its edges and warped back upright; a
// card filling the photo (no edges) is left alone. Built from a synthetic card placed through a known
// homography, so the expected corners are known exactly.
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { generateCard } from '../../scripts/synth/index';
import { applyHomography, homography, rectifiedSize } from '../../server/ocr/homography';
import { warpQuad } from '../../server/ocr/image';
import { findOutline } from '../../server/ocr/outline';
import type { Point, Quad, RgbImage } from '../../server/ocr/types';

const rect = (w: number, h: number): Quad => [
  [0, 0],
  [w, 0],
  [w, h],
  [0, h],
];

async function flatCard(width: number): Promise<RgbImage> {
  const card = await generateCard({ docType: 'vehicle_license', side: 'front', seed: 31, width });
  const { data, info } = await sharp(card.image).removeAlpha().raw().toBuffer({ resolveWithObject: true });
  return { data: new Uint8Array(data), width: info.width, height: info.height };
}

/** The card drawn into a photo of `w`×`h` so that its corners land on `at`, over a textured table. */
function photograph(card: RgbImage, at: Quad, w: number, h: number): RgbImage {
  const toCard = homography(at, rect(card.width, card.height))!;
  const out = new Uint8Array(w * h * 3);
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const [u, v] = applyHomography(toCard, [x + 0.5, y + 0.5]);
      const o = (y * w + x) * 3;
      if (u >= 0 && v >= 0 && u < card.width && v < card.height) {
        const i = (Math.floor(v) * card.width + Math.floor(u)) * 3;
        out[o] = card.data[i]!;
        out[o + 1] = card.data[i + 1]!;
        out[o + 2] = card.data[i + 2]!;
      } else {
        // a darker wood-like table: stripes, so the background has texture but no long straight edge
        const t = 90 + 25 * Math.sin(x / 7 + 3 * Math.sin(y / 40));
        out[o] = t + 20;
        out[o + 1] = t;
        out[o + 2] = t - 20;
      }
    }
  }
  return { data: out, width: w, height: h };
}

/** Text boxes where a detector would put them: rows across the card's printed area, in the photo. */
function textBoxes(card: RgbImage, at: Quad): Quad[] {
  const toPhoto = homography(rect(card.width, card.height), at)!;
  const boxes: Quad[] = [];
  for (let r = 0; r < 8; r++) {
    const y0 = card.height * (0.1 + r * 0.1);
    const y1 = y0 + card.height * 0.05;
    for (const [x0, x1] of [
      [0.08, 0.45],
      [0.55, 0.92],
    ] as const) {
      const q = [
        [card.width * x0, y0],
        [card.width * x1, y0],
        [card.width * x1, y1],
        [card.width * x0, y1],
      ] as Quad;
      boxes.push(q.map((p) => applyHomography(toPhoto, p)) as Quad);
    }
  }
  return boxes;
}

const dist = (a: Point, b: Point) => Math.hypot(a[0] - b[0], a[1] - b[1]);

/** Mean absolute difference of two same-sized images over 16-px blocks: where the card's rows and
 *  columns of print lie, not the exact strokes (two resamplings differ there anyway). */
function difference(a: RgbImage, b: RgbImage): number {
  const B = 16;
  let s = 0;
  let n = 0;
  for (let by = 0; by + B <= a.height; by += B) {
    for (let bx = 0; bx + B <= a.width; bx += B) {
      let ma = 0;
      let mb = 0;
      for (let y = by; y < by + B; y++) {
        for (let x = bx; x < bx + B; x++) {
          const i = (y * a.width + x) * 3;
          ma += a.data[i]! + a.data[i + 1]! + a.data[i + 2]!;
          mb += b.data[i]! + b.data[i + 1]! + b.data[i + 2]!;
        }
      }
      s += Math.abs(ma - mb) / (3 * B * B);
      n++;
    }
  }
  return s / n;
}

describe('homography', () => {
  it('maps the four corners of one quad onto the other exactly', () => {
    const from: Quad = [
      [12, 30],
      [410, 5],
      [450, 300],
      [20, 260],
    ];
    const h = homography(from, rect(300, 200))!;
    const back = homography(rect(300, 200), from)!;
    from.forEach((p, i) => {
      const q = applyHomography(h, p);
      expect(dist(q, rect(300, 200)[i]!)).toBeLessThan(1e-6);
      expect(dist(applyHomography(back, q), p)).toBeLessThan(1e-6);
    });
  });

  it('refuses a quad whose corners are collinear', () => {
    expect(homography([[0, 0], [1, 1], [2, 2], [3, 3]], rect(10, 10))).toBeNull();
  });
});

describe('card outline and perspective', () => {
  it('finds the corners of a card photographed at an angle and warps it back upright', async () => {
    const card = await flatCard(640);
    // the right edge 30 % shorter than the left, the card turned a little: a phone held at an angle
    const at: Quad = [
      [150, 110],
      [830, 170],
      [835, 560],
      [140, 690],
    ];
    const photo = photograph(card, at, 1000, 800);
    const outline = findOutline(photo, textBoxes(card, at));
    expect(outline).not.toBeNull();
    // corners within 1.5 % of the card's width
    outline!.quad.forEach((p, i) => expect(dist(p, at[i]!)).toBeLessThan(0.015 * 700));
    expect(outline!.perspective).toBeGreaterThan(5);

    // warped upright it matches the flat card, far better than the unwarped photo's box does
    const upright = warpQuad(photo, outline!.quad, card.width, card.height);
    const flat = warpQuad(card, rect(card.width, card.height), card.width, card.height);
    const naive = warpQuad(photo, [[140, 110], [835, 110], [835, 690], [140, 690]], card.width, card.height);
    expect(difference(upright, flat)).toBeLessThan(6);
    expect(difference(naive, flat)).toBeGreaterThan(2 * difference(upright, flat));
  }, 30_000);

  it('gives the size of the upright rectangle a quad stands for', () => {
    expect(rectifiedSize([[0, 0], [100, 10], [100, 60], [0, 70]])).toEqual({ width: Math.hypot(100, 10), height: 60 });
  });

  it('finds no outline when the card fills the photo (no edges to follow)', async () => {
    const card = await flatCard(640);
    const at = rect(card.width, card.height);
    expect(findOutline(card, textBoxes(card, at))).toBeNull();
  }, 30_000);
});
