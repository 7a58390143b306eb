// Plane projective maps (homographies) between four point pairs: how a card photographed at an angle is
// brought back to an upright rectangle. Pure math, no image code.
import type { Point, Quad } from './types';

/** Row-major 3×3 matrix, h[8] normalised to 1. */
export type Homography = readonly number[] & { length: 9 };

/** The homography taking each `from` corner to the matching `to` corner (direct linear transform,
 *  solved exactly for four pairs); null when three of the points are collinear. */
export function homography(from: Quad, to: Quad): Homography | null {
  // unknowns h0..h7 (h8 = 1): two equations per pair
  const a: number[][] = [];
  for (let i = 0; i < 4; i++) {
    const [x, y] = from[i]!;
    const [u, v] = to[i]!;
    a.push([x, y, 1, 0, 0, 0, -u * x, -u * y, u]);
    a.push([0, 0, 0, x, y, 1, -v * x, -v * y, v]);
  }
  const h = solve(a);
  return h ? ([...h, 1] as unknown as Homography) : null;
}

/** Gaussian elimination with partial pivoting on an n×(n+1) augmented matrix. */
function solve(m: number[][]): number[] | null {
  const n = m.length;
  for (let c = 0; c < n; c++) {
    let p = c;
    for (let r = c + 1; r < n; r++) if (Math.abs(m[r]![c]!) > Math.abs(m[p]![c]!)) p = r;
    if (Math.abs(m[p]![c]!) < 1e-12) return null;
    [m[c], m[p]] = [m[p]!, m[c]!];
    const row = m[c]!;
    for (let r = 0; r < n; r++) {
      if (r === c) continue;
      const f = m[r]![c]! / row[c]!;
      if (f === 0) continue;
      for (let k = c; k <= n; k++) m[r]![k]! -= f * row[k]!;
    }
  }
  return m.map((row, i) => row[n]! / row[i]!);
}

export function applyHomography(h: Homography, [x, y]: Point): Point {
  const w = h[6]! * x + h[7]! * y + h[8]!;
  return [(h[0]! * x + h[1]! * y + h[2]!) / w, (h[3]! * x + h[4]! * y + h[5]!) / w];
}

/** The size of the upright rectangle a quad stands for: the mean lengths of its opposite sides. */
export function rectifiedSize(q: Quad): { width: number; height: number } {
  const d = (a: Point, b: Point) => Math.hypot(b[0] - a[0], b[1] - a[1]);
  return { width: (d(q[0], q[1]) + d(q[3], q[2])) / 2, height: (d(q[0], q[3]) + d(q[1], q[2])) / 2 };
}
