// Bad input against the local server's HTTP API and the cloud function mains: each gets a clear
// refusal with the right code/status, and nothing is stored.
import { mkdtempSync, readdirSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { loadConfig } from '../../server/config';
import { signSession } from '../../server/identity/session';
import { createPipeline } from '../../server/pipeline';
import { createProviders } from '../../server/providers';
import type { RecordStore } from '../../server/stores/types';
import { startServer, type RunningServer } from '../../local/server/index';
import { createCloudStandin, type StandinCloud } from '../support/wx-cloud-standin';
import { startProviderServer, type ProviderServer } from './provider-server';
import { jpeg } from './support';

// ---- fixtures ------------------------------------------------------------------------------------------

const GIF = Buffer.from('R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7', 'base64');
const TEXT_AS_JPG = Buffer.from('这不是一张照片，只是改了扩展名的文本文件。\n'.repeat(20));
let photo: Buffer;
let truncated: Buffer;

const INJECTIONS = [
  `' OR '1'='1`,
  `'; DROP TABLE records; --`,
  '%',
  '_',
  '\\',
  '.*',
  '(',
  '[a-z]+',
  '^',
  '$where',
  '{"$ne":null}',
];

// ---- the local server ------------------------------------------------------------------------------------

const SECRET = 'bad-input-session-secret-of-32-bytes';
let providers: ProviderServer;
let prod: RunningServer; // production mode: sessions only
let dev: RunningServer; // dev mode on loopback: the dev header works
let dataDir: string;

async function startLocal(devMode: boolean, dir: string): Promise<RunningServer> {
  const config = loadConfig({
    DATA_DIR: dir,
    SESSION_SECRET: SECRET,
    KUAITONG_APPCODE: 'x',
    KUAITONG_URL: providers.kuaitongUrl,
    OCR_ROUTES: 'vehicle_license=kuaitong',
    ADMIN_OPENIDS: 'o-admin',
  });
  const pipeline = createPipeline({ ...createProviders(config, { local: false }), routes: config.routes });
  return startServer({ config, dev: devMode, port: 0, host: '127.0.0.1', pipeline, log: () => undefined, webRoot: join(dir, 'no-web') });
}

beforeAll(async () => {
  providers = await startProviderServer();
  photo = await jpeg();
  truncated = photo.subarray(0, Math.floor(photo.length / 3));
  dataDir = mkdtempSync(join(tmpdir(), 'll-bad-prod-'));
  prod = await startLocal(false, dataDir);
  dev = await startLocal(true, mkdtempSync(join(tmpdir(), 'll-bad-dev-')));
});
afterAll(async () => {
  await prod?.close();
  await dev?.close();
  await providers?.close();
});

const bearer = (openid: string) => ({ authorization: `Bearer ${signSession(openid, SECRET).token}` });

function upload(server: RunningServer, bytes: Buffer, headers: Record<string, string>, name = 'card.jpg', extra: Record<string, string> = {}) {
  const form = new FormData();
  form.append('image', new Blob([new Uint8Array(bytes)], { type: 'image/jpeg' }), name);
  form.append('docType', 'vehicle_license');
  form.append('side', 'front');
  for (const [k, v] of Object.entries(extra)) form.append(k, v);
  return fetch(`${server.url}/api/ocr`, { method: 'POST', headers, body: form });
}

function records(server: RunningServer, body: unknown, headers: Record<string, string>) {
  return fetch(`${server.url}/api/records`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
}

async function count(store: RecordStore): Promise<number> {
  return (await store.listRecords({ page: 1, pageSize: 1 })).total;
}
const photosOnDisk = () => (existsSync(join(dataDir, 'files')) ? readdirSync(join(dataDir, 'files')).length : 0);

async function refused(res: Response, status: number, code: string) {
  const body = (await res.json()) as { code: string; message: string };
  expect({ status: res.status, code: body.code }).toEqual({ status, code });
  expect(body.message).toMatch(/[\u4e00-\u9fff]/); // a clear message for a person
}

describe('HTTP API: uploads', () => {
  it('accepts a real photo (the control case)', async () => {
    const res = await upload(prod, photo, bearer('o-alice'));
    expect(res.status).toBe(200);
    expect(((await res.json()) as { _openid: string })._openid).toBe('o-alice');
  });

  it('refuses each bad upload with its code, storing neither a record nor a photo', async () => {
    const records0 = await count(prod.store);
    const photos0 = photosOnDisk();
    const h = bearer('o-alice');
    await refused(await upload(prod, Buffer.concat([photo, Buffer.alloc(16 * 1024 * 1024)]), h), 413, 'PAYLOAD_TOO_LARGE');
    await refused(await upload(prod, GIF, h, 'card.gif'), 415, 'UNSUPPORTED_MEDIA_TYPE');
    await refused(await upload(prod, TEXT_AS_JPG, h, 'renamed.jpg'), 415, 'UNSUPPORTED_MEDIA_TYPE');
    await refused(await upload(prod, truncated, h), 400, 'INVALID_ARGUMENT');
    await refused(await upload(prod, Buffer.alloc(0), h), 400, 'INVALID_ARGUMENT');
    await refused(
      await fetch(`${prod.url}/api/ocr`, { method: 'POST', headers: { ...h, 'content-type': 'application/json' }, body: '{"image":"x"}' }),
      415,
      'UNSUPPORTED_MEDIA_TYPE',
    );
    const form = new FormData();
    form.append('image', new Blob([new Uint8Array(photo)]), 'a.jpg');
    form.append('docType', 'no_such_document');
    await refused(await fetch(`${prod.url}/api/ocr`, { method: 'POST', headers: h, body: form }), 400, 'INVALID_ARGUMENT');
    expect(await count(prod.store)).toBe(records0);
    expect(photosOnDisk()).toBe(photos0);
  });
});

describe('HTTP API: forged identity', () => {
  it('ignores the dev header outside dev mode, and accepts it in dev mode on loopback', async () => {
    await refused(await records(prod, { action: 'list' }, { 'x-licenselens-openid': 'o-alice' }), 401, 'UNAUTHENTICATED');
    await refused(await upload(prod, photo, { 'x-licenselens-openid': 'o-alice' }), 401, 'UNAUTHENTICATED');
    expect((await records(dev, { action: 'list' }, { 'x-licenselens-openid': 'o-alice' })).status).toBe(200);
  });

  it('refuses a tampered, re-signed or expired session token', async () => {
    const { token } = signSession('o-alice', SECRET);
    const [body, mac] = token.split('.') as [string, string];
    const otherBody = Buffer.from(JSON.stringify({ v: 1, sub: 'o-admin', exp: 4102444800 })).toString('base64url');
    const forged = [
      `${otherBody}.${mac}`, // claims to be the administrator with Alice's signature
      `${body}.${mac.slice(0, -2)}${mac.endsWith('AA') ? 'BB' : 'AA'}`,
      signSession('o-admin', 'guessed-secret').token,
      signSession('o-alice', SECRET, { now: new Date(Date.now() - 30 * 86_400_000) }).token,
      'not-a-token',
    ];
    for (const t of forged) {
      await refused(await records(prod, { action: 'list', scope: 'all' }, { authorization: `Bearer ${t}` }), 401, 'UNAUTHENTICATED');
    }
  });

  it('never takes the owner from the body', async () => {
    const before = await count(prod.store);
    const res = await upload(prod, photo, bearer('o-mallory'), 'card.jpg', { openid: 'o-alice', _openid: 'o-alice' });
    expect(((await res.json()) as { _openid: string })._openid).toBe('o-mallory');
    const list = (await (await records(prod, { action: 'list', openid: 'o-alice', _openid: 'o-alice' }, bearer('o-mallory'))).json()) as {
      items: { _openid: string }[];
    };
    expect(list.items.length).toBeGreaterThan(0);
    expect(list.items.every((r) => r._openid === 'o-mallory')).toBe(true);
    expect(await count(prod.store)).toBe(before + 1);
  });
});

describe("HTTP API: another user's record", () => {
  it('reads as missing for get, submit and delete, and stays unchanged', async () => {
    const alice = (await (await upload(prod, photo, bearer('o-alice'))).json()) as { _id: string; fileID: string };
    const h = bearer('o-mallory');
    await refused(await records(prod, { action: 'get', id: alice._id }, h), 404, 'NOT_FOUND');
    await refused(await records(prod, { action: 'submit', id: alice._id, fields: { owner: 'x' } }, h), 404, 'NOT_FOUND');
    await refused(await records(prod, { action: 'delete', id: alice._id }, h), 404, 'NOT_FOUND');
    await refused(await fetch(`${prod.url}/api/files/${alice.fileID}`, { headers: h }), 404, 'NOT_FOUND');
    await refused(await records(prod, { action: 'export' }, h), 403, 'FORBIDDEN');
    await refused(await fetch(`${prod.url}/api/export`, { headers: h }), 403, 'FORBIDDEN');
    expect(await prod.store.getRecord(alice._id)).toMatchObject({ status: 'recognized', _openid: 'o-alice', submitted: null });
  });
});

describe('HTTP API: injection strings in search', () => {
  it('are matched literally: no error, no extra rows, the table intact', async () => {
    const admin = bearer('o-admin');
    const total = ((await (await records(prod, { action: 'list', scope: 'all' }, admin)).json()) as { total: number }).total;
    expect(total).toBeGreaterThan(0);
    for (const q of INJECTIONS) {
      const res = await records(prod, { action: 'list', scope: 'all', q }, admin);
      expect(res.status, q).toBe(200);
      expect(((await res.json()) as { total: number }).total, q).toBe(0);
    }
    // The stand-in provider's plate: the real search still works afterwards.
    const hit = (await (await records(prod, { action: 'list', scope: 'all', q: '粤B12345' }, admin)).json()) as { total: number };
    expect(hit.total).toBe(total);
    await refused(await records(prod, { action: 'list', q: 'x'.repeat(65) }, admin), 400, 'INVALID_ARGUMENT');
    await refused(await records(prod, { action: 'list', q: { $regex: '.*' } }, admin), 400, 'INVALID_ARGUMENT');
    await refused(await records(prod, '{"action":"list",', admin), 400, 'INVALID_ARGUMENT');
    await refused(await records(prod, { action: 'drop' }, admin), 400, 'INVALID_ARGUMENT');
  });
});

// ---- the cloud function mains -----------------------------------------------------------------------------

const standin: { cloud: StandinCloud | null } = vi.hoisted(() => ({ cloud: null }));
vi.mock('wx-server-sdk', async () => (await import('../support/wx-cloud-standin')).forwardingSdk(() => standin.cloud!));

describe('cloud function mains', () => {
  type Envelope = { ok: true; data: any } | { ok: false; error: { code: string; message: string } };
  let ocr: (e: unknown) => Promise<Envelope>;
  let recordsMain: (e: unknown) => Promise<Envelope>;
  let cloud: StandinCloud;
  const as = (openid: string | undefined) => {
    cloud.context = openid ? { OPENID: openid } : {};
  };
  // Into the caller's own folder, as the mini program uploads (the ocr function takes no other).
  const upload = async (bytes: Buffer, name: string) =>
    (await cloud.uploadFile({ cloudPath: `uploads/${cloud.context.OPENID ?? 'anonymous'}/${name}`, fileContent: bytes })).fileID;
  const stored = () => cloud.db.collections.get('records')?.size ?? 0;
  const expectRefusal = (res: Envelope, code: string) => {
    expect(res.ok).toBe(false);
    if (!res.ok) {
      expect(res.error.code).toBe(code);
      expect(res.error.message).toMatch(/[\u4e00-\u9fff]/);
    }
  };

  beforeAll(async () => {
    standin.cloud = createCloudStandin();
    cloud = standin.cloud;
    vi.stubEnv('ADMIN_OPENIDS', 'o-admin');
    vi.stubEnv('OCR_ROUTES', 'vehicle_license=kuaitong');
    vi.stubEnv('KUAITONG_APPCODE', 'x');
    vi.stubEnv('KUAITONG_URL', providers.kuaitongUrl);
    ocr = (await import('../../cloudfunctions/ocr/src/index')).main as typeof ocr;
    recordsMain = (await import('../../cloudfunctions/records/src/index')).main as typeof recordsMain;
  });
  afterAll(() => vi.unstubAllEnvs());

  it('refuses bad photos and an absent caller, storing nothing', async () => {
    as('o-alice');
    const ok = await ocr({ fileID: await upload(photo, 'ok.jpg'), docType: 'vehicle_license', side: 'front' });
    expect(ok.ok).toBe(true);
    const base = stored();
    expectRefusal(await ocr({ fileID: await upload(GIF, 'a.gif'), docType: 'vehicle_license' }), 'UNSUPPORTED_MEDIA_TYPE');
    expectRefusal(await ocr({ fileID: await upload(TEXT_AS_JPG, 'b.jpg'), docType: 'vehicle_license' }), 'UNSUPPORTED_MEDIA_TYPE');
    expectRefusal(await ocr({ fileID: await upload(truncated, 'c.jpg'), docType: 'vehicle_license' }), 'INVALID_ARGUMENT');
    expectRefusal(await ocr({ fileID: await upload(Buffer.concat([photo, Buffer.alloc(21 * 1024 * 1024)]), 'd.jpg'), docType: 'vehicle_license' }), 'PAYLOAD_TOO_LARGE');
    expectRefusal(await ocr({ fileID: 'cloud://nowhere/uploads/o-alice/x.jpg', docType: 'vehicle_license' }), 'NOT_FOUND');
    expectRefusal(await ocr({ fileID: 'x'.repeat(600), docType: 'vehicle_license' }), 'INVALID_ARGUMENT');
    as(undefined);
    expectRefusal(await ocr({ fileID: await upload(photo, 'e.jpg'), docType: 'vehicle_license' }), 'UNAUTHENTICATED');
    expectRefusal(await recordsMain({ action: 'list' }), 'UNAUTHENTICATED');
    expect(stored()).toBe(base);
  });

  it('takes identity from getWXContext only, never from the event', async () => {
    as('o-mallory');
    const res = await ocr({
      fileID: await upload(photo, 'm.jpg'),
      docType: 'vehicle_license',
      side: 'front',
      openid: 'o-alice',
      _openid: 'o-alice',
      userInfo: { openId: 'o-alice', appId: 'wx' },
    });
    expect(res.ok && res.data._openid).toBe('o-mallory');
    const list = await recordsMain({ action: 'list', userInfo: { openId: 'o-admin' }, scope: 'all' });
    expectRefusal(list, 'FORBIDDEN');
  });

  it("another user's record reads as missing", async () => {
    as('o-alice');
    const mine = await ocr({ fileID: await upload(photo, 'alice.jpg'), docType: 'vehicle_license', side: 'front' });
    if (!mine.ok) throw new Error('setup');
    as('o-mallory');
    for (const action of ['get', 'delete'] as const) expectRefusal(await recordsMain({ action, id: mine.data._id }), 'NOT_FOUND');
    expectRefusal(await recordsMain({ action: 'submit', id: mine.data._id, fields: {} }), 'NOT_FOUND');
    expectRefusal(await recordsMain({ action: 'redeliver', id: mine.data._id }), 'FORBIDDEN');
    as('o-alice');
    const still = await recordsMain({ action: 'get', id: mine.data._id });
    expect(still.ok && still.data.status).toBe('recognized');
  });

  it('regular-expression metacharacters in search are literal in the cloud database', async () => {
    as('o-admin');
    const all = await recordsMain({ action: 'list', scope: 'all' });
    expect(all.ok && all.data.total).toBeGreaterThan(0);
    for (const q of INJECTIONS) {
      const res = await recordsMain({ action: 'list', scope: 'all', q });
      expect(res.ok, q).toBe(true);
      expect(res.ok && res.data.total, q).toBe(0);
    }
    const hit = await recordsMain({ action: 'list', scope: 'all', q: '粤B12345' });
    expect(hit.ok && hit.data.total).toBe(all.ok && all.data.total);
  });
});
