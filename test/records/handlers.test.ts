import { describe, expect, it } from 'vitest';
import { ApiError } from '../../core/contracts/errors';
import type { GetResponse, LicenseRecord, ListResponse } from '../../core/contracts/records';
import { maskIdNumber } from '../../core/privacy/mask';
import { handleOcr, handleRecords, startOfDayCst } from '../../server/records/handlers';
import { A, ADMIN, B, FAIL, GIF, ID_NUMBER, makeEnv, PNG } from './support';

async function code(p: Promise<unknown>): Promise<string> {
  try {
    await p;
  } catch (e) {
    if (e instanceof ApiError) return e.code;
    throw e;
  }
  return 'OK';
}

describe('handleOcr', () => {
  it('stores a recognized record owned by the caller, with the photo, raw payload and attempts', async () => {
    const env = await makeEnv();
    const r = await handleOcr(await env.ctx(A), { bytes: PNG, docType: 'vehicle_license', side: 'front' });
    expect(r).toMatchObject({ _openid: A, status: 'recognized', docType: 'vehicle_license', side: 'front', provider: 'local', submitted: null });
    expect(r.recognized?.plateNo?.value).toBe('京AA5599');
    expect(r.raw).toMatchObject({ engine: 'fake' });
    expect(r.attempts).toEqual([{ provider: 'local', ok: true, durationMs: 2 }]);
    expect(await env.photos.get(r.fileID!)).toMatchObject({ mime: 'image/png' });
    expect((await env.photos.meta(r.fileID!))?.owner).toBe(A);
  });

  it('stores a failed recognition too, with the reason and attempts', async () => {
    const env = await makeEnv();
    const r = await handleOcr(await env.ctx(A), { bytes: FAIL, docType: 'vehicle_license', side: 'front' });
    expect(r).toMatchObject({ status: 'failed', error: { code: 'NOT_FOUND_IN_IMAGE' }, recognized: null, provider: null, side: 'front' });
    expect(r.attempts[0]).toMatchObject({ ok: false, code: 'NOT_FOUND_IN_IMAGE' });
  });

  it('maps an intake refusal to a 4xx error and stores nothing', async () => {
    const env = await makeEnv();
    await expect(handleOcr(await env.ctx(A), { bytes: GIF, docType: 'vehicle_license' })).rejects.toMatchObject({ code: 'UNSUPPORTED_MEDIA_TYPE' });
    expect((await env.store.listRecords({ page: 1, pageSize: 10 })).total).toBe(0);
  });

  it('refuses anonymous callers, unknown document types and a missing fileID', async () => {
    const env = await makeEnv();
    expect(await code(handleOcr(await env.ctx(null), { bytes: PNG, docType: 'vehicle_license' }))).toBe('UNAUTHENTICATED');
    expect(await code(handleOcr(await env.ctx(A), { bytes: PNG, docType: 'spaceship_licence' }))).toBe('INVALID_ARGUMENT');
    expect(await code(handleOcr(await env.ctx(A), { fileID: '0123456789abcdef0123456789abcdef', docType: 'vehicle_license' }))).toBe('NOT_FOUND');
    expect(await code(handleOcr(await env.ctx(A), { docType: 'vehicle_license' }))).toBe('INVALID_ARGUMENT');
    expect(env.pipeline.calls).toBe(0);
  });

  it('enforces the per-user daily limit, counted in China time, failed recognitions included', async () => {
    const env = await makeEnv({ DAILY_OCR_LIMIT: '2' });
    const day1 = new Date('2026-11-22T15:00:00.000Z'); // 23:00 in Beijing
    await handleOcr(await env.ctx(A, day1), { bytes: PNG, docType: 'vehicle_license' });
    await handleOcr(await env.ctx(A, day1), { bytes: FAIL, docType: 'vehicle_license' });
    expect(await code(handleOcr(await env.ctx(A, day1), { bytes: PNG, docType: 'vehicle_license' }))).toBe('RATE_LIMITED');
    expect(await code(handleOcr(await env.ctx(B, day1), { bytes: PNG, docType: 'vehicle_license' }))).toBe('OK');
    const day2 = new Date('2026-11-22T16:00:00.000Z'); // 00:00 the next day in Beijing
    expect(await code(handleOcr(await env.ctx(A, day2), { bytes: PNG, docType: 'vehicle_license' }))).toBe('OK');
    expect(startOfDayCst(day1)).toBe('2026-11-21T16:00:00.000Z');
  });
});

