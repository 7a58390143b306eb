// The record store interface (DESIGN.md "Records and stores"). One contract suite
// (test/stores/contract.ts) runs against every driver: the WeChat cloud database (wx-server-sdk),
// PGlite and PostgreSQL. Dates cross this interface as ISO 8601 strings.
import type { AuditEntryView, Correction, DeliveryStatus, LicenseRecord, RecordPage, RecordStatus } from '../../core/contracts/records';
import type { StatsRow } from './common';

export type { StatsRow };

/** What the pipeline hands over; the store assigns _id, createdAt, updatedAt and the defaults
 *  (submitted null, corrections {}, submittedAt null, delivery 'none'). */
export type NewRecord = Omit<
  LicenseRecord,
  '_id' | 'createdAt' | 'updatedAt' | 'submitted' | 'corrections' | 'submittedAt' | 'delivery'
> & { createdAt?: string };

export interface RecordQuery {
  /** Restrict to one owner (a user's own history); undefined = everyone (administrators). */
  openid?: string;
  status?: RecordStatus;
  docType?: string;
  /** Inclusive ISO bounds on createdAt. `to` given as a bare date covers that whole day. */
  from?: string;
  to?: string;
  /** Matches plate, VIN, owner, engine or file number (recognized or submitted values, on any page),
   *  case-insensitive substring; or, when it is a whole citizen ID number, a record holding that number. */
  q?: string;
  /** Only records carrying this warning code (core/records/warnings.ts: any page, record or field level). */
  warning?: string;
  page: number;
  pageSize: number;
}

export interface NewOutboxEntry {
  /** Sent as the Idempotency-Key header; unique per record submission. */
  idempotencyKey: string;
  payload: unknown;
  nextAttemptAt: string;
}

export interface OutboxEntry extends NewOutboxEntry {
  _id: string;
  recordId: string;
  status: Exclude<DeliveryStatus, 'none'>;
  attempts: number;
  lastError: string | null;
  createdAt: string;
  updatedAt: string;
  deliveredAt: string | null;
}

export interface SubmitInput {
  openid: string;
  submitted: Record<string, string>;
  corrections: Record<string, Correction>;
  submittedAt: string;
  /** A record of several pages: every page with its own submission (replaces the record's pages). */
  pages?: RecordPage[];
  /** Queued in the same write as the submission (the outbox pattern); absent when no webhook is set. */
  outbox?: NewOutboxEntry;
  /** Written in the same transaction, only when the record changes: no submission without its entry. */
  audit?: Omit<AuditEntry, '_id'>;
}

/** An audit log entry as stored; the records API returns it as is (`audit`). */
export type AuditEntry = AuditEntryView;

/** Filters of the audit log; `from`/`to` bound `at` like RecordQuery bounds createdAt. */
export interface AuditFilter {
  actor?: string;
  action?: string;
  from?: string;
  to?: string;
}

export interface StatsQuery {
  from?: string;
  to?: string;
  docType?: string;
}

/** The records themselves: writes, reads, retention of their photos, the per-user daily limit and
 *  the narrow read statistics are computed from (server/admin/stats.ts, the one place they are). */
export interface RecordsStore {
  insertRecord(record: NewRecord): Promise<LicenseRecord>;
  getRecord(id: string): Promise<LicenseRecord | null>;
  listRecords(query: RecordQuery): Promise<{ items: LicenseRecord[]; total: number }>;
  /** Atomic and idempotent: only a record in status 'recognized' owned by input.openid becomes
   *  'submitted' (with its outbox entry and audit entry in the same write). A record already submitted
   *  is returned unchanged with changed=false; a missing/foreign record yields null. */
  submitRecord(id: string, input: SubmitInput): Promise<{ record: LicenseRecord; changed: boolean } | null>;
  /** Deletes the record and its outbox entries (their payload is the record's personal data) in one write. */
  deleteRecord(id: string): Promise<boolean>;
  /** Records whose photo is older than `before` and still present (retention). */
  listPhotosBefore(before: string, limit: number): Promise<{ _id: string; fileID: string }[]>;
  clearPhoto(id: string): Promise<void>;
  /** Per-user daily recognition limit (it protects the paid quota): takes one of `limit` slots of
   *  `day` for `openid`, atomically however many callers race, in a counter of its own that deleting
   *  records does not touch. False when the day's slots are all taken. */
  reserveDailySlot(openid: string, day: string, limit: number): Promise<boolean>;
  /** Gives a reserved slot back (a recognition refused before any provider was charged). Never below 0. */
  releaseDailySlot(openid: string, day: string): Promise<void>;
  /** The records created in the range (inclusive bounds like RecordQuery's) of the document type, with
   *  only what statistics read (StatsRow), in batches so that a large table never sits in memory at once.
   *  No figure is computed here: every driver answers the same rows, in any order. */
  statsRows(query: StatsQuery): AsyncIterable<StatsRow[]>;
}

/** Delivery to the business backend: entries are queued by `RecordsStore.submitRecord`. */
export interface OutboxStore {
  dueDeliveries(now: string, limit: number): Promise<OutboxEntry[]>;
  /** Leases up to `limit` due entries (status 'pending', nextAttemptAt ≤ now), oldest due first, by
   *  setting nextAttemptAt to `leaseUntil` (> now). Atomic per entry: however many workers claim at
   *  once, each entry goes to exactly one of them. Returns the claimed entries as they are after it. */
  claimDeliveries(now: string, leaseUntil: string, limit: number): Promise<OutboxEntry[]>;
  /** Retention: drops the payload (personal data) of up to `limit` entries delivered before `before`;
   *  status, attempts and times stay for the administrators. Returns how many were pruned. */
  pruneDeliveredPayloads(before: string, limit: number): Promise<number>;
  /** Also mirrors `status` onto the record's `delivery`. */
  updateDelivery(
    id: string,
    patch: Partial<Pick<OutboxEntry, 'status' | 'attempts' | 'lastError' | 'nextAttemptAt' | 'deliveredAt'>>,
  ): Promise<void>;
  getDeliveryByRecord(recordId: string): Promise<OutboxEntry | null>;
}

/** What administrators did (list, view, export, reveal, submit), newest first. */
export interface AuditLog {
  appendAudit(entry: Omit<AuditEntry, '_id'>): Promise<void>;
  /** Newest first; only the entries matching every given filter. */
  listAudit(page: number, pageSize: number, filter?: AuditFilter): Promise<{ items: AuditEntry[]; total: number }>;
}

/** Who is an administrator: configuration (ADMIN_OPENIDS) or the `admins` table/collection. */
export interface AdminDirectory {
  isAdmin(openid: string): Promise<boolean>;
}

/** Every part one driver provides over one database (a submit writes records, outbox and audit in one
 *  transaction, so the parts share a connection). Callers take the narrowest part they use. */
export interface RecordStore extends RecordsStore, OutboxStore, AuditLog, AdminDirectory {
  readonly driver: string;
  close(): Promise<void>;
}

/** The clock every timestamp a store writes follows (the handlers' `now`), so tests and replays agree. */
export type Clock = () => Date;

/** Photos: cloud storage in the cloud, DATA_DIR/files (or S3-compatible storage) for the local server. */
export interface PhotoStore {
  put(bytes: Buffer, mime: string, owner: string): Promise<string>;
  get(fileID: string): Promise<{ bytes: Buffer; mime: string } | null>;
  delete(fileID: string): Promise<void>;
  /** A short-lived URL for whoever may see the photo. */
  temporaryUrl(fileID: string, ttlSeconds: number): Promise<string>;
}
