// The review screens' questions through the cloud function mains (wx-server-sdk replaced by the
// stand-in): `ocr` names the services it can call, `records` answers `duplicates` with the caller's
// own records only — the same handlers as the local server (test/records/review.test.ts).
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { installOpenapi, standin, uploadFixture } from './support';

vi.mock('wx-server-sdk', async () => (await import('./support')).standin);

const A = 'o-review-a';
const B = 'o-review-b';
vi.stubEnv('JUHE_KEY', 'juhe-key');
vi.stubEnv('DAILY_OCR_LIMIT', '500');

const { main: ocrMain } = await import('../../cloudfunctions/ocr/src/index');
const { main: recordsMain } = await import('../../cloudfunctions/records/src/index');

vi.spyOn(console, 'log').mockImplementation(() => undefined);
beforeAll(() => installOpenapi());

async function call(fn: (e: unknown) => Promise<unknown>, openid: string, event: Record<string, unknown>): Promise<{ ok: boolean; data?: unknown; error?: { code: string } }> {
  standin.context = { OPENID: openid, APPID: 'wx-test' };
  return (await fn(event)) as { ok: boolean; data?: unknown; error?: { code: string } };
}

describe('cloud functions: review questions', () => {
  it('ocr names WeChat OCR (the cloud’s openapi) and the keyed providers, never the engine it cannot run', async () => {
    expect(await call(ocrMain, A, { action: 'services' })).toEqual({ ok: true, data: { providers: ['wechat', 'juhe'] } });
  });

  it('records answers duplicates with the caller’s own submitted records, the one under review left out', async () => {
    const submitted: Record<string, string> = {};
    for (const who of [A, B]) {
      const fileID = await uploadFixture(who);
      const rec = (await call(ocrMain, who, { fileID, docType: 'vehicle_license', side: 'front' })).data as { _id: string };
      await call(recordsMain, who, { action: 'submit', id: rec._id, fields: {} });
      submitted[who] = rec._id;
    }
    const out = await call(recordsMain, A, { action: 'duplicates', plateNo: '京aa5599' });
    expect(out.ok).toBe(true);
    expect((out.data as { items: { _id: string }[] }).items.map((d) => d._id)).toEqual([submitted[A]]);
    const excluded = await call(recordsMain, A, { action: 'duplicates', plateNo: '京AA5599', id: submitted[A] });
    expect(excluded).toEqual({ ok: true, data: { items: [] } });
    expect((await call(recordsMain, A, { action: 'duplicates' })).error?.code).toBe('INVALID_ARGUMENT');
  });
});
