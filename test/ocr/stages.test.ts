// The engine's stages on their own (server/ocr/stages, PaddleOCR style: one file per stage), on inputs
// built here so each expected result is known exactly: DB post-processing of a probability map, CTC
// decoding of a recogniser output, the detector's working size and the recogniser's input layout.
import { describe, expect, it } from 'vitest';
import { ctcDecode } from '../../server/ocr/stages/ctc';
import { dbPostprocess } from '../../server/ocr/stages/db-postprocess';
import { detectionSize } from '../../server/ocr/stages/detect';
import { REC_HEIGHT, recInput } from '../../server/ocr/stages/recognize';

describe('DB post-processing', () => {
  it('turns each blob of the probability map into a box grown around it, in reading order', () => {
    const w = 100;
    const h = 40;
    const prob = new Float32Array(w * h);
    // two text kernels: x 10..49 × y 10..17, and x 60..89 × y 25..30
    for (let y = 10; y < 18; y++) for (let x = 10; x < 50; x++) prob[y * w + x] = 0.9;
    for (let y = 25; y < 31; y++) for (let x = 60; x < 90; x++) prob[y * w + x] = 0.8;
    const quads = dbPostprocess(prob, w, h, { threshold: 0.3, boxThreshold: 0.5, unclip: 1.6 });
    expect(quads).toHaveLength(2);
    const [a, b] = quads.map((q) => ({ x0: Math.min(...q.map((p) => p[0])), x1: Math.max(...q.map((p) => p[0])), y0: Math.min(...q.map((p) => p[1])), y1: Math.max(...q.map((p) => p[1])), tl: q[0], br: q[2] }));
    // grown beyond the kernel on every side, still around it
    expect(a!.x0).toBeLessThan(10);
    expect(a!.x1).toBeGreaterThan(50);
    expect(a!.y0).toBeLessThan(10);
    expect(a!.y1).toBeGreaterThan(18);
    expect(b!.x0).toBeLessThan(60);
    expect(b!.y1).toBeGreaterThan(31);
    // reading order TL, TR, BR, BL: the first corner is the top-left one
    expect(a!.tl[0]).toBeLessThan(a!.br[0]);
    expect(a!.tl[1]).toBeLessThan(a!.br[1]);
  });

  it('drops specks and blobs whose mean probability is below the box threshold', () => {
    const w = 60;
    const h = 30;
    const prob = new Float32Array(w * h);
    prob[5 * w + 5] = 0.9; // a speck
    for (let y = 10; y < 20; y++) for (let x = 10; x < 50; x++) prob[y * w + x] = 0.4; // faint
    expect(dbPostprocess(prob, w, h, { threshold: 0.3, boxThreshold: 0.5, unclip: 1.6 })).toEqual([]);
  });
});

describe('CTC decoding', () => {
  const dict = ['', 'A', 'B', '0'];
  /** One row per time step: probabilities over [blank, A, B, 0]. */
  const output = (rows: number[][]) => new Float32Array(rows.flat());

  it('collapses repeats, drops blanks, and keeps a repeat separated by a blank', () => {
    const out = ctcDecode(
      output([
        [0.1, 0.8, 0.05, 0.05],
        [0.1, 0.8, 0.05, 0.05],
        [0.9, 0.05, 0.03, 0.02],
        [0.1, 0.7, 0.1, 0.1],
        [0.1, 0.05, 0.05, 0.8],
      ]),
      0,
      5,
      4,
      dict,
    );
    expect(out.text).toBe('AA0');
    expect(out.chars.map((c) => c.step)).toEqual([0, 3, 4]);
    expect(out.score).toBeCloseTo((0.8 + 0.7 + 0.8) / 3, 5);
  });

  it('keeps the rivals of each character, best first, merged over the steps it is held', () => {
    const out = ctcDecode(
      output([
        [0.05, 0.6, 0.3, 0.05],
        [0.05, 0.5, 0.05, 0.4],
      ]),
      0,
      2,
      4,
      dict,
    );
    expect(out.text).toBe('A');
    expect(out.chars[0]!.alts.map((a) => a.ch)).toEqual(['A', '0', 'B']);
    expect(out.chars[0]!.alts[1]!.p).toBeCloseTo(0.4, 5);
  });
});

describe('stage inputs', () => {
  it('the detector works at the asked longest side, both sides multiples of 32 (small images scaled up)', () => {
    expect(detectionSize({ width: 450, height: 326 }, 960)).toEqual({ width: 960, height: 704 });
    expect(detectionSize({ width: 4000, height: 3000 }, 960)).toEqual({ width: 960, height: 736 });
    expect(detectionSize({ width: 10, height: 1000 }, 960)).toEqual({ width: 32, height: 960 });
  });

  it('the recogniser gets BGR planes in [-1, 1], padded to its minimum width with mid grey', () => {
    const width = 4;
    const data = new Uint8Array(width * REC_HEIGHT * 3);
    for (let i = 0; i < width * REC_HEIGHT; i++) data.set([255, 0, 127], i * 3); // red with some blue
    const input = recInput({ data, width, height: REC_HEIGHT });
    expect(input.width).toBe(32);
    const plane = REC_HEIGHT * 32;
    expect(input.data[0]).toBeCloseTo(-1 + 127 / 127.5, 6); // B plane first
    expect(input.data[plane]).toBe(-1); // G
    expect(input.data[2 * plane]).toBe(1); // R
    expect(input.data[5]).toBe(0); // beyond the crop: padding
  });
});
