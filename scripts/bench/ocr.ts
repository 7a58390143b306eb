// npm run bench:ocr [-- --clean 40 --perturbed 40 --defects 24 --two-page 8 --strength 1 --seed 1000 --real DIR
//                      --no-real --real-aug 3 --failures 25 --show-validation --json FILE]
// Runs the local provider (createLocalProvider) over synthetic cards (clean scans and perturbed photos)
// and every real fixture, and prints what this run measured: per-field and overall exact-match rates,
// latency per photo after warm-up, model load time, peak RSS. Nothing here is a hard-coded figure.
// The real photos are split by source (./real-split.ts): a tuning part and a validation part that is
// only measured — its mismatches stay hidden unless --show-validation is given. A photo holding both
// pages is recognized once (side auto) and each page it should yield is scored. `--real-aug N` adds N
// seeded phone-like degradations of every TUNING photo (scripts/synth/real-aug.ts; never of a validation
// photo), scored in their own column "real aug".
import { readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import sharp from 'sharp';
import { generateCard, SYNTH_KINDS, SYNTH_TWO_PAGE_KINDS, type SynthCard, type SynthTwoPageCard } from '../synth/index';
import type { ImageInput, Provider } from '../../server/providers/types';
import type { RecognitionResult } from '../../core/contracts/result';
import { generateGeometryCard, GEOMETRY_KINDS } from '../synth/geometry';
import { realFixtureDir, splitOf } from './real-split';
import { DEFECT_WARNING, DoubtTally, PAGE_MISSING, readPage, type ReadField } from './doubt';
import type { Defect } from '../synth/index';
import { NEEDS_BOXES } from '../synth/defects';
import { addPhotoWarnings } from '../../server/quality/index';
import { augmentRealPhoto, augmentSeed } from '../synth/real-aug';
import { addLexiconWarnings } from '../../core/validate/lexicon';
import { fieldLexicon } from '../../server/ocr/lexicon/fields';
import { z } from 'zod';


const { values: args } = parseArgs({
  options: {
    clean: { type: 'string', default: '40' },
    perturbed: { type: 'string', default: '40' },
    /** photos with a seeded mix of the real-photo defects (glare, sleeve, hologram, small, …), slashed zeros */
    defects: { type: 'string', default: '24' },
    'two-page': { type: 'string', default: '8' },
    /** photos per measured photo defect, each with that one defect, to measure the photo warnings */
    labelled: { type: 'string', default: '5' },
    /** the geometry kinds of real photos (card at an angle, 600-px card, low-resolution two-page scans,
     *  pages stacked on a table: scripts/synth/geometry.ts), cycled; their own column */
    geometry: { type: 'string', default: '0' },
    seed: { type: 'string', default: '1000' },
    real: { type: 'string' },
    'no-real': { type: 'boolean', default: false },
    'show-validation': { type: 'boolean', default: false },
    /** degradations per TUNING real photo (downscale, JPEG, rotation, perspective, light, blur, glare or
     *  flash, sheen, noise): the proxy for real photos nobody here has seen */
    'real-aug': { type: 'string', default: '0' },
    failures: { type: 'string', default: '25' },
    json: { type: 'string' },
    /** every tuning and synthetic field's outcome and doubt inputs, as JSON (calibration offline) */
    'doubt-dump': { type: 'string' },
    warmup: { type: 'string', default: '2' },
    strength: { type: 'string', default: '1' },
  },
});

type SetName = 'clean' | 'perturbed' | 'defects' | 'labelled' | 'geometry' | 'tune' | 'aug' | 'validate';
const SETS: readonly SetName[] = ['clean', 'perturbed', 'defects', 'labelled', 'geometry', 'tune', 'aug', 'validate'];
/** A set's name in the tables. */
const setLabel = (s: SetName) => (s === 'tune' ? 'real tuning' : s === 'aug' ? 'real aug' : s === 'validate' ? 'real validation' : s);
const isReal = (s: SetName) => s === 'tune' || s === 'validate';

interface Case {
  set: SetName;
  name: string;
  docType: string;
  /** The side asked for: a page's own, or auto for a photo of both pages. */
  side: 'front' | 'back' | 'auto';
  image: ImageInput;
  /** Ground truth per page side. */
  pages: Partial<Record<'front' | 'back', Record<string, string>>>;
  /** The photo defects the generator labelled (synthetic), or null (a real photo: no labels). */
  defects: Defect[] | null;
}

interface Outcome {
  c: Case;
  ms: number;
  /** Process CPU time (user + system, every thread: the recognition helper too) during the
   *  recognition: unlike wall time it barely moves when other work shares the machine. */
  cpuMs: number;
  /** Fields per page side the recognition returned (value and doubt). */
  got: Partial<Record<'front' | 'back', Record<string, ReadField>>>;
  /** The result's warnings (photo warnings among them). */
  warnings: { code: string; message: string }[];
  /** Time of the photo checks (server/quality), apart from the recognition's. */
  qualityMs: number;
  /** The engine's own milliseconds per stage (raw.timingsMs), when it reported them. */
  stages: Record<string, number>;
  error?: string;
}

/** The part of the local engine's raw response the benchmark reads. */
const RawTimings = z.object({ timingsMs: z.record(z.string(), z.number()) });
const stagesOf = (raw: unknown): Record<string, number> => {
  const r = RawTimings.safeParse(raw);
  return r.success ? r.data.timingsMs : {};
};

function realDir(): string | null {
  return args['no-real'] ? null : realFixtureDir(args.real);
}

async function imageInput(bytes: Buffer): Promise<ImageInput> {
  const meta = await sharp(bytes).metadata();
  const mime = meta.format === 'png' ? 'image/png' : meta.format === 'webp' ? 'image/webp' : 'image/jpeg';
  return { bytes, mime, width: meta.width ?? 0, height: meta.height ?? 0 };
}

async function realCases(dir: string): Promise<Case[]> {
  const out: Case[] = [];
  for (const f of (await readdir(dir)).filter((n) => n.endsWith('.json') && n !== 'package.json').sort()) {
    const meta = JSON.parse(await readFile(path.join(dir, f), 'utf8')) as {
      file?: string;
      docType?: string;
      side: string;
      source?: unknown;
      fields?: Record<string, string>;
      pages?: Record<string, Record<string, string>>;
    };
    if (!meta.file || !meta.docType) continue;
    const image = await imageInput(await readFile(path.join(dir, meta.file)));
    const pages: Case['pages'] = {};
    for (const [side, truth] of Object.entries(meta.pages ?? { [meta.side]: meta.fields ?? {} })) {
      if (side === 'front' || side === 'back') pages[side] = truth;
    }
    const sides = Object.keys(pages) as ('front' | 'back')[];
    out.push({
      set: splitOf(meta.source),
      name: meta.file,
      docType: meta.docType,
      side: sides.length === 1 ? sides[0]! : 'auto',
      image,
      pages,
      defects: null,
    });
  }
  return out;
}

/** N seeded degradations of each tuning photo, same truth (every page of a two-page photo). */
async function augCases(real: readonly Case[], n: number, seed: number): Promise<Case[]> {
  const out: Case[] = [];
  for (const c of real.filter((x) => x.set === 'tune')) {
    for (let k = 0; k < n; k++) {
      const a = await augmentRealPhoto(c.image.bytes, augmentSeed(seed, c.name, k), { pages: Object.keys(c.pages).length });
      const image = { bytes: a.bytes, mime: a.mime, width: a.width, height: a.height };
      out.push({ ...c, set: 'aug', name: `${c.name}~aug${k}`, image });
    }
  }
  return out;
}

function synthCase(card: SynthCard | SynthTwoPageCard, set: 'clean' | 'perturbed' | 'defects' | 'labelled' | 'geometry'): Case {
  const image = { bytes: card.image, mime: card.mime, width: card.width, height: card.height };
  const defects = card.defects.map((d) => d.defect);
  if (card.side === 'both') return { set, name: card.id, docType: card.docType, side: 'auto', image, pages: card.pages, defects };
  return { set, name: card.id, docType: card.docType, side: card.side, image, pages: { [card.side]: card.fields }, defects };
}

const pct = (a: number, b: number) => (b === 0 ? '   -  ' : `${((100 * a) / b).toFixed(1).padStart(5)}%`);
function quantile(xs: number[], q: number): number {
  if (xs.length === 0) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil(q * s.length) - 1))]!;
}

