import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

// The real photos are split by where they come from: a tuning part that may be looked at and tuned on,
// and a validation part that is only measured (never opened, no rule adjusted for one of them). A
// source not listed here — any photo added later — is validation by default.
export const TUNING_SOURCES: readonly string[] = [
  'huaweicloudsdk/ais-sdk',
  'suguangnet/baidu-ocr-sdk-xingshizheng',
  'chineseocr/chineseocr',
  'stonegithubs/wuyoux',
  'qiumax/laoshiji_sj',
  'mazaiting/Facepp',
];

/** 'tune' or 'validate' for a fixture's `source` (an object with `repo`, or a sentence naming it). */
export function splitOf(source: unknown): 'tune' | 'validate' {
  const text = typeof source === 'string' ? source : source && typeof source === 'object' && 'repo' in source ? String(source.repo) : '';
  return TUNING_SOURCES.some((s) => text.includes(s)) ? 'tune' : 'validate';
}

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/** The folder of real photos a benchmark reads: the one asked for, else the whole shared set beside the
 *  repository when present (it holds photos the repository may not redistribute), else the repository's
 *  own test/fixtures/real. */
export function realFixtureDir(asked?: string): string | null {
  const candidates = [asked, process.env.LICENSELENS_FIXTURES, path.resolve(ROOT, '../shared/fixtures/real'), path.join(ROOT, 'test/fixtures/real')];
  return candidates.find((d): d is string => !!d && existsSync(d)) ?? null;
}
