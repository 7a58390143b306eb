// A tiny query adapter so that one SQL driver runs on embedded PGlite and on PostgreSQL (node-postgres).
// Both speak the same dialect; only connection handling and transactions differ.
import { mkdir } from 'node:fs/promises';

export interface QueryResult<T> {
  rows: T[];
  rowCount: number;
}

export interface Queryable {
  query<T = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<QueryResult<T>>;
  /** Several statements, no parameters (migrations: function bodies contain semicolons). */
  exec(sql: string): Promise<void>;
}

export interface SqlAdapter extends Queryable {
  readonly kind: 'pglite' | 'postgres';
  /** Runs fn in one transaction: committed when it resolves, rolled back when it throws. */
  transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T>;
  /** Whether pg_trgm is available (trigram index for the free-text search). */
  trigram: boolean;
  close(): Promise<void>;
}

/** PGlite in a directory (data survives restarts) or in memory (`memory://`). */
export async function openPglite(dataDir: string | null): Promise<SqlAdapter> {
  const { PGlite } = await import('@electric-sql/pglite');
  const { pg_trgm } = await import('@electric-sql/pglite/contrib/pg_trgm');
  if (dataDir) await mkdir(dataDir, { recursive: true });
  const db = await PGlite.create(dataDir ?? 'memory://', { extensions: { pg_trgm } });
  const wrap = (q: { query: typeof db.query; exec: typeof db.exec }): Queryable => ({
    async query<T>(sql: string, params: unknown[] = []) {
      const r = await q.query<T>(sql, params);
      return { rows: r.rows, rowCount: r.affectedRows ?? r.rows.length };
    },
    async exec(sql: string) {
      await q.exec(sql);
    },
  });
  let trigram = true;
  try {
    await db.exec('CREATE EXTENSION IF NOT EXISTS pg_trgm');
  } catch {
    trigram = false;
  }
  return {
    kind: 'pglite',
    trigram,
    ...wrap(db),
    transaction: (fn) => db.transaction((tx) => fn(wrap(tx))),
    close: () => db.close(),
  };
}

/** PostgreSQL through a node-postgres pool. */
export async function openPostgres(url: string, opts: { max?: number; schema?: string } = {}): Promise<SqlAdapter> {
  const pg = await import('pg');
  const Pool = pg.default?.Pool ?? pg.Pool;
  if (opts.schema !== undefined && !/^[a-z_][a-z0-9_]*$/.test(opts.schema)) throw new Error('invalid schema name');
  if (opts.schema) {
    // Created before the pool pins its search_path to it (tests use a throwaway schema).
    const setup = new pg.default.Client({ connectionString: url });
    await setup.connect();
    try {
      await setup.query(`CREATE SCHEMA IF NOT EXISTS ${opts.schema}`);
    } finally {
      await setup.end();
    }
  }
  const pool = new Pool({
    connectionString: url,
    max: opts.max ?? 10,
    ...(opts.schema ? { options: `-c search_path=${opts.schema},public` } : {}),
  });
  // An idle client losing its connection must not crash the process.
  pool.on('error', () => undefined);
  type PgLike = { query: (sql: string, params?: unknown[]) => Promise<{ rows: unknown[]; rowCount: number | null }> };
  const wrap = (q: PgLike): Queryable => ({
    async query<T>(sql: string, params: unknown[] = []) {
      const r = await q.query(sql, params);
      return { rows: r.rows as T[], rowCount: r.rowCount ?? r.rows.length };
    },
    async exec(sql: string) {
      // Without parameters node-postgres uses the simple protocol, which runs several statements.
      await q.query(sql);
    },
  });
  let trigram = true;
  try {
    await pool.query('CREATE EXTENSION IF NOT EXISTS pg_trgm');
  } catch {
    trigram = false; // not installed or not allowed: the search still works, without the index
  }
  return {
    kind: 'postgres',
    trigram,
    ...wrap(pool),
    async transaction(fn) {
      const client = await pool.connect();
      try {
        await client.query('BEGIN');
        const out = await fn(wrap(client));
        await client.query('COMMIT');
        return out;
      } catch (e) {
        await client.query('ROLLBACK').catch(() => undefined);
        throw e;
      } finally {
        client.release();
      }
    },
    close: () => pool.end(),
  };
}
