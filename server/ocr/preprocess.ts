// Photo → upright, card-sized images ready for the layout pass. Generic steps only (no layout
// knowledge): orientation from the text boxes themselves (tall boxes → 90°, the direction classifier →
// 180°), card regions from clusters of text boxes (a card on a table, two pages side by side), and
// rescaling so printed text reaches the recognizer at a useful height (small photos are scaled up).
// Skew and mild perspective are left to the row grouping (layout.ts) and the per-box rotated crops.
import sharp from 'sharp';
import type { OcrEngine } from './engine';
import { rectifiedSize } from './homography';
import { decodeImage, warpQuad } from './image';
import { splitCardPair } from './card-pair';
import { findOutline } from './outline';
import type { OcrLine, Quad, RgbImage } from './types';

export interface Region {
  /** Crop of the upright photo, rescaled. */
  image: RgbImage;
  /** Where it came from in the upright photo (pixels) and the scale applied. */
  bounds: { x: number; y: number; width: number; height: number };
  scale: number;
  /** Boxes of the first detection pass that fell inside. */
  boxCount: number;
  /** Median text height in the region image (px), when known. */
  textHeight?: number;
  /** First-pass boxes in region pixels, when the first pass saw the text large enough to reuse
   *  them; absent when the region is detected again at its own size. */
  boxes?: Quad[];
  /** The card's corners in the upright photo when the region was warped from them (a card at an
   *  angle brought upright); absent for a plain crop. */
  outline?: Quad;
}

export interface Prepared {
  /** Upright photo. */
  image: RgbImage;
  /** Clockwise rotation applied to make it upright. */
  rotation: 0 | 90 | 180 | 270;
  /** Text regions, largest first (one per card/page found). */
  regions: Region[];
  boxes: Quad[];
  timings: { decodeMs: number; detectMs: number; orientMs: number; regionsMs: number };
}

export interface PrepareOptions {
  /** Longest side kept from the photo before anything else (speed; 12 MP photos carry no more text). */
  maxSide?: number;
  /** Text height (px) the recognizer should see in a region. */
  targetTextHeight?: number;
  /** Longest side of the first detection pass. */
  firstPassLimit?: number;
  /** Reuse first-pass boxes when the text was at least this high (px) in the first pass's input. */
  reuseTextHeight?: number;
}

const boxW = (q: Quad) => Math.hypot(q[1][0] - q[0][0], q[1][1] - q[0][1]);
const boxH = (q: Quad) => Math.hypot(q[3][0] - q[0][0], q[3][1] - q[0][1]);

