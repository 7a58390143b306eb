// What a submission writes: per page of the record, the submitted values (recognized values overlaid by
// the user's) and the diff recognized → submitted. A one-page body (`fields`) is the primary page's.
import { ApiError } from '../../core/contracts/errors';
import type { Correction, LicenseRecord, RecordPage, SubmitRequest } from '../../core/contracts/records';
import type { RecognitionPage } from '../../core/contracts/result';
import { fieldDefs, getDocument } from '../../core/documents/registry';
import { primaryPageIndex, recordPages } from '../../core/records/pages';

type PageFields = Pick<RecordPage, 'docType' | 'side' | 'extra'> & { recognized: RecordPage['recognized'] | null };

/** The pages of a recognition as a record stores them, nothing submitted yet. */
export function recordPagesOf(pages: readonly RecognitionPage[]): RecordPage[] {
  return pages.map((p) => ({ docType: p.docType, side: p.side, recognized: p.fields, extra: p.extra, warnings: p.warnings, submitted: null, corrections: {} }));
}

/** Keys a submission may carry for a page: the registry's fields of its document and side, plus the
 *  keys the provider returned (recognized fields and kept extra keys). */
export function allowedFieldKeys(page: PageFields): Set<string> {
  const keys = new Set<string>();
  const sides = page.side ? [page.side] : (getDocument(page.docType)?.sides ?? []);
  if (sides.length === 0) for (const f of fieldDefs(page.docType, null)) keys.add(f.key);
  for (const side of sides) for (const f of fieldDefs(page.docType, side)) keys.add(f.key);
  for (const k of Object.keys(page.recognized ?? {})) keys.add(k);
  for (const k of Object.keys(page.extra)) keys.add(k);
  return keys;
}

function recognizedValue(page: PageFields, key: string): string {
  const field = page.recognized?.[key];
  if (field) return field.value;
  const extra = page.extra[key];
  return typeof extra === 'string' || typeof extra === 'number' ? String(extra) : '';
}

/** The submitted values of a page and the diff recognized → submitted. */
export function diffSubmission(
  page: PageFields,
  fields: Record<string, string>,
): { submitted: Record<string, string>; corrections: Record<string, Correction> } {
  const submitted: Record<string, string> = {};
  for (const [k, f] of Object.entries(page.recognized ?? {})) submitted[k] = f.value;
  const corrections: Record<string, Correction> = {};
  for (const [k, raw] of Object.entries(fields)) {
    const to = raw.trim();
    const from = recognizedValue(page, k);
    submitted[k] = to;
    if (from !== to) corrections[k] = { from, to };
  }
  return { submitted, corrections };
}

export interface Submission {
  /** The primary page's (the record's top level). */
  submitted: Record<string, string>;
  corrections: Record<string, Correction>;
  /** Every page with its submission, for a record of several pages. */
  pages?: RecordPage[];
}

/** Checks a submit body against the record's pages and computes what it writes. */
export function planSubmission(record: LicenseRecord, req: Pick<SubmitRequest, 'fields' | 'pages'>): Submission {
  const pages = recordPages(record);
  const primary = primaryPageIndex(record);
  if (req.fields !== undefined && req.pages !== undefined) {
    throw new ApiError('INVALID_ARGUMENT', '请只提交 fields 或 pages 其中之一');
  }
  if (req.pages !== undefined && req.pages.length !== pages.length) {
    throw new ApiError('INVALID_ARGUMENT', `该记录有 ${pages.length} 页，提交了 ${req.pages.length} 页`, { pages: pages.length });
  }
  const given = pages.map((_, i) => (req.pages ? req.pages[i]?.fields : i === primary ? req.fields : undefined) ?? {});
  const unknown = pages.flatMap((page, i) => {
    const allowed = allowedFieldKeys(page);
    return Object.keys(given[i] ?? {}).filter((k) => !allowed.has(k));
  });
  if (unknown.length) throw new ApiError('INVALID_ARGUMENT', `未知的字段：${[...new Set(unknown)].join('、')}`, { fields: unknown });

  const done = pages.map((page, i) => ({ ...page, ...diffSubmission(page, given[i] ?? {}) }));
  const top = done[primary]!;
  return { submitted: top.submitted, corrections: top.corrections, ...(record.pages ? { pages: done } : {}) };
}