async function main(): Promise<void> {
  const nClean = Number(args.clean);
  const nPert = Number(args.perturbed);
  const seed = Number(args.seed);

  // the cases first, so generation time is not counted as recognition time
  const t0 = performance.now();
  const cases: Case[] = [];
  for (let i = 0; i < nClean; i++) {
    const k = SYNTH_KINDS[i % SYNTH_KINDS.length]!;
    cases.push(synthCase(await generateCard({ ...k, seed: seed + i }), 'clean'));
  }
  for (let i = 0; i < nPert; i++) {
    const k = SYNTH_KINDS[i % SYNTH_KINDS.length]!;
    cases.push(synthCase(await generateCard({ ...k, seed: seed + 100_000 + i, perturbed: true, strength: Number(args.strength) }), 'perturbed'));
  }
  // the defects real photos show, and both pages in one photo (side by side or stacked)
  const nDef = Number(args.defects);
  const nTwo = Number(args['two-page']);
  for (let i = 0; i < nDef; i++) {
    const k = SYNTH_KINDS[i % SYNTH_KINDS.length]!;
    const slashedZero = k.docType === 'vehicle_license';
    cases.push(synthCase(await generateCard({ ...k, seed: seed + 200_000 + i, defects: 'mix', slashedZero }), 'defects'));
  }
  for (let i = 0; i < nTwo; i++) {
    const k = SYNTH_TWO_PAGE_KINDS[i % SYNTH_TWO_PAGE_KINDS.length]!;
    cases.push(synthCase(await generateCard({ ...k, seed: seed + 300_000 + i, slashedZero: true, ...(i % 2 ? { defects: 'mix' as const } : {}) }), 'defects'));
  }
  // one defect per photo, n of each defect a photo warning is measured on (cut off and covered need a
  // layout that records where fields are printed: the vehicle licence's)
  const nLab = Number(args.labelled);
  const measured = Object.keys(DEFECT_WARNING) as Defect[];
  for (const [d, defect] of measured.entries()) {
    for (let i = 0; i < nLab; i++) {
      const k = NEEDS_BOXES.has(defect) ? SYNTH_KINDS[i % 2]! : SYNTH_KINDS[i % SYNTH_KINDS.length]!;
      cases.push(synthCase(await generateCard({ ...k, seed: seed + 500_000 + 1000 * d + i, defects: [defect] }), 'labelled'));
    }
  }
  const nGeo = Number(args.geometry);
  for (let i = 0; i < nGeo; i++) {
    const kind = GEOMETRY_KINDS[i % GEOMETRY_KINDS.length]!;
    // one-page kinds alternate sides over the cycles
    const side = Math.floor(i / GEOMETRY_KINDS.length) % 2 ? 'back' : 'front';
    cases.push(synthCase(await generateGeometryCard(kind, seed + 400_000 + i, side), 'geometry'));
  }
  const dir = realDir();
  const nAug = Number(args['real-aug']);
  if (dir) {
    const real = await realCases(dir);
    cases.push(...real, ...(await augCases(real, nAug, seed)));
  }
  const realPhotos = cases.filter((c) => isReal(c.set));
  console.log(
    `cases: ${nClean} clean + ${nPert} perturbed + ${nDef} defect + ${nTwo} two-page + ${nLab}×${measured.length} one-defect + ${nGeo} geometry synthetic (seed ${seed}), ${realPhotos.length} real photo(s) ` +
      `(${realPhotos.filter((c) => c.set === 'tune').length} tuning, ${realPhotos.filter((c) => c.set === 'validate').length} validation), ` +
      `${cases.filter((c) => c.set === 'aug').length} real aug (${nAug} per tuning photo)` +
      `${dir ? ` from ${dir}` : ' (no real fixtures found)'}; perturbation strength ${args.strength}; generated in ${((performance.now() - t0) / 1000).toFixed(1)} s`,
  );

  const { createLocalProvider } = await import('../../server/providers/local/index');
  const engineMod = await import('../../server/ocr/engine');
  const rssBefore = process.memoryUsage().rss;
  const tl = performance.now();
  await engineMod.getEngine();
  const loadWall = performance.now() - tl;
  const stats = engineMod.engineStats();
  const provider: Provider = createLocalProvider();

  const valuesOf = (r: Pick<RecognitionResult, 'fields' | 'warnings'>) => readPage(r);
  const run = async (c: Case): Promise<Outcome> => {
    const t = performance.now();
    let ms = 0;
    let cpu = 0;
    const cpu0 = process.cpuUsage();
    const cpuMs = () => {
      const d = process.cpuUsage(cpu0);
      return (d.user + d.system) / 1000;
    };
    try {
      const read = await provider.recognize(c.image, { docType: c.docType, side: c.side });
      ms = performance.now() - t;
      cpu = cpuMs();
      // the photo checks the pipeline runs on every photo (timed apart from the recognition)
      const tq = performance.now();
      // and the lexicon checks, as the pipeline runs them on every provider's result
      const result = addLexiconWarnings(await addPhotoWarnings(read.result, c.image.bytes), fieldLexicon);
      const qualityMs = performance.now() - tq;
      const got: Outcome['got'] = {};
      // every page the recognition returned, by its side (a one-page result is its own page)
      const pages = (result as RecognitionResult & { pages?: RecognitionResult[] }).pages ?? [result];
      for (const p of pages) if (p.side && !got[p.side]) got[p.side] = valuesOf(p);
      if (c.side !== 'auto' && !got[c.side] && result.side === null) got[c.side] = valuesOf(result);
      return { c, ms, cpuMs: cpu, got, warnings: result.warnings, qualityMs, stages: stagesOf(read.raw) };
    } catch (e) {
      return { c, ms: ms || performance.now() - t, cpuMs: cpu || cpuMs(), got: {}, warnings: [], qualityMs: 0, stages: {}, error: e instanceof Error ? `${e.name}: ${e.message}` : String(e) };
    }
  };

  // warm-up on cards outside the measured sets
  for (let i = 0; i < Number(args.warmup); i++) {
    const k = SYNTH_KINDS[i % SYNTH_KINDS.length]!;
    await run(synthCase(await generateCard({ ...k, seed: seed - 1 - i, perturbed: true }), 'perturbed'));
  }

  const outcomes: Outcome[] = [];
  for (const c of cases) outcomes.push(await run(c));
  const peakRss = process.resourceUsage().maxRSS * 1024;

  // ---- accuracy ----
  type Tally = { ok: number; n: number };
  const bySet = new Map<string, Tally>();
  const byDoc = new Map<string, Map<string, Tally>>();
  const byField = new Map<string, Map<string, Tally>>();
  const failures: string[] = [];
  let hidden = 0;
  const bump = (m: Map<string, Tally>, k: string, ok: boolean) => {
    const t = m.get(k) ?? { ok: 0, n: 0 };
    t.n++;
    if (ok) t.ok++;
    m.set(k, t);
  };
  const bumpIn = (m: Map<string, Map<string, Tally>>, k: string, set: string, ok: boolean) => {
    if (!m.has(k)) m.set(k, new Map());
    bump(m.get(k)!, set, ok);
  };
  let pagesWanted = 0;
  let pagesFound = 0;
  const doubt = new DoubtTally();
  for (const o of outcomes) {
    doubt.photo(o.c.set, o.warnings, o.c.defects);
    const multi = Object.keys(o.c.pages).length > 1;
    for (const [side, truth] of Object.entries(o.c.pages) as ['front' | 'back', Record<string, string>][]) {
      const got = o.got[side];
      if (multi) {
        pagesWanted++;
        if (got) pagesFound++;
      }
      for (const [key, want] of Object.entries(truth)) {
        const value = got?.[key]?.value ?? '';
        const ok = value === want;
        doubt.field(o.c.set, `${o.c.docType}.${side}`, key, ok, got?.[key], o.warnings);
        bump(bySet, o.c.set, ok);
        bumpIn(byDoc, `${o.c.docType}.${side}`, o.c.set, ok);
        bumpIn(byField, `${o.c.docType}.${side}.${key}`, o.c.set, ok);
        if (ok) continue;
        if (o.c.set === 'validate' && !args['show-validation']) {
          hidden++;
          continue;
        }
        const page = multi ? `#${side}` : '';
        const mark = got?.[key]?.doubtful || (!got && o.warnings.some((w) => w.code === PAGE_MISSING)) ? ' [marked]' : ' [SILENT]';
        failures.push(`${o.c.set.padEnd(9)} ${o.c.name}${page}  ${key}: want ${JSON.stringify(want)} got ${got ? JSON.stringify(value) : '(page not found)'}${mark}${o.error ? `  [${o.error}]` : ''}`);
      }
    }
  }
  const col = (m: Map<string, Tally>, s: string) => {
    const t = m.get(s);
    return t ? `${pct(t.ok, t.n)} (${t.ok}/${t.n})`.padEnd(17) : '       -         ';
  };
  const header = (title: string) => console.log(`\n${title.padEnd(44)} ${SETS.map((s) => setLabel(s).padEnd(17)).join('')}`);
  header('per field exact match');
  for (const fk of [...byField.keys()].sort()) console.log(`${fk.padEnd(44)} ${SETS.map((s) => col(byField.get(fk)!, s)).join('')}`);
  header('per document and side');
  for (const dk of [...byDoc.keys()].sort()) console.log(`${dk.padEnd(44)} ${SETS.map((s) => col(byDoc.get(dk)!, s)).join('')}`);
  console.log('\noverall exact match (goal on real photos never tuned on: ≥ 97 % of vehicle-licence fields)');
  for (const s of SETS) {
    const t = bySet.get(s);
    if (t) console.log(`  ${setLabel(s).padEnd(16)} ${pct(t.ok, t.n)}  (${t.ok}/${t.n} fields)`);
  }
  const vl = (s: SetName) => {
    let ok = 0;
    let n = 0;
    for (const [dk, m] of byDoc) if (dk.startsWith('vehicle_license.')) (ok += m.get(s)?.ok ?? 0), (n += m.get(s)?.n ?? 0);
    return `${pct(ok, n)} (${ok}/${n})`;
  };
  console.log(`  vehicle licence: real tuning ${vl('tune')}, real aug ${vl('aug')}, real validation ${vl('validate')}`);
  if (pagesWanted) console.log(`  pages found in photos of two pages: ${pagesFound}/${pagesWanted}`);
  // PAGE_MISSING against the truth: raised on photos with a page not found (wanted), and on the others
  const warnsMissing = (o: Outcome) => o.warnings.some((w) => w.code === PAGE_MISSING);
  const lost = outcomes.filter((o) => Object.keys(o.c.pages).some((side) => !o.got[side as 'front' | 'back']));
  const whole = outcomes.filter((o) => !lost.includes(o));
  console.log(
    `  ${PAGE_MISSING}: raised on ${lost.filter(warnsMissing).length}/${lost.length} photos with a page not found, ` +
      `on ${whole.filter(warnsMissing).length}/${whole.length} photos whose every page was found (one-page photos included)`,
  );
  const errors = outcomes.filter((o) => o.error);
  if (errors.length) console.log(`\n${errors.length} recognition(s) threw; first: ${errors[0]!.c.name}: ${errors[0]!.error}`);
  const nf = Number(args.failures);
  if (failures.length) {
    console.log(`\nmismatches (${failures.length}; first ${Math.min(nf, failures.length)}):`);
    for (const f of failures.slice(0, nf)) console.log('  ' + f);
  }
  if (hidden) console.log(`  (${hidden} validation mismatches not shown: the validation photos are measured, never tuned on; --show-validation lists them)`);

  if (args['doubt-dump']) await writeFile(args['doubt-dump'], JSON.stringify(doubt.outcomes()) + '\n');
  const doubtSummary = doubt.print(SETS, (s) => (s === 'validate' ? 'real validation (overall only)' : setLabel(s as SetName)));

  // ---- speed and memory ----
  // "per 1280-px photo": the perturbed card photos (screenshots are phone-sized, reported apart)
  const isShot = (o: Outcome) => o.c.docType === 'e_driver_license';
  const photo = outcomes.filter((o) => o.c.set === 'perturbed' && !isShot(o)).map((o) => o.ms);
  const scans = outcomes.filter((o) => o.c.set === 'clean' && !isShot(o)).map((o) => o.ms);
  const shots = outcomes.filter((o) => !isReal(o.c.set) && isShot(o)).map((o) => o.ms);
  const synth = outcomes.filter((o) => !isReal(o.c.set)).map((o) => o.ms);
  const real = outcomes.filter((o) => isReal(o.c.set)).map((o) => o.ms);
  const aug = outcomes.filter((o) => o.c.set === 'aug').map((o) => o.ms);
  const line = (name: string, xs: number[]) =>
    xs.length ? console.log(`  ${name.padEnd(34)} p50 ${quantile(xs, 0.5).toFixed(0).padStart(5)} ms   p95 ${quantile(xs, 0.95).toFixed(0).padStart(5)} ms   (n=${xs.length})`) : undefined;
  console.log('\nlatency per recognition after warm-up (targets: real photos p50 ≤ 800 ms, p95 ≤ 1500 ms)');
  line('perturbed 1280-px card photos', photo);
  line('clean 1280-px card scans', scans);
  line('e-licence screenshots', shots);
  line('all synthetic', synth);
  line('real photos', real);
  line('real aug photos', aug);
  line('photo checks (server/quality), all', outcomes.map((o) => o.qualityMs));
  const realCpu = outcomes.filter((o) => isReal(o.c.set)).map((o) => o.cpuMs);
  const synthCpu = outcomes.filter((o) => !isReal(o.c.set)).map((o) => o.cpuMs);
  console.log('CPU time per recognition (user + system, all threads; steadier than wall time on a shared machine)');
  line('all synthetic', synthCpu);
  line('real photos', realCpu);
  printStages(outcomes.filter((o) => isReal(o.c.set)), line);
  console.log(
    `\nmodel load: ${(stats.loadMs ?? loadWall).toFixed(0)} ms (engine's own timer; ${loadWall.toFixed(0)} ms wall incl. import)  (target ≤ 1000 ms)`,
  );
  console.log(`memory: RSS before load ${(rssBefore / 2 ** 20).toFixed(0)} MiB, peak RSS ${(peakRss / 2 ** 20).toFixed(0)} MiB`);
  console.log(`machine: ${process.platform} ${process.arch}, node ${process.version}; shared machines make timings noisy`);

  if (args.json) {
    const summary = {
      sets: Object.fromEntries(bySet),
      documents: Object.fromEntries([...byDoc].map(([k, m]) => [k, Object.fromEntries(m)])),
      pages: { wanted: pagesWanted, found: pagesFound },
      fields: Object.fromEntries([...byField].map(([k, m]) => [k, Object.fromEntries(m)])),
      latencyMs: { realP50: quantile(real, 0.5), realP95: quantile(real, 0.95), photoP50: quantile(photo, 0.5), photoP95: quantile(photo, 0.95), synthP50: quantile(synth, 0.5), synthP95: quantile(synth, 0.95) },
      cpuMs: { realP50: quantile(realCpu, 0.5), realP95: quantile(realCpu, 0.95), synthP50: quantile(synthCpu, 0.5), synthP95: quantile(synthCpu, 0.95) },
      loadMs: stats.loadMs ?? loadWall,
      peakRssBytes: peakRss,
      failures,
      doubt: doubtSummary,
    };
    await writeFile(args.json, JSON.stringify(summary, null, 2) + '\n');
  }
}

