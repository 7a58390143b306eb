// Administrator actions through the `records` cloud function main (wx-server-sdk stand-in): the export
// lands in cloud storage as .xlsx with a temporary URL (the mini program downloads it and opens it with
// wx.openDocument), and stats/audit/redeliver work on the cloud database driver.
import ExcelJS from 'exceljs';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { buildDelivery } from '../../server/delivery';
import { createWechatStore } from '../../server/stores/wechat';
import { createCloudStandin, type StandinCloud } from '../support/wx-cloud-standin';
import { newRecord } from '../delivery/support';

const standin: { cloud: StandinCloud | null } = vi.hoisted(() => ({ cloud: null }));
vi.mock('wx-server-sdk', async () => (await import('../support/wx-cloud-standin')).forwardingSdk(() => standin.cloud!));

type Envelope = { ok: true; data: any } | { ok: false; error: { code: string; message: string } };
let main: (e: unknown) => Promise<Envelope>;
let cloud: StandinCloud;
const ID = '44030619900101002X';

beforeAll(async () => {
  standin.cloud = createCloudStandin();
  cloud = standin.cloud;
  vi.stubEnv('ADMIN_OPENIDS', 'o-admin');
  main = (await import('../../cloudfunctions/records/src/index')).main as typeof main;
  const store = createWechatStore(cloud.db, { createCollections: true });
  const rec = await store.insertRecord(
    newRecord({ docType: 'id_card', provider: 'juhe', recognized: { name: { value: '赵六', warnings: [] }, idNumber: { value: ID, warnings: [] } } }),
  );
  const now = new Date();
  const after = { ...rec, status: 'submitted' as const, submitted: { name: '赵六', idNumber: ID }, corrections: {}, submittedAt: now.toISOString() };
  await store.submitRecord(rec._id, { openid: rec._openid, submitted: after.submitted, corrections: {}, submittedAt: after.submittedAt, outbox: buildDelivery(after, now) });
  const entry = (await store.getDeliveryByRecord(rec._id))!;
  await store.updateDelivery(entry._id, { status: 'dead', attempts: 10, lastError: 'HTTP 500' });
});

const as = (openid: string) => {
  cloud.context = { OPENID: openid };
};

describe('records cloud function: administrator actions', () => {
  it('export → an .xlsx in cloud storage, masked, with a temporary URL', async () => {
    as('o-admin');
    const res = await main({ action: 'export', docType: 'id_card' });
    if (!res.ok) throw new Error(JSON.stringify(res.error));
    expect(res.data).toMatchObject({ count: 1, full: false, truncated: false });
    expect(res.data.fileID).toMatch(/^cloud:\/\/.+\.xlsx$/);
    expect(res.data.url).toMatch(/^https:\/\//);
    const file = await cloud.downloadFile({ fileID: res.data.fileID });
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(file.fileContent as unknown as ArrayBuffer);
    const text = JSON.stringify(wb.worksheets[0]!.getSheetValues());
    expect(text).toContain('4****************X');
    expect(text).not.toContain(ID);
  });

  it('stats, audit and redeliver work on the cloud database', async () => {
    as('o-admin');
    const stats = await main({ action: 'stats' });
    expect(stats.ok && stats.data.perDocType).toEqual([{ docType: 'id_card', count: 1 }]);
    const list = await main({ action: 'list', scope: 'all' });
    if (!list.ok) throw new Error('list');
    const id = list.data.items[0]._id;
    expect(list.data.items[0].delivery).toBe('dead');
    expect(await main({ action: 'redeliver', id })).toEqual({ ok: true, data: { id, delivery: 'pending' } });
    const audit = await main({ action: 'audit' });
    if (!audit.ok) throw new Error('audit');
    // The masked list and the figures write no entry; the redelivery and the export do.
    expect(audit.data.items.map((e: { action: string }) => e.action).slice(0, 2)).toEqual(['redeliver', 'export']);
    expect(stats.ok && stats.data.summary).toMatchObject({ total: 1 });
    const filtered = await main({ action: 'audit', actionName: 'export', actor: 'o-admin' });
    expect(filtered.ok && filtered.data.items.map((e: { action: string }) => e.action)).toEqual(['export']);
  });

  it('a user gets FORBIDDEN for each of them', async () => {
    as('o-user');
    for (const body of [{ action: 'export' }, { action: 'stats' }, { action: 'audit' }, { action: 'redeliver', id: 'x' }]) {
      const res = await main(body);
      expect(res.ok ? 'ok' : res.error.code).toBe('FORBIDDEN');
    }
  });
});
