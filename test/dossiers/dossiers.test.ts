import { afterAll, describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import type { DossierView, DueListResponse } from '../../core/contracts/dossiers';
import type { ExportResponse } from '../../core/contracts/records';
import { handleRecords } from '../../server/records/handlers';
import { A, ADMIN, B, closeSharedSql, dossierEnv, LICENCE } from './support';

afterAll(closeSharedSql);

const call = async <T>(env: Awaited<ReturnType<typeof dossierEnv>>, openid: string, body: Record<string, unknown>) =>
  (await handleRecords(await env.ctx(openid), body)) as T;

describe.each(['wechat', 'pglite'] as const)('dossiers (%s)', { timeout: 120_000 }, (driver) => {
  it('files both pages of a licence into one dossier for the vehicle, and a chosen ID card beside them', async () => {
    const env = await dossierEnv(driver);
    try {
      const front = await env.scan(A, 'vehicle_license', 'front');
      const back = await env.scan(A, 'vehicle_license', 'back');
      const mine = await call<{ items: DossierView[]; total: number }>(env, A, { action: 'dossiers' });
      expect(mine.total).toBe(1);
      const d = mine.items[0]!;
      expect(d).toMatchObject({ vin: 'LSVAM4187C2184847', plate: '苏A12345', recordIds: [front._id, back._id] });
      const id = await env.scan(A, 'id_card', 'front', { dossierId: d._id });
      const view = await call<DossierView>(env, A, { action: 'dossier', id: d._id });
      expect(view.recordIds).toEqual([front._id, back._id, id._id]);
      expect(view.records.map((r) => `${r.docType}:${r.side}`)).toEqual(['vehicle_license:front', 'vehicle_license:back', 'id_card:front']);
      expect(view.warnings).toEqual([]);
      // The inspection is valid to 2027-01-31: 59 days from 2026-12-03.
      expect(view.expiries).toEqual([expect.objectContaining({ recordId: back._id, field: 'inspectionRecord', date: '2027-01-31', daysLeft: 59 })]);
    } finally {
      await env.close();
    }
  });

  it('shows cross-document warnings, purpose checklist included, and follows corrections', async () => {
    const env = await dossierEnv(driver, { ...LICENCE, 'vehicle_license:back': { plateNo: '苏A12346' } });
    try {
      await env.scan(A, 'vehicle_license', 'front');
      await env.scan(A, 'vehicle_license', 'back'); // plate differs: no VIN on the back, joins by… nothing
      const list = await call<{ items: DossierView[] }>(env, A, { action: 'dossiers' });
      // The back names another plate and no VIN: a dossier of its own.
      expect(list.items).toHaveLength(2);
      const front = list.items.find((d) => d.vin)!;
      const other = list.items.find((d) => !d.vin)!;
      const moved = await call<DossierView>(env, A, { action: 'attachRecord', dossierId: front._id, recordId: other.recordIds[0] });
      expect(moved.warnings.map((w) => w.code)).toEqual(['DOSSIER_PLATE_MISMATCH']);
      const dl = await env.scan(A, 'driver_license', 'front', { dossierId: front._id });
      const rental = await call<DossierView>(env, A, { action: 'updateDossier', id: front._id, purpose: 'rental', title: '租车客户' });
      expect(rental.warnings.map((w) => w.code)).toEqual(['DOSSIER_PLATE_MISMATCH', 'DOSSIER_EXPIRED', 'DOSSIER_MISSING_DOCUMENT']);
      expect(rental.warnings[2]!.message).toContain('身份证人像面、身份证国徽面');
      expect(rental.expiries.find((e) => e.recordId === dl._id)).toMatchObject({ date: '2021-06-01' });
      const detached = await call<{ detached: boolean }>(env, A, { action: 'detachRecord', recordId: dl._id });
      expect(detached.detached).toBe(true);
    } finally {
      await env.close();
    }
  });

  it("never shows or changes another user's dossier; an administrator sees every dossier, masked, audited", async () => {
    const env = await dossierEnv(driver);
    try {
      await env.scan(A, 'vehicle_license', 'front');
      const d = (await call<{ items: DossierView[] }>(env, A, { action: 'dossiers' })).items[0]!;
      await env.scan(A, 'id_card', 'front', { dossierId: d._id });
      await expect(call(env, B, { action: 'dossier', id: d._id })).rejects.toMatchObject({ code: 'NOT_FOUND' });
      await expect(call(env, B, { action: 'deleteDossier', id: d._id })).rejects.toMatchObject({ code: 'NOT_FOUND' });
      const theirs = await env.scan(B, 'id_card', 'front');
      await expect(call(env, B, { action: 'attachRecord', dossierId: d._id, recordId: theirs._id })).rejects.toMatchObject({ code: 'NOT_FOUND' });
      await expect(env.scan(B, 'id_card', 'front', { dossierId: d._id })).rejects.toMatchObject({ code: 'NOT_FOUND' });
      expect((await call<{ total: number }>(env, B, { action: 'dossiers' })).total).toBe(0);
      await expect(call(env, B, { action: 'dossiers', scope: 'all' })).rejects.toMatchObject({ code: 'FORBIDDEN' });
      const all = await call<{ items: DossierView[]; total: number }>(env, ADMIN, { action: 'dossiers', scope: 'all', q: 'lsvam' });
      expect(all.total).toBe(1);
      expect(JSON.stringify(all)).not.toContain('11010519491231002X');
      const audit = await env.store.listAudit(1, 10);
      expect(audit.items.map((e) => e.action)).toContain('dossiers_all');
    } finally {
      await env.close();
    }
  });

  it('refuses malformed dossier requests with a specific 400', async () => {
    const env = await dossierEnv(driver);
    try {
      await expect(call(env, A, { action: 'createDossier', purpose: 'party' })).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
      await expect(call(env, A, { action: 'dossier', id: 'a\u0000b' })).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
      await expect(call(env, A, { action: 'subscribeReminders', accepted: -1 })).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
    } finally {
      await env.close();
    }
  });

  it('deleting a record takes it out of its dossier and the due list', async () => {
    const env = await dossierEnv(driver);
    try {
      await env.scan(A, 'vehicle_license', 'front');
      const back = await env.scan(A, 'vehicle_license', 'back');
      await call(env, A, { action: 'delete', id: back._id });
      const d = (await call<{ items: DossierView[] }>(env, A, { action: 'dossiers' })).items[0]!;
      expect(d.recordIds).not.toContain(back._id);
      expect((await call<DueListResponse>(env, ADMIN, { action: 'dueList', window: '90' })).total).toBe(0);
    } finally {
      await env.close();
    }
  });

  it('gives administrators the due list by window and document type, and exports it', async () => {
    const env = await dossierEnv(driver);
    try {
      await env.scan(A, 'vehicle_license', 'front');
      await env.scan(A, 'vehicle_license', 'back'); // inspection 2027-01-31: in 59 days
      await env.scan(B, 'id_card', 'back'); // valid to 2026-12-20: in 17 days
      await env.scan(B, 'driver_license', 'front'); // expired 2021-06-01
      await expect(call(env, A, { action: 'dueList' })).rejects.toMatchObject({ code: 'FORBIDDEN' });
      const in30 = await call<DueListResponse>(env, ADMIN, { action: 'dueList', window: '30' });
      expect(in30.items.map((i) => [i.docType, i.date, i.daysLeft])).toEqual([['id_card', '2026-12-20', 17]]);
      const in60 = await call<DueListResponse>(env, ADMIN, { action: 'dueList', window: '60' });
      expect(in60.items.map((i) => i.date)).toEqual(['2026-12-20', '2027-01-31']);
      expect(in60.items[1]!.plate).toBe('苏A12345');
      const expired = await call<DueListResponse>(env, ADMIN, { action: 'dueList', window: 'expired' });
      expect(expired.items.map((i) => [i.docType, i.daysLeft])).toEqual([['driver_license', -2011]]);
      const onlyLicences = await call<DueListResponse>(env, ADMIN, { action: 'dueList', window: '90', docType: 'vehicle_license' });
      expect(onlyLicences.total).toBe(1);
      const file = await call<ExportResponse>(env, ADMIN, { action: 'exportDue', window: '90' });
      expect(file.count).toBe(2);
      const ctx = await env.ctx(ADMIN);
      const bytes = (await ctx.photos.get(file.fileID!))!.bytes;
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.load(bytes as unknown as ArrayBuffer);
      const ws = wb.getWorksheet('到期提醒')!;
      expect(ws.getRow(1).values).toEqual([undefined, '到期日', '剩余天数', '证件类型', '到期项目', '号牌号码', '记录编号']);
      expect(ws.getRow(2).getCell(3).value).toBe('居民身份证');
      expect(ws.getRow(3).getCell(4).value).toBe('检验记录');
      expect((await env.store.listAudit(1, 20)).items.map((e) => e.action)).toEqual(expect.arrayContaining(['due_list', 'export_due']));

      // A title a user typed as a formula is exported as text (server/admin/cell-text.ts).
      const mine = await call<{ items: Array<{ _id: string }> }>(env, A, { action: 'dossiers' });
      await call(env, A, { action: 'updateDossier', id: mine.items[0]!._id, title: '=HYPERLINK("http://x","y")' });
      const dossiersFile = await call<ExportResponse>(env, ADMIN, { action: 'exportDossiers' });
      expect(dossiersFile.count).toBe(1); // B's ID card and driving licence joined no vehicle
      const wb2 = new ExcelJS.Workbook();
      await wb2.xlsx.load((await ctx.photos.get(dossiersFile.fileID!))!.bytes as unknown as ArrayBuffer);
      const rows = wb2.getWorksheet('档案')!.getSheetValues().slice(2).map((r) => (r as unknown[])[1]);
      expect(rows).toContain('苏A12345');
      const titles = wb2.getWorksheet('档案')!.getColumn('C').values.slice(2);
      expect(titles).toEqual(['\'=HYPERLINK("http://x","y")']);
      let formulas = 0;
      wb2.worksheets[0]!.eachRow((row) => row.eachCell((c) => void (c.type === ExcelJS.ValueType.Formula && formulas++)));
      expect(formulas).toBe(0);
      await expect(call(env, A, { action: 'exportDossiers' })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    } finally {
      await env.close();
    }
  });
});
