// Stateless replicas, proven: two `licenselens serve` processes sharing one PostgreSQL and one S3
// bucket (a real S3-protocol server on loopback) and nothing else — each its own DATA_DIR, no sticky
// sessions. A scan on one is listed, read, opened, exported and deleted on the other; a session made
// by one is valid on both; both run the delivery worker and every submission is delivered once.
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { startReceiver, type Receiver } from '../delivery/support';
import { cardImage, juheEnvelope, payload } from '../providers/support';
import { CREDENTIALS, PATHS, startProviderServer, type ProviderServer } from '../support/provider-server';
import { startS3Server, type S3TestServer } from '../support/s3';

const BIN = fileURLToPath(new URL('../../bin/licenselens.mjs', import.meta.url));
const WEBHOOK_SECRET = 'w'.repeat(40);
const ADMIN = 'o-good-admin';

interface Replica {
  url: string;
  child: ChildProcess;
  output: string[];
  dir: string;
}

let databaseUrl: string;
let dbName: string;
let s3: S3TestServer;
let providers: ProviderServer;
let wechat: Server;
let receiver: Receiver;
const replicas: Replica[] = [];

async function admin<T>(url: string, work: (c: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

async function startReplica(env: Record<string, string>): Promise<Replica> {
  const dir = await mkdtemp(join(tmpdir(), 'll-replica-'));
  const child = spawn(process.execPath, [BIN, 'serve', '--port', '0', '--host', '127.0.0.1'], {
    env: { PATH: process.env.PATH ?? '', ...env, DATA_DIR: dir },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const output: string[] = [];
  child.stderr!.on('data', (d: Buffer) => output.push(d.toString()));
  const url = await new Promise<string>((ok, fail) => {
    const timer = setTimeout(() => fail(new Error(`replica did not start:\n${output.join('')}`)), 90_000);
    child.stdout!.on('data', (d: Buffer) => {
      output.push(d.toString());
      const m = /listening on (http:\/\/\S+)/.exec(output.join(''));
      if (m) {
        clearTimeout(timer);
        ok(m[1]!);
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      fail(new Error(`replica exited (${code}):\n${output.join('')}`));
    });
  });
  return { url, child, output, dir };
}

beforeAll(async () => {
  const base = inject('databaseUrl');
  dbName = `licenselens_replicas_${process.pid}_${Date.now()}`;
  await admin(base, (c) => c.query(`CREATE DATABASE ${dbName}`));
  const u = new URL(base);
  u.pathname = `/${dbName}`;
  databaseUrl = u.toString();

  s3 = await startS3Server('replicas');
  providers = await startProviderServer();
  providers.setDefault(PATHS.juheBase64, { json: juheEnvelope(payload('juhe-cert-vehicle-license-front')) });
  // jscode2session stand-in: code "good-*" signs in as openid "o-good-*".
  wechat = createServer((req, res) => {
    const q = new URL(req.url ?? '/', 'http://x').searchParams;
    res.setHeader('content-type', 'application/json');
    const code = q.get('js_code') ?? '';
    res.end(JSON.stringify(code.startsWith('good-') ? { openid: `o-${code}`, session_key: 'k' } : { errcode: 40029, errmsg: 'invalid code' }));
  });
  await new Promise<void>((ok) => wechat.listen(0, '127.0.0.1', ok));
  receiver = await startReceiver(WEBHOOK_SECRET);

  const env = {
    DATABASE_URL: databaseUrl,
    ...s3.env,
    SESSION_SECRET: 'r'.repeat(48),
    ADMIN_OPENIDS: ADMIN,
    WECHAT_APPID: 'wx-app',
    WECHAT_SECRET: 'wx-secret',
    WECHAT_API_BASE: `http://127.0.0.1:${(wechat.address() as AddressInfo).port}`,
    JUHE_KEY: CREDENTIALS.juheKey,
    JUHE_BASE_URL: providers.url,
    OCR_ROUTES: 'vehicle_license=juhe',
    WEBHOOK_URL: receiver.url,
    WEBHOOK_SECRET,
    SCHEDULER_INTERVAL_SECONDS: '1',
  };
  // Started one after the other: both create the schema if missing, as replicas rolling out would.
  replicas.push(await startReplica(env));
  replicas.push(await startReplica(env));
}, 240_000);

afterAll(async () => {
  for (const r of replicas) {
    const exited = new Promise((ok) => r.child.once('exit', ok));
    r.child.kill('SIGTERM');
    await exited;
    await rm(r.dir, { recursive: true, force: true });
  }
  await receiver?.close();
  await new Promise((ok) => wechat?.close(ok));
  await providers?.close();
  await s3?.close();
  if (dbName) await admin(inject('databaseUrl'), (c) => c.query(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`));
}, 60_000);

async function signIn(r: Replica, code: string): Promise<string> {
  const res = await fetch(`${r.url}/api/session`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ code }) });
  expect(res.status).toBe(200);
  return ((await res.json()) as { token: string }).token;
}

async function records(r: Replica, token: string, body: unknown): Promise<{ status: number; json: any }> {
  const res = await fetch(`${r.url}/api/records`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: JSON.stringify(body) });
  return { status: res.status, json: await res.json() };
}

async function scan(r: Replica, token: string): Promise<{ _id: string; fileID: string }> {
  const image = await cardImage();
  const form = new FormData();
  form.set('image', new Blob([new Uint8Array(image.bytes)], { type: 'image/jpeg' }), 'card.jpg');
  form.set('docType', 'vehicle_license');
  form.set('side', 'front');
  const res = await fetch(`${r.url}/api/ocr`, { method: 'POST', body: form, headers: { authorization: `Bearer ${token}` } });
  const json = (await res.json()) as { _id: string; fileID: string; status: string };
  expect(res.status, JSON.stringify(json)).toBe(200);
  expect(json.status).toBe('recognized');
  return json;
}

describe('two replicas sharing PostgreSQL and S3', () => {
  it('serve one user across both, photos and exports included, with no sticky sessions', async () => {
    const [a, b] = [replicas[0]!, replicas[1]!];
    const user = await signIn(a, 'good-user');
    const boss = await signIn(b, 'good-admin');

    const rec = await scan(a, user);
    const listed = await records(b, user, { action: 'list' });
    expect(listed.status).toBe(200);
    expect(listed.json.items.map((i: { _id: string }) => i._id)).toContain(rec._id);

    const got = await records(b, user, { action: 'get', id: rec._id });
    expect(got.status).toBe(200);
    // The link B made opens on A as well: the photo is in the shared bucket, the key is shared.
    for (const r of [a, b]) {
      const photo = await fetch(new URL(got.json.photoUrl, r.url));
      expect(photo.status).toBe(200);
      expect(photo.headers.get('content-type')).toBe('image/jpeg');
    }

    const exported = await records(a, boss, { action: 'export' });
    expect(exported.status).toBe(200);
    const file = await fetch(new URL(exported.json.url, b.url));
    expect(file.status).toBe(200);
    expect(Buffer.from(await file.arrayBuffer()).subarray(0, 2).toString('latin1')).toBe('PK');

    const deleted = await records(b, user, { action: 'delete', id: rec._id });
    expect(deleted.status).toBe(200);
    expect((await records(a, user, { action: 'get', id: rec._id })).status).toBe(404);
    expect((await fetch(new URL(got.json.photoUrl, a.url))).status).toBe(404);
  }, 60_000);

  it('delivers every submission exactly once while both replicas run the worker', async () => {
    const [a, b] = [replicas[0]!, replicas[1]!];
    const user = await signIn(b, 'good-driver');
    const ids: string[] = [];
    for (let i = 0; i < 6; i++) {
      const on = i % 2 === 0 ? a : b;
      const other = on === a ? b : a;
      const rec = await scan(on, user);
      const sub = await records(other, user, { action: 'submit', id: rec._id, fields: { owner: `车主${i}` } });
      expect(sub.status, JSON.stringify(sub.json)).toBe(200);
      ids.push(rec._id);
    }
    const keys = ids.map((id) => `licenselens-submit-${id}`);
    const deadline = Date.now() + 30_000;
    while (!keys.every((k) => receiver.processed.includes(k)) && Date.now() < deadline) await new Promise((ok) => setTimeout(ok, 200));
    // A few more ticks of both workers: nothing is sent again.
    await new Promise((ok) => setTimeout(ok, 3_000));
    for (const k of keys) {
      expect(receiver.requests.filter((r) => r.key === k).map((r) => r.status), k).toEqual([200]);
    }
    for (const id of ids) expect((await records(a, user, { action: 'get', id })).json.delivery).toBe('delivered');
  }, 90_000);
});
