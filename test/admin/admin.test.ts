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
    expect((await store.listAudit(1, 1)).items[0]).toMatchObject({ action: 'stats', actor: ADMIN });
  });
});

describe('audit, redeliver and access', () => {
  it('refuses every administrator action to a user, and logs each one an administrator takes', async () => {
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
    // Newest first; the audit listing itself is logged after it is read.
    expect(mine).toEqual(['stats', 'redeliver', 'view', 'list_all']);
    expect(log.items.find((e) => e.action === 'redeliver')!.target).toBe(rec._id);
    expect((await store.listAudit(1, 1)).items[0]).toMatchObject({ action: 'audit', actor: ADMIN });
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
