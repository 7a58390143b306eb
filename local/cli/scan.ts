// `licenselens scan <image…> [--doc vehicle_license] [--side front|back|auto]
//   [--provider auto|local|wechat|juhe|kuaitong] [--json]`
// Runs the recognition pipeline on each photo in one process. With --json stdout carries exactly the
// result contract (an array when several photos are given) and nothing else; errors go to stderr. A
// photo holding both pages of a document is one result whose `pages` lists every page.
import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { PROVIDER_NAMES, RequestedSideSchema, type ProviderName, type RecognitionPage, type RequestedSide } from '../../core/contracts/result';
import { sideLabel } from '../../core/documents/labels';
import { resultPages } from '../../core/result/pages';
import { DOCUMENTS, fieldDefs, findField, getDocument } from '../../core/documents/registry';
import { loadConfig } from '../../server/config';
import { isIntakeError } from '../../server/intake/index';
import { createPipeline, type Attempt, type RecognizeOutcome } from '../../server/pipeline/index';
import { fieldLexicon } from '../../server/ocr/lexicon/fields';
import { createProviders } from '../../server/providers/index';
import type { CliIo } from './index';

const USAGE = `usage: licenselens scan <image…> [--doc <docType>] [--side front|back|auto]
                       [--provider auto|local|wechat|juhe|kuaitong] [--json]

Recognizes each photo (JPEG, PNG or WebP) and prints the fields.
  --doc       document type (default vehicle_license; ${DOCUMENTS.length} known, e.g. id_card, driver_license)
  --side      front, back or auto (default auto) for two-sided documents
  --provider  a provider to use alone, or auto (default) to follow OCR_ROUTES
  --json      print the result contract as JSON (an array for several photos) and nothing else;
              a photo holding both pages gives one result with every page in its "pages"
Provider keys come from the environment (WECHAT_APPID/WECHAT_SECRET, JUHE_KEY, KUAITONG_APPCODE/KUAITONG_URL).
`;

export type Scan = { file: string; outcome: RecognizeOutcome } | { file: string; refused: { code: string; message: string } };

/** Exit codes: 0 every photo recognized, 1 at least one was not, 2 bad usage or configuration. */
export async function run(args: string[], io: CliIo): Promise<number> {
  let parsed: ReturnType<typeof parse>;
  try {
    parsed = parse(args);
  } catch (e) {
    return usageError(io, e instanceof Error ? e.message : String(e));
  }
  const { values, positionals } = parsed;
  if (values.help) {
    io.stdout(USAGE);
    return 0;
  }
  if (positionals.length === 0) return usageError(io, 'give at least one image');
  const docType = values.doc ?? 'vehicle_license';
  if (!getDocument(docType)) return usageError(io, `unknown document type "${docType}" (known: ${DOCUMENTS.map((d) => d.id).join(', ')})`);
  const sideParsed = RequestedSideSchema.safeParse(values.side ?? 'auto');
  if (!sideParsed.success) return usageError(io, `--side must be front, back or auto, got "${values.side}"`);
  const side: RequestedSide = sideParsed.data;
  const providerArg = values.provider ?? 'auto';
  if (providerArg !== 'auto' && !(PROVIDER_NAMES as readonly string[]).includes(providerArg)) {
    return usageError(io, `--provider must be auto, ${PROVIDER_NAMES.join(', ')}; got "${providerArg}"`);
  }
  const provider = providerArg as ProviderName | 'auto';

  let config: ReturnType<typeof loadConfig>;
  try {
    config = loadConfig(process.env);
  } catch (e) {
    io.stderr(`licenselens scan: configuration error: ${e instanceof Error ? e.message : String(e)}\n`);
    return 2;
  }
  const pipeline = createPipeline({ ...createProviders(config), routes: config.routes, lexicon: fieldLexicon });

  const scans: Scan[] = [];
  for (const file of positionals) {
    let bytes: Buffer;
    try {
      bytes = await readFile(file);
    } catch (e) {
      scans.push({ file, refused: { code: 'UNREADABLE', message: `无法读取文件：${e instanceof Error ? e.message : String(e)}` } });
      continue;
    }
    try {
      scans.push({ file, outcome: await pipeline.recognize(bytes, { docType, side, provider }) });
    } catch (e) {
      if (!isIntakeError(e)) throw e;
      scans.push({ file, refused: { code: e.code, message: e.message } });
    }
  }

  for (const s of scans) {
    const failure = 'refused' in s ? s.refused : s.outcome.ok ? undefined : s.outcome.error;
    if (failure) io.stderr(`licenselens scan: ${s.file}: ${failure.message} (${failure.code})\n`);
  }
  if (values.json) {
    const results = scans.map((s) => ('outcome' in s && s.outcome.ok ? s.outcome.result : null));
    if (positionals.length === 1) {
      if (results[0]) io.stdout(`${JSON.stringify(results[0], null, 2)}\n`);
    } else {
      // Positions follow the arguments; a photo that was not recognized is null (reason on stderr).
      io.stdout(`${JSON.stringify(results, null, 2)}\n`);
    }
  } else {
    io.stdout(scans.map(human).join('\n'));
  }
  return scans.every((s) => 'outcome' in s && s.outcome.ok) ? 0 : 1;
}

