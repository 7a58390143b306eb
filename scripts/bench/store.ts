// `npm run bench:store`: the record store on PGlite with 100 000 stored records — write and read
// latency, and the administrators' filtered, paginated list (target ≤ 30 ms p95). Prints what it measured.
// Options: --records N (default 100000), --dir PATH (default a temporary folder; PGlite on disk).
import { mkdtemp, rm } from 'node:fs/promises';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import type { RecordStatus } from '../../core/contracts/records';
import { openSqlStore } from '../../server/stores/sql/index';
import type { SeedRecord } from '../../server/stores/sql/index';
import type { RecordQuery } from '../../server/stores/types';
import { statsFor } from '../../server/admin/stats';

const { values } = parseArgs({ options: { records: { type: 'string', default: '100000' }, dir: { type: 'string' } } });
const N = Number(values.records);

// Deterministic data: 2 000 users over a year, five document types, statuses 60/30/10.
let seed = 42;
const rand = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)]!;
const PROV = '京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼';
const L = 'ABCDEFGHJKLMNPQRSTUVWXYZ';
const D = '0123456789';
const DOCS = ['vehicle_license', 'vehicle_license', 'vehicle_license', 'id_card', 'driver_license', 'vehicle_registration_certificate', 'business_license'];
const SURNAMES = '王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗';
const t0 = Date.parse('2025-11-22T00:00:00Z');

function plate(): string {
  return pick([...PROV]) + pick([...L]) + Array.from({ length: 5 }, () => pick([...(L + D)])).join('');
}
function vin(): string {
  return Array.from({ length: 17 }, () => pick([...'ABCDEFGHJKLMNPRSTUVWXYZ0123456789'])).join('');
}
function record(): SeedRecord {
  const r = rand();
  const status: RecordStatus = r < 0.6 ? 'submitted' : r < 0.9 ? 'recognized' : 'failed';
  const docType = pick(DOCS);
  const fields = {
    plateNo: { value: plate(), warnings: [] },
    vin: { value: vin(), warnings: [] },
    owner: { value: pick([...SURNAMES]) + pick([...'伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚']), warnings: [] },
    model: { value: '大众汽车牌SVW71810KJ', warnings: [] },
  };
  const createdAt = new Date(t0 + Math.floor(rand() * 365 * 86400_000)).toISOString();
  const submitted = status === 'submitted' ? Object.fromEntries(Object.entries(fields).map(([k, f]) => [k, f.value])) : null;
  if (submitted && rand() < 0.2) submitted.owner = `${submitted.owner}（更正）`;
  return {
    ...(submitted
      ? {
          submitted,
          corrections: submitted.owner!.endsWith('（更正）') ? { owner: { from: fields.owner.value, to: submitted.owner! } } : {},
          submittedAt: createdAt,
        }
      : {}),
    _openid: `o-user-${Math.floor(rand() * 2000)}`,
    docType,
    side: 'front',
    fileID: `photo-${Math.floor(rand() * 1e9)}`,
    status,
    provider: pick(['local', 'wechat', 'juhe', 'kuaitong']),
    attempts: [{ provider: 'local', ok: status !== 'failed', durationMs: 800 }],
    raw: { words: Object.values(fields).map((f) => f.value) },
    recognized: status === 'failed' ? null : fields,
    extra: {},
    warnings: [],
    error: status === 'failed' ? { code: 'NOT_FOUND_IN_IMAGE', message: '没有识别到证件内容' } : null,
    timings: { intakeMs: 20, providerMs: 800, totalMs: 830 },
    createdAt,
  };
}

function summary(samples: number[]): { n: number; p50: number; p95: number; max: number } {
  const s = [...samples].sort((a, b) => a - b);
  const q = (p: number) => s[Math.min(s.length - 1, Math.floor(p * s.length))]!;
  const r = (x: number) => Math.round(x * 100) / 100;
  return { n: s.length, p50: r(q(0.5)), p95: r(q(0.95)), max: r(s.at(-1)!) };
}

async function time(n: number, fn: (i: number) => Promise<unknown>): Promise<number[]> {
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    const t = performance.now();
    await fn(i);
    out.push(performance.now() - t);
  }
  return out;
}

