// What the review screens ask the server (issue 16): the user's earlier submissions of the same vehicle
// (`duplicates`) and the configured recognition services — by the handlers, and over the local HTTP API.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { LicenseRecord } from '../../core/contracts/records';
import { DuplicatesResponseSchema, type DuplicatesResponse } from '../../core/contracts/review';
import type { SessionInfo } from '../../core/contracts/session';
import { loadConfig } from '../../server/config';
import { createPipeline } from '../../server/pipeline/index';
import { createProviders } from '../../server/providers/index';
import { handleOcr, handleRecords } from '../../server/records/handlers';
import { configuredServices } from '../../server/records/review';
import { startServer } from '../../local/server/index';
import { A, B, fakePipeline, makeEnv, PNG } from './support';

type Env = Awaited<ReturnType<typeof makeEnv>>;

/** A vehicle licence recognized for `openid` (the fake pipeline reads 京AA5599 / HHGHH555778802669),
 *  submitted with `fields` unless `submit` is false. */
async function scanned(env: Env, openid: string, fields: Record<string, string> = {}, submit = true): Promise<LicenseRecord> {
  const r = await handleOcr(await env.ctx(openid), { bytes: PNG, docType: 'vehicle_license', side: 'front' });
  if (!submit) return r;
  return (await handleRecords(await env.ctx(openid), { action: 'submit', id: r._id, fields })) as LicenseRecord;
}

async function duplicates(env: Env, openid: string, body: Record<string, unknown>): Promise<DuplicatesResponse> {
  return DuplicatesResponseSchema.parse(await handleRecords(await env.ctx(openid), { action: 'duplicates', ...body }));
}

describe('duplicates: the same plate or VIN submitted before by the same user', () => {
  it('finds the caller’s submitted record by plate written in lower case, full-width or with spaces, and by VIN', async () => {
    const env = await makeEnv();
    const earlier = await scanned(env, A);
    const current = await scanned(env, A, {}, false);
    for (const plateNo of ['京AA5599', '京aa5599', '京ＡＡ５５９９', ' 京A A5599 ']) {
      const out = await duplicates(env, A, { plateNo, id: current._id });
      expect(out.items, plateNo).toEqual([{ _id: earlier._id, docType: 'vehicle_license', plateNo: '京AA5599', vin: 'HHGHH555778802669', submittedAt: earlier.submittedAt, matched: ['plateNo'] }]);
    }
    const byVin = await duplicates(env, A, { vin: 'hhghh 5557 7880 2669', id: current._id });
    expect(byVin.items.map((d) => [d._id, d.matched])).toEqual([[earlier._id, ['vin']]]);
    const both = await duplicates(env, A, { plateNo: '京AA5599', vin: 'HHGHH555778802669' });
    expect(both.items.map((d) => d.matched)).toEqual([['plateNo', 'vin']]);
  });

  it('finds a submission whose plate and VIN were typed full-width or spaced', async () => {
    const env = await makeEnv();
    const typed = await scanned(env, A, { plateNo: '京ＡＢ ７７８８', vin: 'ＬＳＶＡＭ４１８７Ｃ２１８４８４７' });
    expect((await duplicates(env, A, { plateNo: '京AB7788' })).items.map((d) => [d._id, d.plateNo, d.matched])).toEqual([[typed._id, '京ＡＢ ７７８８', ['plateNo']]]);
    expect((await duplicates(env, A, { vin: 'lsvam4187c2184847' })).items.map((d) => d._id)).toEqual([typed._id]);
    // The administrators' search finds it by the plate as printed too.
    const all = (await handleRecords(await env.ctx('o-admin'), { action: 'list', scope: 'all', q: '京AB7788' })) as { items: LicenseRecord[] };
    expect(all.items.map((r) => r._id)).toEqual([typed._id]);
  });

  it('compares what was submitted, whole: a corrected plate, a longer plate or an unsubmitted scan is no match', async () => {
    const env = await makeEnv();
    const corrected = await scanned(env, A, { plateNo: '京AB1234' });
    await scanned(env, A, { plateNo: '京AA55991', vin: 'LSVAM4187C2184847' });
    await scanned(env, A, {}, false);
    expect((await duplicates(env, A, { plateNo: '京AA5599' })).items).toEqual([]);
    expect((await duplicates(env, A, { plateNo: '京ab1234' })).items.map((d) => d._id)).toEqual([corrected._id]);
  });

  it('never shows another user’s records, and leaves out the record under review', async () => {
    const env = await makeEnv();
    const mine = await scanned(env, A);
    const theirs = await scanned(env, B);
    expect((await duplicates(env, A, { plateNo: '京AA5599' })).items.map((d) => d._id)).toEqual([mine._id]);
    expect((await duplicates(env, B, { plateNo: '京AA5599' })).items.map((d) => d._id)).toEqual([theirs._id]);
    expect((await duplicates(env, A, { plateNo: '京AA5599', id: mine._id })).items).toEqual([]);
  });

  it('lists the newest submission first, at most five', async () => {
    const env = await makeEnv();
    const ids: string[] = [];
    for (let i = 0; i < 7; i++) {
      const r = await handleOcr(await env.ctx(A), { bytes: PNG, docType: 'vehicle_license', side: 'front' });
      const at = new Date(Date.UTC(2026, 10, 1 + i, 2));
      ids.push(((await handleRecords(await env.ctx(A, at), { action: 'submit', id: r._id, fields: {} })) as LicenseRecord)._id);
    }
    expect((await duplicates(env, A, { plateNo: '京AA5599' })).items.map((d) => d._id)).toEqual(ids.slice(2).reverse());
  });

  it('refuses a request naming neither a plate nor a VIN with a Chinese message, and anonymous callers', async () => {
    const env = await makeEnv();
    await expect(handleRecords(await env.ctx(A), { action: 'duplicates', plateNo: ' ', vin: '' })).rejects.toMatchObject({
      code: 'INVALID_ARGUMENT',
      details: [{ path: 'plateNo', message: '请提供号牌号码或车辆识别代号' }],
    });
    await expect(handleRecords(await env.ctx(null), { action: 'duplicates', plateNo: '京AA5599' })).rejects.toMatchObject({ code: 'UNAUTHENTICATED' });
  });
});

