// RecordsStore: writes, reads, search, submit (with its outbox and audit entries in one write), pages,
// photo retention, daily limits and statistics.
import { beforeEach, describe, expect, it } from 'vitest';
import { RecordSchema, type LicenseRecord, type RecordPage } from '../../../core/contracts/records';
import { StoredRecordError } from '../../../server/stores/common';
import { newRecord, submitInput, twoPageRecord } from './fixtures';
import type { RecordQuery, RecordStore, StatsQuery, StatsRow } from '../../../server/stores/types';
import { countStats } from '../../../server/admin/stats';
import type { ContractRef } from './fixtures';

export function recordsContract(ref: ContractRef): void {
  // Read when a test runs: the harness is set up in the caller's beforeAll.
  let store: RecordStore;
  let h: ContractRef['h'];
  beforeEach(() => {
    store = ref.store;
    h = ref.h;
  });
  /** The figures as the records API computes them from this driver's rows. */
  const stats = (q: StatsQuery) => countStats(store.statsRows(q));
  const rowsOf = async (q: StatsQuery): Promise<StatsRow[]> => {
    const out: StatsRow[] = [];
    for await (const batch of store.statsRows(q)) out.push(...batch);
    return out;
  };

  describe('records', () => {
    it('assigns an unguessable _id, the timestamps and the defaults on insert, and reads the record back', async () => {
      const r = await store.insertRecord(newRecord({ createdAt: '2026-11-01T10:00:00.000Z' }));
      expect(r._id).toMatch(/^[0-9a-f]{32}$/);
      expect(r).toMatchObject({
        _openid: 'o-user-a',
        status: 'recognized',
        submitted: null,
        corrections: {},
        submittedAt: null,
        delivery: 'none',
        createdAt: '2026-11-01T10:00:00.000Z',
      });
      expect(typeof r.updatedAt).toBe('string');
      const back = await store.getRecord(r._id);
      expect(back).toEqual(r);
      expect(back?.raw).toEqual({ words: [{ text: '粤B12345' }] });
      expect(back?.recognized?.vin?.warnings[0]?.code).toBe('VIN_CHECK_DIGIT');
      expect(back?.extra).toEqual({ 条码: '12345' });
    });

    it('keeps a failed recognition with its error and attempts', async () => {
      const r = await store.insertRecord(
        newRecord({
          status: 'failed',
          provider: null,
          recognized: null,
          raw: null,
          error: { code: 'QUOTA', message: '额度用完' },
          attempts: [
            { provider: 'wechat', ok: false, code: 'QUOTA', providerCode: '101003', durationMs: 5 },
            { provider: 'local', ok: false, code: 'NOT_FOUND_IN_IMAGE', durationMs: 30 },
          ],
        }),
      );
      const back = await store.getRecord(r._id);
      expect(back?.status).toBe('failed');
      expect(back?.error).toEqual({ code: 'QUOTA', message: '额度用完' });
      expect(back?.attempts).toHaveLength(2);
      expect(back?.recognized).toBeNull();
    });

    it('stamps createdAt and updatedAt from the clock the store was given, on insert, submit and photo clearing', async () => {
      h.setNow('2026-11-20T08:00:00.000Z');
      const r = await store.insertRecord(newRecord());
      expect(r).toMatchObject({ createdAt: '2026-11-20T08:00:00.000Z', updatedAt: '2026-11-20T08:00:00.000Z' });
      expect(await store.getRecord(r._id)).toMatchObject({ createdAt: '2026-11-20T08:00:00.000Z', updatedAt: '2026-11-20T08:00:00.000Z' });
      h.setNow('2026-11-20T09:00:00.000Z');
      const s = await store.submitRecord(r._id, submitInput('o-user-a'));
      expect(s?.record.updatedAt).toBe('2026-11-20T09:00:00.000Z');
      expect((await store.getRecord(r._id))?.updatedAt).toBe('2026-11-20T09:00:00.000Z');
      h.setNow('2026-11-20T10:00:00.000Z');
      await store.clearPhoto(r._id);
      expect((await store.getRecord(r._id))?.updatedAt).toBe('2026-11-20T10:00:00.000Z');
    });

    it('reads every record through the records contract schema and refuses one that does not match it, naming the record', async () => {
      const r = await store.insertRecord(twoPageRecord());
      expect(RecordSchema.parse(await store.getRecord(r._id))).toEqual(r);
      for (const item of (await store.listRecords({ page: 1, pageSize: 10 })).items) expect(RecordSchema.safeParse(item).success).toBe(true);
      await h.patchStoredRecord(r._id, { status: 'archived', attempts: 'none' });
      const refused = await store.getRecord(r._id).then(
        () => null,
        (e: unknown) => e,
      );
      expect(refused).toBeInstanceOf(StoredRecordError);
      expect(refused).toMatchObject({ recordId: r._id, paths: expect.arrayContaining(['status', 'attempts']) });
      await expect(store.listRecords({ page: 1, pageSize: 10 })).rejects.toThrow(r._id);
    });

    it('returns null for an unknown id and deletes a record once', async () => {
      expect(await store.getRecord('0123456789abcdef0123456789abcdef')).toBeNull();
      const r = await store.insertRecord(newRecord());
      expect(await store.deleteRecord(r._id)).toBe(true);
      expect(await store.deleteRecord(r._id)).toBe(false);
      expect(await store.getRecord(r._id)).toBeNull();
    });
  });

  describe('listRecords', () => {
    async function seed(): Promise<LicenseRecord[]> {
      const out: LicenseRecord[] = [];
      const rows: Parameters<typeof newRecord>[0][] = [
        { _openid: 'o-a', createdAt: '2026-11-01T01:00:00.000Z', plateNo: '粤B11111', owner: '李四' },
        { _openid: 'o-a', createdAt: '2026-11-02T23:59:00.000Z', plateNo: '京AD12345', docType: 'vehicle_license' },
        { _openid: 'o-b', createdAt: '2026-11-03T12:00:00.000Z', plateNo: '沪C22222', status: 'failed', recognized: null, provider: null },
        { _openid: 'o-b', createdAt: '2026-11-04T12:00:00.000Z', docType: 'id_card', side: 'front', recognized: { name: { value: '王五', warnings: [] } } },
        { _openid: 'o-a', createdAt: '2026-11-05T12:00:00.000Z', plateNo: '粤B33333', vin: 'LFV2A21K6C4000001', owner: 'Acme 物流' },
      ];
      for (const row of rows) out.push(await store.insertRecord(newRecord(row)));
      return out;
    }

    it('lists newest first with the total, restricted to one owner', async () => {
      const seeded = await seed();
      const all = await store.listRecords({ page: 1, pageSize: 10 });
      expect(all.total).toBe(5);
      expect(all.items.map((r) => r._id)).toEqual([...seeded].reverse().map((r) => r._id));
      const mine = await store.listRecords({ openid: 'o-a', page: 1, pageSize: 10 });
      expect(mine.total).toBe(3);
      expect(mine.items.every((r) => r._openid === 'o-a')).toBe(true);
    });

    it('keeps totals right through submits and deletes, for every filter combination', async () => {
      const seeded = await seed();
      const a = seeded[0]!;
      await store.submitRecord(a._id, submitInput('o-a'));
      await store.deleteRecord(seeded[3]!._id);
      const total = async (q: Partial<RecordQuery>) => (await store.listRecords({ page: 1, pageSize: 1, ...q })).total;
      expect(await total({})).toBe(4);
      expect(await total({ status: 'submitted' })).toBe(1);
      expect(await total({ status: 'recognized' })).toBe(2);
      expect(await total({ status: 'recognized', docType: 'vehicle_license' })).toBe(2);
      expect(await total({ docType: 'id_card' })).toBe(0);
      expect(await total({ status: 'submitted', openid: 'o-b' })).toBe(0);
      expect(await total({ status: 'submitted', q: 'b12346' })).toBe(1);
      expect(await store.listRecords({ q: 'b12346', page: 2, pageSize: 1 })).toEqual({ items: [], total: 1 });
      expect((await store.listRecords({ status: 'submitted', page: 1, pageSize: 5 })).items.map((r) => r._id)).toEqual([a._id]);
    });

    it('filters by status, document type and an inclusive date range (a bare `to` covers its day)', async () => {
      await seed();
      expect((await store.listRecords({ status: 'failed', page: 1, pageSize: 10 })).total).toBe(1);
      expect((await store.listRecords({ docType: 'id_card', page: 1, pageSize: 10 })).total).toBe(1);
      const range = await store.listRecords({ from: '2026-11-02', to: '2026-11-03', page: 1, pageSize: 10 });
      expect(range.items.map((r) => r.createdAt)).toEqual(['2026-11-03T12:00:00.000Z', '2026-11-02T23:59:00.000Z']);
      const instant = await store.listRecords({ from: '2026-11-03T12:00:00.000Z', page: 1, pageSize: 10 });
      expect(instant.total).toBe(3);
    });

    it('filters by a warning code on the record, on a page or on a field of any page, with the right totals', async () => {
      const blur = { code: 'PHOTO_BLUR', message: '照片模糊' };
      const plain = await store.insertRecord(newRecord({ recognized: { plateNo: { value: '粤B10000', warnings: [] } } }));
      const photo = await store.insertRecord(newRecord({ warnings: [blur], createdAt: '2026-11-02T00:00:00.000Z' }));
      const onPage = twoPageRecord({ createdAt: '2026-11-03T00:00:00.000Z', _openid: 'o-a' });
      onPage.pages![0]!.warnings = [blur];
      const paged = await store.insertRecord(onPage);
      const field = await store.insertRecord(
        newRecord({ recognized: { plateNo: { value: '粤B1O000', warnings: [{ code: 'PLATE_LETTER_IO', message: '号牌含 I/O' }] } }, createdAt: '2026-11-04T00:00:00.000Z' }),
      );
      const ids = async (q: Partial<RecordQuery>) => {
        const r = await store.listRecords({ page: 1, pageSize: 10, ...q });
        expect(r.total).toBe(r.items.length);
        return r.items.map((x) => x._id);
      };
      expect(await ids({ warning: 'PHOTO_BLUR' })).toEqual([paged._id, photo._id]);
      expect(await ids({ warning: 'PLATE_LETTER_IO' })).toEqual([field._id]);
      // newRecord's VIN carries VIN_CHECK_DIGIT: every record but the two that replace its fields.
      expect(await ids({ warning: 'VIN_CHECK_DIGIT' })).toEqual([photo._id]);
      expect(await ids({ warning: 'PHOTO_GLARE' })).toEqual([]);
      expect(await ids({ warning: 'PHOTO_BLUR', status: 'recognized', docType: 'vehicle_license' })).toEqual([paged._id, photo._id]);
      expect(await ids({ warning: 'PHOTO_BLUR', openid: 'o-a', q: '李四光' })).toEqual([paged._id]);
      expect(await ids({ warning: 'PHOTO_BLUR', from: '2026-11-03' })).toEqual([paged._id]);
      // A submit keeps what was recognized, warnings included.
      await store.submitRecord(paged._id, submitInput('o-a', { corrections: {} }));
      expect(await ids({ warning: 'PHOTO_BLUR', status: 'submitted' })).toEqual([paged._id]);
      expect(await ids({})).toContain(plain._id);
    });

    it('searches plate, VIN and owner case-insensitively, as substrings, literally', async () => {
      await seed();
      const q = async (text: string) => (await store.listRecords({ q: text, page: 1, pageSize: 10 })).items.map((r) => r.createdAt);
      expect(await q('b33')).toEqual(['2026-11-05T12:00:00.000Z']);
      expect(await q('lfv2a21')).toEqual(['2026-11-05T12:00:00.000Z']);
      expect(await q('李四')).toEqual(['2026-11-01T01:00:00.000Z']);
      expect(await q('acme')).toEqual(['2026-11-05T12:00:00.000Z']);
      expect(await q('ad123')).toEqual(['2026-11-02T23:59:00.000Z']);
      expect(await q('%')).toEqual([]);
      expect(await q('.*')).toEqual([]);
      expect(await q('王五')).toEqual(['2026-11-04T12:00:00.000Z']);
    });

    it('searches engine and file numbers as substrings, and an ID number only as a whole (either page, recognized or submitted)', async () => {
      const idNo = '11010519491231002X';
      const car = await store.insertRecord(
        newRecord({ _openid: 'o-a', recognized: { ...newRecord().recognized, engineNo: { value: 'EN7Q93K', warnings: [] } } }),
      );
      const two = await store.insertRecord(twoPageRecord({ _openid: 'o-a' }));
      const person = await store.insertRecord(
        newRecord({
          _openid: 'o-b',
          docType: 'id_card',
          recognized: { name: { value: '赵六', warnings: [] }, idNumber: { value: '110105194912310021', warnings: [] } },
        }),
      );
      const driver = await store.insertRecord(
        newRecord({ _openid: 'o-c', docType: 'driver_license', recognized: { licenseNo: { value: idNo, warnings: [] }, name: { value: '钱七', warnings: [] } } }),
      );
      const q = async (text: string) => (await store.listRecords({ q: text, page: 1, pageSize: 10 })).items.map((r) => r._id).sort();
      expect(await q('n7q93')).toEqual([car._id]);
      expect(await q('0100123')).toEqual([two._id]); // the back page's 档案编号
      expect(await q('110105194912310021')).toEqual([person._id]);
      expect(await q('110105 1949 1231 0021')).toEqual([person._id]); // as people type it
      expect(await q('11010519491231002x')).toEqual([driver._id]); // a driving licence number of an ID's shape
      // A part of an ID number finds nothing: no guessing masked digits one at a time.
      expect(await q('1949123')).toEqual([]);
      expect(await q('11010519491231002')).toEqual([]);
      // The user's corrected number is what the record is found by, as well as the recognized one.
      await store.submitRecord(person._id, submitInput('o-b', { submitted: { name: '赵六', idNumber: '110105194912310039' }, corrections: {} }));
      expect(await q('110105194912310039')).toEqual([person._id]);
      expect(await q('110105194912310021')).toEqual([person._id]);
      const scoped = await store.listRecords({ q: '110105194912310039', openid: 'o-a', page: 1, pageSize: 10 });
      expect(scoped.total).toBe(0);
    });

    it('finds a record by a value the user submitted', async () => {
      const r = await store.insertRecord(newRecord({ _openid: 'o-a' }));
      await store.submitRecord(r._id, submitInput('o-a', { submitted: { plateNo: '粤Z99999' } }));
      const found = await store.listRecords({ q: 'z9999', page: 1, pageSize: 10 });
      expect(found.items.map((x) => x._id)).toEqual([r._id]);
    });

    it('pages past the database per-query cap (pages of 100 over 230 records)', async () => {
      const base = Date.parse('2026-10-01T00:00:00.000Z');
      for (let i = 0; i < 230; i++) {
        await store.insertRecord(newRecord({ _openid: 'o-many', createdAt: new Date(base + i * 60_000).toISOString() }));
      }
      const seen = new Set<string>();
      for (let page = 1; page <= 3; page++) {
        const r = await store.listRecords({ openid: 'o-many', page, pageSize: 100 });
        expect(r.total).toBe(230);
        expect(r.items.length).toBe(page < 3 ? 100 : 30);
        for (const x of r.items) seen.add(x._id);
      }
      expect(seen.size).toBe(230);
    });
  });

  describe('submitRecord', () => {
    it('submits once: status, values, corrections, submittedAt, and the outbox entry in the same write', async () => {
      const r = await store.insertRecord(newRecord({ _openid: 'o-a' }));
      const out = await store.submitRecord(
        r._id,
        submitInput('o-a', { outbox: { idempotencyKey: `k-${r._id}`, payload: { hello: 'world' }, nextAttemptAt: '2026-11-20T08:00:00.000Z' } }),
      );
      expect(out?.changed).toBe(true);
      expect(out?.record).toMatchObject({
        _id: r._id,
        status: 'submitted',
        submitted: { plateNo: '粤B12346' },
        corrections: { plateNo: { from: '粤B12345', to: '粤B12346' } },
        submittedAt: '2026-11-20T08:00:00.000Z',
        delivery: 'pending',
        createdAt: r.createdAt,
      });
      const delivery = await store.getDeliveryByRecord(r._id);
      expect(delivery).toMatchObject({ recordId: r._id, idempotencyKey: `k-${r._id}`, status: 'pending', attempts: 0, payload: { hello: 'world' } });
    });

    it('is idempotent: a second submit changes nothing and queues nothing', async () => {
      const r = await store.insertRecord(newRecord({ _openid: 'o-a' }));
      const first = await store.submitRecord(r._id, submitInput('o-a', { outbox: { idempotencyKey: 'k1', payload: {}, nextAttemptAt: '2026-11-20T08:00:00.000Z' } }));
      const second = await store.submitRecord(
        r._id,
        submitInput('o-a', { submitted: { plateNo: 'OTHER' }, outbox: { idempotencyKey: 'k2', payload: {}, nextAttemptAt: '2026-11-20T08:00:00.000Z' } }),
      );
      expect(second?.changed).toBe(false);
      expect(second?.record.submitted).toEqual(first?.record.submitted);
      expect((await store.dueDeliveries('2030-01-01T00:00:00.000Z', 10)).length).toBe(1);
    });

    it('lets concurrent double submits through exactly once', async () => {
      const r = await store.insertRecord(newRecord({ _openid: 'o-a' }));
      const results = await Promise.all(
        Array.from({ length: 6 }, (_, i) =>
          store.submitRecord(r._id, submitInput('o-a', { outbox: { idempotencyKey: `k-${i}`, payload: { i }, nextAttemptAt: '2026-11-20T08:00:00.000Z' } })),
        ),
      );
      expect(results.filter((x) => x?.changed).length).toBe(1);
      expect(results.every((x) => x?.record.status === 'submitted')).toBe(true);
      expect((await store.dueDeliveries('2030-01-01T00:00:00.000Z', 10)).length).toBe(1);
    });

    it('refuses a foreign or missing record (null) and leaves a failed one as it is', async () => {
      const r = await store.insertRecord(newRecord({ _openid: 'o-a' }));
      expect(await store.submitRecord(r._id, submitInput('o-b'))).toBeNull();
      expect(await store.submitRecord('0123456789abcdef0123456789abcdef', submitInput('o-a'))).toBeNull();
      expect((await store.getRecord(r._id))?.status).toBe('recognized');
      const failed = await store.insertRecord(newRecord({ _openid: 'o-a', status: 'failed', recognized: null }));
      const out = await store.submitRecord(failed._id, submitInput('o-a'));
      expect(out?.changed).toBe(false);
      expect(out?.record.status).toBe('failed');
    });

    it('writes nothing when the write fails mid-way (record and outbox in one transaction)', async () => {
      const r = await store.insertRecord(newRecord({ _openid: 'o-a' }));
      await h.failOutboxWrites(true);
      await expect(
        store.submitRecord(r._id, submitInput('o-a', { outbox: { idempotencyKey: 'k-fail', payload: {}, nextAttemptAt: '2026-11-20T08:00:00.000Z' } })),
      ).rejects.toThrow();
      await h.failOutboxWrites(false);
      const back = await store.getRecord(r._id);
      expect(back).toMatchObject({ status: 'recognized', submitted: null, submittedAt: null, corrections: {}, delivery: 'none' });
      expect(await store.getDeliveryByRecord(r._id)).toBeNull();
      // …and the same submit succeeds afterwards.
      const again = await store.submitRecord(r._id, submitInput('o-a', { outbox: { idempotencyKey: 'k-fail', payload: {}, nextAttemptAt: '2026-11-20T08:00:00.000Z' } }));
      expect(again?.changed).toBe(true);
    });

    it('writes the submit audit entry in the submit transaction: with the submission, never without it', async () => {
      const r = await store.insertRecord(newRecord({ _openid: 'o-a' }));
      const audit = { actor: 'o-a', action: 'submit', target: r._id, details: { corrected: ['plateNo'] }, at: '2026-11-20T08:00:00.000Z' };
      const outbox = { idempotencyKey: `k-${r._id}`, payload: {}, nextAttemptAt: '2026-11-20T08:00:00.000Z' };
      await h.failOutboxWrites(true);
      await expect(store.submitRecord(r._id, submitInput('o-a', { outbox, audit }))).rejects.toThrow();
      await h.failOutboxWrites(false);
      expect((await store.listAudit(1, 10)).total).toBe(0);
      expect((await store.submitRecord(r._id, submitInput('o-a', { outbox, audit })))?.changed).toBe(true);
      // A repeated submit changes nothing and logs nothing more.
      expect((await store.submitRecord(r._id, submitInput('o-a', { outbox, audit })))?.changed).toBe(false);
      const log = await store.listAudit(1, 10);
      expect(log.total).toBe(1);
      expect(log.items[0]).toMatchObject({ actor: 'o-a', action: 'submit', target: r._id, details: { corrected: ['plateNo'] } });
    });
  });

  describe('records of two pages (one photo, both pages)', () => {
    it('keeps every page and finds the record by a value of either page', async () => {
      const r = await store.insertRecord(twoPageRecord());
      const back = await store.getRecord(r._id);
      expect(back?.pages?.map((p) => p.side)).toEqual(['front', 'back']);
      expect(back?.pages?.[0]?.recognized.owner?.value).toBe('李四光');
      expect(back?.pages?.[1]).toMatchObject({ submitted: null, corrections: {} });
      // owner and VIN are printed on the front page only; the top level is the back page
      expect((await store.listRecords({ q: '李四光', page: 1, pageSize: 10 })).items.map((x) => x._id)).toEqual([r._id]);
      expect((await store.listRecords({ q: 'lsvam4187', page: 1, pageSize: 10 })).total).toBe(1);
    });

    it('submits every page together and counts corrected fields per page', async () => {
      const r = await store.insertRecord(twoPageRecord({ _openid: 'o-a' }));
      const [front, back] = twoPageRecord().pages!;
      const pages: RecordPage[] = [
        { ...front!, submitted: { plateNo: '鄂E3887K', owner: '李四', vin: 'LSVAM4187C2184847' }, corrections: { owner: { from: '李四光', to: '李四' } } },
        { ...back!, submitted: { plateNo: '鄂E3887K', fileNo: '420100123456' }, corrections: {} },
      ];
      const out = await store.submitRecord(r._id, submitInput('o-a', { submitted: pages[1]!.submitted!, corrections: {}, pages }));
      expect(out?.changed).toBe(true);
      const read = await store.getRecord(r._id);
      expect(read?.status).toBe('submitted');
      expect(read?.pages?.[0]?.submitted?.owner).toBe('李四');
      expect(read?.pages?.[0]?.corrections).toEqual({ owner: { from: '李四光', to: '李四' } });
      expect(read?.submitted).toEqual({ plateNo: '鄂E3887K', fileNo: '420100123456' });
      expect((await store.listRecords({ q: '李四', page: 1, pageSize: 10 })).total).toBe(1);
      const s = await stats({});
      expect(s.corrections).toEqual([
        { provider: 'local', field: 'fileNo', corrected: 0, submitted: 1 },
        { provider: 'local', field: 'owner', corrected: 1, submitted: 1 },
        { provider: 'local', field: 'plateNo', corrected: 0, submitted: 2 },
        { provider: 'local', field: 'vin', corrected: 0, submitted: 1 },
      ]);
    });
  });

  describe('photos, limits', () => {
    it('lists photos older than an instant and clears them, keeping the fields', async () => {
      const old = await store.insertRecord(newRecord({ fileID: 'old-photo', createdAt: '2026-01-01T00:00:00.000Z' }));
      await store.insertRecord(newRecord({ fileID: 'new-photo', createdAt: '2026-11-01T00:00:00.000Z' }));
      await store.insertRecord(newRecord({ fileID: null, createdAt: '2025-01-01T00:00:00.000Z' }));
      expect(await store.listPhotosBefore('2026-06-01T00:00:00.000Z', 10)).toEqual([{ _id: old._id, fileID: 'old-photo' }]);
      await store.clearPhoto(old._id);
      expect(await store.listPhotosBefore('2026-06-01T00:00:00.000Z', 10)).toEqual([]);
      const back = await store.getRecord(old._id);
      expect(back?.fileID).toBeNull();
      expect(back?.recognized?.plateNo?.value).toBe('粤B12345');
    });

    it('reserves daily slots per user and day up to the limit, and gives one back on release', async () => {
      expect(await store.reserveDailySlot('o-a', '2026-11-21', 2)).toBe(true);
      expect(await store.reserveDailySlot('o-a', '2026-11-21', 2)).toBe(true);
      expect(await store.reserveDailySlot('o-a', '2026-11-21', 2)).toBe(false);
      // Other users and other days count apart.
      expect(await store.reserveDailySlot('o-b', '2026-11-21', 2)).toBe(true);
      expect(await store.reserveDailySlot('o-a', '2026-11-22', 2)).toBe(true);
      await store.releaseDailySlot('o-a', '2026-11-21');
      expect(await store.reserveDailySlot('o-a', '2026-11-21', 2)).toBe(true);
      expect(await store.reserveDailySlot('o-a', '2026-11-21', 2)).toBe(false);
      // A release never goes below zero, and a limit of 0 allows nothing.
      for (let i = 0; i < 3; i++) await store.releaseDailySlot('o-c', '2026-11-21');
      expect(await store.reserveDailySlot('o-c', '2026-11-21', 1)).toBe(true);
      expect(await store.reserveDailySlot('o-c', '2026-11-21', 1)).toBe(false);
      expect(await store.reserveDailySlot('o-d', '2026-11-21', 0)).toBe(false);
    });

    it('lets exactly `limit` of many concurrent reservations through (8 racing, limit 3)', async () => {
      const results = await Promise.all(Array.from({ length: 8 }, () => store.reserveDailySlot('o-race', '2026-11-21', 3)));
      expect(results.filter(Boolean).length).toBe(3);
      expect(await store.reserveDailySlot('o-race', '2026-11-21', 3)).toBe(false);
    });

    it('keeps the daily count when records are deleted (deleting does not hand the quota back)', async () => {
      const r = await store.insertRecord(newRecord({ _openid: 'o-a' }));
      expect(await store.reserveDailySlot('o-a', '2026-11-21', 1)).toBe(true);
      expect(await store.deleteRecord(r._id)).toBe(true);
      expect(await store.reserveDailySlot('o-a', '2026-11-21', 1)).toBe(false);
    });
  });

  describe('statistics', () => {
    it('computes statistics per day (China time), document type, provider, status and corrected fields', async () => {
      const a = await store.insertRecord(newRecord({ _openid: 'o-a', createdAt: '2026-11-20T15:00:00.000Z', provider: 'wechat' }));
      const b = await store.insertRecord(newRecord({ _openid: 'o-a', createdAt: '2026-11-20T17:00:00.000Z', provider: 'local' }));
      await store.insertRecord(newRecord({ _openid: 'o-a', createdAt: '2026-11-21T01:00:00.000Z', status: 'failed', provider: null, recognized: null }));
      await store.insertRecord(newRecord({ _openid: 'o-a', createdAt: '2026-11-21T02:00:00.000Z', docType: 'id_card' }));
      await store.submitRecord(a._id, submitInput('o-a'));
      await store.submitRecord(b._id, submitInput('o-a', { corrections: {} }));
      const s = await stats({});
      expect(s.perDay).toEqual([
        { day: '2026-11-20', count: 1 },
        { day: '2026-11-21', count: 3 },
      ]);
      expect(s.perDocType).toEqual([
        { docType: 'id_card', count: 1 },
        { docType: 'vehicle_license', count: 3 },
      ]);
      expect(s.perProvider).toEqual([
        { provider: 'local', count: 2 },
        { provider: 'none', count: 1 },
        { provider: 'wechat', count: 1 },
      ]);
      expect(s.perStatus).toEqual([
        { status: 'failed', count: 1 },
        { status: 'recognized', count: 1 },
        { status: 'submitted', count: 2 },
      ]);
      expect(s.corrections).toEqual([
        { provider: 'local', field: 'model', corrected: 0, submitted: 1 },
        { provider: 'local', field: 'owner', corrected: 0, submitted: 1 },
        { provider: 'local', field: 'plateNo', corrected: 0, submitted: 1 },
        { provider: 'local', field: 'vin', corrected: 0, submitted: 1 },
        { provider: 'wechat', field: 'model', corrected: 0, submitted: 1 },
        { provider: 'wechat', field: 'owner', corrected: 0, submitted: 1 },
        { provider: 'wechat', field: 'plateNo', corrected: 1, submitted: 1 },
        { provider: 'wechat', field: 'vin', corrected: 0, submitted: 1 },
      ]);
      // Median total time of the recognitions that did not fail (three of 45 ms).
      expect(s.recognitionMs).toEqual({ median: 45, samples: 3 });
      const filtered = await stats({ docType: 'vehicle_license', from: '2026-11-21' });
      expect(filtered.perStatus).toEqual([{ status: 'failed', count: 1 }]);
      expect(filtered.recognitionMs).toEqual({ median: null, samples: 0 });
    });

    it('reads the rows of the range and document type with only what statistics use, every record once', async () => {
      const same = '2026-11-20T04:00:00.000Z';
      // Seven records of one instant: batches never skip or repeat records that tie on createdAt.
      for (let i = 0; i < 7; i++) await store.insertRecord(newRecord({ createdAt: same, timings: { totalMs: i } }));
      const glare = { code: 'PHOTO_GLARE', message: '反光' };
      const input = twoPageRecord({ _openid: 'o-a', createdAt: '2026-11-21T00:00:00.000Z', warnings: [glare] });
      input.pages![1]!.warnings = [glare];
      const two = await store.insertRecord(input);
      const [front, back] = input.pages!;
      const pages: RecordPage[] = [
        { ...front!, submitted: { owner: '李四' }, corrections: { owner: { from: '李四光', to: '李四' } } },
        { ...back!, submitted: { fileNo: '420100123456' }, corrections: {} },
      ];
      await store.submitRecord(two._id, submitInput('o-a', { submitted: { fileNo: '420100123456' }, corrections: {}, pages }));
      await store.insertRecord(newRecord({ docType: 'id_card', createdAt: '2026-11-21T01:00:00.000Z', status: 'failed', provider: null, recognized: null }));
      const rows = await rowsOf({});
      expect(rows).toHaveLength(9);
      expect(rows.filter((r) => r.createdAt === same).map((r) => r.timings.totalMs).sort()).toEqual([0, 1, 2, 3, 4, 5, 6]);
      expect(rows.find((r) => r.pages)).toEqual({
        createdAt: '2026-11-21T00:00:00.000Z',
        docType: 'vehicle_license',
        provider: 'local',
        status: 'submitted',
        timings: { intakeMs: 3, providerMs: 40, totalMs: 45 },
        submitted: { fileNo: '420100123456' },
        corrections: {},
        pages: pages.map((p) => ({ submitted: p.submitted, corrections: p.corrections })),
        warningCodes: ['PHOTO_GLARE'],
      });
      expect(rows.find((r) => r.docType === 'id_card')).toEqual({
        createdAt: '2026-11-21T01:00:00.000Z',
        docType: 'id_card',
        provider: null,
        status: 'failed',
        timings: { intakeMs: 3, providerMs: 40, totalMs: 45 },
        submitted: null,
        corrections: {},
        warningCodes: [],
      });
      expect((await rowsOf({ docType: 'id_card' })).map((r) => r.status)).toEqual(['failed']);
      expect(await rowsOf({ from: '2026-11-21T00:30:00.000Z', to: '2026-11-21' })).toHaveLength(1);
      expect(await rowsOf({ to: '2026-11-20' })).toHaveLength(7);
    });

    it('counts the records that carried each warning code in the range, a record once per code', async () => {
      const blur = { code: 'PHOTO_BLUR', message: '照片模糊' };
      await store.insertRecord(newRecord({ warnings: [blur, blur], createdAt: '2026-11-20T00:00:00.000Z' }));
      const onPage = twoPageRecord({ createdAt: '2026-11-21T00:00:00.000Z', warnings: [blur] });
      onPage.pages![1]!.warnings = [blur, { code: 'PHOTO_SCREEN', message: '翻拍' }];
      await store.insertRecord(onPage);
      await store.insertRecord(newRecord({ createdAt: '2026-11-22T00:00:00.000Z' }));
      expect((await stats({})).perWarning).toEqual([
        { code: 'PHOTO_BLUR', count: 2 },
        { code: 'PHOTO_SCREEN', count: 1 },
        { code: 'VIN_CHECK_DIGIT', count: 2 },
      ]);
      expect((await stats({ from: '2026-11-21', to: '2026-11-21' })).perWarning).toEqual([
        { code: 'PHOTO_BLUR', count: 1 },
        { code: 'PHOTO_SCREEN', count: 1 },
      ]);
    });

    it('takes the median recognition time as the mean of the two middle values for an even count', async () => {
      for (const ms of [10, 40, 20, 1000]) await store.insertRecord(newRecord({ timings: { totalMs: ms } }));
      await store.insertRecord(newRecord({ timings: {} })); // no time measured: not a sample
      expect((await stats({})).recognitionMs).toEqual({ median: 30, samples: 4 });
    });
  });
}
