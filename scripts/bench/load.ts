// npm run bench:load [-- --count 200 --concurrency 200 --latency 80 --users 20 --time-limit 120 --no-submit]
// A bounded load test of the local server on loopback: N concurrent recognitions (POST /api/ocr) with
// the paid providers served by a local stand-in speaking Kuaitong's documented protocol, then (unless
// --no-submit) the submissions and their signed webhook deliveries to a local receiver. Prints
// throughput, latency percentiles, errors and peak RSS. Everything listens on and talks to 127.0.0.1.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import sharp from 'sharp';
import { loadConfig } from '../../server/config';
import { startDeliveryScheduler } from '../../server/delivery';
import { createPipeline } from '../../server/pipeline';
import { createProviders } from '../../server/providers';
import { startServer } from '../../local/server/index';
import { startProviderServer } from '../../test/faults/provider-server';
import { startReceiver } from '../../test/delivery/support';

const { values: args } = parseArgs({
  options: {
    count: { type: 'string', default: '200' },
    concurrency: { type: 'string', default: '200' },
    latency: { type: 'string', default: '80' },
    users: { type: 'string', default: '20' },
    'no-submit': { type: 'boolean', default: false },
    'time-limit': { type: 'string', default: '120' },
  },
});
// Bounded whatever is asked: this is a smoke-scale load test, not a stress tool.
const COUNT = clamp(Number(args.count), 1, 2000);
const CONCURRENCY = clamp(Number(args.concurrency), 1, 500);
const LATENCY_MS = clamp(Number(args.latency), 0, 5000);
const USERS = clamp(Number(args.users), 1, 1000);
const TIME_LIMIT_MS = clamp(Number(args['time-limit']), 5, 600) * 1000;

function clamp(n: number, lo: number, hi: number): number {
  return Number.isFinite(n) ? Math.min(hi, Math.max(lo, Math.floor(n))) : lo;
}
function assertLoopback(url: string): void {
  if (new URL(url).hostname !== '127.0.0.1') throw new Error(`refusing non-loopback target ${url}`);
}
function pct(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}
const fmt = (ms: number) => `${ms.toFixed(1)} ms`;

async function photo(): Promise<Buffer> {
  // The size the mini program uploads after cropping to the card frame and compressing, with texture
  // so that intake does real decoding work.
  return sharp({ create: { width: 1280, height: 800, channels: 3, background: { r: 60, g: 110, b: 170 }, noise: { type: 'gaussian', mean: 128, sigma: 12 } } })
    .jpeg({ quality: 85 })
    .toBuffer();
}

async function pool<T>(n: number, limit: number, fn: (i: number) => Promise<T>): Promise<T[]> {
  const out: T[] = new Array(n);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(limit, n) }, async () => {
      while (next < n) {
        const i = next++;
        out[i] = await fn(i);
      }
    }),
  );
  return out;
}

interface Sample {
  ms: number;
  ok: boolean;
  status: number;
  id?: string;
  error?: string;
}

