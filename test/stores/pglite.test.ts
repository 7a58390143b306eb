import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openSqlStore } from '../../server/stores/sql/index';
import { SCHEMA_VERSION } from '../../server/stores/sql/schema';
import { newRecord, runStoreContract } from './contract';
import { pgliteHarness } from './support';

runStoreContract('PGlite (embedded PostgreSQL)', () => pgliteHarness(null));

describe('PGlite on disk', () => {
  it('makes records stored before the wider search and the warning index findable by engine number, whole ID number and warning (migrations 6 and 7 backfill)', { timeout: 180_000 }, async () => {
    const dir = await mkdtemp(join(tmpdir(), 'licenselens-pglite-'));
    try {
      const a = await openSqlStore({ dataDir: dir });
      const car = await a.insertRecord(newRecord({ recognized: { ...newRecord().recognized, engineNo: { value: 'EN7Q93K', warnings: [] } } }));
      const person = await a.insertRecord(
        newRecord({ docType: 'id_card', recognized: { name: { value: '赵六', warnings: [] }, idNumber: { value: '110105194912310021', warnings: [] } } }),
      );
      // As a database of schema 5 had them: no digest or warning column, no pending filings, search text of plate, VIN and owner only.
      await a.adapter.exec(`
        DROP INDEX audit_actor_at_idx; DROP INDEX audit_action_at_idx;
        ALTER TABLE records DROP COLUMN id_keys;
        ALTER TABLE records DROP COLUMN warning_codes;
        DROP TABLE dossier_filings;
        UPDATE records SET search = lower(coalesce(plate_no, '') || E'\n' || coalesce(vin, '') || E'\n' || coalesce(owner, ''));
        DELETE FROM schema_migrations WHERE version >= 6;
      `);
      await a.close();
      const b = await openSqlStore({ dataDir: dir });
      const q = async (text: string) => (await b.listRecords({ q: text, page: 1, pageSize: 10 })).items.map((r) => r._id);
      expect(await q('en7q93')).toEqual([car._id]);
      expect(await q('110105194912310021')).toEqual([person._id]);
      // newRecord's VIN carries VIN_CHECK_DIGIT; the ID card's fields carry no warning.
      expect((await b.listRecords({ warning: 'VIN_CHECK_DIGIT', page: 1, pageSize: 10 })).items.map((r) => r._id)).toEqual([car._id]);
      await b.close();
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  // Two openings of a database on disk, each with every migration: minutes on a loaded machine, like the test above.
  it('keeps records across a restart in DATA_DIR/db and migrates only once', { timeout: 180_000 }, async () => {
    const dir = await mkdtemp(join(tmpdir(), 'licenselens-pglite-'));
    try {
      const a = await openSqlStore({ dataDir: dir });
      const r = await a.insertRecord(newRecord());
      await a.close();
      const b = await openSqlStore({ dataDir: dir });
      expect((await b.getRecord(r._id))?.recognized?.plateNo?.value).toBe('粤B12345');
      const v = await b.adapter.query<{ n: number; v: number }>('SELECT count(*)::int AS n, max(version) AS v FROM schema_migrations');
      expect(v.rows[0]).toEqual({ n: SCHEMA_VERSION, v: SCHEMA_VERSION });
      const idx = await b.adapter.query<{ indexname: string }>(`SELECT indexname FROM pg_indexes WHERE tablename = 'records'`);
      expect(idx.rows.map((x) => x.indexname)).toEqual(
        expect.arrayContaining(['records_status_created_idx', 'records_doctype_created_idx', 'records_created_idx', 'records_plate_idx', 'records_vin_idx']),
      );
      await b.maintain(); // VACUUM ANALYZE, as the local server's timer runs it
      expect((await b.listRecords({ page: 1, pageSize: 5 })).total).toBe(1);
      await b.close();
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
