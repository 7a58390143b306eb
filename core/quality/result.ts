// Photo warnings on a recognition result (issue #14): the pixel findings of core/quality/pixels.ts
// become result-level warnings with stable codes and Chinese messages, plus what only the reading can
// tell (fields covered), and the doubt flags are recomputed since some photo warnings lower them.
import type { FieldWarning, RecognitionPage, RecognitionResult } from '../contracts/result';
import { fieldDefs } from '../documents/registry';
import { markDoubt } from '../result/doubt';
import { warning, type WarningCode } from '../validate/warnings';
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

/** The result with the photo's findings on every page (a photo's problem is every page's) and, per
 *  page, PHOTO_COVERED when required fields are missing from a page otherwise read; doubt recomputed. */
export function withPhotoWarnings(result: RecognitionResult, findings: readonly PixelFinding[]): RecognitionResult {
  const photo = findings.map((f) => warning(f));
  const onPage = <T extends Pick<RecognitionPage, 'docType' | 'side' | 'fields' | 'warnings'>>(p: T): T => {
    let ws = p.warnings;
    for (const w of photo) ws = addOnce(ws, w);
    const missing = findings.includes('PHOTO_CUT_OFF') ? [] : coveredFields(p);
    if (missing.length > 0) ws = addOnce(ws, warning('PHOTO_COVERED', `未识别到：${missing.join('、')}`));
    return { ...p, warnings: ws };
  };
  const top = onPage(result);
  return markDoubt(result.pages ? { ...top, pages: result.pages.map(onPage) } : top);
}
