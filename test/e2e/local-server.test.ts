// The local server's HTTP behaviour: identity (sessions, the dev header's limits), size limits, photo
// URLs, error bodies, request logs without personal data, static web console, graceful shutdown.
import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GetResponse, LicenseRecord } from '../../core/contracts/records';
import { loadConfig } from '../../server/config';
import type { PipelineLike } from '../../server/records/context';
import { createWechatStore } from '../../server/stores/wechat/index';
import { startServer, type RunningServer, type StartOptions } from '../../local/server/index';
import { fakePipeline, PNG } from '../records/support';
import { createCloudStandin } from '../support/wx-cloud-standin';

/** Production mode refuses a shorter one (issue 13 item 1). */
const SECRET = 'local-server-test-secret-of-32-bytes!';
const dirs: string[] = [];
const servers: RunningServer[] = [];
let wechat: Server;
let wechatUrl: string;

beforeAll(async () => {
  // jscode2session stand-in: code "good-*" → openid, anything else → 40029.
  wechat = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    res.setHeader('content-type', 'application/json');
    if (url.pathname !== '/sns/jscode2session' || url.searchParams.get('appid') !== 'wx-app' || url.searchParams.get('secret') !== 'wx-secret') {
      res.end(JSON.stringify({ errcode: 40013, errmsg: 'invalid appid' }));
    } else if (url.searchParams.get('js_code')?.startsWith('good-')) {
      res.end(JSON.stringify({ openid: `o-${url.searchParams.get('js_code')}`, session_key: 'never-leaves-the-server' }));
    } else {
      res.end(JSON.stringify({ errcode: 40029, errmsg: 'invalid code' }));
    }
  });
  await new Promise<void>((ok) => wechat.listen(0, '127.0.0.1', ok));
  wechatUrl = `http://127.0.0.1:${(wechat.address() as AddressInfo).port}`;
});
afterAll(async () => {
  for (const s of servers) await s.close();
  await new Promise((ok) => wechat.close(ok));
  for (const d of dirs) await rm(d, { recursive: true, force: true });
});

async function start(over: Partial<StartOptions> & { env?: Record<string, string> } = {}): Promise<{ server: RunningServer; logs: string[] }> {
  const dir = await mkdtemp(join(tmpdir(), 'licenselens-server-'));
  dirs.push(dir);
  const logs: string[] = [];
  const { env, ...rest } = over;
  const server = await startServer({
    config: loadConfig({ DATA_DIR: dir, ADMIN_OPENIDS: 'o-admin', SESSION_SECRET: SECRET, WECHAT_APPID: 'wx-app', WECHAT_SECRET: 'wx-secret', WECHAT_API_BASE: wechatUrl, ...env }),
    dev: true,
    port: 0,
    host: '127.0.0.1',
    pipeline: fakePipeline(),
    store: createWechatStore(createCloudStandin().database(), { adminOpenids: ['o-admin'], createCollections: true }),
    log: (l) => logs.push(l),
    webRoot: join(dir, 'no-web'),
    ...rest,
  });
  servers.push(server);
  return { server, logs };
}

function upload(url: string, headers: Record<string, string>, bytes: Buffer = PNG): Promise<Response> {
  const form = new FormData();
  form.set('image', new Blob([new Uint8Array(bytes)], { type: 'image/png' }), 'card.png');
  form.set('docType', 'vehicle_license');
  form.set('side', 'front');
  return fetch(`${url}/api/ocr`, { method: 'POST', body: form, headers });
}
/** POSTs `mib` MiB to /api/ocr and resolves with the status the server answers with. */
function rawPost(url: string, headers: Record<string, string>, mib: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(`${url}/api/ocr`, { method: 'POST', headers }, (res) => {
      resolve(res.statusCode ?? 0);
      res.resume();
      req.destroy();
    });
    req.on('error', (e) => (req.destroyed ? undefined : reject(e)));
    const chunk = Buffer.alloc(1 << 20, 1);
    let sent = 0;
    const pump = (): void => {
      while (sent < mib) {
        sent++;
        if (!req.write(chunk)) return void req.once('drain', pump);
      }
      req.end();
    };
    pump();
  });
}
const dev = (openid: string) => ({ 'x-licenselens-openid': openid });
const records = (url: string, body: unknown, headers: Record<string, string>) =>
  fetch(`${url}/api/records`, { method: 'POST', body: JSON.stringify(body), headers: { 'content-type': 'application/json', ...headers } });