const dir = values.dir ?? (await mkdtemp(join(tmpdir(), 'licenselens-bench-')));
const store = await openSqlStore({ dataDir: dir });
try {
  const seedStart = performance.now();
  const ids: string[] = [];
  // A --dir that already holds the records is reused (repeated runs measure without re-seeding).
  const existing = (await store.listRecords({ page: 1, pageSize: 1 })).total;
  if (existing >= N) for (const r of (await store.adapter.query<{ id: string }>('SELECT id FROM records')).rows) ids.push(r.id);
  for (let done = existing >= N ? N : 0; done < N; done += 2000) {
    const batch = Array.from({ length: Math.min(2000, N - done) }, record);
    for (const r of await store.insertMany(batch)) ids.push(r._id);
  }
  // What the local server's maintenance timer does (PGlite has no autovacuum).
  await store.maintain();
  const seedMs = performance.now() - seedStart;
  const plates = await store.adapter.query<{ plate_no: string }>(`SELECT plate_no FROM records WHERE plate_no IS NOT NULL ORDER BY random() LIMIT 200`);

  const results: Record<string, ReturnType<typeof summary>> = {};
  results['insertRecord'] = summary(await time(300, () => store.insertRecord(record())));
  results['getRecord (by id)'] = summary(await time(500, () => store.getRecord(ids[Math.floor(rand() * ids.length)]!)));
  const fresh = await Promise.all(Array.from({ length: 200 }, async () => store.insertRecord({ ...record(), status: 'recognized', _openid: 'o-bench' })));
  results['submitRecord (+outbox)'] = summary(
    await time(fresh.length, (i) =>
      store.submitRecord(fresh[i]!._id, {
        openid: 'o-bench',
        submitted: { plateNo: 'X' },
        corrections: {},
        submittedAt: new Date().toISOString(),
        outbox: { idempotencyKey: `bench-${fresh[i]!._id}`, payload: {}, nextAttemptAt: new Date().toISOString() },
      }),
    ),
  );
  const pages: [string, (i: number) => RecordQuery][] = [
    ['admin list: status, page 1..5 of 20', (i) => ({ status: 'submitted', page: 1 + (i % 5), pageSize: 20 })],
    ['admin list: status + docType, page 1..5', (i) => ({ status: 'submitted', docType: 'vehicle_license', page: 1 + (i % 5), pageSize: 20 })],
    ['admin list: docType + month range', (i) => ({ docType: 'id_card', from: `2026-0${1 + (i % 9)}-01`, to: `2026-0${1 + (i % 9)}-28`, page: 1, pageSize: 20 })],
    ['admin list: q = plate substring', (i) => ({ q: plates.rows[i % plates.rows.length]!.plate_no.slice(1, 6), page: 1, pageSize: 20 })],
    ['admin list: status + q', (i) => ({ status: 'submitted', q: plates.rows[i % plates.rows.length]!.plate_no.slice(2), page: 1, pageSize: 20 })],
    ['admin list: no filter, page 1..5', (i) => ({ page: 1 + (i % 5), pageSize: 20 })],
    ['user list: own history', (i) => ({ openid: `o-user-${i % 2000}`, page: 1, pageSize: 20 })],
  ];
  for (const [name, q] of pages) {
    await store.listRecords(q(0)); // warm the plan cache and pages
    results[name] = summary(await time(200, (i) => store.listRecords(q(i))));
  }
  results['stats (all)'] = summary(await time(5, () => statsFor(store, {})));

  const total = (await store.listRecords({ page: 1, pageSize: 1 })).total;
  console.log(`bench:store — PGlite on disk (${dir}), ${total.toLocaleString('en')} records (${existing >= N ? 'reused' : `seeded in ${(seedMs / 1000).toFixed(1)} s`}), Node ${process.version}, ${cpus().length} CPUs, load average ${loadavg().map((x) => x.toFixed(1)).join(' ')}`);
  console.log(`${'operation'.padEnd(44)} ${'n'.padStart(5)} ${'p50 ms'.padStart(9)} ${'p95 ms'.padStart(9)} ${'max ms'.padStart(9)}`);
  for (const [name, s] of Object.entries(results)) {
    console.log(`${name.padEnd(44)} ${String(s.n).padStart(5)} ${s.p50.toFixed(2).padStart(9)} ${s.p95.toFixed(2).padStart(9)} ${s.max.toFixed(2).padStart(9)}`);
  }
  const adminP95 = Math.max(...Object.entries(results).filter(([k]) => k.startsWith('admin list')).map(([, s]) => s.p95));
  console.log(`worst admin-list p95: ${adminP95.toFixed(2)} ms (target ≤ 30 ms): ${adminP95 <= 30 ? 'MET' : 'NOT MET'}`);
} finally {
  await store.close();
  if (!values.dir) await rm(dir, { recursive: true, force: true });
}
