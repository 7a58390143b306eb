// The local server's HTTP edge against the probes of issue 13: a weak session secret, DNS rebinding,
// security headers, links built from the Host header, malformed strings and dates, __proto__ fields,
// unaudited photo views, stalled clients at shutdown, huge multipart forms, guessing sign-ins and
// tokens, the Bearer scheme's case, and the message of an oversized JSON body.
import { request } from 'node:http';
import { connect } from 'node:net';
import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { AuditResponse, ExportResponse, GetResponse, LicenseRecord } from '../../core/contracts/records';
import { loadConfig } from '../../server/config';
import { signSession } from '../../server/identity/session';
import { createWechatStore } from '../../server/stores/wechat/index';
import { startServer, type RunningServer, type StartOptions } from '../../local/server/index';
import { fakePipeline, PNG } from '../records/support';
import { createCloudStandin } from '../support/wx-cloud-standin';

const SECRET = 'http-security-test-secret-0123456789';
const dirs: string[] = [];
const servers: RunningServer[] = [];

afterAll(async () => {
  for (const s of servers) await s.close();
  for (const d of dirs) await rm(d, { recursive: true, force: true });
});

async function tempDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'licenselens-http-security-'));
  dirs.push(dir);
  return dir;
}

/** A server on loopback with the fake pipeline; the stand-in store unless `sql` (PGlite in DATA_DIR). */
async function start(over: Partial<StartOptions> & { env?: Record<string, string>; sql?: boolean } = {}): Promise<RunningServer> {
  const dir = await tempDir();
  const { env, sql, ...rest } = over;
  const server = await startServer({
    config: loadConfig({ DATA_DIR: dir, ADMIN_OPENIDS: 'o-admin', SESSION_SECRET: SECRET, ...env }),
    dev: true,
    port: 0,
    host: '127.0.0.1',
    pipeline: fakePipeline(),
    ...(sql ? {} : { store: createWechatStore(createCloudStandin().database(), { adminOpenids: ['o-admin'], createCollections: true }) }),
    log: () => undefined,
    webRoot: join(dir, 'no-web'),
    ...rest,
  });
  servers.push(server);
  return server;
}

const dev = (openid: string) => ({ 'x-licenselens-openid': openid });
const bearer = (openid: string) => ({ authorization: `Bearer ${signSession(openid, SECRET).token}` });
const records = (url: string, body: unknown, headers: Record<string, string>) =>
  fetch(`${url}/api/records`, { method: 'POST', body: JSON.stringify(body), headers: { 'content-type': 'application/json', ...headers } });

function upload(url: string, headers: Record<string, string>): Promise<Response> {
  const form = new FormData();
  form.set('image', new Blob([new Uint8Array(PNG)], { type: 'image/png' }), 'card.png');
  form.set('docType', 'vehicle_license');
  form.set('side', 'front');
  return fetch(`${url}/api/ocr`, { method: 'POST', body: form, headers });
}

/** A raw request (fetch cannot set Host or the local address). */
function raw(
  url: string,
  opts: { method?: string; path: string; headers?: Record<string, string>; body?: string; localAddress?: string },
): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(`${url}${opts.path}`, { method: opts.method ?? 'GET', headers: opts.headers, ...(opts.localAddress ? { localAddress: opts.localAddress } : {}) }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (d: string) => (body += d));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end(opts.body);
  });
}

describe('session secret (item 1)', () => {
  it('refuses to start in production mode with an unset, empty or short SESSION_SECRET', async () => {
    for (const secret of [undefined, '', 'x'.repeat(31)]) {
      const dir = await tempDir();
      const env = { DATA_DIR: dir, ...(secret === undefined ? {} : { SESSION_SECRET: secret }) };
      await expect(startServer({ config: loadConfig(env), dev: false, port: 0, host: '127.0.0.1', pipeline: fakePipeline(), log: () => undefined })).rejects.toThrow(
        /SESSION_SECRET/,
      );
    }
    const ok = await start({ dev: false, env: { SESSION_SECRET: 'x'.repeat(32) } });
    expect((await fetch(`${ok.url}/healthz`)).status).toBe(200);
  });

  it('in dev mode never signs with an empty secret: a token minted with "" is refused', async () => {
    const server = await start({ env: { SESSION_SECRET: '' } });
    const minted = signSession('o-admin', '').token;
    expect((await records(server.url, { action: 'list', scope: 'all' }, { authorization: `Bearer ${minted}` })).status).toBe(401);
  });
});