/** The table a person reads: every page of the photo with its own title. */
export function human(s: Scan): string {
  const lines = [`照片：${s.file}`];
  if ('refused' in s) return `${[...lines, `  未识别：${s.refused.message}`].join('\n')}\n`;
  const { outcome } = s;
  if (!outcome.ok) {
    lines.push(`  未识别：${outcome.error.message}`);
  } else {
    const pages = resultPages(outcome.result);
    if (pages.length > 1) lines.push(`  照片中有 ${pages.length} 页`);
    pages.forEach((r, i) => {
      const doc = getDocument(r.docType);
      const side = sideLabel(r.docType, r.side);
      // Provider and time belong to the photo: said once, on its first page.
      const about = i === 0 ? `  识别服务：${outcome.provider}  用时：${Math.round(outcome.timings.totalMs)} ms` : '';
      lines.push(`证件：${doc?.name ?? r.docType}${side ? `（${side}）` : ''}${about}`);
      lines.push(...fieldTable(r));
      const extra = Object.entries(r.extra);
      if (extra.length) lines.push(`  其他字段：${extra.map(([k, v]) => `${k}=${typeof v === 'string' ? v : JSON.stringify(v)}`).join('，')}`);
      for (const w of r.warnings) lines.push(`  ⚠ ${w.message}`);
    });
  }
  lines.push(`  尝试：${outcome.attempts.map(attemptText).join(' → ') || '无'}`);
  return `${lines.join('\n')}\n`;
}

function fieldTable(r: RecognitionPage): string[] {
  const ordered = fieldDefs(r.docType, r.side).map((f) => f.key);
  const keys = [...ordered.filter((k) => k in r.fields), ...Object.keys(r.fields).filter((k) => !ordered.includes(k))];
  const labels = keys.map((k) => findField(r.docType, k, r.side)?.label ?? k);
  const width = Math.max(0, ...labels.map(displayWidth));
  return keys.map((k, i) => {
    const f = r.fields[k]!;
    const label = labels[i]!;
    const notes = [
      ...f.warnings.map((w) => `⚠ ${w.message}`),
      ...(f.suggestion !== undefined ? [`建议：${f.suggestion}`] : []),
    ];
    return `  ${label}${' '.repeat(width - displayWidth(label))}  ${f.value || '—'}${notes.length ? `  ${notes.join('；')}` : ''}`;
  });
}

function attemptText(a: Attempt): string {
  if (a.ok) return `${a.provider} 成功（${Math.round(a.durationMs)} ms）`;
  if (a.code === 'SKIPPED') return `${a.provider} 跳过（${a.message ?? ''}）`;
  return `${a.provider} ${a.code}${a.providerCode ? `/${a.providerCode}` : ''}（${a.message ?? ''}）`;
}

/** Terminal columns: CJK and full-width characters take two. */
function displayWidth(s: string): number {
  let w = 0;
  for (const ch of s) w += /[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]/.test(ch) ? 2 : 1;
  return w;
}

function parse(args: string[]) {
  return parseArgs({
    args,
    allowPositionals: true,
    strict: true,
    options: {
      doc: { type: 'string', short: 'd' },
      side: { type: 'string', short: 's' },
      provider: { type: 'string', short: 'p' },
      json: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
  });
}

function usageError(io: CliIo, message: string): number {
  io.stderr(`licenselens scan: ${message}\n\n${USAGE}`);
  return 2;
}
