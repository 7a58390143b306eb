// Schema migrations, applied in order when a store opens. Each runs once, inside one transaction;
// PostgreSQL instances starting together serialize on an advisory lock.
import type { SqlAdapter } from './adapter';

const MIGRATIONS: { version: number; up: (trigram: boolean) => string }[] = [
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

export const SCHEMA_VERSION = MIGRATIONS[MIGRATIONS.length - 1]!.version;

export async function migrate(db: SqlAdapter): Promise<number> {
  await db.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (version integer PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())`);
  return db.transaction(async (tx) => {
    if (db.kind === 'postgres') await tx.query(`SELECT pg_advisory_xact_lock(7324110)`);
    const r = await tx.query<{ v: number | null }>(`SELECT max(version) AS v FROM schema_migrations`);
    const current = Number(r.rows[0]?.v ?? 0);
    for (const m of MIGRATIONS) {
      if (m.version <= current) continue;
      for (const statement of splitStatements(m.up(db.trigram))) await tx.query(statement);
      await tx.query(`INSERT INTO schema_migrations (version) VALUES ($1)`, [m.version]);
    }
    return SCHEMA_VERSION;
  });
}

/** Migrations hold no semicolons inside literals, so a plain split is enough (and works through
 *  the parameterized query path of both adapters). */
function splitStatements(sql: string): string[] {
  return sql
    .split(';')
    .map((s) => s.trim())
    .filter(Boolean);
}