describe('local server', () => {
  it('answers the health check and unknown routes as JSON', async () => {
    const { server } = await start();
    expect(await (await fetch(`${server.url}/healthz`)).json()).toMatchObject({ ok: true, store: 'wechat' });
    const nf = await fetch(`${server.url}/api/nothing`);
    expect(nf.status).toBe(404);
    expect(await nf.json()).toMatchObject({ code: 'NOT_FOUND' });
  });

  it('exchanges a wx.login code for a signed session and accepts only untampered, unexpired tokens', async () => {
    const { server } = await start({ dev: false });
    const res = await fetch(`${server.url}/api/session`, { method: 'POST', body: JSON.stringify({ code: 'good-1' }), headers: { 'content-type': 'application/json' } });
    expect(res.status).toBe(200);
    const { token, expiresAt } = (await res.json()) as { token: string; expiresAt: string };
    expect(token).not.toContain('never-leaves-the-server');
    expect(Date.parse(expiresAt)).toBeGreaterThan(Date.now());
    const auth = { authorization: `Bearer ${token}` };
    const rec = (await (await upload(server.url, auth)).json()) as LicenseRecord;
    expect(rec._openid).toBe('o-good-1');
    expect((await records(server.url, { action: 'list' }, auth)).status).toBe(200);
    const [body, sig] = token.split('.');
    const forged = Buffer.from(JSON.stringify({ v: 1, sub: 'o-admin', exp: 9999999999 })).toString('base64url');
    for (const bad of [`${forged}.${sig}`, `${body}.${sig}x`, 'garbage']) {
      const r = await records(server.url, { action: 'list' }, { authorization: `Bearer ${bad}` });
      expect(r.status).toBe(401);
      expect(await r.json()).toMatchObject({ code: 'UNAUTHENTICATED' });
    }
    const refused = await fetch(`${server.url}/api/session`, { method: 'POST', body: JSON.stringify({ code: 'expired' }), headers: { 'content-type': 'application/json' } });
    expect(refused.status).toBe(401);
    const missing = await fetch(`${server.url}/api/session`, { method: 'POST', body: '{}', headers: { 'content-type': 'application/json' } });
    expect(missing.status).toBe(400);
  });

  it('honours the dev header only in dev mode on loopback', async () => {
    const devServer = (await start()).server;
    expect((await records(devServer.url, { action: 'list' }, dev('o-dev'))).status).toBe(200);
    const prod = (await start({ dev: false })).server;
    expect((await records(prod.url, { action: 'list' }, dev('o-dev'))).status).toBe(401);
    const exposed = (await start({ host: '0.0.0.0' })).server;
    expect((await records(`http://127.0.0.1:${exposed.port}`, { action: 'list' }, dev('o-dev'))).status).toBe(401);
    expect((await records(devServer.url, { action: 'list' }, dev('bad id with spaces'))).status).toBe(401);
  });

  it('refuses oversized uploads by their declared length and by what actually arrives', async () => {
    const { server } = await start();
    // Raw HTTP: the status is read as soon as the server answers, while the client is still sending.
    const declared = await rawPost(server.url, { ...dev('o-a'), 'content-type': 'multipart/form-data; boundary=x', 'content-length': String(64 * 1024 * 1024) }, 1);
    expect(declared).toBe(413);
    const streamed = await rawPost(server.url, { ...dev('o-a'), 'content-type': 'multipart/form-data; boundary=x', 'transfer-encoding': 'chunked' }, 16);
    expect(streamed).toBe(413);
    const notMultipart = await fetch(`${server.url}/api/ocr`, { method: 'POST', headers: { ...dev('o-a'), 'content-type': 'application/json' }, body: '{}' });
    expect(notMultipart.status).toBe(415);
    const anonymous = await upload(server.url, {});
    expect(anonymous.status).toBe(401);
  });

  it('serves a photo through its signed temporary URL, and not after tampering', async () => {
    const { server } = await start();
    const rec = (await (await upload(server.url, dev('o-a'))).json()) as LicenseRecord;
    const got = (await (await records(server.url, { action: 'get', id: rec._id }, dev('o-a'))).json()) as GetResponse;
    // Relative: never built from the request's Host header (issue 13 item 8).
    expect(got.photoUrl!.startsWith('/api/files/')).toBe(true);
    const photo = await fetch(`${server.url}${got.photoUrl!}`);
    expect(photo.status).toBe(200);
    expect(photo.headers.get('content-type')).toBe('image/png');
    expect(Buffer.from(await photo.arrayBuffer()).equals(PNG)).toBe(true);
    const tampered = `${server.url}${got.photoUrl!}`.replace(/exp=(\d+)/, (_m, e: string) => `exp=${Number(e) + 1000}`);
    expect((await fetch(tampered)).status).toBe(401);
    expect((await fetch(tampered, { headers: dev('o-b') })).status).toBe(404);
    expect((await fetch(`${server.url}/api/files/..%2F..%2Fetc%2Fpasswd`, { headers: dev('o-a') })).status).toBe(404);
  });

  it('logs method, route pattern, status and time — no ids, queries or identities', async () => {
    const { server, logs } = await start();
    const rec = (await (await upload(server.url, dev('o-secret-user'))).json()) as LicenseRecord;
    const got = (await (await records(server.url, { action: 'get', id: rec._id }, dev('o-secret-user'))).json()) as GetResponse;
    await fetch(`${server.url}${got.photoUrl!}`);
    const text = logs.join('\n');
    expect(text).not.toContain('o-secret-user');
    expect(text).not.toContain(rec._id);
    expect(text).not.toContain(rec.fileID!);
    expect(text).not.toContain('sig=');
    const lines = logs.map((l) => JSON.parse(l) as { method: string; route: string; status: number; ms: number });
    expect(lines).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ method: 'POST', route: '/api/ocr', status: 200 }),
        expect.objectContaining({ method: 'POST', route: '/api/records', status: 200 }),
        expect.objectContaining({ method: 'GET', route: '/api/files/:id', status: 200 }),
      ]),
    );
  });

  it('serves the web console build at / when it exists', async () => {
    const web = await mkdtemp(join(tmpdir(), 'licenselens-web-'));
    dirs.push(web);
    await mkdir(join(web, 'assets'));
    await writeFile(join(web, 'index.html'), '<!doctype html><title>LicenseLens</title>');
    await writeFile(join(web, 'assets', 'app.js'), 'console.log(1)');
    const { server } = await start({ webRoot: web });
    expect(await (await fetch(`${server.url}/`)).text()).toContain('<title>LicenseLens</title>');
    expect(await (await fetch(`${server.url}/assets/app.js`)).text()).toBe('console.log(1)');
    expect((await fetch(`${server.url}/healthz`)).headers.get('content-type')).toContain('json');
    expect(await (await fetch(`${server.url}/review/123`)).text()).toContain('<title>LicenseLens</title>');
    const api404 = await fetch(`${server.url}/api/nothing`);
    expect(api404.status).toBe(404);
    expect(await api404.json()).toMatchObject({ code: 'NOT_FOUND' });
  });

  it('shuts down gracefully: stops accepting, finishes the request in flight, then closes the store', async () => {
    let release!: () => void;
    const gate = new Promise<void>((ok) => (release = ok));
    let entered!: () => void;
    const inside = new Promise<void>((ok) => (entered = ok));
    const inner = fakePipeline();
    const slow: PipelineLike = {
      async recognize(bytes, req) {
        entered();
        await gate;
        return inner.recognize(bytes, req);
      },
    };
    let storeClosed = false;
    const store = createWechatStore(createCloudStandin().database(), { createCollections: true });
    const { server } = await start({ pipeline: slow, store: { ...store, close: async () => void (storeClosed = true) } });
    const inflight = upload(server.url, dev('o-a'));
    await inside;
    const closing = server.close();
    await expect(fetch(`${server.url}/healthz`)).rejects.toThrow();
    expect(storeClosed).toBe(false);
    release();
    const res = await inflight;
    expect(res.status).toBe(200);
    expect(((await res.json()) as LicenseRecord).status).toBe('recognized');
    await closing;
    expect(storeClosed).toBe(true);
  });
});
