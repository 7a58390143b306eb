// Dash placeholders washed out by glare, a sleeve or an overexposed phone photo: the strip's ink is
// judged against the paper's own grain, so a dash a few grey levels below the paper still counts, while
// a noisy blank strip and faint digits do not.
import { describe, expect, it } from 'vitest';
import { createCanvas } from '@napi-rs/canvas';
import { getEngine, looksLikeDashes, type Quad, type RgbImage } from '../../server/ocr/engine';
import { recognizeLocal } from '../../server/ocr/recognize';
import { Rng } from '../../scripts/synth/prng';
import { augmentRealPhoto, augmentSeed } from '../../scripts/synth/real-aug';
import { realFixture } from '../support/fixtures';

const W = 240;
const H = 40;
const whole: Quad = [
  [0, 0],
  [W, 0],
  [W, H],
  [0, H],
];

/** A value strip: paper of `paper` grey with seeded sensor noise, and what `draw` prints in `ink`. */
function strip(paper: number, ink: number, noise: number, draw: (ctx: ReturnType<ReturnType<typeof createCanvas>['getContext']>) => void): RgbImage {
  const canvas = createCanvas(W, H);
  const ctx = canvas.getContext('2d');
  ctx.fillStyle = `rgb(${paper},${paper},${paper})`;
  ctx.fillRect(0, 0, W, H);
  ctx.fillStyle = `rgb(${ink},${ink},${ink})`;
  draw(ctx);
  const rgba = ctx.getImageData(0, 0, W, H).data;
  const rng = new Rng(7);
  const data = new Uint8Array(W * H * 3);
  for (let i = 0; i < W * H; i++) {
    const n = noise * rng.gauss();
    for (let c = 0; c < 3; c++) data[i * 3 + c] = Math.max(0, Math.min(255, Math.round(rgba[i * 4 + c]! + n)));
  }
  return { data, width: W, height: H };
}

const dashes = (ctx: Parameters<Parameters<typeof strip>[3]>[0]) => {
  ctx.fillRect(100, 14, 14, 3);
  ctx.fillRect(120, 14, 14, 3);
};

describe('faint dash placeholders', () => {
  it('sees "--" printed only 20 grey levels below a washed-out paper (the old fixed 25-level step missed it)', () => {
    expect(looksLikeDashes(strip(245, 225, 1.5, dashes), whole)).toBe(true);
  });

  it('sees firm dashes as before', () => {
    expect(looksLikeDashes(strip(235, 60, 3, dashes), whole)).toBe(true);
  });

  it('finds no dashes in a blank strip with heavy sensor noise', () => {
    expect(looksLikeDashes(strip(235, 235, 6, () => {}), whole)).toBe(false);
  });

  it('does not take faint digits for dashes', () => {
    const digits = strip(245, 222, 1.5, (ctx) => {
      ctx.font = '22px sans-serif';
      ctx.fillText('1750kg', 80, 28);
    });
    expect(looksLikeDashes(digits, whole)).toBe(false);
  });

  it('a real back page degraded as a phone does (flash, sheen, brighter, JPEG) keeps both dash placeholders', async () => {
    const { bytes, fields } = realFixture('vehicle-licence-back-02');
    const photo = await augmentRealPhoto(bytes, augmentSeed(1000, 'vehicle-licence-back-02.png', 0), { pages: 1 });
    const engine = await getEngine();
    const r = await recognizeLocal(engine, photo.bytes, { docType: 'vehicle_license', side: 'back' });
    expect(r.values.approvedLoad?.value).toBe(fields.approvedLoad);
    expect(r.values.tractionMass?.value).toBe(fields.tractionMass);
    expect(r.values.curbMass?.value).toBe(fields.curbMass);
  }, 120_000);
});
