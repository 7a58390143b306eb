// Pages of one photo: a card region may be one page, or two pages of the same document (the vehicle
// licence's main and second page) lie side by side (two regions) or stacked close enough to form one
// region. Pages are told apart by their own labels: each side prints labels the other does not.
import type { Side } from '../../core/contracts/result';
import type { OcrLine } from './engine';
import { classifications, type DocumentExtractor } from './extract/index';
import type { Region } from './preprocess';

export interface ReadRegion {
  region: Region;
  lines: OcrLine[];
}

export interface Page extends ReadRegion {
  x: DocumentExtractor;
  side: Side | null;
  score: number;
}

/** Share of a side's labels that makes a page of it. */
const PAGE_SCORE = 0.4;
/** Share of labels that makes a region worth splitting into two pages. */
const SPLIT_SCORE = 0.3;

const centre = (l: OcrLine) => ({
  x: (l.box[0][0] + l.box[1][0] + l.box[2][0] + l.box[3][0]) / 4,
  y: (l.box[0][1] + l.box[1][1] + l.box[2][1] + l.box[3][1]) / 4,
});

/** The best document and side of a set of lines, optionally only the wanted side. */
export function bestPage(read: ReadRegion, candidates: readonly DocumentExtractor[], wanted: Side | null): Page | null {
  let best: Page | null = null;
  for (const x of candidates) {
    for (const c of classifications(x, read.lines)) {
      if (wanted && x.sides.includes(wanted) && c.side !== wanted) continue;
      if (!best || c.score > best.score) best = { ...read, x, side: c.side, score: c.score };
    }
  }
  return best;
}

/** Split one region's lines into its two sides' pages along the axis that separates the lines
 *  carrying one side's labels from those carrying the other's; null when no clean split exists. */
export function splitRegion(read: ReadRegion, x: DocumentExtractor): [Page, Page] | null {
  const [a, b] = x.sides;
  if (!a || !b) return null;
  const scores = Object.fromEntries(classifications(x, read.lines).map((c) => [c.side, c.score]));
  if ((scores[a] ?? 0) < SPLIT_SCORE || (scores[b] ?? 0) < SPLIT_SCORE) return null;
  // lines that carry a label of exactly one side
  const marked: { side: Side; x: number; y: number }[] = [];
  for (const l of read.lines) {
    const s = Object.fromEntries(classifications(x, [l]).map((c) => [c.side, c.score]));
    const fa = (s[a] ?? 0) > 0;
    const fb = (s[b] ?? 0) > 0;
    if (fa !== fb) marked.push({ side: fa ? a : b, ...centre(l) });
  }
  let best: { axis: 'x' | 'y'; at: number; first: Side; gap: number } | null = null;
  for (const axis of ['x', 'y'] as const) {
    const sorted = [...marked].sort((p, q) => p[axis] - q[axis]);
    for (let k = 2; k <= sorted.length - 2; k++) {
      const before = sorted.slice(0, k);
      const after = sorted.slice(k);
      for (const first of [a, b]) {
        const errors = before.filter((m) => m.side !== first).length + after.filter((m) => m.side === first).length;
        if (errors > 1) continue;
        const gap = sorted[k]![axis] - sorted[k - 1]![axis];
        if (!best || gap > best.gap) best = { axis, at: (sorted[k]![axis] + sorted[k - 1]![axis]) / 2, first, gap };
      }
    }
  }
  if (!best) return null;
  const { axis, at, first } = best;
  const second = first === a ? b : a;
  const one = read.lines.filter((l) => centre(l)[axis] < at);
  const two = read.lines.filter((l) => centre(l)[axis] >= at);
  const page = (lines: OcrLine[], side: Side): Page => {
    const score = classifications(x, lines).find((c) => c.side === side)?.score ?? 0;
    return { region: read.region, lines, x, side, score };
  };
  return [page(one, first), page(two, second)];
}

/** Every page of a document found among the regions read: two regions of the same document with
 *  different sides, or one region holding both sides; else the single best page. */
export function findPages(reads: readonly ReadRegion[], candidates: readonly DocumentExtractor[], wanted: Side | null): Page[] {
  const best = reads.map((r) => bestPage(r, candidates, null)).filter((p): p is Page => !!p);
  for (let i = 0; i < best.length; i++) {
    for (let j = i + 1; j < best.length; j++) {
      const p = best[i]!;
      const q = best[j]!;
      if (p.x === q.x && p.side && q.side && p.side !== q.side && p.score >= PAGE_SCORE && q.score >= PAGE_SCORE) {
        return readingOrder([p, q]);
      }
    }
  }
  for (const p of best) {
    if (p.x.sides.length < 2) continue;
    const split = splitRegion(p, p.x);
    if (split && split.every((s) => s.score >= PAGE_SCORE)) return split;
  }
  const one = reads.map((r) => bestPage(r, candidates, wanted)).filter((p): p is Page => !!p);
  one.sort((p, q) => q.score - p.score);
  return one.slice(0, 1);
}

function readingOrder(pages: Page[]): Page[] {
  const key = (p: Page) => p.region.bounds;
  return pages.sort((p, q) => {
    const a = key(p);
    const b = key(q);
    // one above the other when they do not overlap vertically by half; else left to right
    const overlap = Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y);
    if (overlap < 0.5 * Math.min(a.height, b.height)) return a.y - b.y;
    return a.x - b.x;
  });
}
