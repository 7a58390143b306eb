// The warning codes a record carries: one rule for the stores' warning index (the administrators'
// filter) and the statistics per warning. Kept apart from contracts/records.ts so that importing it
// pulls no zod.
import type { LicenseRecord, RecordPage } from '../contracts/records';
import { recordPages } from './pages';

type WarningSource = Pick<LicenseRecord, 'docType' | 'side' | 'recognized' | 'extra' | 'warnings' | 'submitted' | 'corrections'> & {
  pages?: RecordPage[] | undefined;
};

/** Every code of a warning on the record, page or field level, of any page, as recognized; sorted, each once. */
export function recordWarningCodes(r: WarningSource): string[] {
  const codes = new Set<string>();
  for (const page of recordPages(r)) {
    for (const w of page.warnings) codes.add(w.code);
    for (const f of Object.values(page.recognized)) for (const w of f.warnings) codes.add(w.code);
  }
  return [...codes].sort();
}
