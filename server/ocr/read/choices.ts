// What the recogniser saw at each character position, seen through one field's alphabet. A reader
// (dates, VIN, ID numbers, …) picks one option per slot; the options come only from the engine's own
// alternatives (mapped through the one confusion table), so a choice is never an invented character.
import type { CharAlt } from '../engine';
import { CONFUSIONS } from './confusions';

/** One read character with the alternatives the engine kept (chosen first), as layout values carry them. */
export interface ReadChar {
  ch: string;
  score: number;
  alts?: readonly CharAlt[] | undefined;
}

export interface SlotOption {
  ch: string;
  p: number;
}

/** The alternatives least worth considering: below this a grammar may not pick a character. */
export const MIN_OPTION_P = 0.02;

/** Options of one position inside `alphabet`, best first, each character once (a read outside the
 *  alphabet that is a known look-alike — O for 0, Ø for 0 — counts as the character it stands for,
 *  with its probability). */
export function slotOptions(c: ReadChar, alphabet: (ch: string) => boolean): SlotOption[] {
  const raw: CharAlt[] = c.alts?.length ? [...c.alts] : [{ ch: c.ch, p: c.score }];
  if (!raw.some((a) => a.ch === c.ch)) raw.unshift({ ch: c.ch, p: c.score });
  const out = new Map<string, number>();
  for (const a of raw) {
    if (a.p < MIN_OPTION_P && a.ch !== c.ch) continue;
    // A character the field allows stands for itself: its look-alikes (G for 6) are guesses the engine
    // did not make, and taken at its probability they would rival every real alternative.
    for (const ch of alphabet(a.ch) ? [a.ch] : [a.ch, ...(CONFUSIONS[a.ch] ?? [])]) {
      if (!alphabet(ch)) continue;
      out.set(ch, Math.max(out.get(ch) ?? 0, a.p));
    }
  }
  return [...out].map(([ch, p]) => ({ ch, p })).sort((a, b) => b.p - a.p);
}

export const isDigit = (ch: string) => ch >= '0' && ch <= '9';

/** Every combination of the slots' options that `accept` takes, most probable first (product of
 *  probabilities); `limit` bounds the search. Slots are few (≤ 8 per group) and options ≤ 4 each. */
export function combinations(slots: readonly SlotOption[][], accept: (s: string) => boolean, limit = 4096): { s: string; p: number }[] {
  const out: { s: string; p: number }[] = [];
  let visited = 0;
  const walk = (i: number, prefix: string, p: number) => {
    if (visited++ > limit) return;
    if (i === slots.length) {
      if (accept(prefix)) out.push({ s: prefix, p });
      return;
    }
    for (const o of slots[i]!) walk(i + 1, prefix + o.ch, p * o.p);
  };
  walk(0, '', 1);
  return out.sort((a, b) => b.p - a.p);
}

/** Geometric mean of the chosen options' probabilities: the reading's confidence. */
export function meanP(p: number, n: number): number {
  return n === 0 ? 0 : Math.pow(p, 1 / n);
}
