// The cloud function mains (cloudfunctions/*/src/index.ts) with wx-server-sdk replaced by the stand-in.
import { readFile } from 'node:fs/promises';
import { readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { runAccessMatrix, type Outcome, type Who } from '../records/matrix';
import { calls, installOpenapi, standin, uploadFixture } from './support';

vi.mock('wx-server-sdk', async () => (await import('./support')).standin);

const ids = { A: 'o-cloud-a', B: 'o-cloud-b', admin: 'o-cloud-admin' } as const;
vi.stubEnv('ADMIN_OPENIDS', ids.admin);
vi.stubEnv('WEBHOOK_URL', 'https://backend.example.com/hook');
vi.stubEnv('DAILY_OCR_LIMIT', '500');

const { main: ocrMain } = await import('../../cloudfunctions/ocr/src/index');
const { main: recordsMain } = await import('../../cloudfunctions/records/src/index');

// The functions log one JSON line per call (the cloud's log); keep the test output readable.
vi.spyOn(console, 'log').mockImplementation(() => undefined);
beforeAll(() => installOpenapi());

function as(who: Who): void {
  standin.context = who === 'anon' ? {} : { OPENID: ids[who], APPID: 'wx-test' };
}

async function call(fn: (e: unknown) => Promise<unknown>, who: Who, event: Record<string, unknown>): Promise<Outcome> {
  as(who);
  const env = (await fn(event)) as { ok: boolean; data?: unknown; error?: { code: string } };
  return env.ok ? { ok: true, data: env.data } : { ok: false, code: env.error!.code };
}

describe('cloud function mains', () => {
  it('ocr: initializes the SDK with the dynamic env, downloads the photo, calls WeChat OCR and stores the record as the caller', async () => {
    const fileID = await uploadFixture(ids.A);
    const out = await call(ocrMain, 'A', { fileID, docType: 'vehicle_license', side: 'front', userInfo: { openId: 'o-spoofed', appId: 'x' } });
    expect(out.ok).toBe(true);
    const rec = out.data as { _id: string; _openid: string; status: string; provider: string; fileID: string; recognized: Record<string, { value: string }> };
    expect(rec).toMatchObject({ _openid: ids.A, status: 'recognized', provider: 'wechat' });
    // The record keeps a server-side copy without metadata; the upload itself is removed.
    expect(rec.fileID).toMatch(/^cloud:\/\/.+\/photos\//);
    expect((await standin.downloadFile({ fileID: rec.fileID })).fileContent.length).toBeGreaterThan(0);
    await expect(standin.downloadFile({ fileID })).rejects.toMatchObject({ errCode: -503003 });
    expect(rec.recognized.plateNo?.value).toBe('京AA5599');
    expect(standin.initCalls[0]).toEqual({ env: standin.DYNAMIC_CURRENT_ENV });
    const img = calls.at(-1)?.params.img as { contentType: string; value: Buffer };
    expect(img.contentType).toMatch(/^image\/(jpeg|png)$/);
    expect(img.value.length).toBeLessThanOrEqual(2_000_000);
    const [doc] = standin.db.dump('records').filter((d) => d._id === rec._id);
    expect(doc?._openid).toBe(ids.A);
  });

  it('records: submit → list → get with a temporary URL from cloud storage; the outbox entry is queued', async () => {
    const fileID = await uploadFixture(ids.A);
    const rec = (await call(ocrMain, 'A', { fileID, docType: 'vehicle_license', side: 'front' })).data as { _id: string };
    const sub = await call(recordsMain, 'A', { action: 'submit', id: rec._id, fields: { owner: '王京京' } });
    expect(sub.data).toMatchObject({ status: 'submitted', corrections: { owner: { from: '王京', to: '王京京' } }, delivery: 'pending' });
    const got = (await call(recordsMain, 'admin', { action: 'get', id: rec._id })).data as { photoUrl: string };
    expect(got.photoUrl).toMatch(/^https:\/\/.+\.tcb\.qcloud\.la\/.+\?sign=.+&t=600$/);
    const listed = (await call(recordsMain, 'admin', { action: 'list', scope: 'all', q: '王京京' })).data as { items: { _id: string }[] };
    expect(listed.items.map((i) => i._id)).toContain(rec._id);
    expect(standin.db.dump('outbox').some((o) => o.recordId === rec._id && o.status === 'pending')).toBe(true);
  });

  it('answers refusals and failures as envelopes with stable codes, never as thrown errors', async () => {
    expect(await call(ocrMain, 'A', { docType: 'vehicle_license' })).toEqual({ ok: false, code: 'INVALID_ARGUMENT' });
    expect(await call(ocrMain, 'A', { fileID: `cloud://nope/uploads/${ids.A}/missing.png`, docType: 'vehicle_license' })).toEqual({ ok: false, code: 'NOT_FOUND' });
    expect(await call(recordsMain, 'A', { action: 'nope' })).toEqual({ ok: false, code: 'INVALID_ARGUMENT' });
    const gif = (await standin.uploadFile({ cloudPath: `uploads/${ids.A}/x.gif`, fileContent: Buffer.from('GIF89a\x01\x00\x01\x00\x00\x00\x00;') })).fileID;
    expect((await call(ocrMain, 'A', { fileID: gif, docType: 'vehicle_license' })).code).toBe('UNSUPPORTED_MEDIA_TYPE');
  });

  it('refuses an impossible date, a NUL and a __proto__ field as INVALID_ARGUMENT naming the field (same schemas as the server)', async () => {
    as('admin');
    const bad = async (event: Record<string, unknown>) =>
      ((await recordsMain(event)) as { ok: boolean; error?: { code: string; details?: { path: string }[] } }).error;
    expect(await bad({ action: 'list', scope: 'all', from: '2026-13-45' })).toMatchObject({ code: 'INVALID_ARGUMENT', details: [{ path: 'from' }] });
    expect(await bad({ action: 'list', q: '京\u0000' })).toMatchObject({ code: 'INVALID_ARGUMENT', details: [{ path: 'q' }] });
    const proto = JSON.parse('{"action":"submit","id":"r1","fields":{"__proto__":"x"}}') as Record<string, unknown>;
    expect(await bad(proto)).toMatchObject({ code: 'INVALID_ARGUMENT', details: [{ path: 'fields.__proto__' }] });
  });

  it('ocr refuses a fileID outside the caller\'s upload folder (another user\'s photo, another folder, a path trick)', async () => {
    const theirs = await uploadFixture(ids.B);
    const before = calls.length;
    expect(await call(ocrMain, 'A', { fileID: theirs, docType: 'vehicle_license' })).toEqual({ ok: false, code: 'FORBIDDEN' });
    const elsewhere = (await standin.uploadFile({ cloudPath: 'uploads/vehicle_license/x.png', fileContent: Buffer.from('x') })).fileID;
    expect(await call(ocrMain, 'A', { fileID: elsewhere, docType: 'vehicle_license' })).toEqual({ ok: false, code: 'FORBIDDEN' });
    const tricked = theirs.replace(`uploads/${ids.B}/`, `uploads/${ids.A}/../${ids.B}/`);
    expect(await call(ocrMain, 'A', { fileID: tricked, docType: 'vehicle_license' })).toEqual({ ok: false, code: 'FORBIDDEN' });
    expect(calls.length).toBe(before); // no provider saw the photo
    // The owner still can.
    expect((await call(ocrMain, 'B', { fileID: theirs, docType: 'vehicle_license' })).ok).toBe(true);
  });

  it('hides internal failures behind INTERNAL', async () => {
    const saved = standin.downloadFile;
    standin.downloadFile = async () => {
      throw new Error('socket hang up at 10.0.0.1 with secret details');
    };
    try {
      as('A');
      const env = (await ocrMain({ fileID: `cloud://x/uploads/${ids.A}/y.png`, docType: 'vehicle_license' })) as { ok: boolean; error: { code: string; message: string } };
      expect(env).toEqual({ ok: false, error: { code: 'INTERNAL', message: '服务出错了，请稍后重试' } });
    } finally {
      standin.downloadFile = saved;
    }
  });

  it('lists in config.json every cloud.openapi method the server code calls', async () => {
    const used = new Set<string>();
    const walk = (dir: string): string[] =>
      readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : []));
    for (const file of walk(resolve('server'))) {
      for (const m of (await readFile(file, 'utf8')).matchAll(/openapi\.(\w+)\.(\w+)\(/g)) used.add(`${m[1]}.${m[2]}`);
    }
    expect(used.size).toBeGreaterThan(0);
    const config = JSON.parse(await readFile(resolve('cloudfunctions/ocr/config.json'), 'utf8')) as { permissions: { openapi: string[] } };
    for (const m of used) expect(config.permissions.openapi).toContain(m);
    // The wechat provider's ocr.* methods (one per document type) are seen, and nothing unused is granted.
    expect([...used]).toEqual(expect.arrayContaining(['ocr.vehicleLicense', 'ocr.idcard', 'ocr.driverLicense', 'ocr.bankcard', 'ocr.businessLicense']));
    for (const m of config.permissions.openapi) expect(used).toContain(m);
  });
});

runAccessMatrix(
  'cloud function mains',
  () => ({
    async ocr(who) {
      return call(ocrMain, who, { fileID: await uploadFixture(who === 'anon' ? 'o-anon' : ids[who]), docType: 'vehicle_license', side: 'front' });
    },
    records: (who, body) => call(recordsMain, who, body),
    async failDelivery(recordId) {
      await standin.db.collection('outbox').where({ recordId }).update({ data: { status: 'dead' } });
      await standin.db.collection('records').doc(recordId).update({ data: { delivery: 'dead' } });
    },
  }),
  { openidOf: (who) => ids[who], photos: false },
);
