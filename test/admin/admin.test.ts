import ExcelJS from 'exceljs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../server/config';
import { exportRecords, statsFor } from '../../server/admin';
import { handleRecords } from '../../server/records/handlers';
import type { AuthedContext, HandlerContext } from '../../server/records/context';
import { memoryStore, newRecord, submitted } from '../delivery/support';
import { testPhotos, testPipeline } from './support';

const ADMIN = 'o-admin';
let store: Awaited<ReturnType<typeof memoryStore>>;
let photos: ReturnType<typeof testPhotos>;

function ctx(openid: string, over: Partial<HandlerContext> = {}): HandlerContext {
  return {
    openid,
    isAdmin: openid === ADMIN,
    store,
    photos,
    pipeline: testPipeline(),
    config: loadConfig({ ADMIN_OPENIDS: ADMIN, WEBHOOK_URL: 'http://127.0.0.1:9/hook', WEBHOOK_SECRET: 's' }),
    now: () => new Date(),
    ...over,
  };
}

async function readSheet(bytes: Buffer): Promise<Record<string, string>[]> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(bytes as unknown as ArrayBuffer);
  const ws = wb.worksheets[0]!;
  const header = (ws.getRow(1).values as unknown[]).slice(1).map(String);
  const rows: Record<string, string>[] = [];
  ws.eachRow((row, n) => {
    if (n === 1) return;
    const values = (row.values as unknown[]).slice(1);
    rows.push(Object.fromEntries(header.map((h, i) => [h, values[i] == null ? '' : String(values[i])])));
  });
  return rows;
}

beforeEach(async () => {
  store = await memoryStore([ADMIN]);
  photos = testPhotos();
});
afterEach(async () => {
  await store.close();
});

const ID = '11010119900307123X';
async function idCardRecord(owner = 'o-user') {
  return submitted(store, {
    openid: owner,
    record: {
      docType: 'id_card',
      provider: 'juhe',
      recognized: { name: { value: '王五', warnings: [] }, idNumber: { value: ID, warnings: [] } },
    },
  });
}

