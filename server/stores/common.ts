// Pieces shared by every RecordStore driver, so that they agree byte for byte on ids, defaults,
// search text and statistics.
import { createHash, randomBytes } from 'node:crypto';
import { hasMarker } from '../../core/errors/brand';
import { RecordSchema, type LicenseRecord } from '../../core/contracts/records';
import { compactIdNumber, looksLikeIdNumber, shouldMaskField } from '../../core/privacy/mask';
import { recordPages } from '../../core/records/pages';
import { recordValue } from '../../core/records/value';
import type { NewRecord, StatsQuery, StatsResult } from './types';

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
} {
  const parts = new Set<string>();
  const ids = new Set<string>();
  for (const page of recordPages(r)) {
    const values = (k: string): string[] => [page.recognized[k]?.value, page.submitted?.[k]].filter((v): v is string => !!v);
    for (const k of SEARCH_KEYS) for (const v of values(k)) parts.add(v);
    for (const k of ID_KEYS) for (const v of values(k)) if (shouldMaskField(k, v) && looksLikeIdNumber(v)) ids.add(idSearchKey(v));
  }
  return {
    plateNo: recordValue(r, 'plateNo')?.toUpperCase() ?? null,
    vin: recordValue(r, 'vin')?.toUpperCase() ?? null,
    owner: recordValue(r, 'owner') ?? recordValue(r, 'name') ?? null,
    search: [...parts].join('\n').toLowerCase(),
    idKeys: [...ids].sort(),
  };
}

/** A bare `to` date covers that whole day (interface contract); ISO instants are used as given. */
export function upperBound(to: string): string {
  return /^\d{4}-\d{2}-\d{2}$/.test(to) ? `${to}T23:59:59.999Z` : new Date(to).toISOString();
}
export function lowerBound(from: string): string {
  return /^\d{4}-\d{2}-\d{2}$/.test(from) ? `${from}T00:00:00.000Z` : new Date(from).toISOString();
}

/** Statistics days are China Standard Time calendar days (UTC+8, no DST). */
export function cstDay(iso: string): string {
  return new Date(new Date(iso).getTime() + 8 * 3600_000).toISOString().slice(0, 10);
}

/** Statistics computed from records in memory (the cloud database driver; the SQL driver does it in SQL
 *  and must agree with this). */
export function statsOf(records: Iterable<LicenseRecord>, query: StatsQuery): StatsResult {
  const from = query.from ? lowerBound(query.from) : null;
  const to = query.to ? upperBound(query.to) : null;
  const day = new Map<string, number>();
  const doc = new Map<string, number>();
  const prov = new Map<string, number>();
  const status = new Map<string, number>();
  const corr = new Map<string, { provider: string; field: string; corrected: number; submitted: number }>();
  const durations: number[] = [];
  const inc = (m: Map<string, number>, k: string): void => {
    m.set(k, (m.get(k) ?? 0) + 1);
  };
  for (const r of records) {
    if (from && r.createdAt < from) continue;
    if (to && r.createdAt > to) continue;
    if (query.docType && r.docType !== query.docType) continue;
    inc(day, cstDay(r.createdAt));
    inc(doc, r.docType);
    inc(prov, r.provider ?? 'none');
    inc(status, r.status);
    if (r.status !== 'failed' && typeof r.timings.totalMs === 'number') durations.push(r.timings.totalMs);
    if (r.status === 'submitted') {
      const provider = r.provider ?? 'none';
      // Per page: the back page's fields were reviewed as much as the front page's.
      for (const page of recordPages(r)) {
        for (const field of Object.keys(page.submitted ?? {})) {
          const key = `${provider}\u0000${field}`;
          const e = corr.get(key) ?? { provider, field, corrected: 0, submitted: 0 };
          e.submitted += 1;
          if (Object.hasOwn(page.corrections, field)) e.corrected += 1;
          corr.set(key, e);
        }
      }
    }
  }
  const sorted = (m: Map<string, number>) => [...m.entries()].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  return {
    perDay: sorted(day).map(([d, count]) => ({ day: d, count })),
    perDocType: sorted(doc).map(([docType, count]) => ({ docType, count })),
    perProvider: sorted(prov).map(([provider, count]) => ({ provider, count })),
    perStatus: sorted(status).map(([s, count]) => ({ status: s, count })),
    corrections: [...corr.values()].sort((a, b) =>
      a.provider === b.provider ? (a.field < b.field ? -1 : a.field > b.field ? 1 : 0) : a.provider < b.provider ? -1 : 1,
    ),
    recognitionMs: { median: median(durations), samples: durations.length },
  };
}

/** The middle value, or the mean of the two middle ones (PostgreSQL's percentile_cont(0.5)). */
export function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const v = [...values].sort((a, b) => a - b);
  const mid = v.length >> 1;
  return v.length % 2 ? v[mid]! : (v[mid - 1]! + v[mid]!) / 2;
}
