// The one definition of a doubtful field (issue #14). Every consumer — the result builder, the stored
// record, the export, the mini program, the web console and the benchmark — reads `doubtful` as set
// here, or asks `isDoubtful` for a field that predates the flag; none decides with its own threshold.
//
// A field is doubtful when a warning says its value may be wrong, or when its score falls below
// DOUBT_BELOW. The score starts at the provider's or the engine's confidence (unknown counts as
// UNKNOWN_CONFIDENCE: a cloud provider that gives none is trusted as far as its checks go) and loses
// a penalty for each soft warning (a cross-check that only says one of two fields is wrong) and for
// each photo warning that affects every field (blur, glare, a small photo).
import type { FieldResult, FieldWarning, RecognitionPage, RecognitionResult } from '../contracts/result';
import { setOwn } from './own';
import { spoiledBy } from './spoiled';

/** Below this score a field is doubtful. Calibrated by `npm run bench:ocr` on the tuning real photos
 *  and the synthetic cards (scripts/bench/doubt.ts prints the figures for other thresholds). */
export const DOUBT_BELOW = 0.8;

/** What a field without a confidence scores before its warnings are counted. */
export const UNKNOWN_CONFIDENCE = 0.9;

/** Warnings that state a fact about the document, not about the reading: never doubt by themselves.
 *  SEAL_NOT_READ: the card's seal is round (no seal text detected), which the engine never reads; the
 *  field is left empty for the user like any unread optional field (measured: on the synthetic and
 *  tuning photos every such empty seal was a round one). */
const FACTS: ReadonlySet<string> = new Set(['PERIOD_EXPIRED', 'SEAL_NOT_READ']);

/** Warnings that say one of two fields is wrong without saying which: a penalty, not a verdict.
 *  ENUM_UNKNOWN is not among them: a vehicle type or use outside the registry's list was, on every
 *  bench photo, a value read in part (中型, 管通客车), so it marks the field like any validator warning. */
export const SOFT_PENALTY: Readonly<Record<string, number>> = {
  VIN_MODEL_YEAR: 0.15,
  VIN_BRAND_MISMATCH: 0.15,
  PASSENGERS_TYPE: 0.15,
  // a brand the hand-kept list lacks may be real: it marks only a reading that was not sure already
  BRAND_UNKNOWN: 0.15,
  // the decoded barcode (self-checking) and the digits printed under it disagree: usually the digits
  BARCODE_MISMATCH: 0.1,
};

/** Photo warnings (result level) and what each takes from every field's score. Authenticity warnings
 *  (photocopy, screen) are for the reviewer and take nothing: the text itself may read well. */
export const PHOTO_PENALTY: Readonly<Record<string, number>> = {
  PHOTO_BLUR: 0.1,
  PHOTO_GLARE: 0.05,
  // measured (bench:ocr, tuning and synthetic): on upload-sized photos it marked right fields only; the
  // engine scales small print up, and what it still misreads carries its own low score
  PHOTO_TOO_SMALL: 0,
  PHOTO_TOO_DARK: 0.05,
  PHOTO_TOO_BRIGHT: 0.05,
  PHOTO_CUT_OFF: 0,
  PHOTO_COVERED: 0,
  PHOTO_PHOTOCOPY: 0,
  PHOTO_SCREEN: 0,
};

type Scored = Pick<FieldResult, 'value' | 'warnings' | 'confidence' | 'box'>;

/** The field's score in 0..1 after its soft warnings and the photo's warnings. */
export function doubtScore(field: Scored, photoWarnings: readonly FieldWarning[] = []): number {
  let score = field.confidence ?? UNKNOWN_CONFIDENCE;
  for (const w of field.warnings) score -= SOFT_PENALTY[w.code] ?? 0;
  for (const w of photoWarnings) score -= PHOTO_PENALTY[w.code] ?? 0;
  return Math.max(0, Math.min(1, score));
}

/** A warning that says this value may be wrong, whatever its score. */
export function hasHardWarning(field: Pick<FieldResult, 'warnings'>): boolean {
  return field.warnings.some((w) => !FACTS.has(w.code) && SOFT_PENALTY[w.code] === undefined);
}

/** The rule. An empty optional field is never doubtful (nothing to check); an empty required one
 *  carries REQUIRED_MISSING and is. A value read under glare, a cover or at the edge that cuts the card
 *  off is (core/result/spoiled.ts). `below` is for the benchmark's calibration sweep only. */
export function isDoubtful(field: Scored, photoWarnings: readonly FieldWarning[] = [], below = DOUBT_BELOW): boolean {
  if (hasHardWarning(field)) return true;
  if (field.value === '' || field.value === '--') return false;
  if (spoiledBy(field.box, photoWarnings)) return true;
  return doubtScore(field, photoWarnings) < below;
}

/** The flag a field carries, or the rule's answer for a field stored before the flag existed. */
export function doubtOf(field: Scored & { doubtful?: boolean | undefined }, photoWarnings: readonly FieldWarning[] = []): boolean {
  return field.doubtful ?? isDoubtful(field, photoWarnings);
}

function markPage<T extends Pick<RecognitionPage, 'fields' | 'warnings'>>(page: T, photo: readonly FieldWarning[]): T {
  const fields: RecognitionPage['fields'] = {};
  for (const [key, f] of Object.entries(page.fields)) {
    setOwn(fields, key, { ...f, doubtful: isDoubtful(f, photo) });
  }
  return { ...page, fields };
}

/** Photo warnings among a page's result-level warnings. */
export function photoWarnings(warnings: readonly FieldWarning[]): FieldWarning[] {
  return warnings.filter((w) => w.code.startsWith('PHOTO_'));
}

/** Sets `doubtful` on every field of every page (recomputed: call it again after adding warnings). */
export function markDoubt(result: RecognitionResult): RecognitionResult {
  const top = markPage(result, photoWarnings(result.warnings));
  if (!result.pages) return top;
  return { ...top, pages: result.pages.map((p) => markPage(p, photoWarnings(p.warnings))) };
}

/** How many fields of a set of pages are doubtful (clients' summaries). */
export function countDoubtful(pages: readonly Pick<RecognitionPage, 'fields' | 'warnings'>[]): number {
  let n = 0;
  for (const p of pages) for (const f of Object.values(p.fields)) if (doubtOf(f, photoWarnings(p.warnings))) n++;
  return n;
}