describe('export', () => {
  it('masks ID numbers by default and logs the export', async () => {
    await idCardRecord();
    await submitted(store, { fields: { owner: '=HYPERLINK("http://evil.example","x")' } });
    const file = await exportRecords(ctx(ADMIN) as AuthedContext, {});
    expect(file).toMatchObject({ count: 2, truncated: false, full: false });
    expect(file.fileName).toMatch(/^licenselens-records-\d{8}-\d{6}\.xlsx$/);
    const rows = await readSheet(file.bytes);
    const idRow = rows.find((r) => r['证件类型'] === '居民身份证' || r['姓名'] === '王五')!;
    expect(idRow['公民身份号码']).toBe('1****************X');
    expect(JSON.stringify(rows)).not.toContain(ID);
    // A formula typed by a user is exported as text, never as a live formula.
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(file.bytes as unknown as ArrayBuffer);
    let formulas = 0;
    wb.worksheets[0]!.eachRow((row) => row.eachCell((c) => void (c.type === ExcelJS.ValueType.Formula && formulas++)));
    expect(formulas).toBe(0);

    const audit = await store.listAudit(1, 10);
    expect(audit.items[0]).toMatchObject({ actor: ADMIN, action: 'export', details: { count: 2, full: false } });
  });

  it('labels every column and changed field in Chinese, in the console’s wording, with China times, a filter and a frozen header', async () => {
    const rec = await submitted(store, {
      fields: { owner: '李四', engineNo: 'ABC123' },
      record: { createdAt: '2026-11-21T17:30:05.000Z', recognized: { ...newRecord().recognized, engineNo: { value: 'ABC128', warnings: [] }, 品牌: { value: '大众', warnings: [] } } },
      now: new Date('2026-11-21T18:00:00.000Z'),
      outbox: false,
    });
    await store.insertRecord(newRecord({ status: 'recognized', createdAt: '2026-11-20T01:00:00.000Z' }));
    const file = await exportRecords(ctx(ADMIN, { now: () => new Date('2026-11-21T18:05:00.000Z') }) as AuthedContext, {});
    expect(file.fileName).toBe('licenselens-records-20261122-020500.xlsx'); // China time, like the cells
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(file.bytes as unknown as ArrayBuffer);
    const ws = wb.worksheets[0]!;
    const header = (ws.getRow(1).values as unknown[]).slice(1).map(String);
    // Every header is Chinese (a provider's own key, kept as is, is already its label).
    for (const h of header) expect(h).toMatch(/[\u4e00-\u9fff]/);
    expect(header).toEqual(expect.arrayContaining(['识别时间（北京时间）', '提交时间（北京时间）', '提交用户', '发动机号码', '品牌']));
    expect(ws.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
    expect(ws.autoFilter).toBe(`A1:${ws.getColumn(header.length).letter}1`);
    const rows = await readSheet(file.bytes);
    const row = rows.find((r) => r['记录编号'] === rec._id)!;
    expect(row['识别时间（北京时间）']).toBe('2026-11-22 01:30:05');
    expect(row['提交时间（北京时间）']).toBe('2026-11-22 02:00:00');
    expect(row['状态']).toBe('已提交');
    expect(row['推送']).toBe('无需推送');
    expect(row['识别服务']).toBe('快瞳');
    expect(row['用户修改的字段']!.split('、').sort()).toEqual(['发动机号码', '所有人'].sort());
    expect(rows.find((r) => r['记录编号'] !== rec._id)!['状态']).toBe('待提交');
  });

  it('prefixes values a spreadsheet would read as formulas (= + - @ tab CR) and strips bidi overrides and control characters', async () => {
    await submitted(store, {
      fields: {
        owner: '=1+2',
        address: '\t=cmd|\' /C calc\'!A0',
        model: '@SUM(A1:A2)',
        engineNo: '+86123',
        vin: '-2+3',
        plateNo: '粤B\u202E54321\u202C',
        remarks: '第一行\r\n第二行\u0007\u200F',
      },
    });
    const rows = await readSheet((await exportRecords(ctx(ADMIN) as AuthedContext, {})).bytes);
    const row = rows[0]!;
    const cells = Object.values(row);
    expect(cells).toEqual(expect.arrayContaining(["'=1+2", "'=cmd|' /C calc'!A0", "'@SUM(A1:A2)", "'+86123", "'-2+3", '粤B54321', '第一行\n第二行']));
    for (const c of cells) {
      expect(c).not.toMatch(/^[=+\-@\t\r]/);
      expect(c).not.toMatch(/[\u0000-\u0009\u000B-\u001F\u007F-\u009F\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]/);
    }
  });

  it('gives full ID numbers only on request, and records that in the audit log', async () => {
    await idCardRecord();
    const file = await exportRecords(ctx(ADMIN) as AuthedContext, { full: true, docType: 'id_card' });
    expect(JSON.stringify(await readSheet(file.bytes))).toContain(ID);
    expect((await store.listAudit(1, 10)).items[0]).toMatchObject({
      action: 'export_full',
      details: { full: true, filter: { docType: 'id_card', full: true } },
    });
  });

  it('applies the filter (status, document type, free text)', async () => {
    await idCardRecord();
    await submitted(store);
    await store.insertRecord(newRecord({ status: 'failed', recognized: null, provider: null }));
    expect((await exportRecords(ctx(ADMIN) as AuthedContext, { status: 'failed' })).count).toBe(1);
    expect((await exportRecords(ctx(ADMIN) as AuthedContext, { docType: 'id_card' })).count).toBe(1);
    expect((await exportRecords(ctx(ADMIN) as AuthedContext, { q: '王五' })).count).toBe(1);
  });

  it('exports the records of a whole ID number, and logs the search masked', async () => {
    await idCardRecord();
    await submitted(store);
    const file = await exportRecords(ctx(ADMIN) as AuthedContext, { q: ID });
    expect(file.count).toBe(1);
    expect(JSON.stringify(await readSheet(file.bytes))).not.toContain(ID);
    const entry = (await store.listAudit(1, 1)).items[0]!;
    expect(entry).toMatchObject({ action: 'export', details: { count: 1, filter: { q: '1****************X' } } });
    expect(JSON.stringify(entry)).not.toContain(ID);
    // A part of it matches nothing.
    expect((await exportRecords(ctx(ADMIN) as AuthedContext, { q: ID.slice(0, 12) })).count).toBe(0);
  });

  it('the export action stores the file and returns a short-lived link', async () => {
    await submitted(store);
    const out = (await handleRecords(ctx(ADMIN), { action: 'export' })) as { fileID: string; url: string; count: number };
    expect(out.count).toBe(1);
    expect(out.url).toBeTruthy();
    const stored = await photos.get(out.fileID);
    expect(stored?.mime).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    expect((await readSheet(stored!.bytes)).length).toBe(1);
  });
});

describe('stats', () => {
  it('counts per day, type, provider and status, and how often each provider’s fields were corrected', async () => {
    await submitted(store, { fields: { owner: '李四' } }); // kuaitong, owner corrected
    await submitted(store); // kuaitong, nothing corrected
    await idCardRecord(); // juhe
    await store.insertRecord(newRecord({ status: 'failed', recognized: null, provider: null }));
    const s = (await handleRecords(ctx(ADMIN), { action: 'stats' })) as Awaited<ReturnType<typeof statsFor>>;
    expect(s.perStatus).toEqual([
      { status: 'failed', count: 1 },
      { status: 'submitted', count: 3 },
    ]);
    expect(s.perDocType).toEqual([
      { docType: 'id_card', count: 1 },
      { docType: 'vehicle_license', count: 3 },
    ]);
    expect(s.perProvider).toEqual([
      { provider: 'juhe', count: 1 },
      { provider: 'kuaitong', count: 2 },
      { provider: 'none', count: 1 },
    ]);
    expect(s.perDay.reduce((a, d) => a + d.count, 0)).toBe(4);
    expect(s.corrections).toContainEqual({ provider: 'kuaitong', field: 'owner', corrected: 1, submitted: 2, rate: 0.5 });
    expect(s.corrections).toContainEqual({ provider: 'kuaitong', field: 'vin', corrected: 0, submitted: 2, rate: 0 });
    expect(s.providerAccuracy).toContainEqual({ provider: 'kuaitong', fields: 6, corrected: 1, accuracy: 0.8333 });
    // Reading figures reveals nobody: it writes no audit entry.
    expect((await store.listAudit(1, 10, { action: 'stats' })).total).toBe(0);
  });

  it('sums up a range: submit and failure rates, median recognition time, corrections per field with their sample size', async () => {
    await submitted(store, { fields: { owner: '李四' }, record: { timings: { totalMs: 100 } } });
    await submitted(store, { record: { timings: { totalMs: 300 } } });
    await store.insertRecord(newRecord({ timings: { totalMs: 200 } })); // recognized, not submitted
    await store.insertRecord(newRecord({ status: 'failed', recognized: null, provider: null, timings: { totalMs: 9000 } }));
    const s = (await handleRecords(ctx(ADMIN), { action: 'stats' })) as Awaited<ReturnType<typeof statsFor>>;
    expect(s.summary).toEqual({
      total: 4,
      submitted: 2,
      failed: 1,
      submitRate: 0.5,
      failureRate: 0.25,
      // The failed recognition's 9 s is not a recognition time: median of 100, 200, 300.
      medianRecognitionMs: 200,
      recognitionSamples: 3,
    });
    expect(s.fieldCorrections[0]).toEqual({ field: 'owner', corrected: 1, submitted: 2, rate: 0.5 });
    expect(s.fieldCorrections.find((f) => f.field === 'vin')).toEqual({ field: 'vin', corrected: 0, submitted: 2, rate: 0 });
  });

  it('gives zero rates and no median for an empty range', async () => {
    const s = (await handleRecords(ctx(ADMIN), { action: 'stats', from: '2001-01-01', to: '2001-01-02' })) as Awaited<ReturnType<typeof statsFor>>;
    expect(s.summary).toEqual({ total: 0, submitted: 0, failed: 0, submitRate: 0, failureRate: 0, medianRecognitionMs: null, recognitionSamples: 0 });
    expect(s.fieldCorrections).toEqual([]);
  });
});

describe('warnings', () => {
  const blurred = (over: Parameters<typeof newRecord>[0] = {}) =>
    store.insertRecord(newRecord({ warnings: [{ code: 'PHOTO_BLUR', message: '照片模糊' }], ...over }));

  it('lists and exports only the records carrying a warning, and the export logs that filter', async () => {
    const a = await blurred();
    await store.insertRecord(newRecord());
    const b = await blurred({ status: 'failed', recognized: null, provider: null });
    const list = (await handleRecords(ctx(ADMIN), { action: 'list', scope: 'all', warning: 'PHOTO_BLUR' })) as { items: { _id: string }[]; total: number };
    expect(list.total).toBe(2);
    expect(list.items.map((r) => r._id).sort()).toEqual([a._id, b._id].sort());
    const file = await exportRecords(ctx(ADMIN) as AuthedContext, { warning: 'PHOTO_BLUR', status: 'failed' });
    expect(file.count).toBe(1);
    expect((await store.listAudit(1, 1)).items[0]).toMatchObject({ action: 'export', details: { count: 1, filter: { warning: 'PHOTO_BLUR', status: 'failed' } } });
  });

  it('exports the days of the list: a bare date is a day in China for both', async () => {
    // 2026-11-20 23:30 in China is 15:30 UTC; 2026-11-21 00:30 in China is 16:30 UTC on the 20th.
    await store.insertRecord(newRecord({ createdAt: '2026-11-20T15:30:00.000Z' }));
    await store.insertRecord(newRecord({ createdAt: '2026-11-20T16:30:00.000Z' }));
    const filter = { from: '2026-11-21', to: '2026-11-21' };
    const list = (await handleRecords(ctx(ADMIN), { action: 'list', scope: 'all', ...filter })) as { total: number };
    expect(list.total).toBe(1);
    expect((await exportRecords(ctx(ADMIN) as AuthedContext, filter)).count).toBe(1);
    const s = (await handleRecords(ctx(ADMIN), { action: 'stats', ...filter })) as Awaited<ReturnType<typeof statsFor>>;
    expect(s.perDay).toEqual([{ day: '2026-11-21', count: 1 }]);
  });

  it('counts the records per warning code in the statistics', async () => {
    await blurred();
    await blurred({ warnings: [{ code: 'PHOTO_BLUR', message: '照片模糊' }, { code: 'PHOTO_SCREEN', message: '疑似翻拍屏幕' }] });
    await store.insertRecord(newRecord());
    const s = (await handleRecords(ctx(ADMIN), { action: 'stats' })) as Awaited<ReturnType<typeof statsFor>>;
    expect(s.perWarning).toEqual([
      { code: 'PHOTO_BLUR', count: 2 },
      { code: 'PHOTO_SCREEN', count: 1 },
    ]);
  });

  it('refuses an unknown warning code with a 400 naming the filter, in Chinese', async () => {
    for (const action of ['list', 'export']) {
      const out = handleRecords(ctx(ADMIN), { action, scope: 'all', warning: 'NOT_A_CODE' });
      await expect(out).rejects.toMatchObject({ code: 'INVALID_ARGUMENT', details: [{ path: 'warning', message: '未知的警告类型' }] });
    }
  });
});

describe('audit, redeliver and access', () => {
  it('refuses every administrator action to a user, and logs what an administrator opens or changes (not lists, figures or the log)', async () => {
    const rec = await submitted(store);
    for (const body of [{ action: 'export' }, { action: 'stats' }, { action: 'audit' }, { action: 'redeliver', id: rec._id }]) {
      await expect(handleRecords(ctx('o-user'), body)).rejects.toMatchObject({ code: 'FORBIDDEN' });
    }
    await expect(handleRecords(ctx('o-user'), { action: 'list', scope: 'all' })).rejects.toMatchObject({ code: 'FORBIDDEN' });

    await handleRecords(ctx(ADMIN), { action: 'list', scope: 'all' });
    await handleRecords(ctx(ADMIN), { action: 'get', id: rec._id });
    await expect(handleRecords(ctx(ADMIN), { action: 'redeliver', id: rec._id })).rejects.toMatchObject({ code: 'CONFLICT' });
    await store.updateDelivery((await store.getDeliveryByRecord(rec._id))!._id, { status: 'dead', attempts: 10 });
    expect(await handleRecords(ctx(ADMIN), { action: 'redeliver', id: rec._id })).toEqual({ id: rec._id, delivery: 'pending' });
    expect((await store.getRecord(rec._id))!.delivery).toBe('pending');
    await handleRecords(ctx(ADMIN), { action: 'stats' });

    const log = (await handleRecords(ctx(ADMIN), { action: 'audit', pageSize: 20 })) as { items: { action: string; actor: string; target: string | null }[] };
    const mine = log.items.filter((e) => e.actor === ADMIN).map((e) => e.action);
    // Newest first; a masked list, the figures and reading the log add nothing.
    expect(mine).toEqual(['redeliver', 'view']);
    expect(log.items.find((e) => e.action === 'redeliver')!.target).toBe(rec._id);
    await handleRecords(ctx(ADMIN), { action: 'audit' });
    expect((await store.listAudit(1, 1)).items[0]).toMatchObject({ action: 'redeliver', actor: ADMIN });
  });

  it('filters the audit log by person, action and day (China time)', async () => {
    const at = (iso: string, actor: string, action: string) => store.appendAudit({ actor, action, target: null, details: null, at: iso });
    await at('2026-11-20T15:30:00.000Z', 'o-a', 'export'); // 2026-11-20 23:30 in China
    await at('2026-11-20T16:30:00.000Z', 'o-a', 'export'); // 2026-11-21 00:30 in China
    await at('2026-11-21T02:00:00.000Z', 'o-b', 'export');
    await at('2026-11-21T03:00:00.000Z', 'o-a', 'view');
    type Log = { items: { actor: string; action: string; at: string }[]; total: number };
    const q = (body: Record<string, unknown>) => handleRecords(ctx(ADMIN), { action: 'audit', ...body }) as Promise<Log>;
    expect((await q({ actor: 'o-a' })).total).toBe(3);
    expect((await q({ actionName: 'export' })).total).toBe(3);
    const day = await q({ actor: 'o-a', actionName: 'export', from: '2026-11-21', to: '2026-11-21' });
    expect(day.items.map((e) => e.at)).toEqual(['2026-11-20T16:30:00.000Z']);
    expect((await q({ actor: 'o-c' })).total).toBe(0);
    await expect(q({ from: '2026-13-01' })).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
  });

  it('shows a record’s delivery in detail (attempts, last error) without the payload', async () => {
    const rec = await submitted(store);
    const entry = (await store.getDeliveryByRecord(rec._id))!;
    await store.updateDelivery(entry._id, { attempts: 3, lastError: 'HTTP 503' });
    const d = (await handleRecords(ctx(ADMIN), { action: 'delivery', id: rec._id })) as Record<string, unknown>;
    expect(d).toMatchObject({ id: rec._id, status: 'pending', attempts: 3, lastError: 'HTTP 503', idempotencyKey: `licenselens-submit-${rec._id}` });
    expect(d).not.toHaveProperty('payload');
    const none = await submitted(store, { outbox: false });
    expect(await handleRecords(ctx(ADMIN), { action: 'delivery', id: none._id })).toBeNull();
    await expect(handleRecords(ctx('o-user'), { action: 'delivery', id: rec._id })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    expect((await store.listAudit(1, 1)).items[0]).toMatchObject({ action: 'delivery', actor: ADMIN });
  });

  it('validates administrator requests', async () => {
    await expect(handleRecords(ctx(ADMIN), { action: 'export', from: 'yesterday' })).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
    await expect(handleRecords(ctx(ADMIN), { action: 'audit', pageSize: 1000 })).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
    await expect(handleRecords(ctx(ADMIN), { action: 'redeliver', id: 'nope' })).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });
});
