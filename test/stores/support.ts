// Harnesses for the store contract: one per driver.
import type { SqlAdapter } from '../../server/stores/sql/adapter';
import { openSqlStore } from '../../server/stores/sql/index';
import { createWechatStore } from '../../server/stores/wechat/index';
import { createCloudStandin } from '../support/wx-cloud-standin';
import { CONFIG_ADMIN, type StoreHarness } from './contract';

/** Statistics rows in batches of 3: the contract's few records cross several batches (keyset paging). */
const STATS_BATCH = 3;

/** The clock every harness gives its store, set by the contract's clock test. */
function settableClock(): { now: () => Date; setNow(at: string | null): void } {
  let fixed: string | null = null;
  return {
    now: () => (fixed === null ? new Date() : new Date(fixed)),
    setNow(at) {
      fixed = at;
    },
  };
}

export function wechatHarness(): StoreHarness {
  const cloud = createCloudStandin();
  const clock = settableClock();
  const store = createWechatStore(cloud.database(), { adminOpenids: [CONFIG_ADMIN], createCollections: true, now: clock.now });
  return {
    store,
    setNow: clock.setNow,
    async patchStoredRecord(id, patch) {
      await cloud.database().collection('records').doc(id).update({ data: patch });
    },
    async reset() {
      for (const t of cloud.db.collections.values()) t.clear();
    },
    async failOutboxWrites(on) {
      cloud.db.beforeWrite = on
        ? (_op, collection) => {
            if (collection === 'outbox') throw Object.assign(new Error('injected write failure'), { errCode: -1 });
          }
        : null;
    },
    async addAdmin(openid) {
      await cloud.database().collection('admins').add({ data: { openid } });
    },
    close: () => store.close(),
  };
}

async function sqlHarness(adapterStore: Awaited<ReturnType<typeof openSqlStore>>, setNow: StoreHarness['setNow']): Promise<StoreHarness> {
  const db: SqlAdapter = adapterStore.adapter;
  await db.exec(`
    CREATE OR REPLACE FUNCTION licenselens_test_fail() RETURNS trigger AS $$
    BEGIN RAISE EXCEPTION 'injected write failure'; END $$ LANGUAGE plpgsql;
  `);
  return {
    store: adapterStore,
    setNow,
    async patchStoredRecord(id, patch) {
      await db.query(`UPDATE records SET doc = doc || $2::jsonb WHERE id=$1`, [id, JSON.stringify(patch)]);
    },
    async reset() {
      await db.exec('TRUNCATE records, outbox, audit, admins, daily_usage, dossiers, dossier_members, expiries, reminders_sent, reminder_credits, dossier_filings');
    },
    async failOutboxWrites(on) {
      await db.exec('DROP TRIGGER IF EXISTS licenselens_test_fail ON outbox');
      if (on) await db.exec('CREATE TRIGGER licenselens_test_fail BEFORE INSERT OR UPDATE OR DELETE ON outbox FOR EACH ROW EXECUTE FUNCTION licenselens_test_fail()');
    },
    addAdmin: (openid) => adapterStore.addAdmin(openid),
    close: () => adapterStore.close(),
  };
}

export async function pgliteHarness(dataDir: string | null = null): Promise<StoreHarness> {
  const clock = settableClock();
  return sqlHarness(await openSqlStore({ dataDir }, { adminOpenids: [CONFIG_ADMIN], now: clock.now, statsBatch: STATS_BATCH }), clock.setNow);
}

/** A fresh schema per run, so that the suite never touches other data on the server. */
export async function postgresHarness(url: string): Promise<StoreHarness> {
  const schema = `licenselens_test_${process.pid}_${Date.now()}`;
  const clock = settableClock();
  const store = await openSqlStore({ url, schema }, { adminOpenids: [CONFIG_ADMIN], now: clock.now, statsBatch: STATS_BATCH });
  const h = await sqlHarness(store, clock.setNow);
  return {
    ...h,
    async close() {
      await store.adapter.exec(`DROP SCHEMA ${schema} CASCADE`);
      await store.close();
    },
  };
}
