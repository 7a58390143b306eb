// Pieces shared by every RecordStore driver, so that they agree byte for byte on ids, defaults,
// search text, the warning index and what statistics read.
import { createHash, randomBytes } from 'node:crypto';
import { hasMarker } from '../../core/errors/brand';
import { z } from 'zod';
import { RecordPageSchema, RecordSchema, type LicenseRecord } from '../../core/contracts/records';
import { compactIdNumber, looksLikeIdNumber, shouldMaskField } from '../../core/privacy/mask';
import { recordPages } from '../../core/records/pages';
import { recordValue } from '../../core/records/value';
import { recordWarningCodes } from '../../core/records/warnings';
import { vehicleIdKey } from '../../core/contracts/review';
import type { NewRecord } from './types';

/** 32 hex characters: unguessable and the same shape as a cloud database _id. */
export function newId(): string {
  return randomBytes(16).toString('hex');
}

/** The record a NewRecord becomes (the store's defaults, DESIGN.md "Records and stores"). */
export function materialize(id: string, input: NewRecord, now: string): LicenseRecord {
  const createdAt = input.createdAt ? new Date(input.createdAt).toISOString() : now;
  return {
    _id: id,
    _openid: input._openid,
    docType: input.docType,
    side: input.side,
    fileID: input.fileID,
    status: input.status,
    provider: input.provider,
    attempts: input.attempts,
    raw: input.raw ?? null,
    recognized: input.recognized,
    extra: input.extra,
    submitted: null,
    corrections: {},
    warnings: input.warnings,
    error: input.error,
    timings: input.timings,
    delivery: 'none',
    createdAt,
    submittedAt: null,
    updatedAt: now,
    ...(input.pages ? { pages: input.pages } : {}),
  };
}

/** A record as a database holds it is a boundary (a row written by an older version, a document edited
 *  in the cloud console): parsed with the records contract's schema, never cast. The error names the
 *  record and the paths that are wrong, never their values (personal data). */
export function parseStoredRecord(doc: unknown): LicenseRecord {
  const r = RecordSchema.safeParse(doc);
  if (r.success) return r.data;
  const id = doc && typeof doc === 'object' && '_id' in doc ? String(doc._id) : '?';
  const paths = r.error.issues.slice(0, 5).map((i) => i.path.join('.') || '(root)');
  throw new StoredRecordError(id, paths);
}

const STORED_RECORD_ERROR: unique symbol = Symbol.for('licenselens.error.StoredRecordError');

export class StoredRecordError extends Error {
  /** The brand `isInstance` recognises in any copy of this module (core/errors/brand.ts). */
  readonly [STORED_RECORD_ERROR] = true;
  static isInstance(e: unknown): e is StoredRecordError {
    return hasMarker(e, STORED_RECORD_ERROR);
  }
  override readonly name = 'StoredRecordError';
  constructor(
    readonly recordId: string,
    readonly paths: string[],
  ) {
    super(`stored record ${recordId} does not match the records contract at ${paths.join(', ')}`);
  }
}

/** Fields the administrators search as substrings (plate, VIN, owner, engine and file number; the
 *  holder's name on personal documents). ID numbers are not among them: see idSearchKey. */
export const SEARCH_KEYS = ['plateNo', 'vin', 'owner', 'name', 'engineNo', 'fileNo'] as const;
const VEHICLE_ID_KEYS = ['plateNo', 'vin'] as const;

/** Fields that hold a citizen ID number (by key, or a driving licence number of an ID's shape). */
const ID_KEYS = ['idNumber', 'licenseNo'] as const;

/** The index key an ID number is searched by: only the whole number matches (a substring search would
 *  let anyone rebuild masked numbers digit by digit), and the query that reaches the database and its
 *  logs carries a digest, never the number. Not a secret: the record itself holds the number. */
export function idSearchKey(value: string): string {
  return createHash('sha256').update(`licenselens-id:${compactIdNumber(value.trim())}`).digest('hex');
}

