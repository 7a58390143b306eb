// The access matrix over the local server's HTTP API (dev identity header on loopback).
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import { loadConfig } from '../../server/config';
import { startServer, type RunningServer } from '../../local/server/index';
import { runAccessMatrix, type Outcome, type Who } from './matrix';
import { A, ADMIN, B, fakePipeline, PNG } from './support';

let server: RunningServer;
let dir: string;
const ids = { A, B, admin: ADMIN } as const;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'licenselens-http-'));
  server = await startServer({
    config: loadConfig({ DATA_DIR: dir, ADMIN_OPENIDS: ADMIN, SESSION_SECRET: 'matrix-secret', WEBHOOK_URL: 'http://127.0.0.1:9/hook' }),
    dev: true,
    port: 0,
    host: '127.0.0.1',
    pipeline: fakePipeline(),
    log: () => undefined,
  });
});
afterAll(async () => {
  await server?.close();
  await rm(dir, { recursive: true, force: true });
});

function headers(who: Who): Record<string, string> {
  return who === 'anon' ? {} : { 'x-licenselens-openid': ids[who] };
}

async function outcome(res: Response): Promise<Outcome> {
  const ct = res.headers.get('content-type') ?? '';
  const body: unknown = ct.includes('json') ? await res.json() : await res.arrayBuffer();
  if (res.ok) return { ok: true, data: body };
  return { ok: false, code: (body as { code?: string }).code ?? String(res.status) };
}

runAccessMatrix(
  'local server HTTP API',
  () => ({
    async ocr(who) {
      const form = new FormData();
      form.set('image', new Blob([new Uint8Array(PNG)], { type: 'image/png' }), 'card.png');
      form.set('docType', 'vehicle_license');
      form.set('side', 'front');
      return outcome(await fetch(`${server.url}/api/ocr`, { method: 'POST', body: form, headers: headers(who) }));
    },
    async records(who, body) {
      return outcome(
        await fetch(`${server.url}/api/records`, { method: 'POST', body: JSON.stringify(body), headers: { 'content-type': 'application/json', ...headers(who) } }),
      );
    },
    async failDelivery(recordId) {
      const entry = await server.store.getDeliveryByRecord(recordId);
      await server.store.updateDelivery(entry!._id, { status: 'dead', lastError: 'HTTP 500' });
    },
    async file(who, fileID) {
      return outcome(await fetch(`${server.url}/api/files/${fileID}`, { headers: headers(who) }));
    },
  }),
  { openidOf: (who) => ids[who], photos: true },
);

