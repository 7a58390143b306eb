// End to end with the real offline engine on a real photo holding both pages of a vehicle licence
// (side by side): the local server stores one record with both pages and takes fields per page; the
// CLI's --json prints one result whose `pages` holds both.
import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import type { GetResponse, LicenseRecord } from '../../core/contracts/records';
import { RecognitionResultSchema } from '../../core/contracts/result';
import { startServer, type RunningServer } from '../../local/server/index';
import { loadConfig } from '../../server/config';
import { createWechatStore } from '../../server/stores/wechat/index';
import { createCloudStandin } from '../support/wx-cloud-standin';
import { REAL_FIXTURES } from '../support/fixtures';

const FIXTURES = REAL_FIXTURES;
const PHOTO = join(FIXTURES, 'vehicle-licence-both-pages-02.png');
const truth = JSON.parse(await readFile(join(FIXTURES, 'vehicle-licence-both-pages-02.json'), 'utf8')) as {
  pages: { front: Record<string, string>; back: Record<string, string> };
};
const bin = fileURLToPath(new URL('../../bin/licenselens.mjs', import.meta.url));

const dataDir = await mkdtemp(join(tmpdir(), 'licenselens-pages-e2e-'));
let server: RunningServer | null = null;
afterAll(async () => {
  await server?.close();
  await rm(dataDir, { recursive: true, force: true });
});

async function post(path: string, body: unknown, openid: string): Promise<Response> {
  return fetch(`${server!.url}${path}`, { method: 'POST', body: JSON.stringify(body), headers: { 'content-type': 'application/json', 'x-licenselens-openid': openid } });
}

describe('a photo of both pages, end to end with the offline engine', () => {
  it('the local server stores one record with both pages and submits them together', { timeout: 300_000 }, async () => {
    server = await startServer({
      config: loadConfig({ DATA_DIR: dataDir, PORT: '0', ADMIN_OPENIDS: 'o-admin' }),
      dev: true,
      log: () => undefined,
      store: createWechatStore(createCloudStandin().database(), { adminOpenids: ['o-admin'], createCollections: true }),
    });
    const form = new FormData();
    form.set('image', new Blob([new Uint8Array(await readFile(PHOTO))], { type: 'image/png' }), 'both.png');
    form.set('docType', 'vehicle_license');
    form.set('side', 'auto');
    const res = await fetch(`${server.url}/api/ocr`, { method: 'POST', body: form, headers: { 'x-licenselens-openid': 'o-user' } });
    expect(res.status).toBe(200);
    const rec = (await res.json()) as LicenseRecord;
    expect(rec).toMatchObject({ status: 'recognized', provider: 'local' });
    expect(rec.pages?.map((p) => p.side).sort()).toEqual(['back', 'front']);
    const front = rec.pages!.find((p) => p.side === 'front')!;
    const back = rec.pages!.find((p) => p.side === 'back')!;
    expect(front.recognized.plateNo?.value).toBe(truth.pages.front.plateNo);
    expect(front.recognized.owner?.value).toBe(truth.pages.front.owner);
    expect(back.recognized.fileNo?.value).toBe(truth.pages.back.fileNo);

    const fields = rec.pages!.map((p) => ({ fields: p.side === 'back' ? { remarks: '更正备注' } : {} }));
    const sub = await post('/api/records', { action: 'submit', id: rec._id, pages: fields }, 'o-user');
    expect(sub.status).toBe(200);
    const got = (await (await post('/api/records', { action: 'get', id: rec._id }, 'o-user')).json()) as GetResponse;
    expect(got.status).toBe('submitted');
    const gotBack = got.pages!.find((p) => p.side === 'back')!;
    expect(gotBack.submitted?.remarks).toBe('更正备注');
    expect(gotBack.submitted?.fileNo).toBe(truth.pages.back.fileNo);
    expect(got.pages!.find((p) => p.side === 'front')!.submitted?.owner).toBe(truth.pages.front.owner);
  });

  it('licenselens scan --json prints one result with both pages', { timeout: 300_000 }, async () => {
    const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^(WECHAT_|JUHE_|KUAITONG_|OCR_ROUTES)/.test(k))) as Record<string, string>;
    const { code, stdout } = await new Promise<{ code: number | null; stdout: string }>((ok, fail) => {
      const child = spawn(process.execPath, [bin, 'scan', PHOTO, '--json', '--provider', 'local'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
      let out = '';
      child.stdout.on('data', (c: Buffer) => (out += c.toString('utf8')));
      child.on('error', fail);
      child.on('close', (c) => ok({ code: c, stdout: out }));
    });
    expect(code).toBe(0);
    const result = RecognitionResultSchema.parse(JSON.parse(stdout));
    expect(result.pages?.map((p) => p.side).sort()).toEqual(['back', 'front']);
    expect(result.pages?.find((p) => p.side === 'back')?.fields.fileNo?.value).toBe(truth.pages.back.fileNo);
  });
});
