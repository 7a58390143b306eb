// A card's outline in a photo: the four straight edges of the card (or of the sleeve it lies in) around
// a cluster of text boxes. The text says where the card is; the edges say how it is turned and tilted
// (perspective), which text boxes alone cannot: they are small, and each is fitted with a rectangle.
// Edges are found with an orientation-constrained Hough transform on a small grey copy of the area
// around the text: each strong gradient votes only for lines along its own direction, so the vote is
// cheap and the card's long straight edges stand out from the text's short strokes.
import type { Point, Quad, RgbImage } from './types';

export interface Outline {
  /** Card corners in image pixels, reading order TL, TR, BR, BL. */
  quad: Quad;
  /** Largest angle between opposite edges (degrees): how far from a rectangle the card looks. */
  perspective: number;
  /** Angle of the top and bottom edges from horizontal (degrees, mean). */
  skew: number;
}

/** Longest side of the grey copy the edges are looked for in (px). */
const WORK_SIDE = 400;
/** How far beyond the text an edge is looked for, as a share of the text's extent. */
const SEARCH = 0.3;
/** An edge must run straight along at least this share of the text's extent. */
const MIN_SUPPORT = 0.45;
/** An edge candidate has at least this share of the strongest candidate's votes on its side. */
const EDGE_SHARE = 0.6;
/** Angle bins per degree are 1; a gradient votes for its own direction ± this many degrees. */
const SPREAD = 2;

interface Line {
  /** Normal angle (radians) and offset: x·cos θ + y·sin θ = ρ, in work pixels. */
  theta: number;
  rho: number;
  votes: number;
}

/** The card's outline around the given text boxes, or null when its four edges are not all clearly
 *  visible (a card filling the photo, white on white, cut off): callers then keep the text's own
 *  axis-aligned region. */
export function findOutline(image: RgbImage, boxes: readonly Quad[]): Outline | null {
  if (boxes.length < 3) return null;
  const xs = boxes.flatMap((q) => q.map((p) => p[0]));
  const ys = boxes.flatMap((q) => q.map((p) => p[1]));
  const tx0 = Math.min(...xs);
  const tx1 = Math.max(...xs);
  const ty0 = Math.min(...ys);
  const ty1 = Math.max(...ys);
  const tw = tx1 - tx0;
  const th = ty1 - ty0;
  if (tw < 20 || th < 20) return null;
  // the area searched: the text and a margin around it, clamped to the photo
  const wx0 = Math.max(0, Math.floor(tx0 - SEARCH * tw));
  const wy0 = Math.max(0, Math.floor(ty0 - SEARCH * th));
  const wx1 = Math.min(image.width, Math.ceil(tx1 + SEARCH * tw));
  const wy1 = Math.min(image.height, Math.ceil(ty1 + SEARCH * th));
  const k = Math.min(1, WORK_SIDE / Math.max(wx1 - wx0, wy1 - wy0));
  const gw = Math.max(8, Math.round((wx1 - wx0) * k));
  const gh = Math.max(8, Math.round((wy1 - wy0) * k));
  const grey = greyArea(image, wx0, wy0, wx1 - wx0, wy1 - wy0, gw, gh);
  const lines = houghLines(grey, gw, gh);
  // the text's box in work pixels
  const T = { x0: (tx0 - wx0) * k, x1: (tx1 - wx0) * k, y0: (ty0 - wy0) * k, y1: (ty1 - wy0) * k };
  // the text must lie inside the card, on the inner side of each of its edges: each box by the middle
  // of its two ends (the detector grows boxes past the ink, so corners may overhang a close edge)
  const mid = (a: Point, b: Point): Point => [((a[0] + b[0]) / 2 - wx0) * k, ((a[1] + b[1]) / 2 - wy0) * k];
  const pts = boxes.flatMap((q) => [mid(q[0], q[3]), mid(q[1], q[2])]);
  const margin = 0.005 * Math.max(gw, gh);
  const side = (l: Line, [x, y]: Point) => x * Math.cos(l.theta) + y * Math.sin(l.theta) - l.rho;
  /** The share of text corners on the far side of a line from `inside` (which is +1 or -1). */
  const outside = (l: Line, inside: number) => pts.filter((p) => inside * side(l, p) < margin).length / pts.length;
  const horiz = lines.filter((l) => Math.abs(l.theta - Math.PI / 2) < Math.PI / 6);
  const vert = lines.filter((l) => Math.abs(l.theta - Math.PI / 2) > Math.PI / 3);
  // a horizontal line's normal points down (sin θ > 0): the text is on its + side when it is the top
  // edge; a vertical line's normal points right for θ near 0°, left for θ near 180°
  // Of the long lines with the text inside, the one nearest the text: going outwards from the print,
  // the card's own edge comes before a neighbouring page's or the table's (which may be stronger).
  const gap = (l: Line, inside: number) => Math.min(...pts.map((p) => inside * side(l, p)));
  // A line much weaker than the strongest one is print on the card (a rule, a frame), not an edge.
  const strongest = (cands: Line[], need: number, inside: (l: Line) => number) => {
    const ok = cands.filter((l) => l.votes >= need && outside(l, inside(l)) <= 0.03);
    const top = Math.max(0, ...ok.map((l) => l.votes));
    return ok.filter((l) => l.votes >= EDGE_SHARE * top).sort((a, b) => gap(a, inside(a)) - gap(b, inside(b)))[0];
  };
  const needH = MIN_SUPPORT * (T.x1 - T.x0);
  const needV = MIN_SUPPORT * (T.y1 - T.y0);
  const right0 = (l: Line) => (Math.cos(l.theta) > 0 ? 1 : -1);
  const top = strongest(horiz, needH, () => 1);
  const bottom = strongest(horiz, needH, () => -1);
  const left = strongest(vert, needV, (l) => right0(l));
  const right = strongest(vert, needV, (l) => -right0(l));
  if (!top || !bottom || !left || !right) return null;
  const corners = [meet(top, left), meet(top, right), meet(bottom, right), meet(bottom, left)];
  if (corners.some((c) => !c)) return null;
  const quad = corners.map((c) => [c![0] / k + wx0, c![1] / k + wy0]) as Quad;
  if (!isConvex(quad)) return null;
  const deg = (a: number) => (a * 180) / Math.PI;
  // direction angles of the edges: a horizontal edge's normal is at 90°
  const angleBetween = (a: Line, b: Line) => {
    let d = Math.abs(a.theta - b.theta) % Math.PI;
    if (d > Math.PI / 2) d = Math.PI - d;
    return deg(d);
  };
  return {
    quad,
    perspective: Math.max(angleBetween(top, bottom), angleBetween(left, right)),
    skew: deg((top.theta + bottom.theta) / 2 - Math.PI / 2),
  };
}

