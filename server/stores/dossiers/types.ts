// The dossier store (issue #18): dossiers and their member records, the expiry dates of records, and
// the reminders sent for them. A small interface of its own beside the record store, with one contract
// suite (test/stores/dossier-contract.ts) run against every driver. Dates cross it as ISO strings.
import type { Dossier, ExpiryItem } from '../../../core/contracts/dossiers';
import type { DossierPurpose } from '../../../core/dossier/purposes';
import type { Expiry } from '../../../core/dossier/expiry';

/** Join times that never tie within one process (two attaches in the same millisecond keep their
 *  order): the clock's reading, or one millisecond after the previous stamp. */
export function joinStamps(now: () => Date): () => string {
  let last = 0;
  return () => {
    last = Math.max(now().getTime(), last + 1);
    return new Date(last).toISOString();
  };
}

export interface NewDossier {
  openid: string;
  vin: string | null;
  plate: string | null;
  purpose: DossierPurpose;
  title: string | null;
}

export interface DueQuery {
  /** Inclusive bounds on the expiry date (YYYY-MM-DD). */
  from?: string;
  until: string;
  openid?: string;
  docType?: string;
  page: number;
  pageSize: number;
}

export interface ReminderKey {
  recordId: string;
  field: string;
  /** The expiry date reminded of: a renewed document (a new date) is reminded again. */
  date: string;
  /** '30d' or '7d' before the date. */
  kind: string;
}

/** A submitted record whose filing (server/dossiers/file.ts) failed: kept until a retry files it. Filing
 *  is idempotent, so retrying it is safe. */
export interface PendingFiling {
  recordId: string;
  /** The dossier the user chose at submit, or null for the vehicle's own. */
  dossierId: string | null;
  /** Retries that failed so far. */
  attempts: number;
  nextAttemptAt: string;
}

export interface DossierStore {
  readonly driver: string;
  create(input: NewDossier): Promise<Dossier>;
  get(id: string): Promise<Dossier | null>;
  /** The user's dossier for a vehicle: the same VIN; else, when either side knows no VIN, the same plate. */
  findForVehicle(openid: string, key: { vin: string | null; plate: string | null }): Promise<Dossier | null>;
  /** Newest first; `q` matches plate or VIN (substring, case-insensitive). */
  list(query: { openid?: string; q?: string; page: number; pageSize: number }): Promise<{ items: Dossier[]; total: number }>;
  update(id: string, patch: Partial<Pick<Dossier, 'purpose' | 'title' | 'vin' | 'plate'>>): Promise<Dossier | null>;
  /** Removes the dossier; its records stay (detached). */
  remove(id: string): Promise<boolean>;
  /** Puts a record in a dossier, moving it out of any other (a record is in at most one). */
  attach(dossierId: string, recordId: string): Promise<void>;
  detach(recordId: string): Promise<boolean>;
  dossierOf(recordId: string): Promise<Dossier | null>;

  /** Replaces the expiry dates stored for a record (the parsed dates beside its printed text). */
  setExpiries(record: { recordId: string; openid: string; docType: string }, expiries: readonly Expiry[]): Promise<void>;
  expiriesOf(recordIds: readonly string[]): Promise<ExpiryItem[]>;
  /** Soonest first. */
  listDue(query: DueQuery): Promise<{ items: ExpiryItem[]; total: number }>;
  /** A deleted record leaves no membership, expiry, pending reminder or pending filing behind. */
  forgetRecord(recordId: string): Promise<void>;

  /** Records the reminder as sent; false when it already was (by this or another worker). */
  claimReminder(key: ReminderKey, at: string): Promise<boolean>;
  /** Gives a claimed reminder back when sending it failed (it will be tried again). */
  releaseReminder(key: ReminderKey): Promise<void>;
  /** One-time subscribe-message acceptances of a user (wx.requestSubscribeMessage), one per message. */
  addReminderCredits(openid: string, n: number): Promise<void>;
  /** Takes one acceptance atomically; false when the user has none left. */
  takeReminderCredit(openid: string): Promise<boolean>;

  /** Keeps a failed filing for a retry, due at `at` (queued again: the newest choice of dossier wins). */
  queueFiling(filing: { recordId: string; dossierId: string | null }, at: string): Promise<void>;
  /** Pending filings due at `now`, soonest first. */
  dueFilings(now: string, limit: number): Promise<PendingFiling[]>;
  /** A retry failed: one more attempt counted, due again at `nextAttemptAt`. */
  deferFiling(recordId: string, nextAttemptAt: string): Promise<void>;
  /** Filed (or nothing left to file): the pending filing is gone. */
  settleFiling(recordId: string): Promise<void>;
}
