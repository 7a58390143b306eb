// Several pages in one photo (DESIGN.md "Several pages in one photo"): one result per page, joined
// into one result whose top level is the page asked for and whose `pages` lists every page found.
import type { FieldWarning, RecognitionPage, RecognitionResult, Side } from '../contracts/result';
import { crossCheckSides } from '../validate/cross-field';

/** Every page of a result: its `pages`, or the result itself when it holds one page. */
export function resultPages(result: RecognitionResult): RecognitionPage[] {
  if (result.pages && result.pages.length > 0) return result.pages;
  const { docType, side, fields, extra, warnings } = result;
  return [{ docType, side, fields, extra, warnings }];
}

/** The page a caller asked for: the first of that document and side, else the first page. */
export function pickPage(pages: readonly { docType: string; side: Side | null }[], docType: string, side: Side | null): number {
  const i = pages.findIndex((p) => p.docType === docType && p.side === side);
  return i < 0 ? 0 : i;
}

function addWarnings(target: FieldWarning[], ws: readonly FieldWarning[]): void {
  for (const w of ws) if (!target.some((x) => x.code === w.code && x.message === w.message)) target.push(w);
}

/** Joins the results read from one photo (reading order) into one: the top level is `pages[primary]`,
 *  `pages` holds every page when there is more than one. Checks between the pages of one document
 *  (front plate = back plate) become warnings of both pages. */
export function joinPages(pages: readonly RecognitionResult[], primary = 0): RecognitionResult {
  const copies = pages.map((p) => ({ ...p, warnings: [...p.warnings] }));
  const top = copies[primary] ?? copies[0];
  if (!top) throw new Error('joinPages: no page');
  if (copies.length === 1) return top;
  for (const front of copies) {
    if (front.side !== 'front') continue;
    for (const back of copies) {
      if (back.side !== 'back' || back.docType !== front.docType) continue;
      const ws = crossCheckSides(front, back);
      addWarnings(front.warnings, ws);
      addWarnings(back.warnings, ws);
    }
  }
  const all = copies.map(({ docType, side, fields, extra, warnings }) => ({ docType, side, fields, extra, warnings }));
  return { ...top, pages: all };
}
