// Store writes failing half-way leave no half record, and a submit sent twice at once is one
// submission with one outbox entry — on the SQL driver (PGlite) and the cloud database driver.
import { afterEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../server/config';
import { handleRecords } from '../../server/records/handlers';
import type { HandlerContext } from '../../server/records/context';
import { openPglite, type Queryable, type SqlAdapter } from '../../server/stores/sql/adapter';
import { createSqlStore } from '../../server/stores/sql';
import { migrate } from '../../server/stores/sql/schema';
import { createWechatStore } from '../../server/stores/wechat';
import type { RecordStore } from '../../server/stores/types';
import { createCloudStandin } from '../support/wx-cloud-standin';
import { testPhotos, testPipeline } from '../admin/support';
import { newRecord } from '../delivery/support';
import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { handleOcr } from '../../server/records/handlers';
import { createPipeline } from '../../server/pipeline';
import { createProviders } from '../../server/providers';
import { startProviderServer } from './provider-server';
import { faultConfig, jpeg } from './support';

const config = loadConfig({ WEBHOOK_URL: 'http://127.0.0.1:9/hook', WEBHOOK_SECRET: 's' });
const ctxFor = (store: RecordStore) => (openid: string): HandlerContext => ({
  openid,
  isAdmin: false,
  store,
  photos: testPhotos(),
  pipeline: testPipeline(),
  config,
  now: () => new Date(),
});

/** Wraps an adapter so that a statement matching `failOn` throws inside a transaction, between the
 *  statements before and after it. */
function faulty(inner: SqlAdapter, failOn: { pattern: RegExp | null }): SqlAdapter {
  const wrap = (q: Queryable): Queryable => ({
    query: (sql, params) => {
      if (failOn.pattern?.test(sql)) {
        failOn.pattern = null; // once
        return Promise.reject(new Error('injected: connection reset mid-transaction'));
      }
      return q.query(sql, params);
    },
    exec: (sql) => q.exec(sql),
  });
  return { ...inner, ...wrap(inner), transaction: (fn) => inner.transaction((tx) => fn(wrap(tx))), close: inner.close };
}

let cleanup: (() => Promise<void>) | null = null;
afterEach(async () => {
  await cleanup?.();
  cleanup = null;
});

async function sqlStore(failOn: { pattern: RegExp | null }) {
  const adapter = await openPglite(null);
  await migrate(adapter);
  const store = createSqlStore(faulty(adapter, failOn));
  cleanup = () => store.close();
  return { store, adapter };
}

describe('SQL store: a write failing mid-way', () => {
  it('submit: the outbox insert fails after the record update → neither is kept; a retry succeeds once', async () => {
    const failOn = { pattern: /INSERT INTO outbox/ as RegExp | null };
    const { store, adapter } = await sqlStore(failOn);
    const rec = await store.insertRecord(newRecord());
    const ctx = ctxFor(store)('o-user');
    await expect(handleRecords(ctx, { action: 'submit', id: rec._id, fields: { owner: '李四' } })).rejects.toThrow(/injected/);

    const after = (await store.getRecord(rec._id))!;
    expect(after).toMatchObject({ status: 'recognized', submitted: null, submittedAt: null, corrections: {}, delivery: 'none' });
    const row = (await adapter.query<{ status: string }>(`SELECT status FROM records WHERE id=$1`, [rec._id])).rows[0];
    expect(row?.status).toBe('recognized'); // the indexed column agrees with the document
    expect((await adapter.query(`SELECT 1 FROM outbox`)).rows).toHaveLength(0);
    expect((await store.listAudit(1, 10)).items.filter((e) => e.action === 'submit')).toHaveLength(0);

    const ok = (await handleRecords(ctx, { action: 'submit', id: rec._id, fields: { owner: '李四' } })) as { status: string };
    expect(ok.status).toBe('submitted');
    expect((await adapter.query(`SELECT 1 FROM outbox`)).rows).toHaveLength(1);
  });

  it('delivery update: the record mirror fails after the outbox update → the outbox row is unchanged too', async () => {
    const failOn = { pattern: null as RegExp | null };
    const { store } = await sqlStore(failOn);
    const rec = await store.insertRecord(newRecord());
    await handleRecords(ctxFor(store)('o-user'), { action: 'submit', id: rec._id, fields: {} });
    const entry = (await store.getDeliveryByRecord(rec._id))!;
    failOn.pattern = /UPDATE records SET doc = jsonb_set/;
    await expect(store.updateDelivery(entry._id, { status: 'delivered', attempts: 1, deliveredAt: new Date().toISOString() })).rejects.toThrow(
      /injected/,
    );
    expect(await store.getDeliveryByRecord(rec._id)).toMatchObject({ status: 'pending', attempts: 0, deliveredAt: null });
    expect((await store.getRecord(rec._id))!.delivery).toBe('pending');
  });

  it('photo retention: clearing the photo field fails → the record keeps its fields and fileID', async () => {
    const failOn = { pattern: /UPDATE records SET openid/ as RegExp | null };
    const { store } = await sqlStore(failOn);
    const rec = await store.insertRecord(newRecord({ fileID: 'a'.repeat(32) }));
    await expect(store.clearPhoto(rec._id)).rejects.toThrow(/injected/);
    expect((await store.getRecord(rec._id))!).toMatchObject({ fileID: 'a'.repeat(32), status: 'recognized' });
  });
});

describe('SQL store: the record insert fails after recognition', () => {
  it('leaves neither a record nor an orphaned photo, and the next attempt works', async () => {
    const providers = await startProviderServer();
    try {
      const failOn = { pattern: /INSERT INTO records/ as RegExp | null };
      const { store } = await sqlStore(failOn);
      const config = faultConfig(providers, { OCR_ROUTES: 'vehicle_license=kuaitong' });
      const dir = mkdtempSync(join(tmpdir(), 'll-orphan-'));
      const photos = testPhotos(dir);
      const ctx = { ...ctxFor(store)('o-user'), config, photos, pipeline: createPipeline({ ...createProviders(config, { local: false }), routes: config.routes }) };
      const image = await jpeg();
      await expect(handleOcr(ctx, { bytes: image, docType: 'vehicle_license', side: 'front' })).rejects.toThrow(/injected/);
      expect((await store.listRecords({ page: 1, pageSize: 10 })).total).toBe(0);
      expect(readdirSync(dir)).toEqual([]); // the photo stored before the failed insert was removed
      const rec = await handleOcr(ctx, { bytes: image, docType: 'vehicle_license', side: 'front' });
      expect(rec.status).toBe('recognized');
      expect((await store.listRecords({ page: 1, pageSize: 10 })).total).toBe(1);
      expect(readdirSync(dir).filter((f) => f.startsWith(rec.fileID!))).toHaveLength(2); // the photo and its sidecar
    } finally {
      await providers.close();
    }
  });
});

describe('the same submit sent twice at once', () => {
  const drivers: [string, () => Promise<{ store: RecordStore; outboxCount: () => Promise<number> }>][] = [
    [
      'SQL (PGlite)',
      async () => {
        const adapter = await openPglite(null);
        await migrate(adapter);
        const store = createSqlStore(adapter);
        cleanup = () => store.close();
        return {
          store,
          outboxCount: async () => Number((await adapter.query<{ n: number }>(`SELECT count(*)::int AS n FROM outbox`)).rows[0]!.n),
        };
      },
    ],
    [
      'cloud database (stand-in)',
      async () => {
        const cloud = createCloudStandin();
        const store = createWechatStore(cloud.db, { createCollections: true });
        return { store, outboxCount: async () => cloud.db.collections.get('outbox')?.size ?? 0 };
      },
    ],
  ];
  for (const [name, open] of drivers) {
    it(`${name}: one submission, one outbox entry, one audit entry`, async () => {
      const { store, outboxCount } = await open();
      const rec = await store.insertRecord(newRecord());
      const ctx = ctxFor(store)('o-user');
      const body = { action: 'submit', id: rec._id, fields: { owner: '李四' } };
      const results = (await Promise.all([handleRecords(ctx, body), handleRecords(ctx, body), handleRecords(ctx, body)])) as {
        status: string;
        submittedAt: string;
      }[];
      expect(results.map((r) => r.status)).toEqual(['submitted', 'submitted', 'submitted']);
      expect(new Set(results.map((r) => r.submittedAt)).size).toBe(1);
      expect(await outboxCount()).toBe(1);
      expect((await store.listAudit(1, 10)).items.filter((e) => e.action === 'submit')).toHaveLength(1);
      expect((await store.getRecord(rec._id))!.corrections).toEqual({ owner: { from: '张三', to: '李四' } });
    });
  }

  it('cloud database: the outbox write failing at commit leaves the record unsubmitted', async () => {
    const cloud = createCloudStandin();
    const store = createWechatStore(cloud.db, { createCollections: true });
    const rec = await store.insertRecord(newRecord());
    cloud.db.beforeWrite = (op, collection) => {
      if (collection === 'outbox') {
        cloud.db.beforeWrite = null;
        throw new Error('injected: outbox write failed');
      }
    };
    const ctx = ctxFor(store)('o-user');
    await expect(handleRecords(ctx, { action: 'submit', id: rec._id, fields: {} })).rejects.toThrow(/injected/);
    expect(await store.getRecord(rec._id)).toMatchObject({ status: 'recognized', submitted: null, delivery: 'none' });
    expect(cloud.db.collections.get('outbox')?.size ?? 0).toBe(0);
  });
});