/** Luminance of an area of the image, resized (box-averaged) to gw×gh. */
function greyArea(image: RgbImage, x0: number, y0: number, w: number, h: number, gw: number, gh: number): Float32Array {
  const out = new Float32Array(gw * gh);
  const cnt = new Float32Array(gw * gh);
  const { data, width } = image;
  // source pixels add to the work pixel they fall in; at most about two per work pixel and axis are
  // read (a 12 MP photo need not be read whole to find four edges)
  const sx = Math.max(1, Math.floor(w / gw / 2));
  const sy = Math.max(1, Math.floor(h / gh / 2));
  for (let y = 0; y < h; y += sy) {
    const gy = Math.min(gh - 1, Math.floor((y * gh) / h));
    for (let x = 0; x < w; x += sx) {
      const gx = Math.min(gw - 1, Math.floor((x * gw) / w));
      const i = ((y0 + y) * width + (x0 + x)) * 3;
      out[gy * gw + gx]! += (data[i]! * 77 + data[i + 1]! * 150 + data[i + 2]! * 29) / 256;
      cnt[gy * gw + gx]!++;
    }
  }
  for (let i = 0; i < out.length; i++) out[i] = cnt[i]! > 0 ? out[i]! / cnt[i]! : 0;
  return out;
}

/** Straight lines of the grey image, strongest first: orientation-constrained Hough votes of the
 *  pixels with a strong gradient, peaks kept one per neighbourhood. */
