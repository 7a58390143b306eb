// Cheap pixel checks of a photo, shared by the phone (before upload), the web console (before upload)
// and the server (on every photo, whichever provider reads it) — so all three judge a photo the same
// way (issue #14). Pure arithmetic on an RGB(A) buffer: no wx, no DOM, no Node.
//
// Everything is measured on a grey copy box-averaged to ANALYSIS_WIDTH, so a 4000-px phone photo and
// the server's 1280-px copy give the same figures; only the screen check reads the full-size copy
// (a screen's pixel grid is a few pixels wide and averaging erases it).

import type { Box } from '../result/box';
import { brightCellShare, brightPatches, coverCells, type CellGrid } from './patches';

/** A decoded image: `channels` bytes per pixel, row-major, RGB first (canvas ImageData is RGBA). */
export interface Pixels {
  width: number;
  height: number;
  channels: 3 | 4;
  data: ArrayLike<number>;
}

/** Width of the grey copy the checks measure (px). */
export const ANALYSIS_WIDTH = 640;

/** What each check measured, and the thresholds (calibrated on the synthetic defect photos, see
 *  scripts/bench/doubt.ts) that turn a figure into a finding. */
export interface PixelFigures {
  width: number;
  height: number;
  /** Mean luma 0..255. */
  mean: number;
  /** Share of the middle of the photo in bright patches: cells mostly GLARE_LIFT above the paper. */
  glare: number;
  /** Edge sharpness: the 99th percentile of |Laplacian| over the photo's contrast range. */
  sharpness: number;
  /** Mean chroma of the pixels (max − min channel, 0..255): about 0 for a greyscale photo. */
  colour: number;
  /** Strongest periodic ripple of the rows' and columns' means (a screen's pixel grid), peak / mean power. */
  grid: number;
  /** Text-like edges in the photo's outer strip against the middle: the most of the four sides. */
  edgeText: number;
  /** The same per side: top, right, bottom, left (which edge cuts the card off). */
  edgeSides: [number, number, number, number];
  /** Where the bright patches are (0..1 of the photo): the glare's regions. */
  glareBoxes: Box[];
  /** The cells flat and unlike the paper (a finger, a pasted banner, and often the background): where a
   *  cover may be. Only the reading knows where the card's text is (core/quality/result.ts). */
  cover: CellGrid;
}

export const THRESHOLDS = {
  /** The photo's long side below this many pixels: too small to read small print. */
  minLongSide: 800,
  tooDark: 55,
  tooBright: 235,
  // bright cells over 0.6 % of the middle: the faintest labelled glare patch fills ~0.7 %; a small or
  // blurred photo's scattered bright pixels fill none (scripts/bench/photo-calibrate.ts). A patch off
  // the card's text is dropped later, where the reading says where the text is (core/quality/result.ts).
  glare: 0.006,
  // between the sharpest deliberately blurred synthetic photo (~0.40) and the softest unblurred one (~0.70)
  blur: 0.55,
  /** Below this mean chroma the photo is greyscale (a photocopy). */
  greyscale: 2,
  screenGrid: 150,
  cutOff: 1.2,
} as const;

export type PixelFinding = 'PHOTO_TOO_SMALL' | 'PHOTO_TOO_DARK' | 'PHOTO_TOO_BRIGHT' | 'PHOTO_GLARE' | 'PHOTO_BLUR' | 'PHOTO_PHOTOCOPY' | 'PHOTO_SCREEN' | 'PHOTO_CUT_OFF';

const PAPER_QUANTILE = 0.8;
const GLARE_LIFT = 12;
/** Where glare spoils print: most of a cell this far above the paper (a faint sheen leaves it legible;
 *  measured on the synthetic photos: regions at GLARE_LIFT marked three right values per wrong one). */
const BURN_LIFT = 24;
const BURN_FILL = 0.5;

export interface Grey {
  w: number;
  h: number;
  v: Float32Array;
}

function luma(px: Pixels, i: number): number {
  const d = px.data;
  return 0.299 * (d[i] ?? 0) + 0.587 * (d[i + 1] ?? 0) + 0.114 * (d[i + 2] ?? 0);
}

/** Box-averaged grey copy at most `width` wide (no upscaling). */
export function greyCopy(px: Pixels, width = ANALYSIS_WIDTH): Grey {
  const k = Math.max(1, Math.ceil(px.width / width));
  const w = Math.max(1, Math.floor(px.width / k));
  const h = Math.max(1, Math.floor(px.height / k));
  const v = new Float32Array(w * h);
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      let s = 0;
      for (let dy = 0; dy < k; dy++) {
        const row = (y * k + dy) * px.width;
        for (let dx = 0; dx < k; dx++) s += luma(px, (row + x * k + dx) * px.channels);
      }
      v[y * w + x] = s / (k * k);
    }
  }
  return { w, h, v };
}

