// A record's pages as every consumer sees them: a record of a two-page photo carries `pages`, a
// one-page record is its own single page. Kept apart from contracts/records.ts so that importing it
// pulls no zod.
import type { LicenseRecord, RecordPage } from '../contracts/records';

type PageSource = Pick<LicenseRecord, 'docType' | 'side' | 'recognized' | 'extra' | 'warnings' | 'submitted' | 'corrections'> & {
  pages?: RecordPage[] | undefined;
};

/** Every page of a record, in reading order. */
export function recordPages(r: PageSource): RecordPage[] {
  if (r.pages && r.pages.length > 0) return r.pages;
  return [
    {
      docType: r.docType,
      side: r.side,
      recognized: r.recognized ?? {},
      extra: r.extra,
      warnings: r.warnings,
      submitted: r.submitted,
      corrections: r.corrections,
    },
  ];
}

/** Index of the record's primary page (the top level mirrors it) among recordPages(r). */
export function primaryPageIndex(r: PageSource): number {
  const pages = recordPages(r);
  const i = pages.findIndex((p) => p.docType === r.docType && p.side === r.side);
  return i < 0 ? 0 : i;
}