/** Where the time of real photos goes: each stage's p50/p95 over the photos, and its mean over the
 *  slowest tenth of them (what makes the p95). Wall milliseconds from the engine's own timers. */
function printStages(real: Outcome[], line: (name: string, xs: number[]) => void): void {
  const withStages = real.filter((o) => Object.keys(o.stages).length > 0);
  if (withStages.length === 0) return;
  const order = ['decode', 'detect', 'orient', 'regions', 'regionDetect', 'recognize', 'reread', 'extract', 'total'];
  const names = [...new Set(withStages.flatMap((o) => Object.keys(o.stages)))]
    .filter((k) => order.includes(k))
    .sort((a, b) => order.indexOf(a) - order.indexOf(b));
  console.log('per stage, real photos (engine timers, wall ms; a stage a photo skips counts 0)');
  for (const k of names) line(`  ${k}`, withStages.map((o) => o.stages[k] ?? 0));
  const slow = [...withStages].sort((a, b) => (b.stages.total ?? 0) - (a.stages.total ?? 0)).slice(0, Math.max(1, Math.ceil(withStages.length / 10)));
  const mean = (k: string) => slow.reduce((s, o) => s + (o.stages[k] ?? 0), 0) / slow.length;
  console.log(`  slowest ${slow.length} photo(s), mean ms: ${names.map((k) => `${k} ${mean(k).toFixed(0)}`).join(', ')}`);
}

await main();
