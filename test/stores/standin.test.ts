// The wx-server-sdk stand-in follows the documented cloud database semantics the drivers rely on.
import { describe, expect, it } from 'vitest';
import { createCloudStandin } from '../support/wx-cloud-standin';

async function withDocs(n: number, opts: Parameters<typeof createCloudStandin>[0] = {}) {
  const cloud = createCloudStandin({ collections: ['c'], ...opts });
  const db = cloud.database();
  for (let i = 0; i < n; i++) await db.collection('c').add({ data: { i, even: i % 2 === 0, name: `Item-${i}`, tags: i % 3 === 0 ? ['x'] : [] } });
  return { cloud, db, c: db.collection('c') };
}

describe('wx-server-sdk stand-in: queries', () => {
  it('caps get() at 100 documents on the server SDK (the default too) and 20 when configured as a client', async () => {
    const { c } = await withDocs(130);
    expect((await c.get()).data).toHaveLength(100);
    expect((await c.limit(500).get()).data).toHaveLength(100);
    expect((await c.skip(100).get()).data).toHaveLength(30);
    expect((await c.count()).total).toBe(130);
    const client = await withDocs(30, { maxLimit: 20 });
    expect((await client.c.get()).data).toHaveLength(20);
  });

  it('generates 32-hex _ids, keeps a given _id, refuses a duplicate, and does not invent _openid', async () => {
    const { c } = await withDocs(0);
    const { _id } = await c.add({ data: { a: 1 } });
    expect(_id).toMatch(/^[0-9a-f]{32}$/);
    expect((await c.add({ data: { _id: 'mine', a: 2 } }))._id).toBe('mine');
    await expect(c.add({ data: { _id: 'mine' } })).rejects.toThrow(/duplicate/);
    expect((await c.doc(_id).get()).data).toEqual({ _id, a: 1 });
  });

  it('orders by several fields, and filters with eq/neq/gt/gte/lt/lte/in/nin/exists, and/or, RegExp', async () => {
    const { db, c } = await withDocs(10);
    const _ = db.command;
    const ids = async (q: ReturnType<typeof c.where>) => (await q.get()).data.map((d) => d.i);
    expect(await ids(c.where({ i: _.gte(3).and(_.lt(6)) }).orderBy('i', 'desc'))).toEqual([5, 4, 3]);
    expect(await ids(c.where({ i: _.in([1, 2, 99]) }).orderBy('i', 'asc'))).toEqual([1, 2]);
    expect(await ids(c.where({ i: _.nin([0, 1, 2, 3, 4, 5, 6]) }).orderBy('i', 'asc'))).toEqual([7, 8, 9]);
    expect(await ids(c.where(_.or([{ i: 1 }, { i: _.gt(8) }])).orderBy('i', 'asc'))).toEqual([1, 9]);
    expect(await ids(c.where({ even: true, i: _.neq(0).and(_.lte(4)) }).orderBy('i', 'asc'))).toEqual([2, 4]);
    expect(await ids(c.where({ name: db.RegExp({ regexp: 'item-1', options: 'i' }) }))).toEqual([1]);
    expect(await ids(c.where({ tags: 'x' }).orderBy('i', 'asc'))).toEqual([0, 3, 6, 9]);
    expect(await ids(c.where({ missing: _.exists(false), i: _.lt(2) }).orderBy('i', 'asc'))).toEqual([0, 1]);
    expect(await ids(c.where({ i: _.gt('5') }))).toEqual([]); // no comparison across types
    expect(await ids(c.where({ even: false }).orderBy('even', 'asc').orderBy('i', 'desc').limit(2))).toEqual([9, 7]);
  });
});