describe('records actions', () => {
  async function recognized(env: Awaited<ReturnType<typeof makeEnv>>, openid = A, docType = 'vehicle_license'): Promise<LicenseRecord> {
    return handleOcr(await env.ctx(openid), { bytes: PNG, docType, side: 'front' });
  }

  it('submit stores the values, the corrections diff (recognized → submitted) and is idempotent', async () => {
    const env = await makeEnv();
    const r = await recognized(env);
    const ctx = await env.ctx(A);
    const out = (await handleRecords(ctx, { action: 'submit', id: r._id, fields: { plateNo: '京AA5598', owner: '王京', address: ' 北京市石景山区 ', 证芯编号: 'X124' } })) as LicenseRecord;
    expect(out.status).toBe('submitted');
    expect(out.submitted).toMatchObject({ plateNo: '京AA5598', owner: '王京', vin: 'HHGHH555778802669', address: '北京市石景山区', 证芯编号: 'X124' });
    expect(out.corrections).toEqual({
      plateNo: { from: '京AA5599', to: '京AA5598' },
      address: { from: '', to: '北京市石景山区' },
      证芯编号: { from: 'X123', to: 'X124' },
    });
    const again = (await handleRecords(ctx, { action: 'submit', id: r._id, fields: { plateNo: 'OTHER' } })) as LicenseRecord;
    expect(again.submitted?.plateNo).toBe('京AA5598');
    expect(again.submittedAt).toBe(out.submittedAt);
  });

  it('submit refuses keys that are neither registry fields nor on the record, and ignores ownership/status in the body', async () => {
    const env = await makeEnv();
    const r = await recognized(env);
    const ctx = await env.ctx(A);
    await expect(handleRecords(ctx, { action: 'submit', id: r._id, fields: { hackerField: 'x' } })).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
    await expect(handleRecords(ctx, { action: 'submit', id: r._id, fields: { plateNo: 1 } })).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
    const out = (await handleRecords(ctx, {
      action: 'submit',
      id: r._id,
      fields: { plateNo: '京AA5599' },
      _openid: B,
      status: 'recognized',
      createdAt: '2000-01-01T00:00:00.000Z',
      submittedAt: '2000-01-01T00:00:00.000Z',
    })) as LicenseRecord;
    expect(out).toMatchObject({ _openid: A, status: 'submitted', createdAt: r.createdAt });
    expect(out.submittedAt).not.toBe('2000-01-01T00:00:00.000Z');
    expect(out.corrections).toEqual({});
  });

  it('submit of a failed recognition is a conflict', async () => {
    const env = await makeEnv();
    const failed = await handleOcr(await env.ctx(A), { bytes: FAIL, docType: 'vehicle_license' });
    await expect(handleRecords(await env.ctx(A), { action: 'submit', id: failed._id, fields: {} })).rejects.toMatchObject({ code: 'CONFLICT' });
  });

  it('list filters, pages and searches; `all` is for administrators and masks ID numbers', async () => {
    const env = await makeEnv();
    await recognized(env, A);
    const idCard = await recognized(env, A, 'id_card');
    await recognized(env, B);
    const mine = (await handleRecords(await env.ctx(A), { action: 'list', docType: 'id_card' })) as ListResponse;
    expect(mine.items.map((x) => x._id)).toEqual([idCard._id]);
    expect(mine.items[0]?.recognized?.idNumber?.value).toBe(ID_NUMBER); // the owner sees their own number
    expect(mine.items[0]?.raw).toBeNull(); // lists leave the raw payload to `get`
    await expect(handleRecords(await env.ctx(A), { action: 'list', scope: 'all' })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    const all = (await handleRecords(await env.ctx(ADMIN), { action: 'list', scope: 'all', pageSize: 2, page: 1 })) as ListResponse;
    expect(all.total).toBe(3);
    expect(all.items).toHaveLength(2);
    const masked = ((await handleRecords(await env.ctx(ADMIN), { action: 'list', scope: 'all', docType: 'id_card' })) as ListResponse).items[0]!;
    expect(masked.recognized?.idNumber?.value).toBe(maskIdNumber(ID_NUMBER));
    expect(JSON.stringify(masked)).not.toContain(ID_NUMBER);
    const found = (await handleRecords(await env.ctx(ADMIN), { action: 'list', scope: 'all', q: 'aa5599' })) as ListResponse;
    expect(found.total).toBe(2);
    // An openid in the body does not widen or change the scope.
    const spoof = (await handleRecords(await env.ctx(B), { action: 'list', openid: A, _openid: A })) as ListResponse;
    expect(spoof.items.every((x) => x._openid === B)).toBe(true);
  });

  it('get returns the own record (any for administrators) with a temporary photo URL; others read as missing', async () => {
    const env = await makeEnv();
    const r = await recognized(env);
    const got = (await handleRecords(await env.ctx(A), { action: 'get', id: r._id })) as GetResponse;
    expect(got.photoUrl).toMatch(new RegExp(`^/api/files/${r.fileID}\\?exp=\\d+&sig=`));
    expect(got.raw).toMatchObject({ engine: 'fake' });
    await expect(handleRecords(await env.ctx(B), { action: 'get', id: r._id })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    const asAdmin = (await handleRecords(await env.ctx(ADMIN), { action: 'get', id: r._id })) as GetResponse;
    expect(asAdmin._id).toBe(r._id);
    const audit = await env.store.listAudit(1, 10);
    expect(audit.items.some((e) => e.action === 'view' && e.actor === ADMIN && e.target === r._id)).toBe(true);
  });

  it('delete removes the own record and its photo; others cannot', async () => {
    const env = await makeEnv();
    const r = await recognized(env);
    await expect(handleRecords(await env.ctx(B), { action: 'delete', id: r._id })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(handleRecords(await env.ctx(ADMIN), { action: 'delete', id: r._id })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    expect(await handleRecords(await env.ctx(A), { action: 'delete', id: r._id })).toEqual({ id: r._id, deleted: true });
    expect(await env.store.getRecord(r._id)).toBeNull();
    expect(await env.photos.get(r.fileID!)).toBeNull();
  });

  it('refuses unknown actions and malformed bodies with INVALID_ARGUMENT', async () => {
    const env = await makeEnv();
    const ctx = await env.ctx(A);
    for (const body of [null, 'list', {}, { action: 'drop_tables' }, { action: 'list', page: 0 }, { action: 'get' }, { action: '__proto__' }, { action: 'constructor' }]) {
      await expect(handleRecords(ctx, body)).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
    }
  });
});

describe('dates', () => {
  it('reads bare list dates as China calendar days', async () => {
    const { cstDateRange } = await import('../../server/records/handlers');
    expect(cstDateRange('2026-11-22', '2026-11-22')).toEqual({ from: '2026-11-21T16:00:00.000Z', to: '2026-11-22T15:59:59.999Z' });
    expect(cstDateRange(undefined, '2026-11-22T10:00:00Z')).toEqual({ to: '2026-11-22T10:00:00Z' });
  });
});
