// A burst of uploads against the local server with the real offline engine and a small queue (issue 13,
// item 4): what cannot wait is refused with 429 and Retry-After, stored nowhere and charged to no one,
// and another user's scan still gets its turn.
import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { loadConfig } from '../../server/config';
import { createPipeline } from '../../server/pipeline/index';
import { createLocalProvider } from '../../server/providers/local/index';
import { createWechatStore } from '../../server/stores/wechat/index';
import { startServer, type RunningServer } from '../../local/server/index';
import { createCloudStandin } from '../support/wx-cloud-standin';
import { REAL_FIXTURES } from '../support/fixtures';

const FIXTURES = REAL_FIXTURES;
const photo = readFileSync(join(FIXTURES, 'vehicle-licence-front-01.png'));

let server: RunningServer;
let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'll-busy-'));
  // One recognition at a time, two places in the queue, one of them per user.
  const local = createLocalProvider({ maxQueue: 2, maxQueuedPerOwner: 1, concurrency: 1 });
  server = await startServer({
    config: loadConfig({ DATA_DIR: dir, DAILY_OCR_LIMIT: '20' }),
    dev: true,
    port: 0,
    host: '127.0.0.1',
    pipeline: createPipeline({ providers: [local], routes: { '*': ['local'] } }),
    store: createWechatStore(createCloudStandin().database(), { createCollections: true }),
    log: () => undefined,
    webRoot: join(dir, 'no-web'),
  });
});
afterAll(async () => {
  await server?.close();
  await rm(dir, { recursive: true, force: true });
});

function upload(openid: string): Promise<Response> {
  const form = new FormData();
  form.set('image', new Blob([new Uint8Array(photo)], { type: 'image/png' }), 'card.png');
  form.set('docType', 'vehicle_license');
  form.set('side', 'front');
  return fetch(`${server.url}/api/ocr`, { method: 'POST', body: form, headers: { 'x-licenselens-openid': openid } });
}

const list = async (openid: string) =>
  (await (
    await fetch(`${server.url}/api/records`, {
      method: 'POST',
      body: JSON.stringify({ action: 'list' }),
      headers: { 'content-type': 'application/json', 'x-licenselens-openid': openid },
    })
  ).json()) as { total: number; items: { status: string }[] };

describe('a full engine queue', () => {
  it('refuses one user’s burst beyond their share with 429 + Retry-After, stores and charges nothing, and serves another user', async () => {
    let answered = 0;
    const burst = Array.from({ length: 6 }, () => upload('o-burst').finally(() => (answered += 1)));
    // The burst is in before the other user arrives: its four refusals are answered (the two it may
    // have hold the engine for seconds).
    await vi.waitUntil(() => answered >= 4, { timeout: 60_000, interval: 20 });
    const other = upload('o-other');
    const answers = await Promise.all(burst);
    const statuses = answers.map((r) => r.status);
    expect(statuses.filter((s) => s === 200)).toHaveLength(2); // the running one and the one waiting
    const refused = answers.filter((r) => r.status === 429);
    expect(refused).toHaveLength(4);
    for (const r of refused) {
      expect(Number(r.headers.get('retry-after'))).toBeGreaterThan(0);
      expect(await r.json()).toMatchObject({ code: 'RATE_LIMITED', message: '识别服务繁忙，请稍后重试' });
    }
    const mine = await other;
    expect(mine.status).toBe(200);
    expect(await mine.json()).toMatchObject({ status: 'recognized', _openid: 'o-other' });

    // Only the recognitions that ran were stored; no failed record stands for a refusal.
    const stored = await list('o-burst');
    expect(stored.total).toBe(2);
    expect(stored.items.every((i) => i.status === 'recognized')).toBe(true);
  }, 120_000);
});
