// End to end on the real local server: `serve` in dev mode on loopback with PORT=0, PGlite and photos in a
// temporary DATA_DIR, the real provider routing from the environment (no keys: the offline engine,
// server/providers/local). A user uploads the fixture photo, reads the record, submits corrections; an
// administrator finds it; the data survives a restart.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, describe, expect, it } from 'vitest';
import type { GetResponse, LicenseRecord, ListResponse } from '../../core/contracts/records';
import { loadConfig } from '../../server/config';
import { startServer, type RunningServer } from '../../local/server/index';
import { realFixture } from '../support/fixtures';

const { bytes: photo, fields: truthFields } = realFixture('vehicle-licence-front-01');
const truth = { fields: truthFields };

const dataDir = await mkdtemp(join(tmpdir(), 'licenselens-e2e-'));
const env = { DATA_DIR: dataDir, PORT: '0', ADMIN_OPENIDS: 'o-e2e-admin' };
let server: RunningServer | null = null;

afterAll(async () => {
  await server?.close();
  await rm(dataDir, { recursive: true, force: true });
});

async function post(path: string, body: unknown, openid: string): Promise<Response> {
  return fetch(`${server!.url}${path}`, { method: 'POST', body: JSON.stringify(body), headers: { 'content-type': 'application/json', 'x-licenselens-openid': openid } });
}

describe('scan → review → submit → admin search, on the local server', () => {
  it('recognizes the fixture with the offline engine, stores it, takes corrections and lets the admin find it', { timeout: 300_000 }, async () => {
    server = await startServer({ config: loadConfig(env), dev: true, log: () => undefined });
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(server.port).not.toBe(8787);

    const form = new FormData();
    form.set('image', new Blob([new Uint8Array(photo)], { type: 'image/png' }), 'vehicle-licence-front-01.png');
    form.set('docType', 'vehicle_license');
    form.set('side', 'front');
    const res = await fetch(`${server.url}/api/ocr`, { method: 'POST', body: form, headers: { 'x-licenselens-openid': 'o-e2e-user' } });
    expect(res.status).toBe(200);
    const rec = (await res.json()) as LicenseRecord;
    expect(rec).toMatchObject({ _openid: 'o-e2e-user', status: 'recognized', provider: 'local', docType: 'vehicle_license', side: 'front' });
    expect(rec.attempts.at(-1)).toMatchObject({ provider: 'local', ok: true });
    expect(rec.recognized?.plateNo?.value).toBe(truth.fields.plateNo);
    // The specimen's VIN fails its check digit: kept as printed, flagged.
    expect(rec.recognized?.vin?.value).toBe(truth.fields.vin);
    expect(rec.recognized?.vin?.warnings.map((w) => w.code)).toContain('VIN_CHECK_DIGIT');

    const got = (await (await post('/api/records', { action: 'get', id: rec._id }, 'o-e2e-user')).json()) as GetResponse;
    expect(got.raw).toBeTruthy();
    const img = await fetch(`${server!.url}${got.photoUrl!}`); // relative (issue 13 item 8)
    expect(img.status).toBe(200);
    // The stored copy: the same picture, re-encoded without metadata (issue 13, item 13).
    const [kept, sent] = await Promise.all([sharp(Buffer.from(await img.arrayBuffer())).metadata(), sharp(photo).metadata()]);
    expect([kept.width, kept.height, kept.format]).toEqual([sent.width, sent.height, sent.format]);
    expect(kept.exif).toBeUndefined();

    // The user fixes every field to the ground truth (some may already be right) and changes the owner.
    const fields = { ...truth.fields, owner: '王京（更正）' };
    const sub = await post('/api/records', { action: 'submit', id: rec._id, fields }, 'o-e2e-user');
    expect(sub.status).toBe(200);
    const submitted = (await sub.json()) as LicenseRecord;
    expect(submitted.status).toBe('submitted');
    expect(submitted.submitted).toMatchObject(fields);
    expect(submitted.corrections.owner).toEqual({ from: rec.recognized?.owner?.value ?? '', to: '王京（更正）' });
    for (const [k, c] of Object.entries(submitted.corrections)) expect(c.to).toBe(fields[k as keyof typeof fields]);

    const other = await post('/api/records', { action: 'list', scope: 'all' }, 'o-e2e-user');
    expect(other.status).toBe(403);
    const found = (await (await post('/api/records', { action: 'list', scope: 'all', q: truth.fields.plateNo!.slice(1), status: 'submitted' }, 'o-e2e-admin')).json()) as ListResponse;
    expect(found.items.map((i) => i._id)).toEqual([rec._id]);
    const byOwner = (await (await post('/api/records', { action: 'list', scope: 'all', q: '更正' }, 'o-e2e-admin')).json()) as ListResponse;
    expect(byOwner.total).toBe(1);

    // Restart on the same DATA_DIR: the record and its photo are still there.
    await server.close();
    server = await startServer({ config: loadConfig(env), dev: true, log: () => undefined });
    const again = (await (await post('/api/records', { action: 'get', id: rec._id }, 'o-e2e-admin')).json()) as GetResponse;
    expect(again).toMatchObject({ _id: rec._id, status: 'submitted' });
    expect((await fetch(`${server!.url}${again.photoUrl!}`)).status).toBe(200);
  });
});
