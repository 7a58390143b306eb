// The SQL RecordStore: one driver over the query adapter, for embedded PGlite (the local default, data
// in DATA_DIR/db) and PostgreSQL (DATABASE_URL). The full record is kept as jsonb; the columns the
// administrators filter and search on are denormalized beside it and indexed.
import { join } from 'node:path';
import type { LicenseRecord } from '../../../core/contracts/records';
import { idSearchKeyOf, lowerBound, materialize, newId, parseStatsRow, parseStoredRecord, searchColumns, upperBound, type StatsRow } from '../common';
import type {
  AuditEntry,
  AuditFilter,
  Clock,
  NewRecord,
  OutboxEntry,
  RecordQuery,
  RecordStore,
  StatsQuery,
  SubmitInput,
} from '../types';
import { openPglite, openPostgres, type Queryable, type SqlAdapter } from './adapter';
import { migrate } from './schema';

export interface SqlStoreOptions {
  /** Administrators from configuration (ADMIN_OPENIDS), besides the `admins` table. */
  adminOpenids?: readonly string[];
  /** Every timestamp the store writes (createdAt, updatedAt, added_at) follows this clock: the handlers' one. */
  now?: Clock;
  /** Rows per batch of statsRows (STATS_BATCH). */
  statsBatch?: number;
}

/** DATABASE_URL wins; otherwise PGlite in `${dataDir}/db` (or in memory when dataDir is null). */
export async function openSqlStore(
  target: { url: string; schema?: string } | { dataDir: string | null },
  opts: SqlStoreOptions = {},
): Promise<SqlStore> {
  const adapter =
    'url' in target
      ? await openPostgres(target.url, target.schema ? { schema: target.schema } : {})
      : await openPglite(target.dataDir === null ? null : join(target.dataDir, 'db'));
  try {
    await migrate(adapter);
  } catch (e) {
    await adapter.close().catch(() => undefined);
    throw e;
  }
  return createSqlStore(adapter, opts);
}

const iso = (v: unknown): string | null => (v == null ? null : v instanceof Date ? v.toISOString() : new Date(String(v)).toISOString());
const json = (v: unknown): unknown => (typeof v === 'string' ? JSON.parse(v) : v);

/** Rows per batch of statsRows: big enough that a round trip is not the cost, small enough to stream. */
const STATS_BATCH = 5_000;

interface StatsSqlRow {
  id: string;
  created_at: unknown;
  doc_type: string;
  provider: string | null;
  status: string;
  warning_codes: string[];
  timings: unknown;
  submitted: unknown;
  corrections: unknown;
  pages: unknown;
}

function statsRowOfSql(r: StatsSqlRow): StatsRow {
  const pages = json(r.pages);
  return parseStatsRow({
    createdAt: iso(r.created_at),
    docType: r.doc_type,
    provider: r.provider,
    status: r.status,
    timings: json(r.timings),
    submitted: json(r.submitted),
    corrections: json(r.corrections),
    ...(pages == null ? {} : { pages }),
    warningCodes: r.warning_codes,
  });
}

