// The administrators' warning filter and per-warning counts, worked out once for both clients (the web
// console and the mini program): which codes the filter offers in which order, and which counts the
// statistics show.
import { isPhotoWarning, PHOTO_WARNING_CODES } from '../quality/result';
import { WARNING_CODES, warningLabel, type WarningCode } from '../validate/warnings';

/** Photo warnings first (what the administrators look for most), then the field and page warnings. */
export const WARNING_FILTER_CODES: readonly WarningCode[] = [...PHOTO_WARNING_CODES, ...WARNING_CODES.filter((c) => !isPhotoWarning(c))];

/** How many of the other warnings the statistics show: the most frequent ones. */
export const TOP_FIELD_WARNINGS = 10;

/** Records per warning, most first (ties by code): every photo warning counted, or the
 *  TOP_FIELD_WARNINGS most frequent of the others. */
export function rankWarnings(perWarning: readonly { code: string; count: number }[], photo: boolean): { code: string; label: string; count: number }[] {
  const rows = perWarning.filter((w) => isPhotoWarning(w.code) === photo).sort((a, b) => b.count - a.count || a.code.localeCompare(b.code));
  return (photo ? rows : rows.slice(0, TOP_FIELD_WARNINGS)).map((w) => ({ code: w.code, label: warningLabel(w.code), count: w.count }));
}
