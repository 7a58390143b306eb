// A photo holding both pages of a vehicle licence, through the records handlers: one record keeps both
// pages; submit takes fields per page (and still the one-page body); list, search, export and the
// webhook payload see both pages. The pipeline is a fake returning two pages.
import ExcelJS from 'exceljs';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { LicenseRecord, ListResponse } from '../../core/contracts/records';
import type { RecognitionResult } from '../../core/contracts/result';
import { buildResult } from '../../core/result/build';
import { joinPages } from '../../core/result/pages';
import { exportRecords } from '../../server/admin';
import { loadConfig } from '../../server/config';
import type { DeliveryPayload } from '../../server/delivery/outbox';
import { createContext, type AuthedContext, type PipelineLike } from '../../server/records/context';
import { handleOcr, handleRecords } from '../../server/records/handlers';
import { createLocalPhotoStore } from '../../server/stores/files/local';
import { createWechatStore } from '../../server/stores/wechat/index';
import { createCloudStandin } from '../support/wx-cloud-standin';
import { maskIdNumber } from '../../core/privacy/mask';
import { A, ADMIN, ID_NUMBER, PNG } from './support';

function bothPages(): RecognitionResult {
  const front = buildResult({
    docType: 'vehicle_license',
    side: 'front',
    provider: 'local',
    values: { plateNo: { value: '鄂E3887K' }, owner: { value: '李四光' }, vin: { value: 'LSVAM4187C2184847' } },
  });
  const back = buildResult({
    docType: 'vehicle_license',
    side: 'back',
    provider: 'local',
    values: { plateNo: { value: '鄂E3887K' }, fileNo: { value: '420100123456' }, fuelType: { value: '汽油' } },
  });
  return joinPages([front, back]);
}

const twoPagePipeline: PipelineLike = {
  async recognize() {
    return {
      ok: true,
      result: bothPages(),
      raw: { engine: 'fake' },
      provider: 'local',
      attempts: [{ provider: 'local', ok: true, durationMs: 2 }],
      timings: { intakeMs: 1, providerMs: 2, totalMs: 3 },
    };
  },
};

async function env() {
  const store = createWechatStore(createCloudStandin().database(), { adminOpenids: [ADMIN], createCollections: true });
  const photos = createLocalPhotoStore({ dir: join(await mkdtemp(join(tmpdir(), 'licenselens-pages-')), 'files'), secret: 's' });
  const config = loadConfig({ ADMIN_OPENIDS: ADMIN, WEBHOOK_URL: 'http://127.0.0.1:9/hook', WEBHOOK_SECRET: 's' });
  const ctx = (openid: string) => createContext({ openid, store, photos, pipeline: twoPagePipeline, config });
  return { store, ctx };
}

