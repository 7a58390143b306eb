// `npm run bench:pipeline`: the pipeline's own overhead per image — intake, routing, normalize,
// validate — with the provider replaced by an in-process one that returns a recorded payload (so the
// network and the OCR engine are excluded). Prints what it measured on this run; target ≤ 15 ms p50
// for an already-small JPEG.
import { readFileSync } from 'node:fs';
import os from 'node:os';
import sharp from 'sharp';
import { ProviderError } from '../../core/contracts/errors';
import { normalizePayload } from '../../core/providers/index';
import { createPipeline } from '../../server/pipeline/index';
import type { Provider } from '../../server/providers/types';

const TARGET_P50_MS = 15;
const recorded = JSON.parse(readFileSync(new URL('../../test/fixtures/provider-payloads/wechat-https-vehicle-license.json', import.meta.url), 'utf8')) as unknown;

/** A provider with no I/O: normalizes and validates the recorded WeChat response each time. */
function recordedProvider(name: 'wechat' | 'juhe', normalizeMs: number[]): Provider {
  return {
    name,
    maxBytes: 2_000_000,
    supports: (docType) => docType === 'vehicle_license',
    async recognize(_image, req) {
      const t = performance.now();
      const result = normalizePayload('wechat', recorded, { docType: req.docType, side: 'front' });
      normalizeMs.push(performance.now() - t);
      return { result: { ...result, provider: name }, raw: recorded };
    },
  };
}

const quota: Provider = {
  name: 'kuaitong',
  maxBytes: 2_000_000,
  supports: () => true,
  recognize: async () => {
    throw new ProviderError({ provider: 'kuaitong', code: 'QUOTA', retryable: false, providerCode: 'http:402', message: 'quota' });
  },
};

function pct(values: number[], p: number): number {
  const s = [...values].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))] ?? NaN;
}

interface Row {
  name: string;
  n: number;
  total: number[];
  intake: number[];
  normalize: number[];
  routing: number[];
}

async function measure(name: string, bytes: Buffer, n: number, withFallback: boolean): Promise<Row> {
  const normalizeMs: number[] = [];
  const providers = withFallback ? [quota, recordedProvider('wechat', normalizeMs)] : [recordedProvider('wechat', normalizeMs)];
  const pipeline = createPipeline({ providers, routes: { vehicle_license: withFallback ? ['kuaitong', 'wechat'] : ['wechat'] } });
  const row: Row = { name, n, total: [], intake: [], normalize: [], routing: [] };
  const warm = Math.min(20, n);
  for (let i = 0; i < warm + n; i++) {
    normalizeMs.length = 0;
    const t = performance.now();
    const out = await pipeline.recognize(bytes, { docType: 'vehicle_license', side: 'front' });
    const total = performance.now() - t;
    if (!out.ok) throw new Error(`bench run failed: ${out.error.message}`);
    if (i < warm) continue;
    const norm = normalizeMs.reduce((a, b) => a + b, 0);
    row.total.push(total);
    row.intake.push(out.timings.intakeMs);
    row.normalize.push(norm);
    row.routing.push(Math.max(0, total - out.timings.intakeMs - norm));
  }
  return row;
}

function card(width: number, height: number, noise: number): sharp.Sharp {
  const text = Array.from({ length: 8 }, (_, i) => `<text x="${width * 0.06}" y="${(i + 1) * height * 0.11}" font-size="${height * 0.05}">号牌号码 粤B12345 LSVAM4187C218484${i}</text>`).join('');
  return sharp({ create: { width, height, channels: 3, background: '#dde4ee', noise: { type: 'gaussian', mean: 215, sigma: noise } } }).composite([
    { input: Buffer.from(`<svg width="${width}" height="${height}" xmlns="http://www.w3.org/2000/svg">${text}</svg>`) },
  ]);
}

async function main(): Promise<void> {
  const small = await sharp(await card(1280, 806, 3).png().toBuffer()).jpeg({ quality: 82 }).toBuffer();
  const png = await sharp(await card(1280, 806, 3).png().toBuffer()).png().toBuffer();
  const photo = await sharp(await card(4000, 3000, 12).png().toBuffer()).jpeg({ quality: 92 }).toBuffer();

  const rows = [
    await measure(`small JPEG 1280×806, ${(small.length / 1024).toFixed(0)} KB (pass-through)`, small, 300, false),
    await measure('same, first provider QUOTA → fallback', small, 300, true),
    await measure(`PNG 1280×806, ${(png.length / 1024).toFixed(0)} KB (→ JPEG)`, png, 60, false),
    await measure(`12 MP JPEG 4000×3000, ${(photo.length / 1024 / 1024).toFixed(1)} MB (→ ≤2000 px, ≤2 MB)`, photo, 8, false),
  ];

  const f = (v: number) => v.toFixed(2).padStart(7);
  console.log(`pipeline overhead per image (provider excluded) — node ${process.version}, ${os.cpus()[0]?.model ?? 'cpu'} ×${os.cpus().length}, sharp ${sharp.versions.sharp}, load average ${os.loadavg()[0]!.toFixed(1)} (other work on the machine inflates p95)`);
  console.log(`${'scenario'.padEnd(58)}  n    total p50  p95 | intake p50  p95 | normalize+validate p50 | routing p50   (ms)`);
  for (const r of rows) {
    console.log(
      `${r.name.padEnd(58)} ${String(r.n).padStart(3)} ${f(pct(r.total, 50))} ${f(pct(r.total, 95))} | ${f(pct(r.intake, 50))} ${f(pct(r.intake, 95))} | ${f(pct(r.normalize, 50))}                | ${f(pct(r.routing, 50))}`,
    );
  }
  const p50 = pct(rows[0]!.total, 50);
  console.log(`\ntarget: ≤ ${TARGET_P50_MS} ms p50 for an already-small JPEG — measured ${p50.toFixed(2)} ms: ${p50 <= TARGET_P50_MS ? 'MET' : 'NOT MET'}`);
}

await main();