async function main(): Promise<number> {
  const deadline = AbortSignal.timeout(TIME_LIMIT_MS);
  const providers = await startProviderServer({ latencyMs: LATENCY_MS });
  const receiver = await startReceiver('bench-secret');
  const dataDir = mkdtempSync(join(tmpdir(), 'licenselens-load-'));
  const config = loadConfig({
    DATA_DIR: dataDir,
    HOST: '127.0.0.1',
    KUAITONG_APPCODE: 'bench',
    KUAITONG_URL: providers.kuaitongUrl,
    OCR_ROUTES: 'vehicle_license=kuaitong',
    DAILY_OCR_LIMIT: String(COUNT + 10),
    WEBHOOK_URL: receiver.url,
    WEBHOOK_SECRET: 'bench-secret',
    PHOTO_RETENTION_DAYS: '0',
  });
  for (const u of [providers.kuaitongUrl, receiver.url]) assertLoopback(u);
  let errorLines = 0;
  const server = await startServer({
    config,
    dev: true,
    port: 0,
    host: '127.0.0.1',
    pipeline: createPipeline({ ...createProviders(config, { local: false }), routes: config.routes }),
    log: (line) => {
      if (line.includes('"level":"error"')) errorLines++;
    },
    webRoot: join(dataDir, 'no-web'),
  });
  assertLoopback(server.url);
  const baseRss = process.memoryUsage().rss;
  const baseMaxRssKiB = process.resourceUsage().maxRSS;
  let peakRss = baseRss;
  const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 25);
  const image = await photo();

  console.log(
    `load: ${COUNT} recognitions, ${CONCURRENCY} concurrent, ${USERS} users, photo ${(image.length / 1024).toFixed(0)} KiB ` +
      `1280×800, provider latency ${LATENCY_MS} ms (Kuaitong protocol stand-in), store ${server.store.driver}, Node ${process.version}`,
  );

  const t0 = performance.now();
  const recog = await pool(COUNT, CONCURRENCY, async (i): Promise<Sample> => {
    const form = new FormData();
    form.append('image', new Blob([new Uint8Array(image)], { type: 'image/jpeg' }), 'card.jpg');
    form.append('docType', 'vehicle_license');
    form.append('side', 'front');
    const s = performance.now();
    try {
      const res = await fetch(`${server.url}/api/ocr`, {
        method: 'POST',
        headers: { 'x-licenselens-openid': `oBenchUser${i % USERS}` },
        body: form,
        signal: deadline,
      });
      const body = (await res.json()) as { _id?: string; status?: string; code?: string };
      const ok = res.status === 200 && body.status === 'recognized';
      return { ms: performance.now() - s, ok, status: res.status, ...(body._id ? { id: body._id } : {}), ...(ok ? {} : { error: body.code ?? body.status ?? String(res.status) }) };
    } catch (e) {
      return { ms: performance.now() - s, ok: false, status: 0, error: (e as Error).name };
    }
  });
  const recogWall = performance.now() - t0;
  report('recognitions (POST /api/ocr)', recog, recogWall);

  let submitErrors = 0;
  let delivered = 0;
  if (!args['no-submit']) {
    const ids = recog.map((r, i) => ({ id: r.id, user: `oBenchUser${i % USERS}` })).filter((x): x is { id: string; user: string } => !!x.id);
    const t1 = performance.now();
    const subs = await pool(ids.length, CONCURRENCY, async (i): Promise<Sample> => {
      const { id, user } = ids[i]!;
      const s = performance.now();
      try {
        const res = await fetch(`${server.url}/api/records`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'x-licenselens-openid': user },
          body: JSON.stringify({ action: 'submit', id, fields: { owner: '李四' } }),
          signal: deadline,
        });
        const body = (await res.json()) as { code?: string; message?: string };
        const ok = res.status === 200;
        return { ms: performance.now() - s, ok, status: res.status, ...(ok ? {} : { error: `${body.code}: ${body.message}` }) };
      } catch (e) {
        return { ms: performance.now() - s, ok: false, status: 0, error: (e as Error).name };
      }
    });
    report('submissions (POST /api/records submit)', subs, performance.now() - t1);
    submitErrors = subs.filter((s) => !s.ok).length;

    // Drain the outbox with the local server's scheduler until every submission is acknowledged.
    const t2 = performance.now();
    await new Promise<void>((resolve) => {
      const stop = startDeliveryScheduler({
        store: server.store,
        photos: { put: async () => '', get: async () => null, delete: async () => undefined, temporaryUrl: async () => '' },
        config,
        intervalMs: 50,
        delivery: { batchSize: 50 },
        onTick: (r) => {
          delivered += r.delivery?.delivered ?? 0;
          if (delivered >= ids.length || deadline.aborted) void stop().then(resolve);
        },
      });
    });
    const unique = new Set(receiver.processed).size;
    console.log(
      `deliveries: ${delivered}/${ids.length} acknowledged in ${((performance.now() - t2) / 1000).toFixed(2)} s, ` +
        `receiver got ${receiver.requests.length} requests and processed ${receiver.processed.length} (unique keys ${unique}), signatures verified by the example receiver`,
    );
  }

  clearInterval(sampler);
  peakRss = Math.max(peakRss, process.memoryUsage().rss);
  const maxRssKiB = process.resourceUsage().maxRSS;
  console.log(
    `memory: RSS ${(baseRss / 1048576).toFixed(0)} MiB once the server was up (max so far ${(baseMaxRssKiB / 1024).toFixed(0)} MiB), ` +
      `peak RSS under load ${(peakRss / 1048576).toFixed(0)} MiB sampled every 25 ms, ${(maxRssKiB / 1024).toFixed(0)} MiB max RSS reported by the OS ` +
      `(server and load generator share this process)`,
  );
  console.log(`provider stand-in requests: ${providers.hits.kuaitong}; server error log lines: ${errorLines}`);

  await server.close();
  await receiver.close();
  await providers.close();
  rmSync(dataDir, { recursive: true, force: true });
  const errors = recog.filter((r) => !r.ok).length + submitErrors + errorLines + (!args['no-submit'] && delivered < recog.filter((r) => r.ok).length ? 1 : 0);
  if (deadline.aborted) console.log(`stopped at the time limit (${TIME_LIMIT_MS / 1000} s)`);
  return errors === 0 ? 0 : 1;
}

function report(label: string, samples: Sample[], wallMs: number): void {
  const ok = samples.filter((s) => s.ok);
  const ms = samples.map((s) => s.ms).sort((a, b) => a - b);
  const errors = samples.length - ok.length;
  const byError = new Map<string, number>();
  for (const s of samples) if (!s.ok) byError.set(s.error ?? String(s.status), (byError.get(s.error ?? String(s.status)) ?? 0) + 1);
  console.log(
    `${label}: ${samples.length} in ${(wallMs / 1000).toFixed(2)} s → ${((samples.length / wallMs) * 1000).toFixed(1)} req/s; ` +
      `latency p50 ${fmt(pct(ms, 50))}, p95 ${fmt(pct(ms, 95))}, p99 ${fmt(pct(ms, 99))}, max ${fmt(ms.at(-1) ?? NaN)}; ` +
      `errors ${errors}${errors ? ` (${[...byError].map(([k, v]) => `${k}×${v}`).join(', ')})` : ''}`,
  );
}

main().then(
  (code) => process.exit(code),
  (e) => {
    console.error(e);
    process.exit(1);
  },
);
