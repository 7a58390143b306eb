// Schema migrations, applied in order when a store opens. Each runs once, inside one transaction;
// PostgreSQL instances starting together serialize on an advisory lock.
import type { LicenseRecord } from '../../../core/contracts/records';
import { searchColumns } from '../common';
import type { Queryable, SqlAdapter } from './adapter';

interface Migration {
  version: number;
  up: (trigram: boolean) => string;
  /** Rewrites existing rows with a rule only the application knows (after `up`, same transaction). */
  backfill?: (tx: Queryable) => Promise<void>;
}

const MIGRATIONS: Migration[] = [
  {
    version: 1,
    up: (trigram) => `
      CREATE TABLE records (
        id text PRIMARY KEY,
        openid text NOT NULL,
        doc_type text NOT NULL,
        status text NOT NULL,
        provider text,
        plate_no text,
        vin text,
        owner text,
        search text NOT NULL DEFAULT '',
        file_id text,
        created_at timestamptz NOT NULL,
        updated_at timestamptz NOT NULL,
        doc jsonb NOT NULL
      );
      CREATE INDEX records_created_idx ON records (created_at DESC, id DESC);
      CREATE INDEX records_openid_created_idx ON records (openid, created_at DESC, id DESC);
      CREATE INDEX records_status_created_idx ON records (status, created_at DESC, id DESC);
      CREATE INDEX records_doctype_created_idx ON records (doc_type, created_at DESC, id DESC);
      CREATE INDEX records_plate_idx ON records (plate_no);
      CREATE INDEX records_vin_idx ON records (vin);
      CREATE INDEX records_photo_idx ON records (created_at) WHERE file_id IS NOT NULL;
      ${trigram ? 'CREATE INDEX records_search_trgm_idx ON records USING gin (search gin_trgm_ops);' : ''}

      CREATE TABLE outbox (
        id text PRIMARY KEY,
        record_id text NOT NULL,
        idempotency_key text NOT NULL UNIQUE,
        payload jsonb NOT NULL,
        status text NOT NULL,
        attempts integer NOT NULL DEFAULT 0,
        last_error text,
        next_attempt_at timestamptz NOT NULL,
        created_at timestamptz NOT NULL,
        updated_at timestamptz NOT NULL,
        delivered_at timestamptz
      );
      CREATE INDEX outbox_due_idx ON outbox (status, next_attempt_at);
      CREATE INDEX outbox_record_idx ON outbox (record_id);

      CREATE TABLE audit (
        seq bigserial,
        id text PRIMARY KEY,
        actor text NOT NULL,
        action text NOT NULL,
        target text,
        details jsonb,
        at timestamptz NOT NULL
      );
      CREATE INDEX audit_at_idx ON audit (at DESC, seq DESC);

      CREATE TABLE admins (
        openid text PRIMARY KEY,
        added_at timestamptz NOT NULL
      );
    `,
  },
];

MIGRATIONS.push({
  version: 2,
  // Administrators' list totals without counting tens of thousands of rows: per (status, document type)
  // counters kept by triggers. Records' jsonb moves out of line (TOAST) so that scans read narrow rows.
  up: () => `
    CREATE TABLE record_counts (
      status text NOT NULL,
      doc_type text NOT NULL,
      n bigint NOT NULL,
      PRIMARY KEY (status, doc_type)
    );
    INSERT INTO record_counts (status, doc_type, n) SELECT status, doc_type, count(*) FROM records GROUP BY 1, 2;

    CREATE FUNCTION records_count_row() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      IF TG_OP IN ('UPDATE', 'DELETE') THEN
        UPDATE record_counts SET n = n - 1 WHERE status = OLD.status AND doc_type = OLD.doc_type;
      END IF;
      IF TG_OP IN ('INSERT', 'UPDATE') THEN
        INSERT INTO record_counts (status, doc_type, n) VALUES (NEW.status, NEW.doc_type, 1)
        ON CONFLICT (status, doc_type) DO UPDATE SET n = record_counts.n + 1;
      END IF;
      RETURN NULL;
    END $$;
    CREATE TRIGGER records_count_row AFTER INSERT OR DELETE OR UPDATE OF status, doc_type ON records
      FOR EACH ROW EXECUTE FUNCTION records_count_row();

    CREATE FUNCTION records_count_truncate() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      DELETE FROM record_counts;
      RETURN NULL;
    END $$;
    CREATE TRIGGER records_count_truncate AFTER TRUNCATE ON records
      FOR EACH STATEMENT EXECUTE FUNCTION records_count_truncate();

    ALTER TABLE records SET (toast_tuple_target = 128);
    CREATE INDEX records_status_doctype_created_idx ON records (status, doc_type, created_at DESC, id DESC);
  `,
});

MIGRATIONS.push({
  version: 3,
  // Retention finds delivered payloads still held without scanning the whole outbox.
  up: () => `
    CREATE INDEX outbox_prune_idx ON outbox (delivered_at) WHERE status = 'delivered' AND payload <> 'null'::jsonb;
  `,
});

MIGRATIONS.push({
  version: 4,
  // The daily recognition limit counts here, not in records: deleting records must not hand the
  // paid quota back, and a reservation is one atomic upsert however many uploads race.
  up: () => `
    CREATE TABLE daily_usage (
      openid text NOT NULL,
      day text NOT NULL,
      n integer NOT NULL,
      PRIMARY KEY (openid, day)
    );
  `,
});