describe('configured recognition services', () => {
  it('are the providers with their keys (and the engine where it runs), never the skipped ones', () => {
    const bare = createPipeline({ ...createProviders(loadConfig({}), { local: false }) });
    expect(configuredServices(bare)).toEqual({ providers: [] });
    const juhe = createPipeline({ ...createProviders(loadConfig({ JUHE_KEY: 'k' })) });
    expect(configuredServices(juhe)).toEqual({ providers: ['juhe', 'local'] });
    // A pipeline that cannot say (the records function's) offers none rather than guessing.
    expect(configuredServices(fakePipeline())).toEqual({ providers: [] });
  });
});

describe('over the local server', () => {
  it('session info names the configured services; `duplicates` answers the caller’s own records', { timeout: 180_000 }, async () => {
    const dir = await mkdtemp(join(tmpdir(), 'licenselens-review-'));
    const server = await startServer({
      config: loadConfig({ DATA_DIR: dir, KUAITONG_APPCODE: 'code', KUAITONG_URL: 'http://127.0.0.1:9/kt' }),
      dev: true,
      port: 0,
      host: '127.0.0.1',
      log: () => undefined,
    });
    try {
      const info = (await (await fetch(`${server.url}/api/session/info`)).json()) as SessionInfo;
      expect(info.providers).toEqual(['kuaitong', 'local']);
      const post = async (who: string, body: unknown) =>
        fetch(`${server.url}/api/records`, { method: 'POST', body: JSON.stringify(body), headers: { 'content-type': 'application/json', 'x-licenselens-openid': who } });
      const none = await post(A, { action: 'duplicates', plateNo: '粤B12345' });
      expect(none.status).toBe(200);
      expect(await none.json()).toEqual({ items: [] });
      const bad = await post(A, { action: 'duplicates' });
      expect(bad.status).toBe(400);
      expect(await bad.json()).toMatchObject({ code: 'INVALID_ARGUMENT', details: [{ message: '请提供号牌号码或车辆识别代号' }] });
    } finally {
      await server.close();
      await rm(dir, { recursive: true, force: true });
    }
  });
});
