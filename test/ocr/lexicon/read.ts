// Scored characters for lexicon tests, written inline: `安[微]省` reads 微 with a low score,
// `[送|遂逆]` also lists the recogniser's other candidates (遂, 逆) for that character.
import { SNAP_MAX_SCORE, type ScoredChar } from '../../../server/ocr/lexicon/snap';

/** A score the rule treats as sure, and one it treats as unsure. */
export const SURE = 0.99;
export const UNSURE = SNAP_MAX_SCORE - 0.3;

export function read(spec: string): ScoredChar[] {
  const out: ScoredChar[] = [];
  const re = /\[([^\]|]+)(?:\|([^\]]*))?\]|([^[])/gu;
  for (const m of spec.matchAll(re)) {
    if (m[3] !== undefined) out.push({ ch: m[3], score: SURE });
    else for (const ch of m[1]!) out.push({ ch, score: UNSURE, ...(m[2] ? { alts: [...m[2]] } : {}) });
  }
  return out;
}