/** The key to look a search text up by when it is a whole ID number; null otherwise. */
export function idSearchKeyOf(q: string): string | null {
  return looksLikeIdNumber(q) ? idSearchKey(q) : null;
}

export function searchColumns(r: LicenseRecord): {
  plateNo: string | null;
  vin: string | null;
  owner: string | null;
  search: string;
  idKeys: string[];
  /** The administrators' warning filter and statistics read this index. */
  warningCodes: string[];
} {
  const parts = new Set<string>();
  const ids = new Set<string>();
  for (const page of recordPages(r)) {
    const values = (k: string): string[] => [page.recognized[k]?.value, page.submitted?.[k]].filter((v): v is string => !!v);
    for (const k of SEARCH_KEYS) for (const v of values(k)) parts.add(v);
    // Plates and VINs also in their canonical form (full-width folded, no spaces): a value typed as
    // 京Ａ １２３４５ is found by 京A12345, as the duplicate hint and the administrators search for it.
    for (const k of VEHICLE_ID_KEYS) for (const v of values(k)) if (vehicleIdKey(v)) parts.add(vehicleIdKey(v));
    for (const k of ID_KEYS) for (const v of values(k)) if (shouldMaskField(k, v) && looksLikeIdNumber(v)) ids.add(idSearchKey(v));
  }
  return {
    plateNo: recordValue(r, 'plateNo')?.toUpperCase() ?? null,
    vin: recordValue(r, 'vin')?.toUpperCase() ?? null,
    owner: recordValue(r, 'owner') ?? recordValue(r, 'name') ?? null,
    search: [...parts].join('\n').toLowerCase(),
    idKeys: [...ids].sort(),
    warningCodes: recordWarningCodes(r),
  };
}

/** A bare `to` date covers that whole day (interface contract); ISO instants are used as given. */
export function upperBound(to: string): string {
  return /^\d{4}-\d{2}-\d{2}$/.test(to) ? `${to}T23:59:59.999Z` : new Date(to).toISOString();
}
export function lowerBound(from: string): string {
  return /^\d{4}-\d{2}-\d{2}$/.test(from) ? `${from}T00:00:00.000Z` : new Date(from).toISOString();
}

/** China Standard Time calendar days (UTC+8, no DST): statistics' days and the daily limit's. */
export function cstDay(iso: string): string {
  return new Date(new Date(iso).getTime() + 8 * 3600_000).toISOString().slice(0, 10);
}

/** What statistics read of a record (server/admin/stats.ts computes every figure from these rows): a
 *  page is reduced to what the user submitted and changed, warnings to their codes (the stored index,
 *  recordWarningCodes). A row from a database is a boundary like a record: parsed, never cast. */
export const StatsRowSchema = RecordSchema.pick({
  createdAt: true,
  docType: true,
  provider: true,
  status: true,
  timings: true,
  submitted: true,
  corrections: true,
}).extend({
  pages: z.array(RecordPageSchema.pick({ submitted: true, corrections: true })).optional(),
  warningCodes: z.array(z.string()),
});
export type StatsRow = z.infer<typeof StatsRowSchema>;

export function parseStatsRow(row: unknown): StatsRow {
  const r = StatsRowSchema.safeParse(row);
  if (r.success) return r.data;
  throw new StoredRecordError('?', r.error.issues.slice(0, 5).map((i) => i.path.join('.') || '(root)'));
}

/** A whole record as a statistics row (a driver that reads whole documents, the tests' backends). */
export function statsRowOf(r: LicenseRecord): StatsRow {
  return {
    createdAt: r.createdAt,
    docType: r.docType,
    provider: r.provider,
    status: r.status,
    timings: r.timings,
    submitted: r.submitted,
    corrections: r.corrections,
    ...(r.pages ? { pages: r.pages.map((p) => ({ submitted: p.submitted, corrections: p.corrections })) } : {}),
    warningCodes: recordWarningCodes(r),
  };
}