describe('DNS rebinding (item 2)', () => {
  it('in dev mode answers only requests whose Host names this machine', async () => {
    const server = await start();
    const list = JSON.stringify({ action: 'list' });
    const post = (host: string) =>
      raw(server.url, { method: 'POST', path: '/api/records', body: list, headers: { host, 'content-type': 'application/json', ...dev('dev-admin') } });
    const rebound = await post(`attacker.example:${server.port}`);
    expect(rebound.status).toBe(403);
    expect(JSON.parse(rebound.body)).toMatchObject({ code: 'FORBIDDEN' });
    expect((await raw(server.url, { path: '/api/session/info', headers: { host: 'attacker.example' } })).status).toBe(403);
    for (const host of [`127.0.0.1:${server.port}`, `localhost:${server.port}`, 'localhost', `[::1]:${server.port}`]) expect((await post(host)).status).toBe(200);
  });

  it('leaves production mode to sessions: any Host is answered', async () => {
    const server = await start({ dev: false });
    const res = await raw(server.url, { method: 'POST', path: '/api/records', body: '{"action":"list"}', headers: { host: 'ocr.example.com', 'content-type': 'application/json', ...bearer('o-a') } });
    expect(res.status).toBe(200);
  });
});

describe('security headers (item 7)', () => {
  it('sends a CSP for the console, no framing, nosniff, no referrer on pages and API answers', async () => {
    const web = await tempDir();
    await mkdir(join(web, 'assets'));
    await writeFile(join(web, 'index.html'), '<!doctype html><title>LicenseLens</title>');
    const server = await start({ webRoot: web });
    for (const path of ['/', '/api/session/info', '/api/nothing']) {
      const res = await fetch(`${server.url}${path}`);
      const csp = res.headers.get('content-security-policy') ?? '';
      expect(csp).toContain("frame-ancestors 'none'");
      expect(csp).toContain("default-src 'self'");
      expect(csp).toContain("script-src 'self'");
      expect(csp).toContain("object-src 'none'");
      expect(res.headers.get('x-content-type-options')).toBe('nosniff');
      expect(res.headers.get('referrer-policy')).toBe('no-referrer');
      expect(res.headers.get('x-frame-options')).toBe('DENY');
    }
  });

  it('marks every API answer carrying personal data no-store: records, photos, exports, errors', async () => {
    const server = await start();
    const rec = (await (await upload(server.url, dev('o-a'))).json()) as LicenseRecord;
    const got = await records(server.url, { action: 'get', id: rec._id }, dev('o-a'));
    const photoUrl = ((await got.clone().json()) as GetResponse).photoUrl!;
    const answers = [
      got,
      await records(server.url, { action: 'list' }, dev('o-a')),
      await fetch(`${server.url}${photoUrl}`),
      await fetch(`${server.url}/api/files/${rec.fileID!}`, { headers: dev('o-a') }),
      await fetch(`${server.url}/api/export`, { headers: dev('o-admin') }),
      await records(server.url, { action: 'get', id: 'missing' }, dev('o-a')),
      await fetch(`${server.url}/api/session/info`, { headers: dev('o-a') }),
    ];
    for (const res of answers) expect([res.url, res.headers.get('cache-control')]).toEqual([res.url, 'no-store']);
    expect(answers[2]!.status).toBe(200);
  });
});

