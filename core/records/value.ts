// A record's field as people see it, shared by the stores' search columns, the export, the web console
// and the mini program's lists. Kept apart from contracts/records.ts so that importing it pulls no zod.
import type { LicenseRecord } from '../contracts/records';

/** A field's current value: what the user submitted over what was recognized; undefined when neither. */
export function recordValue(r: Pick<LicenseRecord, 'recognized' | 'submitted'>, key: string): string | undefined {
  return r.submitted?.[key] ?? r.recognized?.[key]?.value;
}
