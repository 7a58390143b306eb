// Pieces shared by every RecordStore driver, so that they agree byte for byte on ids, defaults,
// search text and statistics.
import { randomBytes } from 'node:crypto';
import { hasMarker } from '../../core/errors/brand';
import { RecordSchema, type LicenseRecord } from '../../core/contracts/records';
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

/** Fields the administrators search (plate, VIN, owner; the holder's name on personal documents). */
export const SEARCH_KEYS = ['plateNo', 'vin', 'owner', 'name'] as const;

export function searchColumns(r: LicenseRecord): { plateNo: string | null; vin: string | null; owner: string | null; search: string } {
  const parts = new Set<string>();
  for (const page of recordPages(r)) {
    for (const k of SEARCH_KEYS) {
      const a = page.recognized[k]?.value;
      const b = page.submitted?.[k];
      if (a) parts.add(a);
      if (b) parts.add(b);
    }
  }
  return {
    plateNo: recordValue(r, 'plateNo')?.toUpperCase() ?? null,
    vin: recordValue(r, 'vin')?.toUpperCase() ?? null,
    owner: recordValue(r, 'owner') ?? recordValue(r, 'name') ?? null,
    search: [...parts].join('\n').toLowerCase(),
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
  };
}