function likePattern(q: string): string {
  return `%${q.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

interface OutboxRow {
  id: string;
  record_id: string;
  idempotency_key: string;
  payload: unknown;
  status: OutboxEntry['status'];
  attempts: number;
  last_error: string | null;
  next_attempt_at: unknown;
  created_at: unknown;
  updated_at: unknown;
  delivered_at: unknown;
}

function outboxOf(r: OutboxRow): OutboxEntry {
  return {
    _id: r.id,
    recordId: r.record_id,
    idempotencyKey: r.idempotency_key,
    payload: json(r.payload),
    status: r.status,
    attempts: Number(r.attempts),
    lastError: r.last_error,
    nextAttemptAt: iso(r.next_attempt_at)!,
    createdAt: iso(r.created_at)!,
    updatedAt: iso(r.updated_at)!,
    deliveredAt: iso(r.delivered_at),
  };
}

export type SeedRecord = NewRecord & Partial<Pick<LicenseRecord, 'submitted' | 'corrections' | 'submittedAt' | 'delivery'>>;

export interface SqlStore extends RecordStore {
  adapter: SqlAdapter;
  addAdmin(openid: string): Promise<void>;
  /** VACUUM ANALYZE (PGlite has no autovacuum; the local server runs it on a timer). */
  maintain(): Promise<void>;
  /** Seeding (benchmarks, imports): many records in one statement, submissions included. */
  insertMany(records: SeedRecord[]): Promise<LicenseRecord[]>;
}

export function createSqlStore(db: SqlAdapter, opts: SqlStoreOptions = {}): SqlStore {
  const admins = new Set(opts.adminOpenids ?? []);
  const clock = opts.now ?? (() => new Date());
  const stamp = (): string => clock().toISOString();
  const statsBatch = opts.statsBatch ?? STATS_BATCH;

  async function writeRecord(q: Queryable, r: LicenseRecord, insert: boolean): Promise<void> {
    const s = searchColumns(r);
    const params = [r._id, r._openid, r.docType, r.status, r.provider, s.plateNo, s.vin, s.owner, s.search, r.fileID, r.createdAt, r.updatedAt, JSON.stringify(r), s.idKeys, s.warningCodes];
    if (insert) {
      await q.query(
        `INSERT INTO records (id, openid, doc_type, status, provider, plate_no, vin, owner, search, file_id, created_at, updated_at, doc, id_keys, warning_codes)
         VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13::jsonb,$14::text[],$15::text[])`,
        params,
      );
    } else {
      await q.query(
        `UPDATE records SET openid=$2, doc_type=$3, status=$4, provider=$5, plate_no=$6, vin=$7, owner=$8, search=$9,
           file_id=$10, created_at=$11, updated_at=$12, doc=$13::jsonb, id_keys=$14::text[], warning_codes=$15::text[] WHERE id=$1`,
        params,
      );
    }
  }

  async function insertAudit(q: Queryable, entry: Omit<AuditEntry, '_id'>): Promise<void> {
    await q.query(`INSERT INTO audit (id, actor, action, target, details, at) VALUES ($1,$2,$3,$4,$5::jsonb,$6::timestamptz)`, [
      newId(),
      entry.actor,
      entry.action,
      entry.target,
      JSON.stringify(entry.details ?? null),
      new Date(entry.at).toISOString(),
    ]);
  }

  async function read(q: Queryable, id: string, lock = false): Promise<LicenseRecord | null> {
    const r = await q.query<{ doc: unknown }>(`SELECT doc FROM records WHERE id=$1${lock ? ' FOR UPDATE' : ''}`, [id]);
    const row = r.rows[0];
    return row ? (parseStoredRecord(json(row.doc))) : null;
  }

  return {
    driver: db.kind,
    adapter: db,

    async insertRecord(input: NewRecord) {
      const record = materialize(newId(), input, stamp());
      await writeRecord(db, record, true);
      return record;
    },

    getRecord: (id) => read(db, id),

    async insertMany(inputs) {
      const now = stamp();
      const records = inputs.map(({ submitted, corrections, submittedAt, delivery, ...i }) => ({
        ...materialize(newId(), i, now),
        ...(submitted !== undefined ? { submitted } : {}),
        ...(corrections !== undefined ? { corrections } : {}),
        ...(submittedAt !== undefined ? { submittedAt } : {}),
        ...(delivery !== undefined ? { delivery } : {}),
      }));
      const rows = records.map((r) => {
        const s = searchColumns(r);
        return { id: r._id, openid: r._openid, doc_type: r.docType, status: r.status, provider: r.provider, plate_no: s.plateNo, vin: s.vin, owner: s.owner, search: s.search, file_id: r.fileID, created_at: r.createdAt, updated_at: r.updatedAt, doc: r, id_keys: s.idKeys, warning_codes: s.warningCodes };
      });
      await db.query(
        `INSERT INTO records (id, openid, doc_type, status, provider, plate_no, vin, owner, search, file_id, created_at, updated_at, doc, id_keys, warning_codes)
         SELECT id, openid, doc_type, status, provider, plate_no, vin, owner, search, file_id, created_at, updated_at, doc,
                ARRAY(SELECT jsonb_array_elements_text(id_keys)), ARRAY(SELECT jsonb_array_elements_text(warning_codes))
         FROM jsonb_to_recordset($1::jsonb) AS x(id text, openid text, doc_type text, status text, provider text, plate_no text, vin text,
           owner text, search text, file_id text, created_at timestamptz, updated_at timestamptz, doc jsonb, id_keys jsonb, warning_codes jsonb)`,
        [JSON.stringify(rows)],
      );
      return records;
    },

    async listRecords(query: RecordQuery) {
      const where: string[] = [];
      const params: unknown[] = [];
      const p = (v: unknown): string => {
        params.push(v);
        return `$${params.length}`;
      };
      if (query.openid !== undefined) where.push(`openid = ${p(query.openid)}`);
      if (query.status) where.push(`status = ${p(query.status)}`);
      if (query.docType) where.push(`doc_type = ${p(query.docType)}`);
      if (query.from) where.push(`created_at >= ${p(lowerBound(query.from))}::timestamptz`);
      if (query.to) where.push(`created_at <= ${p(upperBound(query.to))}::timestamptz`);
      if (query.warning) where.push(`warning_codes @> ARRAY[${p(query.warning)}]::text[]`);
      if (query.q) {
        const key = idSearchKeyOf(query.q);
        where.push(key ? `(search LIKE ${p(likePattern(query.q))} OR id_keys @> ARRAY[${p(key)}]::text[])` : `search LIKE ${p(likePattern(query.q))}`);
      }
      const w = where.length ? `WHERE ${where.join(' AND ')}` : '';
      const offset = (query.page - 1) * query.pageSize;
      const page = `ORDER BY created_at DESC, id DESC LIMIT ${p(query.pageSize)} OFFSET ${p(offset)}`;
      const filterParams = params.slice(0, params.length - 2);
      if (query.q) {
        // A text search matches few rows: one index scan yields the page and the total together.
        const r = await db.query<{ doc: unknown; total: number | string }>(`SELECT doc, count(*) OVER () AS total FROM records ${w} ${page}`, params);
        if (r.rows.length) return { items: r.rows.map((x) => parseStoredRecord(json(x.doc))), total: Number(r.rows[0]!.total) };
        if (query.page === 1) return { items: [], total: 0 };
        const c = await db.query<{ n: number | string }>(`SELECT count(*) AS n FROM records ${w}`, filterParams);
        return { items: [], total: Number(c.rows[0]?.n ?? 0) };
      }
      // Filters the counters cover (none, status, document type) read the total from them.
      const countable = query.openid === undefined && !query.from && !query.to && !query.warning;
      const countSql = countable ? `SELECT coalesce(sum(n), 0) AS n FROM record_counts ${w}` : `SELECT count(*) AS n FROM records ${w}`;
      const [items, total] = await Promise.all([
        db.query<{ doc: unknown }>(`SELECT doc FROM records ${w} ${page}`, params),
        db.query<{ n: number | string }>(countSql, filterParams),
      ]);
      return { items: items.rows.map((r) => parseStoredRecord(json(r.doc))), total: Number(total.rows[0]?.n ?? 0) };
    },

    async submitRecord(id: string, input: SubmitInput) {
      return db.transaction(async (tx) => {
        // The row lock serializes concurrent submits: the second one sees 'submitted' and changes nothing.
        const current = await read(tx, id, true);
        if (!current || current._openid !== input.openid) return null;
        if (current.status !== 'recognized') return { record: current, changed: false };
        const now = stamp();
        const next: LicenseRecord = {
          ...current,
          status: 'submitted',
          submitted: input.submitted,
          corrections: input.corrections,
          submittedAt: input.submittedAt,
          updatedAt: now,
          ...(input.pages ? { pages: input.pages } : {}),
          delivery: input.outbox ? 'pending' : current.delivery,
        };
        const upd = await tx.query(
          `UPDATE records SET status='submitted', plate_no=$3, vin=$4, owner=$5, search=$6, updated_at=$7, doc=$8::jsonb, id_keys=$9::text[],
             warning_codes=$10::text[]
           WHERE id=$1 AND openid=$2 AND status='recognized'`,
          (() => {
            const s = searchColumns(next);
            return [id, input.openid, s.plateNo, s.vin, s.owner, s.search, now, JSON.stringify(next), s.idKeys, s.warningCodes];
          })(),
        );
        if (upd.rowCount !== 1) return { record: (await read(tx, id))!, changed: false };
        if (input.audit) await insertAudit(tx, input.audit);
        if (input.outbox) {
          await tx.query(
            `INSERT INTO outbox (id, record_id, idempotency_key, payload, status, attempts, next_attempt_at, created_at, updated_at)
             VALUES ($1,$2,$3,$4::jsonb,'pending',0,$5,$6,$6)`,
            [newId(), id, input.outbox.idempotencyKey, JSON.stringify(input.outbox.payload), input.outbox.nextAttemptAt, now],
          );
        }
        return { record: next, changed: true };
      });
    },

    async deleteRecord(id) {
      return db.transaction(async (tx) => {
        // Record first: its row lock waits for a submit in flight, whose outbox row the next statement
        // then sees; the other order could leave that row (the record's personal data) behind.
        const r = await tx.query(`DELETE FROM records WHERE id=$1`, [id]);
        await tx.query(`DELETE FROM outbox WHERE record_id=$1`, [id]);
        return r.rowCount > 0;
      });
    },

    async listPhotosBefore(before, limit) {
      const r = await db.query<{ id: string; file_id: string }>(
        `SELECT id, file_id FROM records WHERE file_id IS NOT NULL AND created_at < $1::timestamptz ORDER BY created_at LIMIT $2`,
        [new Date(before).toISOString(), limit],
      );
      return r.rows.map((x) => ({ _id: x.id, fileID: x.file_id }));
    },

    async clearPhoto(id) {
      await db.transaction(async (tx) => {
        const current = await read(tx, id, true);
        if (!current) return;
        await writeRecord(tx, { ...current, fileID: null, updatedAt: stamp() }, false);
      });
    },

    async reserveDailySlot(openid, day, limit) {
      if (limit <= 0) return false;
      // One statement: the row lock of the upsert serializes racing reservations, and the WHERE
      // refuses the one that would go past the limit (no row returned).
      const r = await db.query(
        `INSERT INTO daily_usage (openid, day, n) VALUES ($1, $2, 1)
         ON CONFLICT (openid, day) DO UPDATE SET n = daily_usage.n + 1 WHERE daily_usage.n < $3
         RETURNING n`,
        [openid, day, limit],
      );
      return r.rows.length === 1;
    },

    async releaseDailySlot(openid, day) {
      await db.query(`UPDATE daily_usage SET n = n - 1 WHERE openid=$1 AND day=$2 AND n > 0`, [openid, day]);
    },

    async dueDeliveries(now, limit) {
      const r = await db.query<OutboxRow>(
        `SELECT * FROM outbox WHERE status='pending' AND next_attempt_at <= $1::timestamptz ORDER BY next_attempt_at, id LIMIT $2`,
        [new Date(now).toISOString(), limit],
      );
      return r.rows.map(outboxOf);
    },

    async claimDeliveries(now, leaseUntil, limit) {
      const at = new Date(now).toISOString();
      const lease = new Date(leaseUntil).toISOString();
      if (lease <= at) throw new Error('claimDeliveries: leaseUntil must be after now');
      // SKIP LOCKED: rows another worker is claiming right now are passed over, not waited for; a row
      // it claimed and committed meanwhile is re-checked and no longer due. The CTE runs once.
      const r = await db.query<OutboxRow & { due: unknown }>(
        `WITH picked AS (
           SELECT id, next_attempt_at AS due FROM outbox
           WHERE status='pending' AND next_attempt_at <= $1::timestamptz
           ORDER BY next_attempt_at, id LIMIT $3
           FOR UPDATE SKIP LOCKED
         )
         UPDATE outbox o SET next_attempt_at=$2::timestamptz, updated_at=$4::timestamptz
         FROM picked p WHERE o.id = p.id
         RETURNING o.*, p.due AS due`,
        [at, lease, limit, stamp()],
      );
      const due = (x: { due: unknown }) => iso(x.due)!;
      return [...r.rows]
        .sort((a, b) => (due(a) < due(b) ? -1 : due(a) > due(b) ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
        .map(outboxOf);
    },

    async pruneDeliveredPayloads(before, limit) {
      const r = await db.query(
        `UPDATE outbox SET payload='null'::jsonb, updated_at=$3::timestamptz
         WHERE id IN (SELECT id FROM outbox WHERE status='delivered' AND delivered_at < $1::timestamptz AND payload <> 'null'::jsonb
                      ORDER BY delivered_at LIMIT $2)`,
        [new Date(before).toISOString(), limit, stamp()],
      );
      return r.rowCount;
    },

    async updateDelivery(id, patch) {
      await db.transaction(async (tx) => {
        const sets: string[] = [];
        const params: unknown[] = [id];
        const set = (col: string, v: unknown, cast = ''): void => {
          params.push(v);
          sets.push(`${col}=$${params.length}${cast}`);
        };
        if (patch.status !== undefined) set('status', patch.status);
        if (patch.attempts !== undefined) set('attempts', patch.attempts);
        if (patch.lastError !== undefined) set('last_error', patch.lastError);
        if (patch.nextAttemptAt !== undefined) set('next_attempt_at', new Date(patch.nextAttemptAt).toISOString(), '::timestamptz');
        if (patch.deliveredAt !== undefined) set('delivered_at', patch.deliveredAt === null ? null : new Date(patch.deliveredAt).toISOString(), '::timestamptz');
        const now = stamp();
        set('updated_at', now, '::timestamptz');
        const r = await tx.query<{ record_id: string }>(`UPDATE outbox SET ${sets.join(', ')} WHERE id=$1 RETURNING record_id`, params);
        const recordId = r.rows[0]?.record_id;
        if (recordId && patch.status !== undefined) {
          await tx.query(
            `UPDATE records SET doc = jsonb_set(jsonb_set(doc, '{delivery}', to_jsonb($2::text)), '{updatedAt}', to_jsonb($3::text)), updated_at=$3::timestamptz WHERE id=$1`,
            [recordId, patch.status, now],
          );
        }
      });
    },

    async getDeliveryByRecord(recordId) {
      const r = await db.query<OutboxRow>(`SELECT * FROM outbox WHERE record_id=$1 ORDER BY created_at DESC LIMIT 1`, [recordId]);
      return r.rows[0] ? outboxOf(r.rows[0]) : null;
    },

    async isAdmin(openid) {
      if (!openid) return false;
      if (admins.has(openid)) return true;
      const r = await db.query(`SELECT 1 FROM admins WHERE openid=$1`, [openid]);
      return r.rows.length > 0;
    },

    async addAdmin(openid) {
      await db.query(`INSERT INTO admins (openid, added_at) VALUES ($1, $2::timestamptz) ON CONFLICT (openid) DO NOTHING`, [openid, stamp()]);
    },

    async appendAudit(entry: Omit<AuditEntry, '_id'>) {
      await insertAudit(db, entry);
    },

    async listAudit(page, pageSize, filter: AuditFilter = {}) {
      const where: string[] = [];
      const params: unknown[] = [];
      const p = (v: unknown): string => {
        params.push(v);
        return `$${params.length}`;
      };
      if (filter.actor) where.push(`actor = ${p(filter.actor)}`);
      if (filter.action) where.push(`action = ${p(filter.action)}`);
      if (filter.from) where.push(`at >= ${p(lowerBound(filter.from))}::timestamptz`);
      if (filter.to) where.push(`at <= ${p(upperBound(filter.to))}::timestamptz`);
      const w = where.length ? `WHERE ${where.join(' AND ')}` : '';
      const filterParams = [...params];
      const [items, total] = await Promise.all([
        db.query<{ id: string; actor: string; action: string; target: string | null; details: unknown; at: unknown }>(
          `SELECT * FROM audit ${w} ORDER BY at DESC, seq DESC LIMIT ${p(pageSize)} OFFSET ${p((page - 1) * pageSize)}`,
          params,
        ),
        db.query<{ n: number | string }>(`SELECT count(*) AS n FROM audit ${w}`, filterParams),
      ]);
      return {
        items: items.rows.map((r) => ({ _id: r.id, actor: r.actor, action: r.action, target: r.target, details: json(r.details), at: iso(r.at)! })),
        total: Number(total.rows[0]?.n ?? 0),
      };
    },

    async *statsRows(query: StatsQuery) {
      const where: string[] = [];
      const params: unknown[] = [];
      const p = (v: unknown): string => {
        params.push(v);
        return `$${params.length}`;
      };
      if (query.from) where.push(`created_at >= ${p(lowerBound(query.from))}::timestamptz`);
      if (query.to) where.push(`created_at <= ${p(upperBound(query.to))}::timestamptz`);
      if (query.docType) where.push(`doc_type = ${p(query.docType)}`);
      const after = `(created_at, id) > (${p(null)}::timestamptz, ${p(null)})`;
      const sql = (keyset: boolean): string => {
        const all = keyset ? [...where, after] : where;
        // Only the parts of the record statistics use leave the database.
        return `SELECT id, created_at, doc_type, provider, status, warning_codes,
                  doc->'timings' AS timings, doc->'submitted' AS submitted, doc->'corrections' AS corrections,
                  CASE WHEN jsonb_typeof(doc->'pages') = 'array'
                    THEN (SELECT jsonb_agg(jsonb_build_object('submitted', pg->'submitted', 'corrections', pg->'corrections'))
                          FROM jsonb_array_elements(doc->'pages') AS pg) END AS pages
                FROM records ${all.length ? `WHERE ${all.join(' AND ')}` : ''}
                ORDER BY created_at, id LIMIT ${statsBatch}`;
      };
      // Keyset pages in index order: each batch is one index range, memory holds one batch.
      let last: StatsSqlRow | undefined;
      for (;;) {
        const r: { rows: StatsSqlRow[] } = last
          ? await db.query<StatsSqlRow>(sql(true), [...params.slice(0, -2), iso(last.created_at), last.id])
          : await db.query<StatsSqlRow>(sql(false), params.slice(0, -2));
        yield r.rows.map(statsRowOfSql);
        if (r.rows.length < statsBatch) return;
        last = r.rows[r.rows.length - 1];
      }
    },

    async maintain() {
      // PGlite has no autovacuum: refresh statistics and the visibility map (index-only scans).
      // One statement per call: several in one string run as a transaction block, which VACUUM refuses.
      for (const table of ['records', 'outbox', 'record_counts', 'audit']) await db.exec(`VACUUM (ANALYZE) ${table}`);
    },

    close: () => db.close(),
  };
}
