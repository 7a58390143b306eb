// DB post-processing (PaddleOCR's DBPostProcess): the detector's probability map → rotated text boxes.
import type { Point, Quad } from '../types';

export function dbPostprocess(
  prob: Float32Array,
  w: number,
  h: number,
  o: { threshold: number; boxThreshold: number; unclip: number },
): Quad[] {
  const label = new Int32Array(w * h);
  const quads: Quad[] = [];
  const stack: number[] = [];
  // per row of the current blob: leftmost and rightmost pixel (-1: none), enough for the convex hull;
  // typed arrays reset row by row, not a Map per blob (this runs over every detection's whole map)
  const rowMin = new Int32Array(h).fill(-1);
  const rowMax = new Int32Array(h).fill(-1);
  const rows: number[] = [];
  let next = 0;
  for (let start = 0; start < w * h; start++) {
    if (label[start] !== 0 || prob[start]! <= o.threshold) continue;
    next++;
    label[start] = next;
    stack.push(start);
    for (const y of rows) rowMin[y] = rowMax[y] = -1;
    rows.length = 0;
    let sum = 0;
    let count = 0;
    while (stack.length) {
      const p = stack.pop()!;
      const x = p % w;
      const y = (p - x) / w;
      sum += prob[p]!;
      count++;
      if (rowMin[y] === -1) {
        rows.push(y);
        rowMin[y] = rowMax[y] = x;
      } else if (x < rowMin[y]!) rowMin[y] = x;
      else if (x > rowMax[y]!) rowMax[y] = x;
      // 8-connectivity
      for (let dy = -1; dy <= 1; dy++) {
        const ny = y + dy;
        if (ny < 0 || ny >= h) continue;
        for (let dx = -1; dx <= 1; dx++) {
          const nx = x + dx;
          if (nx < 0 || nx >= w || (dx === 0 && dy === 0)) continue;
          const q = ny * w + nx;
          if (label[q] === 0 && prob[q]! > o.threshold) {
            label[q] = next;
            stack.push(q);
          }
        }
      }
    }
    if (count < 6 || sum / count < o.boxThreshold) continue;
    const pts: Point[] = [];
    for (const y of rows) {
      const x = rowMin[y]!;
      pts.push([x, y], [x + 1, y], [x, y + 1], [x + 1, y + 1]);
      const x2 = rowMax[y]!;
      pts.push([x2, y], [x2 + 1, y], [x2, y + 1], [x2 + 1, y + 1]);
    }
    const rect = minAreaRect(convexHull(pts));
    if (Math.min(rect.w, rect.h) < 3) continue;
    const d = (rect.w * rect.h * o.unclip) / (2 * (rect.w + rect.h));
    const grown = { ...rect, w: rect.w + 2 * d, h: rect.h + 2 * d };
    if (Math.min(grown.w, grown.h) < 5) continue;
    quads.push(rectToQuad(grown));
  }
  return quads;
}

interface Rect {
  cx: number;
  cy: number;
  w: number;
  h: number;
  /** Angle of the w side, radians. */
  angle: number;
}

function convexHull(points: Point[]): Point[] {
  const pts = points.slice().sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  if (pts.length < 3) return pts;
  const cross = (o: Point, a: Point, b: Point) => (a[0] - o[0]) * (b[1] - o[1]) - (a[1] - o[1]) * (b[0] - o[0]);
  const lower: Point[] = [];
  for (const p of pts) {
    while (lower.length >= 2 && cross(lower[lower.length - 2]!, lower[lower.length - 1]!, p) <= 0) lower.pop();
    lower.push(p);
  }
  const upper: Point[] = [];
  for (let i = pts.length - 1; i >= 0; i--) {
    const p = pts[i]!;
    while (upper.length >= 2 && cross(upper[upper.length - 2]!, upper[upper.length - 1]!, p) <= 0) upper.pop();
    upper.push(p);
  }
  return lower.slice(0, -1).concat(upper.slice(0, -1));
}

/** Minimum-area enclosing rectangle (one of its sides is collinear with a hull edge). */
function minAreaRect(hull: Point[]): Rect {
  let best: Rect = { cx: 0, cy: 0, w: 0, h: 0, angle: 0 };
  let bestArea = Infinity;
  for (let i = 0; i < hull.length; i++) {
    const a = hull[i]!;
    const b = hull[(i + 1) % hull.length]!;
    const len = Math.hypot(b[0] - a[0], b[1] - a[1]);
    if (len === 0) continue;
    const ux = (b[0] - a[0]) / len;
    const uy = (b[1] - a[1]) / len;
    let minU = Infinity;
    let maxU = -Infinity;
    let minV = Infinity;
    let maxV = -Infinity;
    for (const p of hull) {
      const pu = p[0] * ux + p[1] * uy;
      const pv = -p[0] * uy + p[1] * ux;
      if (pu < minU) minU = pu;
      if (pu > maxU) maxU = pu;
      if (pv < minV) minV = pv;
      if (pv > maxV) maxV = pv;
    }
    const area = (maxU - minU) * (maxV - minV);
    if (area < bestArea) {
      bestArea = area;
      const cu = (minU + maxU) / 2;
      const cv = (minV + maxV) / 2;
      best = { cx: cu * ux - cv * uy, cy: cu * uy + cv * ux, w: maxU - minU, h: maxV - minV, angle: Math.atan2(uy, ux) };
    }
  }
  return best;
}

/** Rect → quad in reading order, with the reading direction taken as the side nearest horizontal. */
function rectToQuad(r: Rect): Quad {
  let { w, h, angle } = r;
  // normalise angle to (-45°, 45°]; swap sides when rotating by 90°
  while (angle > Math.PI / 4) {
    angle -= Math.PI / 2;
    [w, h] = [h, w];
  }
  while (angle <= -Math.PI / 4) {
    angle += Math.PI / 2;
    [w, h] = [h, w];
  }
  const ux = Math.cos(angle);
  const uy = Math.sin(angle);
  const vx = -uy;
  const vy = ux;
  const p = (su: number, sv: number): Point => [r.cx + (su * w * ux) / 2 + (sv * h * vx) / 2, r.cy + (su * w * uy) / 2 + (sv * h * vy) / 2];
  return [p(-1, -1), p(1, -1), p(1, 1), p(-1, 1)];
}