function percentile(xs: Float32Array, q: number): number {
  if (xs.length === 0) return 0;
  const s = Float32Array.from(xs).sort();
  return s[Math.min(s.length - 1, Math.max(0, Math.floor(q * (s.length - 1))))] ?? 0;
}

function sharpness(g: Grey): number {
  const { w, h, v } = g;
  if (w < 3 || h < 3) return 0;
  const lap = new Float32Array((w - 2) * (h - 2));
  let n = 0;
  for (let y = 1; y < h - 1; y++) {
    for (let x = 1; x < w - 1; x++) {
      const i = y * w + x;
      lap[n++] = Math.abs(4 * v[i]! - v[i - 1]! - v[i + 1]! - v[i - w]! - v[i + w]!);
    }
  }
  const range = Math.max(40, percentile(v, 0.99) - percentile(v, 0.01));
  return percentile(lap, 0.99) / range;
}

/** The middle of the photo (where the card is), as a list of grey values. */
function middle(g: Grey): Float32Array {
  const { w, h, v } = g;
  const mid: number[] = [];
  for (let y = Math.floor(h * 0.15); y < h * 0.85; y++) for (let x = Math.floor(w * 0.15); x < w * 0.85; x++) mid.push(v[y * w + x]!);
  return Float32Array.from(mid);
}

/** The card's paper: the PAPER_QUANTILE of the middle's grey (print is dark and a minority). */
function paperLevel(g: Grey): number {
  return percentile(middle(g), PAPER_QUANTILE);
}

/** Glare is a patch brighter than the card's own paper: the paper is the PAPER_QUANTILE of the middle
 *  of the photo (where the card is; print is dark and a minority), glare is at least GLARE_LIFT above
 *  it. A white page is its own paper, so a photocopy or a white card is not glare. */
function glareShare(g: Grey, paper: number): { share: number; boxes: Box[] } {
  return { share: brightCellShare(g, paper + GLARE_LIFT), boxes: brightPatches(g, paper + BURN_LIFT, BURN_FILL, 0) };
}

/** Mean chroma (max − min channel): 0 for a greyscale image, a few units even for a pale colour card. */
function colourShare(px: Pixels): number {
  const step = Math.max(1, Math.floor((px.width * px.height) / 200_000));
  let n = 0;
  let coloured = 0;
  const d = px.data;
  for (let p = 0; p < px.width * px.height; p += step) {
    const i = p * px.channels;
    const r = d[i] ?? 0;
    const gr = d[i + 1] ?? 0;
    const b = d[i + 2] ?? 0;
    n++;
    coloured += Math.max(r, gr, b) - Math.min(r, gr, b);
  }
  return n === 0 ? 0 : coloured / n;
}

/** Peak power of a profile's ripple with a period of 2–12 px against its mean power (high-passed). */
function ripple(profile: Float32Array): number {
  const n = profile.length;
  if (n < 64) return 0;
  const hp = new Float32Array(n);
  const r = 6;
  for (let i = 0; i < n; i++) {
    let s = 0;
    let c = 0;
    for (let j = Math.max(0, i - r); j <= Math.min(n - 1, i + r); j++) (s += profile[j]!), c++;
    hp[i] = profile[i]! - s / c;
  }
  let peak = 0;
  let total = 0;
  let count = 0;
  // every frequency between period 2 and 12 (DFT bins), the peak against their mean
  const kMin = Math.ceil(n / 12);
  const kMax = Math.floor(n / 2);
  for (let k = kMin; k <= kMax; k++) {
    let re = 0;
    let im = 0;
    const wk = (2 * Math.PI * k) / n;
    for (let i = 0; i < n; i++) (re += hp[i]! * Math.cos(wk * i)), (im -= hp[i]! * Math.sin(wk * i));
    const p = re * re + im * im;
    total += p;
    count++;
    if (p > peak) peak = p;
  }
  return count === 0 || total === 0 ? 0 : peak / (total / count);
}

function gridRipple(g: Grey): number {
  const rows = new Float32Array(g.h);
  const cols = new Float32Array(g.w);
  for (let y = 0; y < g.h; y++) {
    let s = 0;
    for (let x = 0; x < g.w; x++) {
      const p = g.v[y * g.w + x]!;
      s += p;
      cols[x] = cols[x]! + p;
    }
    rows[y] = s;
  }
  return Math.max(ripple(rows), ripple(cols));
}

