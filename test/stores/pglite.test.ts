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
  it('keeps records across a restart in DATA_DIR/db and migrates only once', async () => {
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