/** The middle value (0 for none). */
export function median(xs: number[]): number {
  if (xs.length === 0) return 0;
  const s = xs.slice().sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

export async function rotateRgb(image: RgbImage, angle: 90 | 180 | 270): Promise<RgbImage> {
  const { data, info } = await sharp(image.data, { raw: { width: image.width, height: image.height, channels: 3 } })
    .rotate(angle)
    .raw()
    .toBuffer({ resolveWithObject: true });
  return { data: new Uint8Array(data.buffer, data.byteOffset, data.length), width: info.width, height: info.height };
}

export async function cropRgb(
  image: RgbImage,
  b: { x: number; y: number; width: number; height: number },
  scale: number,
): Promise<RgbImage> {
  let p = sharp(image.data, { raw: { width: image.width, height: image.height, channels: 3 } }).extract({
    left: b.x,
    top: b.y,
    width: b.width,
    height: b.height,
  });
  if (Math.abs(scale - 1) > 0.05) {
    p = p.resize(Math.round(b.width * scale), Math.round(b.height * scale), { kernel: scale > 1 ? 'lanczos3' : 'lanczos3' });
  }
  const { data, info } = await p.raw().toBuffer({ resolveWithObject: true });
  return { data: new Uint8Array(data.buffer, data.byteOffset, data.length), width: info.width, height: info.height };
}

/** Upside-down vote over the widest boxes (the classifier is unreliable on short ones). */
async function isUpsideDown(engine: OcrEngine, image: RgbImage, boxes: Quad[]): Promise<boolean> {
  const wide = boxes
    .filter((q) => boxW(q) > 2 * boxH(q))
    .sort((a, b) => boxW(b) - boxW(a))
    .slice(0, 12);
  if (wide.length === 0) return false;
  const p = await engine.upsideDown(image, wide);
  const votes = p.filter((x) => x > 0.5).length;
  return votes > wide.length / 2;
}

function rotateQuad180(q: Quad, w: number, h: number): Quad {
  const f = ([x, y]: [number, number]): [number, number] => [w - x, h - y];
  return [f(q[2]), f(q[3]), f(q[0]), f(q[1])];
}

/** Cluster boxes into text regions: single linkage with a gap scaled to the text height. */
export function clusterBoxes(boxes: Quad[]): Quad[][] {
  const rects = boxes.map((q) => {
    const xs = q.map((p) => p[0]);
    const ys = q.map((p) => p[1]);
    return { x0: Math.min(...xs), x1: Math.max(...xs), y0: Math.min(...ys), y1: Math.max(...ys), h: boxH(q) };
  });
  const th = median(rects.map((r) => r.h)) || 10;
  const parent = boxes.map((_, i) => i);
  const find = (i: number): number => (parent[i] === i ? i : (parent[i] = find(parent[i]!)));
  const gapX = 3.5 * th;
  const gapY = 2.5 * th;
  for (let i = 0; i < rects.length; i++) {
    for (let j = i + 1; j < rects.length; j++) {
      const a = rects[i]!;
      const b = rects[j]!;
      const dx = Math.max(0, Math.max(a.x0, b.x0) - Math.min(a.x1, b.x1));
      const dy = Math.max(0, Math.max(a.y0, b.y0) - Math.min(a.y1, b.y1));
      if (dx < gapX && dy < gapY) parent[find(i)] = find(j);
    }
  }
  const groups = new Map<number, number[]>();
  boxes.forEach((_, i) => groups.set(find(i), [...(groups.get(find(i)) ?? []), i]));
  // Lone lines (an ID number set apart, a barcode number) join the nearest real cluster close by.
  const big = [...groups.values()].filter((g) => g.length >= 3);
  const small = [...groups.values()].filter((g) => g.length < 3);
  if (big.length === 0) return [...groups.values()].map((g) => g.map((i) => boxes[i]!));
  const bounds = (g: number[]) => ({
    x0: Math.min(...g.map((i) => rects[i]!.x0)),
    x1: Math.max(...g.map((i) => rects[i]!.x1)),
    y0: Math.min(...g.map((i) => rects[i]!.y0)),
    y1: Math.max(...g.map((i) => rects[i]!.y1)),
  });
  for (const g of small) {
    const b = bounds(g);
    let best: { g: number[]; d: number } | null = null;
    for (const c of big) {
      const cb = bounds(c);
      const d = Math.hypot(Math.max(0, Math.max(b.x0, cb.x0) - Math.min(b.x1, cb.x1)), Math.max(0, Math.max(b.y0, cb.y0) - Math.min(b.y1, cb.y1)));
      if (!best || d < best.d) best = { g: c, d };
    }
    if (best && best.d < 6 * th) best.g.push(...g);
  }
  // One card may hold an empty stretch (a blank remarks area) wider than the row gap: clusters stacked
  // in the same column, close by, are one card. Cards side by side stay apart.
  let merged = true;
  while (merged) {
    merged = false;
    outer: for (let a = 0; a < big.length; a++) {
      for (let b = a + 1; b < big.length; b++) {
        const A = bounds(big[a]!);
        const B = bounds(big[b]!);
        const overlapX = Math.min(A.x1, B.x1) - Math.max(A.x0, B.x0);
        const gapY = Math.max(A.y0, B.y0) - Math.min(A.y1, B.y1);
        if (overlapX > 0.5 * Math.min(A.x1 - A.x0, B.x1 - B.x0) && gapY < 6 * th) {
          big[a]!.push(...big[b]!);
          big.splice(b, 1);
          merged = true;
          break outer;
        }
      }
    }
  }
  return big.map((g) => g.map((i) => boxes[i]!));
}

/** Perspective (degrees between opposite card edges) and turn (degrees) from which a card is warped
 *  upright from its outline; below both, the row grouping and the per-box crops absorb them (measured:
 *  warping a card only turned by 3–6° read no better than the rows do). */
const WARP_PERSPECTIVE = 2;
const WARP_SKEW = 8;
/** Longest side of a region image (speed). */
const MAX_REGION_SIDE = 2000;

const centreOf = (q: Quad): [number, number] => [(q[0][0] + q[1][0] + q[2][0] + q[3][0]) / 4, (q[0][1] + q[1][1] + q[2][1] + q[3][1]) / 4];

/** Whether a point lies inside a convex quad (corners in order). */
function insideQuad(q: Quad, [x, y]: [number, number]): boolean {
  let sign = 0;
  for (let i = 0; i < 4; i++) {
    const a = q[i]!;
    const b = q[(i + 1) % 4]!;
    const cross = (b[0] - a[0]) * (y - a[1]) - (b[1] - a[1]) * (x - a[0]);
    if (cross === 0) continue;
    if (sign === 0) sign = Math.sign(cross);
    else if (Math.sign(cross) !== sign) return false;
  }
  return true;
}

/** Decode, make upright, find text regions and rescale each for recognition. */
export async function prepareImage(
  engine: OcrEngine,
  input: Buffer | RgbImage,
  opts: PrepareOptions = {},
): Promise<Prepared> {
  const t0 = performance.now();
  const maxSide = opts.maxSide ?? 2000;
  // Large photos are scaled down while decoding: one sharp pass, no intermediate encode.
  let image = Buffer.isBuffer(input) ? await decodeImage(input, maxSide) : input;
  const t1 = performance.now();
  const FIRST_LIMIT = opts.firstPassLimit ?? 960;
  let boxes = await engine.detect(image, { limit: FIRST_LIMIT });
  const t2 = performance.now();

  // 90°: most text boxes (by area) are tall. Rotate and detect again; 0/180 is settled next.
  let rotation: Prepared['rotation'] = 0;
  const area = (q: Quad) => boxW(q) * boxH(q);
  const tall = boxes.filter((q) => boxH(q) > 1.5 * boxW(q)).reduce((s, q) => s + area(q), 0);
  const wide = boxes.filter((q) => boxW(q) > 1.5 * boxH(q)).reduce((s, q) => s + area(q), 0);
  if (tall > wide && boxes.length >= 3) {
    image = await rotateRgb(image, 90);
    rotation = 90;
    boxes = await engine.detect(image, { limit: FIRST_LIMIT });
  }
  if (await isUpsideDown(engine, image, boxes)) {
    const w = image.width;
    const hh = image.height;
    image = await rotateRgb(image, 180);
    rotation = rotation === 90 ? 270 : 180;
    boxes = boxes.map((q) => rotateQuad180(q, w, hh));
  }
  const t3 = performance.now();

  const target = opts.targetTextHeight ?? 40;
  const regions: Region[] = [];
  // Two cards whose text formed one cluster (both pages photographed small, close together) are two
  // regions, each reaching from the line between them to the pair's outer edges: what a card prints
  // beyond its text (the back page's barcode, faint dash placeholders) stays in its region.
  const clusters: { boxes: Quad[]; span?: Quad[]; cut?: { axis: 'x' | 'y'; at: number; keep: 'below' | 'above' } }[] = [];
  for (const c of clusterBoxes(boxes).filter((c) => c.length >= 3)) {
    const pair = splitCardPair(c);
    if (!pair) clusters.push({ boxes: c });
    else pair.cards.forEach((card, i) => clusters.push({ boxes: card, span: c, cut: { axis: pair.axis, at: pair.at, keep: i === 0 ? 'below' : 'above' } }));
  }
  const ordered = clusters.length ? clusters.map((c) => c.boxes) : [boxes];
  for (const [ci, c] of ordered.entries()) {
    if (c.length === 0) continue;
    const { span = c, cut } = clusters[ci] ?? {};
    const xs = span.flatMap((q) => q.map((p) => p[0]));
    const ys = span.flatMap((q) => q.map((p) => p[1]));
    const th = median(c.map(boxH)) || 20;
    const m = 1.5 * th;
    let x = Math.max(0, Math.floor(Math.min(...xs) - m));
    let y = Math.max(0, Math.floor(Math.min(...ys) - m));
    let x1 = Math.min(image.width, Math.ceil(Math.max(...xs) + m));
    let y1 = Math.min(image.height, Math.ceil(Math.max(...ys) + m));
    if (cut?.axis === 'x') [x, x1] = cut.keep === 'below' ? [x, Math.min(x1, Math.ceil(cut.at))] : [Math.max(x, Math.floor(cut.at)), x1];
    if (cut?.axis === 'y') [y, y1] = cut.keep === 'below' ? [y, Math.min(y1, Math.ceil(cut.at))] : [Math.max(y, Math.floor(cut.at)), y1];
    const width = x1 - x;
    const height = y1 - y;
    if (width < 8 || height < 8) continue;
    // scale text towards the target height, within sane bounds for speed
    let scale = Math.min(3, Math.max(0.5, target / th));
    // A card photographed at an angle (its edges clearly not a rectangle) or turned is warped upright
    // from its outline: rows then run straight and labels keep their places on the card.
    const outline = findOutline(image, c);
    // an outline reaching over another card's text (two pages side by side) is not this card's
    const others = ordered.filter((o) => o !== c).flat();
    if (outline && others.some((q) => insideQuad(outline.quad, centreOf(q)))) outline.perspective = outline.skew = 0;
    if (outline && (outline.perspective >= WARP_PERSPECTIVE || Math.abs(outline.skew) >= WARP_SKEW)) {
      const size = rectifiedSize(outline.quad);
      const k = Math.min(scale, MAX_REGION_SIDE / Math.max(size.width, size.height));
      const xs = outline.quad.map((p) => p[0]);
      const ys = outline.quad.map((p) => p[1]);
      const bx = Math.max(0, Math.floor(Math.min(...xs)));
      const by = Math.max(0, Math.floor(Math.min(...ys)));
      // warped at most at the photo's own scale, then enlarged with sharp's Lanczos filter: bilinear
      // sampling would blur the strokes of small text
      const flat = warpQuad(image, outline.quad, size.width * Math.min(1, k), size.height * Math.min(1, k));
      regions.push({
        image: k > 1.05 ? await cropRgb(flat, { x: 0, y: 0, width: flat.width, height: flat.height }, k / Math.min(1, k)) : flat,
        bounds: { x: bx, y: by, width: Math.min(image.width, Math.ceil(Math.max(...xs))) - bx, height: Math.min(image.height, Math.ceil(Math.max(...ys))) - by },
        scale: k,
        boxCount: c.length,
        textHeight: th * k,
        outline: outline.quad,
      });
      continue;
    }
    scale = Math.min(scale, MAX_REGION_SIDE / Math.max(width, height));
    if (Math.abs(scale - 1) <= 0.05) scale = 1; // not worth resampling
    const region: Region = { image: await cropRgb(image, { x, y, width, height }, scale), bounds: { x, y, width, height }, scale, boxCount: c.length, textHeight: th * scale };
    // Text the first pass already saw at a comfortable size is found as well as a second pass would:
    // reuse its boxes (mapped into the region) and save a detection.
    const firstPassScale = FIRST_LIMIT / Math.max(image.width, image.height);
    if (th * firstPassScale >= (opts.reuseTextHeight ?? 28)) {
      region.boxes = c.map((q) => q.map(([px, py]) => [(px - x) * scale, (py - y) * scale]) as Quad);
    }
    regions.push(region);
  }
  regions.sort((a, b) => b.boxCount - a.boxCount);
  return {
    image,
    rotation,
    regions,
    boxes,
    timings: { decodeMs: t1 - t0, detectMs: t2 - t1, orientMs: t3 - t2, regionsMs: performance.now() - t3 },
  };
}

/** Read a region: reuse the first pass's boxes when it had them, else detect at the region's size.
 *  Sub-label lines (small print tucked under a larger line, left-aligned with it: the English
 *  sub-labels of Chinese cards) are not recognized at all — a quarter of the work, and pure noise. */
export async function readRegion(engine: OcrEngine, region: Region, timings?: StageTimings, detTextHeight = 40): Promise<OcrLine[]> {
  let boxes = region.boxes;
  const t0 = performance.now();
  if (!boxes) {
    const side = Math.max(region.image.width, region.image.height);
    const limit = Math.min(1280, Math.max(480, Math.round((side * detTextHeight) / Math.max(8, region.textHeight ?? detTextHeight) / 32) * 32));
    boxes = await engine.detect(region.image, { limit });
  }
  const t1 = performance.now();
  const lines = await engine.recognize(region.image, dropSubLabelBoxes(boxes));
  timings?.add('regionDetect', t1 - t0);
  timings?.add('recognize', performance.now() - t1);
  return lines;
}

/** Milliseconds per stage of one recognition, summed over its regions and passes (the benchmark's
 *  per-stage breakdown reads them from the raw response). */
export class StageTimings {
  private readonly ms: Record<string, number> = {};
  add(stage: string, ms: number): void {
    this.ms[stage] = (this.ms[stage] ?? 0) + ms;
  }
  /** Whole milliseconds per stage. */
  rounded(): Record<string, number> {
    return Object.fromEntries(Object.entries(this.ms).map(([k, v]) => [k, Math.round(v)]));
  }
}

export function dropSubLabelBoxes(boxes: Quad[]): Quad[] {
  const r = boxes.map((q) => {
    const xs = q.map((p) => p[0]);
    const ys = q.map((p) => p[1]);
    return { x0: Math.min(...xs), x1: Math.max(...xs), y0: Math.min(...ys), y1: Math.max(...ys), h: boxH(q), w: boxW(q) };
  });
  const mh = median(r.map((b) => b.h));
  return boxes.filter((_, i) => {
    const b = r[i]!;
    if (b.h >= 0.8 * mh) return true;
    // a larger line right above, starting where this one starts
    const parent = r.find(
      (a, j) =>
        j !== i &&
        a.h >= 1.25 * b.h &&
        Math.abs(a.x0 - b.x0) < 0.6 * a.h &&
        b.y0 - a.y1 > -0.5 * b.h &&
        b.y0 - a.y1 < 0.6 * a.h &&
        Math.min(a.x1, b.x1) - Math.max(a.x0, b.x0) > 0.5 * Math.min(a.w, b.w),
    );
    return !parent;
  });
}