function edgeText(g: Grey): [number, number, number, number] {
  const { w, h, v } = g;
  const strong = (x: number, y: number) => {
    const i = y * w + x;
    return Math.abs(v[i + 1]! - v[i - 1]!) + Math.abs(v[i + w]! - v[i - w]!) > 60;
  };
  const density = (x0: number, x1: number, y0: number, y1: number) => {
    let n = 0;
    let s = 0;
    for (let y = Math.max(1, y0); y < Math.min(h - 1, y1); y++) for (let x = Math.max(1, x0); x < Math.min(w - 1, x1); x++) (n++, strong(x, y) && s++);
    return n === 0 ? 0 : s / n;
  };
  const mid = density(Math.floor(w * 0.25), Math.ceil(w * 0.75), Math.floor(h * 0.25), Math.ceil(h * 0.75));
  if (mid === 0) return [0, 0, 0, 0];
  const sx = Math.max(2, Math.round(w * 0.015));
  const sy = Math.max(2, Math.round(h * 0.015));
  return [density(0, w, 0, sy) / mid, density(w - sx, w, 0, h) / mid, density(0, w, h - sy, h) / mid, density(0, sx, 0, h) / mid];
}

/** Every figure of a photo. `full` is for the screen check: the photo's own pixels at up to ~1600 px. */
export function measurePixels(px: Pixels): PixelFigures {
  const g = greyCopy(px);
  const full = greyCopy(px, 1600);
  let sum = 0;
  for (const x of g.v) sum += x;
  const paper = paperLevel(g);
  const glare = glareShare(g, paper);
  const edgeSides = edgeText(g);
  return {
    width: px.width,
    height: px.height,
    mean: g.v.length ? sum / g.v.length : 0,
    glare: glare.share,
    sharpness: sharpness(g),
    colour: colourShare(px),
    grid: gridRipple(full),
    edgeText: Math.max(...edgeSides),
    edgeSides,
    glareBoxes: glare.boxes,
    cover: coverCells(px, g, paper),
  };
}

/** Width of the strip along an edge that cuts the card off, as a share of the photo's side: a value
 *  read inside it may have lost its start or its end beyond the edge (about two lines of print; a
 *  rotated card's cut line leaves its values a little inside the edge). */
export const CUT_STRIP = 0.08;

/** Where the spatial findings lie (0..1 of the photo): glare's bright patches, and for a card cut off
 *  the strip along each edge whose text runs into it. */
export function locateFindings(f: PixelFigures, findings: readonly PixelFinding[]): Partial<Record<PixelFinding, Box[]>> {
  const out: Partial<Record<PixelFinding, Box[]>> = {};
  if (findings.includes('PHOTO_GLARE') && f.glareBoxes.length) out.PHOTO_GLARE = f.glareBoxes;
  if (findings.includes('PHOTO_CUT_OFF')) {
    const strips: Box[] = [
      { x: 0, y: 0, width: 1, height: CUT_STRIP },
      { x: 1 - CUT_STRIP, y: 0, width: CUT_STRIP, height: 1 },
      { x: 0, y: 1 - CUT_STRIP, width: 1, height: CUT_STRIP },
      { x: 0, y: 0, width: CUT_STRIP, height: 1 },
    ];
    out.PHOTO_CUT_OFF = strips.filter((_, i) => (f.edgeSides[i] ?? 0) > THRESHOLDS.cutOff);
  }
  return out;
}

/** The findings the figures support, in a fixed order. `authenticity: false` (the phone, judging its
 *  own camera's picture) leaves out photocopy and screen. */
export function judgePixels(f: PixelFigures, opts: { authenticity?: boolean } = {}): PixelFinding[] {
  const out: PixelFinding[] = [];
  if (Math.max(f.width, f.height) < THRESHOLDS.minLongSide) out.push('PHOTO_TOO_SMALL');
  if (f.mean < THRESHOLDS.tooDark) out.push('PHOTO_TOO_DARK');
  const grey = f.colour < THRESHOLDS.greyscale;
  const screen = f.grid > THRESHOLDS.screenGrid;
  // a photocopy is a white page: bright is what it is, not an exposure problem
  if (f.mean > THRESHOLDS.tooBright && !grey) out.push('PHOTO_TOO_BRIGHT');
  // a screen's moiré makes bright bands that are not a reflection
  if (f.glare > THRESHOLDS.glare && !screen) out.push('PHOTO_GLARE');
  if (f.sharpness < THRESHOLDS.blur) out.push('PHOTO_BLUR');
  if (f.edgeText > THRESHOLDS.cutOff) out.push('PHOTO_CUT_OFF');
  if (opts.authenticity !== false) {
    if (grey) out.push('PHOTO_PHOTOCOPY');
    if (screen) out.push('PHOTO_SCREEN');
  }
  return out;
}
