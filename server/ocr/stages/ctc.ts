// CTC decoding of the recogniser's per-timestep distributions (PaddleOCR's CTCLabelDecode), keeping the
// top candidates per character so field readers can choose among what the model saw.
import type { CharAlt } from '../types';

/** Candidates kept per emitted character, and the least probability worth keeping. */
const ALT_COUNT = 4;
const ALT_MIN_P = 0.01;

export function ctcDecode(
  data: Float32Array,
  offset: number,
  steps: number,
  classes: number,
  dict: string[],
): { text: string; score: number; chars: { step: number; score: number; alts: CharAlt[] }[] } {
  let text = '';
  const chars: { step: number; score: number; alts: CharAlt[] }[] = [];
  let prev = -1;
  // The classes worth keeping as rivals are noted during the one pass that finds the best class, so
  // a step is scanned once (~6 600 classes), not again for its rivals.
  const kept: number[] = [];
  for (let s = 0; s < steps; s++) {
    const row = offset + s * classes;
    let best = 0;
    let bestP = data[row]!;
    kept.length = 0;
    for (let c = 1; c < classes; c++) {
      const p = data[row + c]!;
      if (p > bestP) {
        bestP = p;
        best = c;
      }
      if (!(p < ALT_MIN_P)) kept.push(c);
    }
    if (best !== 0 && best !== prev) {
      text += dict[best] ?? '';
      chars.push({ step: s, score: bestP, alts: topAlternatives(data, row, kept, dict) });
    } else if (best !== 0 && best === prev && chars.length) {
      // the same character held over several steps: its rivals may peak on a later step
      mergeAlternatives(chars[chars.length - 1]!.alts, topAlternatives(data, row, kept, dict));
    }
    prev = best;
  }
  const score = chars.length ? chars.reduce((a, c) => a + c.score, 0) / chars.length : 0;
  return { text, score, chars };
}

/** The most probable non-blank classes of one time step, among its classes of at least ALT_MIN_P
 *  (`kept`, in class order). */
function topAlternatives(data: Float32Array, row: number, kept: readonly number[], dict: string[]): CharAlt[] {
  const top: { c: number; p: number }[] = [];
  for (const c of kept) {
    const p = data[row + c]!;
    if (top.length === ALT_COUNT && p <= top[ALT_COUNT - 1]!.p) continue;
    top.push({ c, p });
    top.sort((a, b) => b.p - a.p);
    if (top.length > ALT_COUNT) top.pop();
  }
  return top.map(({ c, p }) => ({ ch: dict[c] ?? '', p }));
}

function mergeAlternatives(into: CharAlt[], more: CharAlt[]): void {
  for (const a of more) {
    const have = into.find((x) => x.ch === a.ch);
    if (have) have.p = Math.max(have.p, a.p);
    else into.push(a);
  }
  into.sort((a, b) => b.p - a.p);
  into.splice(ALT_COUNT);
}