describe('links (item 8)', () => {
  it('never builds photo or export links from the Host header: relative by default', async () => {
    const server = await start({ dev: false });
    const rec = (await (await upload(server.url, bearer('o-a'))).json()) as LicenseRecord;
    const body = JSON.stringify({ action: 'get', id: rec._id });
    const res = await raw(server.url, { method: 'POST', path: '/api/records', body, headers: { host: 'evil.example', 'content-type': 'application/json', ...bearer('o-a') } });
    const got = JSON.parse(res.body) as GetResponse;
    expect(got.photoUrl).toMatch(/^\/api\/files\/[0-9a-f]{32}\?exp=\d+&sig=/);
    const exp = await raw(server.url, { method: 'POST', path: '/api/records', body: '{"action":"export"}', headers: { host: 'evil.example', 'content-type': 'application/json', ...bearer('o-admin') } });
    expect((JSON.parse(exp.body) as ExportResponse).url).toMatch(/^\/api\/files\//);
  });

  it('uses PUBLIC_ORIGIN when it is configured', async () => {
    const server = await start({ env: { PUBLIC_ORIGIN: 'https://ocr.example.com/' } });
    const rec = (await (await upload(server.url, dev('o-a'))).json()) as LicenseRecord;
    const got = (await (await records(server.url, { action: 'get', id: rec._id }, dev('o-a'))).json()) as GetResponse;
    expect(got.photoUrl).toMatch(/^https:\/\/ocr\.example\.com\/api\/files\/[0-9a-f]{32}\?exp=/);
    const csp = (await fetch(`${server.url}/api/session/info`)).headers.get('content-security-policy') ?? '';
    expect(csp).toMatch(/img-src [^;]*https:\/\/ocr\.example\.com/);
  });
});

describe('malformed input (items 9, 11)', () => {
  it('answers 400 naming the field for a NUL, a lone surrogate or an impossible date, on the SQL store', { timeout: 180_000 }, async () => {
    const server = await start({ sql: true });
    const rec = (await (await upload(server.url, dev('o-a'))).json()) as LicenseRecord;
    const cases: [unknown, string][] = [
      [{ action: 'list', q: '京A\u0000' }, 'q'],
      [{ action: 'list', q: '\ud800' }, 'q'],
      [{ action: 'list', from: '2026-13-45' }, 'from'],
      [{ action: 'list', to: '2026-02-30' }, 'to'],
      [{ action: 'submit', id: rec._id, fields: { owner: '王\u0000京' } }, 'fields.owner'],
      [{ action: 'submit', id: rec._id, fields: { owner: '王京\udc00' } }, 'fields.owner'],
    ];
    for (const [body, path] of cases) {
      const res = await records(server.url, body, dev('o-a'));
      expect([path, res.status]).toEqual([path, 400]);
      expect(await res.json()).toMatchObject({ code: 'INVALID_ARGUMENT', details: [{ path }] });
    }
    const exp = await fetch(`${server.url}/api/export?from=2026-13-45`, { headers: dev('o-admin') });
    expect(exp.status).toBe(400);
    expect(await exp.json()).toMatchObject({ details: [{ path: 'from' }] });
    // Nothing was changed by the refused submits.
    const got = (await (await records(server.url, { action: 'get', id: rec._id }, dev('o-a'))).json()) as LicenseRecord;
    expect(got.status).toBe('recognized');
  });

  it('refuses __proto__, constructor and prototype in submitted fields like an unknown key', async () => {
    const server = await start();
    const rec = (await (await upload(server.url, dev('o-a'))).json()) as LicenseRecord;
    for (const key of ['__proto__', 'constructor', 'prototype']) {
      const body = `{"action":"submit","id":"${rec._id}","fields":{"owner":"王京","${key}":{"isAdmin":true}}}`;
      const res = await fetch(`${server.url}/api/records`, { method: 'POST', body, headers: { 'content-type': 'application/json', ...dev('o-a') } });
      expect([key, res.status]).toEqual([key, 400]);
    }
    const got = (await (await records(server.url, { action: 'get', id: rec._id }, dev('o-a'))).json()) as LicenseRecord;
    expect(got.status).toBe('recognized');
  });
});

describe('audit (item 10, first half)', () => {
  it('records an administrator opening another user\'s photo through /api/files/:id, not an owner opening theirs', async () => {
    const server = await start();
    const rec = (await (await upload(server.url, dev('o-a'))).json()) as LicenseRecord;
    const audits = async () => ((await (await records(server.url, { action: 'audit' }, dev('o-admin'))).json()) as AuditResponse).items;
    expect((await fetch(`${server.url}/api/files/${rec.fileID!}`, { headers: dev('o-a') })).status).toBe(200);
    expect((await audits()).filter((e) => e.action === 'view_photo')).toEqual([]);
    expect((await fetch(`${server.url}/api/files/${rec.fileID!}`, { headers: dev('o-admin') })).status).toBe(200);
    expect((await audits()).filter((e) => e.action === 'view_photo')).toEqual([expect.objectContaining({ actor: 'o-admin', target: rec.fileID })]);
  });
});

describe('shutdown (item 12)', () => {
  it('closes a stalled client after the grace period instead of waiting forever', async () => {
    const server = await start({ shutdownGraceMs: 300 });
    const socket = connect(server.port, '127.0.0.1');
    await new Promise<void>((ok) => socket.once('connect', () => ok()));
    // Headers and a part of the body; the rest never comes.
    socket.write(
      `POST /api/records HTTP/1.1\r\nHost: 127.0.0.1:${server.port}\r\nx-licenselens-openid: o-a\r\ncontent-type: application/json\r\ncontent-length: 1000\r\n\r\n{"action":`,
    );
    const socketClosed = new Promise<void>((ok) => socket.once('close', () => ok()));
    socket.on('error', () => undefined);
    await new Promise((ok) => setTimeout(ok, 100));
    const t0 = Date.now();
    const outcome = await Promise.race([server.close().then(() => 'closed'), new Promise((ok) => setTimeout(() => ok('hung'), 5000))]);
    expect(outcome).toBe('closed');
    expect(Date.now() - t0).toBeGreaterThanOrEqual(250);
    await socketClosed;
  });
});

describe('multipart (item 14)', () => {
  it('refuses a form of 200 000 parts before parsing it, and still takes a normal upload', async () => {
    const server = await start();
    const boundary = 'x-boundary';
    const junk = `--${boundary}\r\nContent-Disposition: form-data; name="f"\r\n\r\n1\r\n`.repeat(200_000);
    const image = `--${boundary}\r\nContent-Disposition: form-data; name="image"; filename="c.png"\r\nContent-Type: image/png\r\n\r\n`;
    const body = Buffer.concat([
      Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="docType"\r\n\r\nvehicle_license\r\n${junk}${image}`),
      PNG,
      Buffer.from(`\r\n--${boundary}--\r\n`),
    ]);
    const t0 = performance.now();
    const res = await fetch(`${server.url}/api/ocr`, { method: 'POST', body, headers: { ...dev('o-a'), 'content-type': `multipart/form-data; boundary=${boundary}` } });
    const ms = performance.now() - t0;
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ code: 'INVALID_ARGUMENT', details: { maxParts: 8 } });
    expect(ms).toBeLessThan(3000);
    expect((await upload(server.url, dev('o-a'))).status).toBe(200);
  });
});

describe('rate limits (item 15)', () => {
  it('limits sign-in attempts per client address with 429 and Retry-After', async () => {
    const server = await start({ dev: false, rateLimits: { signIn: { capacity: 3, refillPerMinute: 1 } } });
    const signIn = (localAddress: string) =>
      raw(server.url, { method: 'POST', path: '/api/session', body: '{"code":"guess"}', headers: { 'content-type': 'application/json' }, localAddress });
    // No WeChat app configured: each attempt is answered 401, until the address is limited.
    for (let i = 0; i < 3; i++) expect((await signIn('127.0.0.1')).status).toBe(401);
    const limited = await signIn('127.0.0.1');
    expect(limited.status).toBe(429);
    expect(JSON.parse(limited.body)).toMatchObject({ code: 'RATE_LIMITED' });
    expect(Number(limited.headers['retry-after'])).toBeGreaterThanOrEqual(1);
    expect((await signIn('127.0.0.2')).status).toBe(401); // another client is not affected
  });

  it('limits refused tokens per client address; a limited address cannot test a token at all', async () => {
    const server = await start({ dev: false, rateLimits: { badTokens: { capacity: 3, refillPerMinute: 1 } } });
    const call = (token: string, localAddress: string) =>
      raw(server.url, { method: 'POST', path: '/api/records', body: '{"action":"list"}', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, localAddress });
    const good = signSession('o-a', SECRET).token;
    expect((await call(good, '127.0.0.1')).status).toBe(200); // valid tokens cost nothing
    for (let i = 0; i < 3; i++) expect((await call(`forged.${i}`, '127.0.0.1')).status).toBe(401);
    const limited = await call('forged.4', '127.0.0.1');
    expect(limited.status).toBe(429);
    expect(Number(limited.headers['retry-after'])).toBeGreaterThanOrEqual(1);
    expect((await call(good, '127.0.0.1')).status).toBe(429);
    expect((await call(good, '127.0.0.2')).status).toBe(200);
  });
});

describe('extras', () => {
  it('accepts the Bearer scheme in any case (RFC 7235)', async () => {
    const server = await start({ dev: false });
    const token = signSession('o-a', SECRET).token;
    for (const scheme of ['Bearer', 'bearer', 'BEARER', 'bEaReR']) {
      expect([scheme, (await records(server.url, { action: 'list' }, { authorization: `${scheme} ${token}` })).status]).toEqual([scheme, 200]);
    }
  });

  it('says 请求内容过大 for a JSON body over the limit', async () => {
    const server = await start();
    const res = await records(server.url, { action: 'list', q: 'x'.repeat(2 * 1024 * 1024) }, dev('o-a'));
    expect(res.status).toBe(413);
    expect(await res.json()).toEqual({ code: 'PAYLOAD_TOO_LARGE', message: '请求内容过大' });
    const session = await fetch(`${server.url}/api/session`, { method: 'POST', body: JSON.stringify({ code: 'x'.repeat(10_000) }), headers: { 'content-type': 'application/json' } });
    expect(await session.json()).toMatchObject({ message: '请求内容过大' });
  });
});
