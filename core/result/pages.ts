// Several pages in one photo (DESIGN.md "Several pages in one photo"): one result per page, joined
// into one result whose top level is the page asked for and whose `pages` lists every page found.
import type { FieldResult, FieldWarning, RecognitionPage, RecognitionResult, Side } from '../contracts/result';
import { crossCheckSides } from '../validate/cross-field';
import { crossCheckVehicle } from '../validate/vehicle-checks';
import { markDoubt } from './doubt';
import { setOwn } from './own';

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
export function joinPages(pages: readonly RecognitionResult[], primary = 0, now = new Date()): RecognitionResult {
  // fields copied with their warnings: the checks between pages add to them, never to the caller's
  const copies = pages.map((p) => ({
    ...p,
    fields: Object.fromEntries(Object.entries(p.fields).map(([k, f]) => [k, { ...f, warnings: [...f.warnings] }])),
    warnings: [...p.warnings],
  }));
  const top = copies[primary] ?? copies[0];
  if (!top) throw new Error('joinPages: no page');
  if (copies.length === 1) return markDoubt(top);
  for (const front of copies) {
    if (front.side !== 'front') continue;
    for (const back of copies) {
      if (back.side !== 'back' || back.docType !== front.docType) continue;
      const ws = crossCheckSides(front, back);
      addWarnings(front.warnings, ws);
      addWarnings(back.warnings, ws);
      // the plate of each page is the doubtful field, and the pages' fields check each other
      // (passengers on the back against the vehicle type on the front)
      for (const f of [front.fields.plateNo, back.fields.plateNo]) if (f) addWarnings(f.warnings, ws);
      const both: Record<string, FieldResult> = {};
      for (const [k, f] of [...Object.entries(back.fields), ...Object.entries(front.fields)]) setOwn(both, k, f);
      crossCheckVehicle(both, now);
    }
  }
  const all = copies.map(({ docType, side, fields, extra, warnings }) => ({ docType, side, fields, extra, warnings }));
  return markDoubt({ ...top, pages: all });
}