function houghLines(g: Float32Array, w: number, h: number): Line[] {
  const mag = new Float32Array(w * h);
  const ang = new Float32Array(w * h);
  let count = 0;
  const hist = new Uint32Array(256);
  for (let y = 1; y < h - 1; y++) {
    for (let x = 1; x < w - 1; x++) {
      const i = y * w + x;
      const gx = g[i - w + 1]! + 2 * g[i + 1]! + g[i + w + 1]! - g[i - w - 1]! - 2 * g[i - 1]! - g[i + w - 1]!;
      const gy = g[i + w - 1]! + 2 * g[i + w]! + g[i + w + 1]! - g[i - w - 1]! - 2 * g[i - w]! - g[i - w + 1]!;
      const m = Math.hypot(gx, gy) / 8;
      mag[i] = m;
      ang[i] = Math.atan2(gy, gx);
      hist[Math.min(255, Math.round(m))]!++;
      count++;
    }
  }
  // strong edges: the top 20 % of gradients, and at least a clear step of brightness
  let acc = 0;
  let cut = 255;
  for (let v = 255; v >= 0; v--) {
    acc += hist[v]!;
    if (acc >= 0.2 * count) {
      cut = v;
      break;
    }
  }
  const minMag = Math.max(4, cut);
  const nT = 180;
  const maxRho = Math.ceil(Math.hypot(w, h));
  const nR = 2 * maxRho + 1;
  const votes = new Float32Array(nT * nR);
  const cos = Float64Array.from({ length: nT }, (_, t) => Math.cos((t * Math.PI) / nT));
  const sin = Float64Array.from({ length: nT }, (_, t) => Math.sin((t * Math.PI) / nT));
  for (let y = 1; y < h - 1; y++) {
    for (let x = 1; x < w - 1; x++) {
      const i = y * w + x;
      if (mag[i]! < minMag) continue;
      // the gradient is the line's normal; θ in [0°, 180°)
      let t0 = Math.round((ang[i]! * 180) / Math.PI);
      t0 = ((t0 % 180) + 180) % 180;
      for (let d = -SPREAD; d <= SPREAD; d++) {
        const t = (t0 + d + nT) % nT;
        const rho = Math.round(x * cos[t]! + y * sin[t]!);
        votes[t * nR + rho + maxRho]! += 1;
      }
    }
  }
  // peaks: local maxima over ±2° and ±3 px, at least a tenth of the shorter side
  const floor = 0.1 * Math.min(w, h);
  const out: Line[] = [];
  for (let t = 0; t < nT; t++) {
    for (let r = 0; r < nR; r++) {
      const v = votes[t * nR + r]!;
      if (v < floor) continue;
      let peak = true;
      for (let dt = -2; dt <= 2 && peak; dt++) {
        const tt = (t + dt + nT) % nT;
        // θ wraps with ρ's sign: near 0°/180° the neighbour across the wrap is at -ρ
        const wrap = t + dt < 0 || t + dt >= nT;
        for (let dr = -3; dr <= 3; dr++) {
          if (dt === 0 && dr === 0) continue;
          const rr = wrap ? 2 * maxRho - r - dr : r + dr;
          if (rr < 0 || rr >= nR) continue;
          const u = votes[tt * nR + rr]!;
          if (u > v || (u === v && (dt < 0 || (dt === 0 && dr < 0)))) {
            peak = false;
            break;
          }
        }
      }
      // an edge two pixels wide splits its votes between neighbouring offsets: count them together
      const band = v + (r > 0 ? votes[t * nR + r - 1]! : 0) + (r + 1 < nR ? votes[t * nR + r + 1]! : 0);
      if (peak) out.push({ theta: (t * Math.PI) / nT, rho: r - maxRho, votes: band });
    }
  }
  return out.sort((a, b) => b.votes - a.votes).slice(0, 200);
}

function meet(a: Line, b: Line): Point | null {
  const ca = Math.cos(a.theta);
  const sa = Math.sin(a.theta);
  const cb = Math.cos(b.theta);
  const sb = Math.sin(b.theta);
  const det = ca * sb - sa * cb;
  if (Math.abs(det) < 1e-6) return null;
  return [(a.rho * sb - b.rho * sa) / det, (ca * b.rho - cb * a.rho) / det];
}

function isConvex(q: Quad): boolean {
  let sign = 0;
  for (let i = 0; i < 4; i++) {
    const a = q[i]!;
    const b = q[(i + 1) % 4]!;
    const c = q[(i + 2) % 4]!;
    const cross = (b[0] - a[0]) * (c[1] - b[1]) - (b[1] - a[1]) * (c[0] - b[0]);
    if (cross === 0) return false;
    if (sign === 0) sign = Math.sign(cross);
    else if (Math.sign(cross) !== sign) return false;
  }
  return true;
}
