// The SQL dossier store, on the same adapter (PGlite or PostgreSQL) and schema as the record store:
// memberships and expiries reference records, so deleting a record removes them in the same write.
import { z } from 'zod';
import { DossierPurposeSchema, ExpiryItemSchema, type Dossier, type ExpiryItem } from '../../../core/contracts/dossiers';
import { newId } from '../common';
import type { Queryable, SqlAdapter } from '../sql/adapter';
import { joinStamps, type DossierStore, type ReminderKey } from './types';

const iso = (v: unknown): string => (v instanceof Date ? v.toISOString() : new Date(String(v)).toISOString());
/** A date column as YYYY-MM-DD whatever the driver returns (Date at UTC midnight or text). */
const day = (v: unknown): string => (v instanceof Date ? v.toISOString().slice(0, 10) : String(v).slice(0, 10));
const like = (q: string): string => `%${q.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

// Rows are checked on the way out: a database written by another version is a boundary.
const DossierRow = z.object({
  id: z.string(),
  openid: z.string(),
  vin: z.string().nullable(),
  plate: z.string().nullable(),
  purpose: DossierPurposeSchema,
  title: z.string().nullable(),
  created_at: z.unknown(),
  updated_at: z.unknown(),
  record_ids: z.array(z.string()).nullable(),
});

const FilingRow = z.object({ record_id: z.string(), dossier_id: z.string().nullable(), attempts: z.coerce.number().int(), next_attempt_at: z.unknown() });

const SELECT_DOSSIER = `
  SELECT d.*, (SELECT array_agg(m.record_id ORDER BY m.added_at, m.record_id) FROM dossier_members m WHERE m.dossier_id = d.id) AS record_ids
  FROM dossiers d`;

function dossierOf(row: unknown): Dossier {
  const r = DossierRow.parse(row);
  return {
    _id: r.id,
    _openid: r.openid,
    vin: r.vin,
    plate: r.plate,
    purpose: r.purpose,
    title: r.title,
    recordIds: r.record_ids ?? [],
    createdAt: iso(r.created_at),
    updatedAt: iso(r.updated_at),
  };
}

function expiryOf(row: Record<string, unknown>): ExpiryItem {
  return ExpiryItemSchema.parse({ recordId: row.record_id, openid: row.openid, docType: row.doc_type, field: row.field, date: day(row.expires_on) });
}

export function createSqlDossierStore(db: SqlAdapter, now: () => Date = () => new Date()): DossierStore {
  const one = async (q: Queryable, where: string, params: unknown[]): Promise<Dossier | null> => {
    const r = await q.query(`${SELECT_DOSSIER} WHERE ${where}`, params);
    return r.rows[0] ? dossierOf(r.rows[0]) : null;
  };
  const key = (k: ReminderKey) => [k.recordId, k.field, k.date, k.kind];
  const joinedAt = joinStamps(now);

  return {
    driver: db.kind,

    async create(input) {
      const id = newId();
      const at = now().toISOString();
      await db.query(
        `INSERT INTO dossiers (id, openid, vin, plate, purpose, title, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $7)`,
        [id, input.openid, input.vin, input.plate, input.purpose, input.title, at],
      );
      return (await one(db, 'd.id = $1', [id]))!;
    },

    get: (id) => one(db, 'd.id = $1', [id]),

    async findForVehicle(openid, k) {
      if (k.vin) {
        const byVin = await one(db, 'd.openid = $1 AND d.vin = $2 ORDER BY d.created_at LIMIT 1', [openid, k.vin]);
        if (byVin) return byVin;
      }
      if (!k.plate) return null;
      // A plate joins a dossier only when the VINs cannot disagree (one of them unknown).
      return one(db, 'd.openid = $1 AND d.plate = $2 AND (d.vin IS NULL OR $3::text IS NULL) ORDER BY d.created_at LIMIT 1', [
        openid,
        k.plate,
        k.vin,
      ]);
    },

    async list(query) {
      const where: string[] = [];
      const params: unknown[] = [];
      if (query.openid !== undefined) where.push(`d.openid = $${params.push(query.openid)}`);
      if (query.q) {
        const p = params.push(like(query.q));
        where.push(`(lower(coalesce(d.plate, '')) LIKE $${p} OR lower(coalesce(d.vin, '')) LIKE $${p})`);
      }
      const w = where.length ? `WHERE ${where.join(' AND ')}` : '';
      const total = await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM dossiers d ${w}`, params);
      const rows = await db.query(
        `${SELECT_DOSSIER} ${w} ORDER BY d.updated_at DESC, d.id DESC LIMIT $${params.length + 1} OFFSET $${params.length + 2}`,
        [...params, query.pageSize, (query.page - 1) * query.pageSize],
      );
      return { items: rows.rows.map(dossierOf), total: Number(total.rows[0]?.n ?? 0) };
    },

    async update(id, patch) {
      const sets: string[] = [];
      const params: unknown[] = [id];
      for (const k of ['purpose', 'title', 'vin', 'plate'] as const) {
        if (patch[k] !== undefined) sets.push(`${k} = $${params.push(patch[k])}`);
      }
      sets.push(`updated_at = $${params.push(now().toISOString())}`);
      const r = await db.query(`UPDATE dossiers SET ${sets.join(', ')} WHERE id = $1`, params);
      return r.rowCount ? one(db, 'd.id = $1', [id]) : null;
    },

    async remove(id) {
      const r = await db.query(`DELETE FROM dossiers WHERE id = $1`, [id]);
      return r.rowCount > 0;
    },

    async attach(dossierId, recordId) {
      const at = joinedAt();
      await db.transaction(async (tx) => {
        await tx.query(
          `INSERT INTO dossier_members (record_id, dossier_id, added_at) VALUES ($1, $2, $3)
           ON CONFLICT (record_id) DO UPDATE SET dossier_id = EXCLUDED.dossier_id, added_at = EXCLUDED.added_at`,
          [recordId, dossierId, at],
        );
        await tx.query(`UPDATE dossiers SET updated_at = $2 WHERE id = $1`, [dossierId, at]);
      });
    },

    async detach(recordId) {
      const r = await db.query(`DELETE FROM dossier_members WHERE record_id = $1`, [recordId]);
      return r.rowCount > 0;
    },

    dossierOf: (recordId) => one(db, 'd.id = (SELECT dossier_id FROM dossier_members WHERE record_id = $1)', [recordId]),

    async setExpiries(rec, expiries) {
      await db.transaction(async (tx) => {
        await tx.query(`DELETE FROM expiries WHERE record_id = $1`, [rec.recordId]);
        for (const e of expiries) {
          await tx.query(
            `INSERT INTO expiries (record_id, field, openid, doc_type, expires_on) VALUES ($1, $2, $3, $4, $5)
             ON CONFLICT (record_id, field) DO UPDATE SET expires_on = EXCLUDED.expires_on`,
            [rec.recordId, e.field, rec.openid, rec.docType, e.date],
          );
        }
      });
    },

    async expiriesOf(recordIds) {
      if (recordIds.length === 0) return [];
      const r = await db.query(`SELECT * FROM expiries WHERE record_id = ANY($1::text[]) ORDER BY expires_on, record_id, field`, [recordIds]);
      return r.rows.map(expiryOf);
    },

    async listDue(query) {
      const where = ['e.expires_on <= $1::date'];
      const params: unknown[] = [query.until];
      if (query.from) where.push(`e.expires_on >= $${params.push(query.from)}::date`);
      if (query.openid !== undefined) where.push(`e.openid = $${params.push(query.openid)}`);
      if (query.docType) where.push(`e.doc_type = $${params.push(query.docType)}`);
      const w = where.join(' AND ');
      const total = await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM expiries e WHERE ${w}`, params);
      const rows = await db.query(
        `SELECT e.* FROM expiries e WHERE ${w} ORDER BY e.expires_on, e.record_id, e.field LIMIT $${params.length + 1} OFFSET $${params.length + 2}`,
        [...params, query.pageSize, (query.page - 1) * query.pageSize],
      );
      return { items: rows.rows.map(expiryOf), total: Number(total.rows[0]?.n ?? 0) };
    },

    async forgetRecord(recordId) {
      await db.transaction(async (tx) => {
        await tx.query(`DELETE FROM dossier_members WHERE record_id = $1`, [recordId]);
        await tx.query(`DELETE FROM expiries WHERE record_id = $1`, [recordId]);
        await tx.query(`DELETE FROM dossier_filings WHERE record_id = $1`, [recordId]);
      });
    },

    async claimReminder(k, at) {
      const r = await db.query(
        `INSERT INTO reminders_sent (record_id, field, expires_on, kind, sent_at) VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING`,
        [...key(k), at],
      );
      return r.rowCount === 1;
    },

    async releaseReminder(k) {
      await db.query(`DELETE FROM reminders_sent WHERE record_id = $1 AND field = $2 AND expires_on = $3 AND kind = $4`, key(k));
    },

    async addReminderCredits(openid, n) {
      if (n <= 0) return;
      await db.query(
        `INSERT INTO reminder_credits (openid, n) VALUES ($1, $2) ON CONFLICT (openid) DO UPDATE SET n = reminder_credits.n + EXCLUDED.n`,
        [openid, n],
      );
    },

    async takeReminderCredit(openid) {
      const r = await db.query(`UPDATE reminder_credits SET n = n - 1 WHERE openid = $1 AND n > 0`, [openid]);
      return r.rowCount === 1;
    },

    async queueFiling(f, at) {
      await db.query(
        `INSERT INTO dossier_filings (record_id, dossier_id, next_attempt_at) VALUES ($1, $2, $3)
         ON CONFLICT (record_id) DO UPDATE SET dossier_id = EXCLUDED.dossier_id, next_attempt_at = EXCLUDED.next_attempt_at`,
        [f.recordId, f.dossierId, at],
      );
    },

    async dueFilings(at, limit) {
      const r = await db.query(`SELECT * FROM dossier_filings WHERE next_attempt_at <= $1 ORDER BY next_attempt_at, record_id LIMIT $2`, [at, limit]);
      return r.rows.map((row) => {
        const f = FilingRow.parse(row);
        return { recordId: f.record_id, dossierId: f.dossier_id, attempts: f.attempts, nextAttemptAt: iso(f.next_attempt_at) };
      });
    },

    async deferFiling(recordId, nextAttemptAt) {
      await db.query(`UPDATE dossier_filings SET attempts = attempts + 1, next_attempt_at = $2 WHERE record_id = $1`, [recordId, nextAttemptAt]);
    },

    async settleFiling(recordId) {
      await db.query(`DELETE FROM dossier_filings WHERE record_id = $1`, [recordId]);
    },
  };
}
