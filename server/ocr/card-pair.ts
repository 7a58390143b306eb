// Two cards in one cluster of text boxes: both pages of a licence photographed or scanned small lie so
// close (side by side, or one above the other) that the gap between them is narrower than the
// clustering's row gap, and their text forms one cluster. Told apart by geometry alone (their labels
// may be too small to read): a straight empty band crosses the cluster near its middle, and each side of
// it has a card's proportions and a card's share of the text. One card never splits: its text is
// about as wide as a card, not twice, and a blank stretch inside it (the back page's remarks) leaves
// halves far flatter than a card.
import type { Quad } from './types';

/** Width over height of a card's text (a vehicle licence page, an ID card: 1.3–2.0 measured on the
 *  synthetic and real pages), with room for the text not reaching the card's edges. */
const CARD_ASPECT = { min: 1.05, max: 2.4 } as const;
/** Width over height of a cluster holding two cards side by side (two card aspects and a gap), and of
 *  two cards stacked: at least and at most. */
const PAIR_SIDE_BY_SIDE = 2.2;
const PAIR_STACKED = 1.05;
/** The empty band lies in this middle share of the cluster (two cards of one document are alike). */
const MIDDLE = { from: 0.3, to: 0.7 } as const;
/** Each card holds at least this share of the cluster's boxes, and at least MIN_BOXES. */
const MIN_SHARE = 0.25;
const MIN_BOXES = 4;
/** The two cards' extents across the cut (heights side by side, widths stacked) agree this well. */
const MIN_ALIKE = 0.6;

interface Rect {
  x0: number;
  x1: number;
  y0: number;
  y1: number;
}

const rectOf = (q: Quad): Rect => {
  const xs = q.map((p) => p[0]);
  const ys = q.map((p) => p[1]);
  return { x0: Math.min(...xs), x1: Math.max(...xs), y0: Math.min(...ys), y1: Math.max(...ys) };
};

const boundsOf = (rs: readonly Rect[]): Rect => ({
  x0: Math.min(...rs.map((r) => r.x0)),
  x1: Math.max(...rs.map((r) => r.x1)),
  y0: Math.min(...rs.map((r) => r.y0)),
  y1: Math.max(...rs.map((r) => r.y1)),
});

const aspect = (r: Rect) => (r.x1 - r.x0) / Math.max(1, r.y1 - r.y0);

export interface CardPair {
  /** The two cards' boxes in reading order: left then right, or top then bottom. */
  cards: [Quad[], Quad[]];
  /** The line between them: x = at (side by side) or y = at (stacked), in the boxes' pixels. */
  axis: 'x' | 'y';
  at: number;
}

/** The cluster's boxes as two cards, or null when it holds one. */
export function splitCardPair(boxes: readonly Quad[]): CardPair | null {
  if (boxes.length < 2 * MIN_BOXES) return null;
  const rects = boxes.map(rectOf);
  const all = boundsOf(rects);
  const a = aspect(all);
  const axis = a >= PAIR_SIDE_BY_SIDE ? 'x' : a <= PAIR_STACKED ? 'y' : null;
  if (!axis) return null;
  const lo = (r: Rect) => (axis === 'x' ? r.x0 : r.y0);
  const hi = (r: Rect) => (axis === 'x' ? r.x1 : r.y1);
  const start = lo(all);
  const extent = hi(all) - start;
  // the widest band no box crosses, with its middle inside the middle share of the cluster
  const sorted = [...rects].sort((p, q) => lo(p) - lo(q));
  let reach = -Infinity;
  let best: { at: number; gap: number } | null = null;
  for (const r of sorted) {
    if (reach > -Infinity && lo(r) > reach) {
      const at = (reach + lo(r)) / 2;
      const share = (at - start) / extent;
      if (share >= MIDDLE.from && share <= MIDDLE.to && (!best || lo(r) - reach > best.gap)) best = { at, gap: lo(r) - reach };
    }
    reach = Math.max(reach, hi(r));
  }
  if (!best) return null;
  const one: Quad[] = [];
  const two: Quad[] = [];
  rects.forEach((r, i) => ((lo(r) + hi(r)) / 2 < best.at ? one : two).push(boxes[i]!));
  const min = Math.max(MIN_BOXES, MIN_SHARE * boxes.length);
  if (one.length < min || two.length < min) return null;
  const A = boundsOf(one.map(rectOf));
  const B = boundsOf(two.map(rectOf));
  for (const r of [A, B]) if (aspect(r) < CARD_ASPECT.min || aspect(r) > CARD_ASPECT.max) return null;
  // the extent across the cut: the two pages of a document are the same size
  const across = (r: Rect) => (axis === 'x' ? r.y1 - r.y0 : r.x1 - r.x0);
  if (Math.min(across(A), across(B)) < MIN_ALIKE * Math.max(across(A), across(B))) return null;
  return { cards: [one, two], axis, at: best.at };
}

/** Whether a text region's bounds have a card's proportions (for a second card seen but not read). */
export function isCardShaped(b: { width: number; height: number }): boolean {
  const a = b.width / Math.max(1, b.height);
  return a >= CARD_ASPECT.min && a <= CARD_ASPECT.max;
}