describe('wx-server-sdk stand-in: writes', () => {
  it('resolves serverDate() to the server clock when written', async () => {
    const at = new Date('2026-11-22T00:00:00.000Z');
    const cloud = createCloudStandin({ collections: ['c'], now: () => at });
    const db = cloud.database();
    const { _id } = await db.collection('c').add({ data: { at: db.serverDate(), later: db.serverDate({ offset: 1000 }) } });
    const doc = (await db.collection('c').doc(_id).get()).data;
    expect(doc.at).toEqual(at);
    expect(doc.later).toEqual(new Date(at.getTime() + 1000));
  });

  it('merges plain objects field by field on update, replaces with _.set, fails under a null parent', async () => {
    const { db, c } = await withDocs(0);
    const { _id } = await c.add({ data: { o: { a: 1, b: 2 }, n: null, count: 1 } });
    await c.doc(_id).update({ data: { o: { b: 3 }, count: db.command.inc(2) } });
    expect((await c.doc(_id).get()).data).toMatchObject({ o: { a: 1, b: 3 }, count: 3 });
    await c.doc(_id).update({ data: { o: db.command.set({ z: 1 }) } });
    expect((await c.doc(_id).get()).data.o).toEqual({ z: 1 });
    await expect(c.doc(_id).update({ data: { n: { x: 1 } } })).rejects.toThrow(/cannot create field/);
    expect(await c.doc('nope').update({ data: { a: 1 } })).toMatchObject({ stats: { updated: 0 } });
    await expect(c.doc('nope').get()).rejects.toThrow(/does not exist/);
    expect(await c.where({ count: 3 }).update({ data: { flag: true } })).toMatchObject({ stats: { updated: 1 } });
    expect(await c.doc(_id).remove()).toMatchObject({ stats: { removed: 1 } });
  });

  it('needs collections to exist, and refuses to create one twice', async () => {
    const cloud = createCloudStandin();
    const db = cloud.database();
    await expect(db.collection('x').add({ data: {} })).rejects.toMatchObject({ errCode: -502005 });
    await db.createCollection('x');
    await expect(db.createCollection('x')).rejects.toMatchObject({ errCode: -501001 });
    await db.collection('x').add({ data: {} });
  });
});

describe('wx-server-sdk stand-in: transactions', () => {
  it('applies writes at commit, discards them on a throw or rollback', async () => {
    const { db, c } = await withDocs(0);
    const { _id } = await c.add({ data: { v: 1 } });
    await expect(
      db.runTransaction(async (t) => {
        await t.collection('c').doc(_id).update({ data: { v: 2 } });
        expect((await t.collection('c').doc(_id).get()).data.v).toBe(2); // reads its own writes
        expect((await c.doc(_id).get()).data.v).toBe(1); // others do not, yet
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    expect((await c.doc(_id).get()).data.v).toBe(1);
    await expect(
      db.runTransaction(async (t) => {
        await t.collection('c').doc(_id).set({ data: { v: 3 } });
        await t.rollback('changed my mind');
      }),
    ).rejects.toBe('changed my mind');
    expect(await db.runTransaction(async (t) => (await t.collection('c').doc(_id).update({ data: { v: 4 } }), 'ok'))).toBe('ok');
    expect((await c.doc(_id).get()).data.v).toBe(4);
  });

  it('retries a transaction whose document changed underneath it, then gives up', async () => {
    const { db, c } = await withDocs(0);
    const { _id } = await c.add({ data: { v: 0 } });
    let runs = 0;
    await db.runTransaction(async (t) => {
      runs++;
      const v = (await t.collection('c').doc(_id).get()).data.v as number;
      if (runs === 1) await c.doc(_id).update({ data: { v: 100 } }); // a concurrent write
      await t.collection('c').doc(_id).update({ data: { v: v + 1 } });
    });
    expect(runs).toBe(2);
    expect((await c.doc(_id).get()).data.v).toBe(101);
    await expect(
      db.runTransaction(async (t) => {
        await t.collection('c').doc(_id).get();
        await c.doc(_id).update({ data: { v: db.command.inc(1) } });
      }, 2),
    ).rejects.toMatchObject({ errCode: -502001 });
  });
});

describe('wx-server-sdk stand-in: storage and context', () => {
  it('uploads, downloads, hands out temporary URLs with maxAge and deletes files', async () => {
    const cloud = createCloudStandin();
    const { fileID } = await cloud.uploadFile({ cloudPath: 'a/b.png', fileContent: Buffer.from('png') });
    expect(fileID).toMatch(/^cloud:\/\/.+\/a\/b\.png$/);
    expect((await cloud.downloadFile({ fileID })).fileContent.toString()).toBe('png');
    const [item] = (await cloud.getTempFileURL({ fileList: [{ fileID, maxAge: 60 }] })).fileList;
    expect(item).toMatchObject({ fileID, status: 0, maxAge: 60 });
    expect(item?.tempFileURL).toMatch(/^https:\/\//);
    expect((await cloud.deleteFile({ fileList: [fileID] })).fileList[0]?.status).toBe(0);
    await expect(cloud.downloadFile({ fileID })).rejects.toMatchObject({ errCode: -503003 });
    expect((await cloud.getTempFileURL({ fileList: [fileID] })).fileList[0]?.status).not.toBe(0);
  });

  it('reports the caller set by the test through getWXContext()', () => {
    const cloud = createCloudStandin();
    expect(cloud.getWXContext().OPENID).toBeUndefined();
    cloud.context = { OPENID: 'o-1' };
    expect(cloud.getWXContext()).toMatchObject({ OPENID: 'o-1', SOURCE: 'wx_client' });
  });
});