describe('records of a two-page photo', () => {
  it('one photo, one record holding both pages; the top level is the first page', async () => {
    const { ctx } = await env();
    const r = await handleOcr(await ctx(A), { bytes: PNG, docType: 'vehicle_license', side: 'auto' });
    expect(r).toMatchObject({ status: 'recognized', side: 'front' });
    expect(r.pages?.map((p) => p.side)).toEqual(['front', 'back']);
    expect(r.pages?.[1]?.recognized.fileNo?.value).toBe('420100123456');
    expect(r.pages?.[1]).toMatchObject({ submitted: null, corrections: {} });
    expect(r.recognized?.owner?.value).toBe('李四光');
  });

  it('submits the fields of every page together, with corrections per page and the webhook carrying both', async () => {
    const { ctx, store } = await env();
    const r = await handleOcr(await ctx(A), { bytes: PNG, docType: 'vehicle_license' });
    const out = (await handleRecords(await ctx(A), {
      action: 'submit',
      id: r._id,
      pages: [{ fields: { owner: '李四' } }, { fields: { fuelType: '柴油' } }],
    })) as LicenseRecord;
    expect(out.status).toBe('submitted');
    expect(out.corrections).toEqual({ owner: { from: '李四光', to: '李四' } });
    expect(out.pages?.[0]?.submitted).toMatchObject({ owner: '李四', plateNo: '鄂E3887K' });
    expect(out.pages?.[1]?.submitted).toMatchObject({ fuelType: '柴油', fileNo: '420100123456' });
    expect(out.pages?.[1]?.corrections).toEqual({ fuelType: { from: '汽油', to: '柴油' } });
    const delivery = await store.getDeliveryByRecord(r._id);
    const payload = delivery?.payload as DeliveryPayload;
    expect(payload.record.pages?.map((p) => p.fields.fuelType ?? p.fields.owner)).toEqual(['李四', '柴油']);
  });

  it('accepts the one-page body for the primary page; the other pages are submitted as recognized', async () => {
    const { ctx } = await env();
    const r = await handleOcr(await ctx(A), { bytes: PNG, docType: 'vehicle_license' });
    const out = (await handleRecords(await ctx(A), { action: 'submit', id: r._id, fields: { owner: '李四' } })) as LicenseRecord;
    expect(out.submitted?.owner).toBe('李四');
    expect(out.pages?.[0]?.corrections).toEqual({ owner: { from: '李四光', to: '李四' } });
    expect(out.pages?.[1]?.submitted?.fileNo).toBe('420100123456');
    expect(out.pages?.[1]?.corrections).toEqual({});
  });

  it('refuses a page count that does not match, a field the page does not have, and no fields at all', async () => {
    const { ctx } = await env();
    const r = await handleOcr(await ctx(A), { bytes: PNG, docType: 'vehicle_license' });
    const submit = async (body: Record<string, unknown>) => handleRecords(await ctx(A), { action: 'submit', id: r._id, ...body }).catch((e: unknown) => e);
    expect(await submit({ pages: [{ fields: {} }] })).toMatchObject({ code: 'INVALID_ARGUMENT' });
    expect(await submit({ pages: [{ fields: { nonsense: 'x' } }, { fields: {} }] })).toMatchObject({ code: 'INVALID_ARGUMENT', details: { fields: ['nonsense'] } });
    expect(await submit({})).toMatchObject({ code: 'INVALID_ARGUMENT' });
    expect(await submit({ fields: {}, pages: [{ fields: {} }, { fields: {} }] })).toMatchObject({ code: 'INVALID_ARGUMENT' });
  });

  it('the administrators find it by a value of either page and export both pages in one row', async () => {
    const { ctx } = await env();
    const r = await handleOcr(await ctx(A), { bytes: PNG, docType: 'vehicle_license' });
    await handleRecords(await ctx(A), { action: 'submit', id: r._id, pages: [{ fields: {} }, { fields: { fuelType: '柴油' } }] });
    const found = (await handleRecords(await ctx(ADMIN), { action: 'list', scope: 'all', q: '李四光' })) as ListResponse;
    expect(found.items.map((x) => x._id)).toEqual([r._id]);
    expect(found.items[0]?.pages).toHaveLength(2);

    const file = await exportRecords((await ctx(ADMIN)) as AuthedContext, {});
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(file.bytes as unknown as ArrayBuffer);
    const ws = wb.worksheets[0]!;
    const header = (ws.getRow(1).values as unknown[]).slice(1).map(String);
    const row = (ws.getRow(2).values as unknown[]).slice(1).map((v) => (v == null ? '' : String(v)));
    const cell = (h: string) => row[header.indexOf(h)];
    expect(cell('面')).toBe('正页+副页');
    expect(cell('所有人')).toBe('李四光');
    expect(cell('档案编号')).toBe('420100123456');
    expect(cell('燃油/能源类型')).toBe('柴油');
    expect(cell('用户修改的字段')).toBe('燃油/能源类型');
    // core's doubt flags: a required field left empty is doubtful, a value read without a warning is not
    expect(cell('存疑字段')).toContain('车辆类型');
    expect(cell('存疑字段')).not.toContain('所有人');
  });

  it('administrators see ID numbers masked on every page, not only the primary one', async () => {
    const store = createWechatStore(createCloudStandin().database(), { adminOpenids: [ADMIN], createCollections: true });
    const photos = createLocalPhotoStore({ dir: join(await mkdtemp(join(tmpdir(), 'licenselens-pages-')), 'files'), secret: 's' });
    const idFront = buildResult({ docType: 'id_card', side: 'front', provider: 'local', values: { name: { value: '张三' }, idNumber: { value: ID_NUMBER } } });
    const idBack = buildResult({ docType: 'id_card', side: 'back', provider: 'local', values: { issuingAuthority: { value: '北京市公安局东城分局' } } });
    const pipeline: PipelineLike = {
      async recognize() {
        return { ok: true, result: joinPages([idFront, idBack], 1), raw: null, provider: 'local', attempts: [], timings: { intakeMs: 0, providerMs: 0, totalMs: 0 } };
      },
    };
    const config = loadConfig({ ADMIN_OPENIDS: ADMIN });
    const ctx = (openid: string) => createContext({ openid, store, photos, pipeline, config });
    const r = await handleOcr(await ctx(A), { bytes: PNG, docType: 'id_card', side: 'back' });
    expect(r.side).toBe('back');
    expect(r.pages?.[0]?.recognized.idNumber?.value).toBe(ID_NUMBER);
    const all = (await handleRecords(await ctx(ADMIN), { action: 'list', scope: 'all', q: '张三' })) as ListResponse;
    expect(all.items).toHaveLength(1);
    expect(JSON.stringify(all.items)).not.toContain(ID_NUMBER);
    expect(all.items[0]?.pages?.[0]?.recognized.idNumber?.value).toBe(maskIdNumber(ID_NUMBER));
  });
});