MIGRATIONS.push({
  version: 5,
  // Dossiers (issue #18): a vehicle's records grouped, the expiry dates parsed from them, the reminders
  // sent (one row per reminder: the primary key makes sending twice impossible across workers).
  up: () => `
    CREATE TABLE dossiers (
      id text PRIMARY KEY,
      openid text NOT NULL,
      vin text,
      plate text,
      purpose text NOT NULL,
      title text,
      created_at timestamptz NOT NULL,
      updated_at timestamptz NOT NULL
    );
    CREATE INDEX dossiers_openid_idx ON dossiers (openid, created_at DESC, id DESC);
    CREATE INDEX dossiers_vin_idx ON dossiers (openid, vin);
    CREATE INDEX dossiers_plate_idx ON dossiers (openid, plate);

    CREATE TABLE dossier_members (
      record_id text PRIMARY KEY REFERENCES records (id) ON DELETE CASCADE,
      dossier_id text NOT NULL REFERENCES dossiers (id) ON DELETE CASCADE,
      added_at timestamptz NOT NULL
    );
    CREATE INDEX dossier_members_dossier_idx ON dossier_members (dossier_id, added_at);

    CREATE TABLE expiries (
      record_id text NOT NULL REFERENCES records (id) ON DELETE CASCADE,
      field text NOT NULL,
      openid text NOT NULL,
      doc_type text NOT NULL,
      expires_on date NOT NULL,
      PRIMARY KEY (record_id, field)
    );
    CREATE INDEX expiries_due_idx ON expiries (expires_on);

    CREATE TABLE reminders_sent (
      record_id text NOT NULL,
      field text NOT NULL,
      expires_on date NOT NULL,
      kind text NOT NULL,
      sent_at timestamptz NOT NULL,
      PRIMARY KEY (record_id, field, expires_on, kind)
    );

    CREATE TABLE reminder_credits (
      openid text PRIMARY KEY,
      n integer NOT NULL
    );
  `,
});

MIGRATIONS.push({
  version: 6,
  // Search by engine and file number (wider search text) and by a whole citizen ID number through its
  // digest (id_keys, see idSearchKey); the audit log filtered by person and action.
  up: () => `
    ALTER TABLE records ADD COLUMN id_keys text[] NOT NULL DEFAULT '{}';
    CREATE INDEX records_id_keys_idx ON records USING gin (id_keys);
    CREATE INDEX audit_actor_at_idx ON audit (actor, at DESC, seq DESC);
    CREATE INDEX audit_action_at_idx ON audit (action, at DESC, seq DESC);
  `,
  backfill: (tx) =>
    eachStoredRecord(tx, async (id, r) => {
      const s = searchColumns(r);
      await tx.query(`UPDATE records SET search=$2, id_keys=$3::text[] WHERE id=$1`, [id, s.search, s.idKeys]);
    }),
});

MIGRATIONS.push({
  version: 7,
  // The administrators' filter by warning and the statistics per warning read the codes a record
  // carries (recordWarningCodes: any page, record or field level), indexed for "records with code X".
  up: () => `
    ALTER TABLE records ADD COLUMN warning_codes text[] NOT NULL DEFAULT '{}';
    CREATE INDEX records_warning_codes_idx ON records USING gin (warning_codes);
  `,
  backfill: (tx) =>
    eachStoredRecord(tx, async (id, r) => {
      const codes = searchColumns(r).warningCodes;
      if (codes.length) await tx.query(`UPDATE records SET warning_codes=$2::text[] WHERE id=$1`, [id, codes]);
    }),
});

MIGRATIONS.push({
  version: 8,
  // Filings into dossiers that failed after a submit, retried by the scheduler (server/dossiers/retry.ts).
  up: () => `
    CREATE TABLE dossier_filings (
      record_id text PRIMARY KEY REFERENCES records (id) ON DELETE CASCADE,
      dossier_id text,
      attempts integer NOT NULL DEFAULT 0,
      next_attempt_at timestamptz NOT NULL
    );
    CREATE INDEX dossier_filings_due_idx ON dossier_filings (next_attempt_at);
  `,
});

MIGRATIONS.push({
  version: 9,
  // The search text also holds plates and VINs in their canonical form (searchColumns): rewrite it.
  up: () => `SELECT 1;`,
  backfill: (tx) =>
    eachStoredRecord(tx, async (id, r) => {
      await tx.query(`UPDATE records SET search=$2 WHERE id=$1`, [id, searchColumns(r).search]);
    }),
});

/** Every stored record in batches, for a backfill (a rule only the application knows). */
async function eachStoredRecord(tx: Queryable, fn: (id: string, r: LicenseRecord) => Promise<void>): Promise<void> {
  const BATCH = 500;
  for (let after = ''; ; ) {
    const r = await tx.query<{ id: string; doc: unknown }>(`SELECT id, doc FROM records WHERE id > $1 ORDER BY id LIMIT ${BATCH}`, [after]);
    for (const row of r.rows) await fn(row.id, (typeof row.doc === 'string' ? JSON.parse(row.doc) : row.doc) as LicenseRecord);
    if (r.rows.length < BATCH) return;
    after = r.rows[r.rows.length - 1]!.id;
  }
}

export const SCHEMA_VERSION = MIGRATIONS[MIGRATIONS.length - 1]!.version;

export async function migrate(db: SqlAdapter): Promise<number> {
  await db.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (version integer PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())`);
  return db.transaction(async (tx) => {
    if (db.kind === 'postgres') await tx.query(`SELECT pg_advisory_xact_lock(7324110)`);
    const r = await tx.query<{ v: number | null }>(`SELECT max(version) AS v FROM schema_migrations`);
    const current = Number(r.rows[0]?.v ?? 0);
    for (const m of MIGRATIONS) {
      if (m.version <= current) continue;
      await tx.exec(m.up(db.trigram));
      await m.backfill?.(tx);
      await tx.query(`INSERT INTO schema_migrations (version) VALUES ($1)`, [m.version]);
    }
    return SCHEMA_VERSION;
  });
}
