// A scan the user cancels (or a tab closed) while the photo is read, over real HTTP against the local
// server: the server sees the connection go, keeps no record and no photo, and gives the day's slot
// back, so the history holds no orphan and the retry is not refused.
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../server/config';
import { createWechatStore } from '../../server/stores/wechat/index';
import { startServer, type RunningServer } from '../../local/server/index';
import { createCloudStandin } from '../support/wx-cloud-standin';
import { fakePipeline, PNG } from '../records/support';

const USER = 'o-cancel';
let server: RunningServer;
let dir: string;
const pipeline = fakePipeline();
const real = pipeline.recognize;
/** Set while a recognition waits for the test to let it finish. */
let started: (() => void) | null = null;
let release: (() => void) | null = null;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'll-cancel-'));
  pipeline.recognize = async (bytes, req) => {
    await new Promise<void>((ok) => {
      release = ok;
      started?.();
    });
    return real(bytes, req);
  };
  server = await startServer({
    config: loadConfig({ DATA_DIR: dir, DAILY_OCR_LIMIT: '1' }),
    dev: true,
    port: 0,
    host: '127.0.0.1',
    pipeline,
    store: createWechatStore(createCloudStandin().database(), { createCollections: true }),
    log: () => undefined,
    webRoot: join(dir, 'no-web'),
  });
});
afterAll(async () => {
  await server?.close();
  await rm(dir, { recursive: true, force: true });
});

function upload(signal?: AbortSignal): Promise<Response> {
  const form = new FormData();
  form.set('image', new Blob([new Uint8Array(PNG)], { type: 'image/png' }), 'card.png');
  form.set('docType', 'vehicle_license');
  return fetch(`${server.url}/api/ocr`, { method: 'POST', body: form, headers: { 'x-licenselens-openid': USER }, ...(signal ? { signal } : {}) });
}

async function total(): Promise<number> {
  const res = await fetch(`${server.url}/api/records`, {
    method: 'POST',
    body: JSON.stringify({ action: 'list' }),
    headers: { 'content-type': 'application/json', 'x-licenselens-openid': USER },
  });
  return ((await res.json()) as { total: number }).total;
}

/** Every file under the data folder's photo store (photos kept for records). */
async function photoFiles(): Promise<string[]> {
  const all = await readdir(dir, { recursive: true, withFileTypes: true });
  return all.filter((e) => e.isFile() && /\.(jpe?g|png|webp)$/i.test(e.name)).map((e) => e.name);
}

describe('a cancelled scan', () => {
  it('leaves no record and no photo, and the retry is not refused by the daily limit', async () => {
    const cancel = new AbortController();
    const inFlight = new Promise<void>((ok) => (started = ok));
    const first = upload(cancel.signal).catch((e: unknown) => e);
    await inFlight;
    cancel.abort();
    await expect(first).resolves.toMatchObject({ name: 'AbortError' });
    // The server finishes reading the photo only after the connection has gone.
    const deadline = Date.now() + 10_000;
    while (!release && Date.now() < deadline) await new Promise((ok) => setTimeout(ok, 10));
    started = null;
    const finish = release as (() => void) | null;
    release = null;
    // Let the closed connection reach the server (loopback: milliseconds) before the recognition returns.
    await new Promise((ok) => setTimeout(ok, 1000));
    finish?.();
    await new Promise((ok) => setTimeout(ok, 500));
    expect(await total()).toBe(0);
    expect(await photoFiles()).toEqual([]);

    // The one slot of the day is given back: the retry goes through.
    const retry = upload();
    const deadline2 = Date.now() + 10_000;
    while (!release && Date.now() < deadline2) await new Promise((ok) => setTimeout(ok, 10));
    (release as (() => void) | null)?.();
    const res = await retry;
    expect(res.status).toBe(200);
    expect(await total()).toBe(1);
  });
});
