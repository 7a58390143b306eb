// A second page seen but not read (issue #14): when a photo of a two-sided document yields one page,
// the photo may still show the other one (both pages of a licence photographed together, the second
// too small, cut or glared to be read as a page). Its fields would then be missing with nothing to say
// so; this looks for the signs and names them, so the result can ask for a photo of that page.
import type { Side } from '../../core/contracts/result';
import { isCardShaped } from './card-pair';
import { classifications } from './extract/index';
import type { OcrLine } from './engine';
import type { Page, ReadRegion } from './pages';
import { median, type Region } from './preprocess';

/** Share of the other side's labels among the lines read that is more than a stray word. */
const OTHER_LABELS_SCORE = 0.25;
/** A text region this large (in first-pass boxes, relative to the page's) outside the page is a card's
 *  worth of text, not a caption or a sleeve's print. */
const OTHER_REGION_SHARE = 0.4;
/** Lines that must carry the other side's evidence. */
const MIN_LINES = 2;
/** A second card is the size of the page's own (the two pages of a document are printed alike): its
 *  text's area within this factor of the page's either way. */
const CARD_AREA_FACTOR = 2.5;
/** Median recogniser score of a region's lines below which its text was not legible (print read
 *  cleanly scores 0.9 and more; a card too small or blurred to read, well under 0.6). */
const UNREADABLE_SCORE = 0.6;

export type MissingPageSign = 'other-labels' | 'other-region' | 'other-card';

/**
 * Why the photo seems to hold a page of `page`'s document other than those found, or null.
 * `pages` are the pages found, `reads` the regions read (the engine reads every region large enough
 * to be a second page), `regions` every text region found in the photo, read or not.
 */
export function missingPageSign(
  pages: readonly Page[],
  reads: readonly ReadRegion[],
  regions: readonly Region[] = reads.map((r) => r.region),
): { sign: MissingPageSign; side: Side } | null {
  const page = pages[0];
  if (pages.length !== 1 || !page || page.x.sides.length < 2 || !page.side) return null;
  const other = page.x.sides.find((s) => s !== page.side);
  if (!other) return null;
  const scoreFor = (side: Side, lines: readonly OcrLine[]) => classifications(page.x, lines).find((c) => c.side === side)?.score ?? 0;
  // evidence of the other side only: a line that also reads as the page's own side (a label both
  // sides print, e.g. 证号 and 姓名 on a driving licence) is no sign of a second page
  const theirs = (lines: readonly OcrLine[]) => lines.filter((l) => scoreFor(other, [l]) > 0 && scoreFor(page.side!, [l]) === 0);
  // the other side's own labels among any lines read, on more than one line (a single line, a title
  // both pages share the words of, is not a page)
  const evidence = theirs(reads.flatMap((r) => r.lines));
  if (evidence.length >= MIN_LINES && scoreFor(other, evidence) >= OTHER_LABELS_SCORE) return { sign: 'other-labels', side: other };
  // a region of substantial text apart from the page's own, read, with something of the other side in
  // it (an app's screen or a table's print around a card has none)
  const own = page.region;
  const apart = reads.filter((r) => r.region !== own && !overlaps(r.region, own) && r.region.boxCount >= OTHER_REGION_SHARE * own.boxCount);
  if (apart.some((r) => theirs(r.lines).length > 0)) return { sign: 'other-region', side: other };
  // a second card by its shape: a text region apart from the page's, with a card's proportions, the
  // page's size and a card's worth of text, that could not be read (too small, blurred or glared for
  // its labels to show); text that reads cleanly yet holds nothing of the document is something else
  const area = (r: Region) => r.bounds.width * r.bounds.height;
  const unreadable = (r: Region) => {
    const lines = reads.find((x) => x.region === r)?.lines;
    return !lines || median(lines.map((l) => l.score)) < UNREADABLE_SCORE;
  };
  const card = regions.some(
    (r) =>
      r !== own &&
      !overlaps(r, own) &&
      r.boxCount >= OTHER_REGION_SHARE * own.boxCount &&
      isCardShaped(r.bounds) &&
      area(r) * CARD_AREA_FACTOR >= area(own) &&
      area(r) <= CARD_AREA_FACTOR * area(own) &&
      unreadable(r),
  );
  if (card) return { sign: 'other-card', side: other };
  return null;
}

function overlaps(a: Region, b: Region): boolean {
  const A = a.bounds;
  const B = b.bounds;
  const w = Math.min(A.x + A.width, B.x + B.width) - Math.max(A.x, B.x);
  const h = Math.min(A.y + A.height, B.y + B.height) - Math.max(A.y, B.y);
  return w > 0 && h > 0 && w * h > 0.5 * Math.min(A.width * A.height, B.width * B.height);
}
