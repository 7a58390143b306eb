// Free codes printed in the card's font (engine numbers, the model code after 牌): no check character
// to decide by, but the font prints zeros slashed (Ø), which the recogniser misreads in photos as 8, 6
// or 9 while still seeing a 0 there. A digit read unsurely with a 0 among its own alternatives is that
// zero. Measured: on 152 digits 8/6/9 of synthetic photos read right, none had a 0 alternative
// (p < 0.01, scores ≥ 0.99); the misread slashed zeros of the tuning photos had one at 0.20.
import { CONFUSIONS } from './confusions';
import type { ReadChar } from './choices';

/** Below this score a digit is unsure enough to be a misread slashed zero. */
const UNSURE = 0.9;
/** …when a zero had at least this probability at the same position. */
const ZERO_P = 0.15;
const SLASHED_ZERO_MISREADS = new Set(['8', '6', '9']);

const zeroP = (c: ReadChar) => Math.max(0, ...(c.alts ?? []).filter((a) => a.ch === '0' || CONFUSIONS[a.ch]?.includes('0')).map((a) => a.p));

/** A zero this likely at an 8, 6 or 9 that stays as read: right digits have none (p < 0.01, above), so
 *  the digit may still be a slashed zero (a right 8 of a tiny scan had one at 0.018, misread zeros at
 *  0.06–0.08) and the reading is not sure. */
const AMBIGUOUS_ZERO_P = 0.03;
/** The confidence such a reading keeps at most: below the doubt threshold (core/result/doubt.ts), so
 *  the user checks it (a tiny scan's 0 read as 8 at 0.82 with a zero at 0.08). */
export const AMBIGUOUS_ZERO_CONFIDENCE = 0.75;

/** The code as printed: slashed zeros the engine read as another digit restored to 0. `ambiguous`: a
 *  digit kept as read had a zero among its alternatives (the confidence says so too). */
export function readSlashedZeros(chars: readonly ReadChar[]): { value: string; confidence: number; changed: boolean; ambiguous: boolean } {
  let changed = false;
  let ambiguous = false;
  let confidence = 1;
  const value = chars
    .map((c) => {
      confidence = Math.min(confidence, c.score);
      if (!SLASHED_ZERO_MISREADS.has(c.ch)) return c.ch;
      if (c.score < UNSURE && zeroP(c) >= ZERO_P) {
        changed = true;
        confidence = Math.min(confidence, zeroP(c));
        return '0';
      }
      if (zeroP(c) >= AMBIGUOUS_ZERO_P) {
        ambiguous = true;
        confidence = Math.min(confidence, AMBIGUOUS_ZERO_CONFIDENCE);
      }
      return c.ch;
    })
    .join('');
  return { value, confidence, changed, ambiguous };
}
