// A record's field as people see it, shared by the stores' search columns, the export, the web console
// and the mini program's lists. Kept apart from contracts/records.ts so that importing it pulls no zod.
import type { LicenseRecord, RecordPage } from '../contracts/records';

type ValueSource = Pick<LicenseRecord, 'recognized' | 'submitted'> & { pages?: Pick<RecordPage, 'recognized' | 'submitted'>[] | undefined };

/** A field's current value: what the user submitted over what was recognized; undefined when neither.
 *  A two-page record answers from its primary page first, then from its other pages in order. */
export function recordValue(r: ValueSource, key: string): string | undefined {
  const own = r.submitted?.[key] ?? r.recognized?.[key]?.value;
  if (own) return own;
  for (const p of r.pages ?? []) {
    const v = p.submitted?.[key] ?? p.recognized[key]?.value;
    if (v) return v;
  }
  return own;
}

/** The fields a record is known by in lists, first present wins. A person's name comes last: lists show
 *  it in their own owner column, so an ID card's row shows its ID number (masked for administrators)
 *  rather than the name twice. */
export const RECORD_NUMBER_KEYS = [
  'plateNo',
  'licenseNo',
  'idNumber',
  'vin',
  'passportNo',
  'permitNo',
  'certificateNo',
  'creditCode',
  'cardNo',
  'companyName',
  'name',
  'owner',
] as const;

/** A record's number for lists ('' when it has none). */
export function recordNumber(r: ValueSource): string {
  for (const k of RECORD_NUMBER_KEYS) {
    const v = recordValue(r, k);
    if (v) return v;
  }
  return '';
}
