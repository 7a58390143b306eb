// Data protection end to end on the local server: a user deleting a record deletes its photo, the
// per-user daily limit, and no personal data in any log line written during a whole flow.
import { existsSync, mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { loadConfig } from '../../server/config';
import { createPipeline } from '../../server/pipeline';
import { createProviders } from '../../server/providers';
import { startServer, type RunningServer } from '../../local/server/index';
import { startProviderServer, type ProviderServer } from '../faults/provider-server';
import { jpeg } from '../faults/support';
import { startReceiver, type Receiver } from '../delivery/support';

let providers: ProviderServer;
let receiver: Receiver;
let server: RunningServer;
let dataDir: string;
let photo: Buffer;
const logs: string[] = [];

const USER = 'oPrivacyUser7f3a9c';
const OTHER = 'oOtherUser55b2e1';
const ADMIN = 'oAdminUser0c8d44';
const LIMIT = 4;

beforeAll(async () => {
  providers = await startProviderServer();
  receiver = await startReceiver('privacy-secret');
  photo = await jpeg();
  dataDir = mkdtempSync(join(tmpdir(), 'll-privacy-'));
  const config = loadConfig({
    DATA_DIR: dataDir,
    KUAITONG_APPCODE: 'x',
    KUAITONG_URL: providers.kuaitongUrl,
    JUHE_KEY: 'k',
    JUHE_BASE_URL: providers.juheBaseUrl,
    OCR_ROUTES: 'vehicle_license=kuaitong,juhe',
    ADMIN_OPENIDS: ADMIN,
    DAILY_OCR_LIMIT: String(LIMIT),
    WEBHOOK_URL: receiver.url,
    WEBHOOK_SECRET: 'privacy-secret',
  });
  const pipeline = createPipeline({ ...createProviders(config, { local: false }), routes: config.routes });
  server = await startServer({ config, dev: true, port: 0, host: '127.0.0.1', pipeline, log: (l) => void logs.push(l), webRoot: join(dataDir, 'none') });
});
afterAll(async () => {
  await server?.close();
  await receiver?.close();
  await providers?.close();
});

const as = (openid: string) => ({ 'x-licenselens-openid': openid });
function upload(openid: string, bytes = photo) {
  const form = new FormData();
  form.append('image', new Blob([new Uint8Array(bytes)], { type: 'image/jpeg' }), 'card.jpg');
  form.append('docType', 'vehicle_license');
  form.append('side', 'front');
  return fetch(`${server.url}/api/ocr`, { method: 'POST', headers: as(openid), body: form });
}
async function records<T = any>(openid: string, body: unknown): Promise<{ status: number; body: T }> {
  const res = await fetch(`${server.url}/api/records`, { method: 'POST', headers: { 'content-type': 'application/json', ...as(openid) }, body: JSON.stringify(body) });
  return { status: res.status, body: (await res.json()) as T };
}
const filesOnDisk = () => (existsSync(join(dataDir, 'files')) ? readdirSync(join(dataDir, 'files')) : []);

describe('a user deleting their record', () => {
  it('deletes the photo with it', async () => {
    const rec = (await (await upload(OTHER)).json()) as { _id: string; fileID: string };
    expect(filesOnDisk().some((f) => f.startsWith(rec.fileID))).toBe(true);
    expect((await records(OTHER, { action: 'delete', id: rec._id })).status).toBe(200);
    expect(filesOnDisk().some((f) => f.startsWith(rec.fileID))).toBe(false);
    expect(await server.store.getRecord(rec._id)).toBeNull();
    expect((await fetch(`${server.url}/api/files/${rec.fileID}`, { headers: as(OTHER) })).status).toBe(404);
  });
});

describe('a user deleting a submitted record', () => {
  it('deletes its queued delivery too (the outbox payload is a copy of the fields)', async () => {
    const rec = (await (await upload(OTHER)).json()) as { _id: string; recognized: Record<string, { value: string }> };
    const fields = Object.fromEntries(Object.entries(rec.recognized).map(([k, f]) => [k, f.value]));
    expect((await records(OTHER, { action: 'submit', id: rec._id, fields })).status).toBe(200);
    expect(await server.store.getDeliveryByRecord(rec._id)).not.toBeNull();
    expect((await records(OTHER, { action: 'delete', id: rec._id })).status).toBe(200);
    expect(await server.store.getDeliveryByRecord(rec._id)).toBeNull();
    expect((await server.store.dueDeliveries('2100-01-01T00:00:00.000Z', 100)).some((e) => e.recordId === rec._id)).toBe(false);
  });
});

describe('the per-user daily recognition limit', () => {
  it(`allows ${LIMIT} a day, then refuses with 429 and stores nothing; other users are unaffected`, async () => {
    const limited = 'oLimitUser11aa22';
    for (let i = 0; i < LIMIT; i++) expect((await upload(limited)).status).toBe(200);
    const hitsBefore = providers.hits.kuaitong;
    const total = (await server.store.listRecords({ page: 1, pageSize: 1, openid: limited })).total;
    const res = await upload(limited);
    expect(res.status).toBe(429);
    expect(((await res.json()) as { code: string }).code).toBe('RATE_LIMITED');
    expect((await server.store.listRecords({ page: 1, pageSize: 1, openid: limited })).total).toBe(total);
    expect(providers.hits.kuaitong).toBe(hitsBefore); // the paid provider was not called
    expect((await upload('oFreshUser33cc44')).status).toBe(200);
  });
});

describe('logs', () => {
  it('hold no plate, VIN, name, address or openid across a whole flow', { timeout: 60_000 }, async () => {
    const spies = [
      vi.spyOn(console, 'log'),
      vi.spyOn(console, 'info'),
      vi.spyOn(console, 'warn'),
      vi.spyOn(console, 'error'),
      vi.spyOn(process.stdout, 'write'),
      vi.spyOn(process.stderr, 'write'),
    ];
    logs.length = 0;
    // Recognize (one fallback, one failure), review, correct, submit, list, search, export, stats, delete.
    const rec = (await (await upload(USER)).json()) as { _id: string };
    providers.behaviour.kuaitong = 'quota';
    await upload(USER);
    providers.behaviour.juhe = '5xx';
    const failed = (await (await upload(USER)).json()) as { _id: string; status: string };
    expect(failed.status).toBe('failed');
    providers.behaviour.kuaitong = 'ok';
    providers.behaviour.juhe = 'ok';
    await upload(USER, photo.subarray(0, 200)); // refused upload
    await records(USER, { action: 'get', id: rec._id });
    const sub = await records(USER, { action: 'submit', id: rec._id, fields: { owner: '李四光', plateNo: '粤B99999', address: '北京市海淀区中关村大街27号' } });
    expect(sub.status).toBe(200);
    await records(USER, { action: 'submit', id: failed._id, fields: { owner: '李四光' } }); // refused: failed record
    await records(USER, { action: 'list', q: '粤B99999' });
    await records(OTHER, { action: 'get', id: rec._id }); // refused: not theirs
    await records(ADMIN, { action: 'list', scope: 'all', q: '李四光' });
    await records(ADMIN, { action: 'get', id: rec._id });
    await records(ADMIN, { action: 'stats' });
    await records(ADMIN, { action: 'export', q: '粤B99999' });
    await fetch(`${server.url}/api/export?q=${encodeURIComponent('粤B99999')}&full=true`, { headers: as(ADMIN) });
    await records(ADMIN, { action: 'audit' });
    await records(USER, { action: 'delete', id: failed._id });
    // The local server's own scheduler delivers the submission (it ticks every 15 s): its log line is
    // part of the flow too.
    while (!receiver.processed.length) await new Promise((r) => setTimeout(r, 200));
    while (!logs.some((l) => l.includes('"job":"scheduler"'))) await new Promise((r) => setTimeout(r, 50));

    const captured = [
      ...logs,
      ...spies.flatMap((s) => (s.mock.calls as unknown[][]).map((args) => args.map((a) => (typeof a === 'string' ? a : Buffer.isBuffer(a) ? a.toString() : JSON.stringify(a))).join(' '))),
    ].join('\n');
    for (const s of spies) s.mockRestore();

    expect(logs.length).toBeGreaterThan(10); // the request log did run
    const personal = [
      '粤B12345', '粤B99999', 'LSVAM4187C2184847', 'CSS123456', // plates, VIN, engine number
      '张三', '李四光', // names
      '科技园路', '中关村', // addresses
      USER, OTHER, ADMIN, // openids
      rec._id, // record ids (a path with an id links a request to a person)
    ];
    for (const p of personal) expect(captured, `log contains ${p}`).not.toContain(p);
  });
});
