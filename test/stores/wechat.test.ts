import { describe, expect, it } from 'vitest';
import { createWechatStore } from '../../server/stores/wechat/index';
import { createCloudStandin } from '../support/wx-cloud-standin';
import { newRecord, runStoreContract } from './contract';
import { wechatHarness } from './support';

runStoreContract('WeChat cloud database (wx-server-sdk stand-in)', async () => wechatHarness());

describe('WeChat driver specifics', () => {
  it('never asks the database for more than 100 documents in one get() (statistics page through)', async () => {
    const cloud = createCloudStandin();
    const store = createWechatStore(cloud.database(), { createCollections: true });
    for (let i = 0; i < 120; i++) await store.insertRecord(newRecord({ createdAt: new Date(Date.UTC(2026, 10, 1, 0, i)).toISOString() }));
    for await (const _ of store.statsRows({})) void _;
    const gets = cloud.db.log.filter((l) => l.op === 'get');
    expect(gets.length).toBeGreaterThan(1);
    expect(Math.max(...gets.map((g) => g.limit ?? 0))).toBeLessThanOrEqual(100);
  });

  it('stores _openid explicitly, the search text lower-cased, and updatedAt as a date from the store\'s clock', async () => {
    const cloud = createCloudStandin({ now: () => new Date('2030-01-01T00:00:00.000Z') });
    const store = createWechatStore(cloud.database(), { createCollections: true, now: () => new Date('2026-11-22T01:02:03.000Z') });
    const r = await store.insertRecord(newRecord({ _openid: 'o-x', plateNo: '粤B12345' }));
    const [doc] = cloud.db.dump('records');
    expect(doc).toMatchObject({ _id: r._id, _openid: 'o-x' });
    expect(doc?.updatedAt).toBeInstanceOf(Date);
    expect(String(doc?._search)).toContain('粤b12345');
    expect(r.updatedAt).toBe('2026-11-22T01:02:03.000Z');
    expect(r).not.toHaveProperty('_search');
  });

  it('fails clearly when collections are missing and creation is not allowed', async () => {
    const cloud = createCloudStandin();
    const store = createWechatStore(cloud.database());
    await expect(store.insertRecord(newRecord())).rejects.toThrow(/not exist/);
  });
});
