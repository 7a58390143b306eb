// Dates that expire, read from the printed text of the fields the registry marks (FieldDef.expiry):
// the record keeps the printed text and, beside it, the parsed date (core/dossier used by the due list
// and the reminders). A text that does not parse yields no date: nothing is guessed.
import { findField } from '../documents/registry';
import type { ExpiryKind } from '../documents/types';
import { isRealDate, splitPeriod } from '../normalize/date';
import { unify } from '../normalize/text';

export interface Expiry {
  /** The field that states it (inspectionRecord, validPeriod, expiryDate…). */
  field: string;
  /** YYYY-MM-DD: the last day the document (or its inspection) is valid. */
  date: string;
}

const lastDayOfMonth = (year: number, month: number): string => {
  const d = new Date(Date.UTC(year, month, 0)); // day 0 of the next month
  return d.toISOString().slice(0, 10);
};

/** The last valid day stated by `text`, read as `kind`; null when it states none (长期, unreadable). */
export function parseExpiry(kind: ExpiryKind, text: string): string | null {
  const s = unify(text).replace(/\s+/g, '');
  if (kind === 'period') {
    const p = splitPeriod(s);
    return p && p.end !== '长期' && isRealDate(p.end) ? p.end : null;
  }
  if (kind === 'date') return isRealDate(s) ? s : null;
  // 检验有效期至2027年06月 (the inspection record may carry a plate and more after it); some cards
  // print 2027-06 or 2027.06.
  const m = /有效期至(\d{4})[年\-./](\d{1,2})月?/u.exec(s) ?? /^(\d{4})[年\-./](\d{1,2})月?$/u.exec(s);
  if (!m) return null;
  const year = Number(m[1]);
  const month = Number(m[2]);
  return month >= 1 && month <= 12 && year >= 1990 ? lastDayOfMonth(year, month) : null;
}

/** Every expiry stated by one page's values (submitted, else recognized). */
export function expiriesOf(docType: string, side: 'front' | 'back' | null, values: Record<string, string>): Expiry[] {
  const out: Expiry[] = [];
  for (const [key, text] of Object.entries(values)) {
    const def = findField(docType, key, side);
    if (!def?.expiry || !text) continue;
    const date = parseExpiry(def.expiry, text);
    if (date) out.push({ field: key, date });
  }
  return out;
}

/** Whole days from `today` to `date` (both YYYY-MM-DD); negative once expired. */
export function daysUntil(date: string, today: string): number {
  return Math.round((Date.parse(`${date}T00:00:00Z`) - Date.parse(`${today}T00:00:00Z`)) / 86_400_000);
}
