// node --import tsx scripts/bench/person-tuning.ts [--verbose] [--dump FILE-STEM] [--synth N]
// node --import tsx scripts/bench/person-tuning.ts --validation   (the overall figure only)
// Runs only the TUNING photos of the person documents (driving licence, ID card, electronic driving
// licence) through the local provider and prints each field that differs from the ground truth. The
// validation sources are never shown here: rules must not be tuned on them (see issue #12); with
// --validation their person photos are run and only the overall exact-field figure is printed.
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import sharp from 'sharp';
import { createLocalProvider } from '../../server/providers/local/index';
import { getExtractor } from '../../server/ocr/extract/index';
import { realFixtureDir, splitOf } from './real-split';
import { generateCard, SYNTH_KINDS } from '../synth/index';

const PERSON_DOCS = new Set(['driver_license', 'id_card', 'e_driver_license']);

interface Meta {
  file: string;
  docType: string;
  side: string;
  source?: { repo?: string };
  fields?: Record<string, string>;
  pages?: Record<string, Record<string, string>>;
}

async function main(): Promise<void> {
  const REAL_DIR = realFixtureDir();
  if (!REAL_DIR) throw new Error('real fixtures not found');
  const validation = process.argv.includes('--validation');
  const verbose = process.argv.includes('--verbose') && !validation;
  const provider = createLocalProvider();
  const dumpAt = process.argv.indexOf('--dump');
  const dump = dumpAt > 0 && !validation ? process.argv[dumpAt + 1] : undefined;
  let right = 0;
  let total = 0;
  for (const f of (await readdir(REAL_DIR)).filter((n) => n.endsWith('.json')).sort()) {
    const meta = JSON.parse(await readFile(path.join(REAL_DIR, f), 'utf8')) as Meta;
    if (!PERSON_DOCS.has(meta.docType) || splitOf(meta.source) !== (validation ? 'validate' : 'tune')) continue;
    if (dump && !meta.file.startsWith(dump)) continue;
    const bytes = await readFile(path.join(REAL_DIR, meta.file));
    if (dump) dumpLines(meta.docType);
    const m = await sharp(bytes).metadata();
    const mime = m.format === 'png' ? 'image/png' : 'image/jpeg';
    const pages = meta.pages ?? { [meta.side]: meta.fields ?? {} };
    for (const [side, truth] of Object.entries(pages)) {
      if (side !== 'front' && side !== 'back') continue;
      const t0 = performance.now();
      // a page the engine cannot read at all counts as every field missed
      const result = await provider
        .recognize({ bytes, mime, width: m.width ?? 0, height: m.height ?? 0 }, { docType: meta.docType, side })
        .then((o) => o.result, () => ({ fields: {} as Record<string, { value: string }> }));
      const ms = performance.now() - t0;
      const misses: string[] = [];
      for (const [key, want] of Object.entries(truth)) {
        total++;
        const got = result.fields[key]?.value ?? '';
        if (got === want) right++;
        else misses.push(`  ${key}: got ${JSON.stringify(got)} want ${JSON.stringify(want)}`);
      }
      // a field the truth leaves out must not be invented either (blank pages, masked values)
      const extra = Object.entries(result.fields).filter(([k, v]) => !(k in truth) && v.value && v.value !== '');
      if (validation) continue; // never per photo or per field: only the overall figure below
      console.log(`${meta.file}#${side} (${ms.toFixed(0)} ms): ${Object.keys(truth).length - misses.length}/${Object.keys(truth).length}`);
      for (const l of misses) console.log(l);
      if (verbose) for (const [k, v] of extra) console.log(`  (not in truth) ${k}: ${JSON.stringify(v.value)}`);
    }
  }
  const synthAt = process.argv.indexOf('--synth');
  const nSynth = synthAt > 0 && !validation ? Number(process.argv[synthAt + 1]) : 0;
  // perturbed synthetic person cards (seeds apart from the benchmark's), for failure modes the few
  // tuning photos do not show
  for (let i = 0; i < nSynth; i++) {
    for (const k of SYNTH_KINDS.filter((x) => PERSON_DOCS.has(x.docType))) {
      const card = await generateCard({ ...k, seed: 500_000 + i, perturbed: true });
      if (dump && dump !== 'none' && card.id !== dump) continue;
      if (dump === card.id) dumpLines(card.docType);
      const { result } = await provider.recognize({ bytes: card.image, mime: card.mime, width: card.width, height: card.height }, { docType: card.docType, side: card.side });
      const misses = Object.entries(card.fields).filter(([key, want]) => (result.fields[key]?.value ?? '') !== want);
      total += Object.keys(card.fields).length;
      right += Object.keys(card.fields).length - misses.length;
      if (misses.length) console.log(`${card.id}: ${misses.map(([key, want]) => `${key}: got ${JSON.stringify(result.fields[key]?.value ?? '')} want ${JSON.stringify(want)}`).join('; ')}`);
    }
  }
  console.log(`${validation ? 'VALIDATION' : 'tuning'} person fields exact: ${right}/${total} (${((100 * right) / Math.max(1, total)).toFixed(1)} %)`);
}

/** Prints the lines the extractor is given (text, mean score, low-score characters, box). */
function dumpLines(docType: string): void {
  const x = getExtractor(docType);
  if (!x) return;
  const inner = x.extract.bind(x);
  x.extract = async (ctx, side) => {
    for (const l of ctx.lines) {
      const low = [...l.text].map((ch, i) => ({ ch, s: l.chars[i]?.score ?? 1 })).filter((c) => c.s < 0.8).map((c) => `${c.ch}${c.s.toFixed(2)}`);
      const b = l.box.map(([px, py]) => `${Math.round(px)},${Math.round(py)}`).join(' ');
      console.log(`    ${JSON.stringify(l.text)} ${l.score.toFixed(2)} red=${l.red.toFixed(2)} [${b}] ${low.join(' ')}`);
    }
    return inner(ctx, side);
  };
}

await main();
