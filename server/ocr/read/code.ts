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

/** The code as printed: slashed zeros the engine read as another digit restored to 0. */
export function readSlashedZeros(chars: readonly ReadChar[]): { value: string; confidence: number; changed: boolean } {
  let changed = false;
  let confidence = 1;
  const value = chars
    .map((c) => {
      confidence = Math.min(confidence, c.score);
      if (SLASHED_ZERO_MISREADS.has(c.ch) && c.score < UNSURE && zeroP(c) >= ZERO_P) {
        changed = true;
        confidence = Math.min(confidence, zeroP(c));
        return '0';
      }
      return c.ch;
    })
    .join('');
  return { value, confidence, changed };
}
