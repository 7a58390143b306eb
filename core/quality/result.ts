// Photo warnings on a recognition result (issue #14): the pixel findings of core/quality/pixels.ts
// become result-level warnings with stable codes and Chinese messages, plus what only the reading can
// tell (fields covered), and the doubt flags are recomputed since some photo warnings lower them.
import type { FieldWarning, RecognitionPage, RecognitionResult } from '../contracts/result';
import { fieldDefs } from '../documents/registry';
import { markDoubt } from '../result/doubt';
import { warning, type WarningCode } from '../validate/warnings';
import type { Box } from '../result/box';
import { coverRegions, type CellGrid } from './patches';
import type { PixelFinding } from './pixels';

/** Every photo warning code, quality first, then authenticity (for the reviewer). */
export const PHOTO_WARNING_CODES = [
  'PHOTO_BLUR',
  'PHOTO_GLARE',
  'PHOTO_CUT_OFF',
  'PHOTO_TOO_SMALL',
  'PHOTO_COVERED',
  'PHOTO_TOO_DARK',
  'PHOTO_TOO_BRIGHT',
  'PHOTO_PHOTOCOPY',
  'PHOTO_SCREEN',
] as const satisfies readonly WarningCode[];
export type PhotoWarningCode = (typeof PHOTO_WARNING_CODES)[number];

/** Photo warnings that mean "take the photo again" (the authenticity ones are for the reviewer). */
export const RETAKE_CODES: ReadonlySet<string> = new Set<PhotoWarningCode>([
  'PHOTO_BLUR', 'PHOTO_GLARE', 'PHOTO_CUT_OFF', 'PHOTO_TOO_SMALL', 'PHOTO_COVERED', 'PHOTO_TOO_DARK', 'PHOTO_TOO_BRIGHT',
]);

export const isPhotoWarning = (code: string): code is PhotoWarningCode => (PHOTO_WARNING_CODES as readonly string[]).includes(code);

/** A page read mostly well but missing required fields: something covers part of the card. Half the
 *  fields read is the least for "mostly" (a page read badly throughout is a blur or a wrong document). */
const COVERED_MIN_READ = 0.5;

/** The required fields of a page that came back empty, when the rest of the page was read. */
export function coveredFields(page: Pick<RecognitionPage, 'docType' | 'side' | 'fields'>): string[] {
  const defs = fieldDefs(page.docType, page.side);
  if (defs.length === 0) return [];
  const read = defs.filter((d) => {
    const v = page.fields[d.key]?.value ?? '';
    return v !== '';
  }).length;
  if (read / defs.length < COVERED_MIN_READ) return [];
  return defs.filter((d) => d.required && (page.fields[d.key]?.value ?? '') === '').map((d) => d.label);
}

function addOnce(ws: FieldWarning[], w: FieldWarning): FieldWarning[] {
  return ws.some((x) => x.code === w.code) ? ws : [...ws, w];
}

/** Where the page's text is: the union of its fields' boxes, grown by two lines up and down (a field
 *  under a cover has no box) and a little sideways; undefined when the provider gives no boxes. */
export function textArea(page: Pick<RecognitionPage, 'fields'>): Box | undefined {
  const boxes = Object.values(page.fields).flatMap((f) => (f.box ? [f.box] : []));
  if (boxes.length === 0) return undefined;
  const heights = boxes.map((b) => b.height).sort((a, b) => a - b);
  const dy = 2 * (heights[Math.floor(heights.length / 2)] ?? 0);
  const dx = 0.03;
  const x0 = Math.max(0, Math.min(...boxes.map((b) => b.x)) - dx);
  const y0 = Math.max(0, Math.min(...boxes.map((b) => b.y)) - dy);
  const x1 = Math.min(1, Math.max(...boxes.map((b) => b.x + b.width)) + dx);
  const y1 = Math.min(1, Math.max(...boxes.map((b) => b.y + b.height)) + dy);
  return { x: x0, y: y0, width: x1 - x0, height: y1 - y0 };
}

const meets = (a: Box, b: Box) => a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;

/** What the pixels tell of where: each spatial finding's regions (locateFindings), the cells a
 *  cover may be in (PixelFigures.cover), and the photo's height in pixels (how tall its print is). */
export interface PhotoWhere {
  regions?: Partial<Record<PixelFinding, readonly Box[]>>;
  cover?: CellGrid;
  photoHeight?: number;
}

/** Print whose lines (the reading's boxes, a little taller than the characters) are this many pixels
 *  tall reads well however small the photo: a card filling a 600-px photo is not "too far". Measured
 *  (scripts/bench, synthetic): lines of the 450-px "small" photos are 15–21 px, of 1280-px ones 43+. */
export const MIN_PRINT_PX = 24;

/** The median height of the page's boxes in pixels, or undefined without boxes. */
function printHeight(page: Pick<RecognitionPage, 'fields'>, photoHeight: number): number | undefined {
  const hs = Object.values(page.fields).flatMap((f) => (f.box ? [f.box.height * photoHeight] : [])).sort((a, b) => a - b);
  return hs[Math.floor(hs.length / 2)];
}

/** The result with the photo's findings on every page (a photo's problem is every page's), each
 *  spatial one with its regions so the fields read there are doubtful, and per page PHOTO_COVERED when
 *  required fields are missing from a page otherwise read; doubt recomputed. Where the reading gives
 *  boxes, the page's text decides: glare that touches none of it is dropped, a small photo with large
 *  print is not too small, and a cover needs a flat patch unlike the paper over it (its region). */
export function withPhotoWarnings(result: RecognitionResult, findings: readonly PixelFinding[], where: PhotoWhere = {}): RecognitionResult {
  const photo = findings.map((f): FieldWarning => {
    const regions = where.regions?.[f];
    return regions?.length ? { ...warning(f), regions: regions.map((r) => ({ ...r })) } : warning(f);
  });
  const onPage = <T extends Pick<RecognitionPage, 'docType' | 'side' | 'fields' | 'warnings'>>(p: T): T => {
    const area = textArea(p);
    let ws = p.warnings;
    const print = where.photoHeight ? printHeight(p, where.photoHeight) : undefined;
    for (const w of photo) {
      // a bright patch off the card's text (a white background round the card) is no glare on it
      if (w.code === 'PHOTO_GLARE' && w.regions && area && !w.regions.some((r) => meets(r, area))) continue;
      // a small photo whose card fills it: its print is large enough
      if (w.code === 'PHOTO_TOO_SMALL' && print !== undefined && print >= MIN_PRINT_PX) continue;
      ws = addOnce(ws, w);
    }
    const missing = findings.includes('PHOTO_CUT_OFF') ? [] : coveredFields(p);
    if (missing.length > 0) {
      const covered = warning('PHOTO_COVERED', `未识别到：${missing.join('、')}`);
      if (!area || !where.cover) ws = addOnce(ws, covered);
      else {
        // fields missing and a flat patch unlike the paper over the text: a cover, and where it lies
        // (measured: a value read beside such a patch alone is as often blur or a sleeve as a cover)
        const regions = coverRegions(where.cover, area);
        if (regions.length > 0) ws = addOnce(ws, { ...covered, regions });
      }
    }
    return { ...p, warnings: ws };
  };
  const top = onPage(result);
  return markDoubt(result.pages ? { ...top, pages: result.pages.map(onPage) } : top);
}
