// Plates (core/validate/plate: GA 36) read under their grammar: a province character, an authority
// letter, then five characters (six for new-energy plates), each chosen among what the engine saw there
// — a province misread as a look-alike (奥 for 粤) or a slashed zero read as O is resolved only when the
// engine itself offered the right character.
import { PROVINCES, validatePlate } from '../../../core/validate/plate';
import { combinations, meanP, slotOptions, type ReadChar, type SlotOption } from './choices';
import type { CodeReading } from './checked';

const AUTHORITY = /^[A-HJ-NP-Z]$/;
const SERIAL = /^[A-HJ-NP-Z0-9警学挂港澳使领]$/u;
/** A six-character serial (new energy) must be at least this likely relative to the five-character one. */
const LONGER_RATIO = 0.5;

export function readPlate(chars: readonly ReadChar[]): CodeReading | null {
  const cs = chars.filter((c) => c.ch.trim() !== '' && !/^[·.\-]$/.test(c.ch));
  let best: { s: string; p: number; n: number; first: string } | null = null;
  for (let start = 0; start + 7 <= cs.length && !best; start++) {
    const prov = slotOptions(cs[start]!, (ch) => PROVINCES.includes(ch) && ch.length === 1);
    if (prov.length === 0) continue;
    const slots: SlotOption[][] = [prov, slotOptions(cs[start + 1]!, (ch) => AUTHORITY.test(ch))];
    for (let k = start + 2; k < Math.min(cs.length, start + 8); k++) slots.push(slotOptions(cs[k]!, (ch) => SERIAL.test(ch)));
    const valid = (s: string) => validatePlate(s).warnings.length === 0;
    const firstOf = (n: number) => cs.slice(start, start + n).map((c) => c.ch).join('');
    const seven = slots.length >= 7 && slots.slice(0, 7).every((s) => s.length) ? combinations(slots.slice(0, 7), valid, 2000)[0] : undefined;
    const eight = slots.length >= 8 && slots.every((s) => s.length) ? combinations(slots.slice(0, 8), valid, 4000)[0] : undefined;
    if (eight && (!seven || eight.p >= LONGER_RATIO * seven.p)) best = { ...eight, n: 8, first: firstOf(8) };
    else if (seven) best = { ...seven, n: 7, first: firstOf(7) };
  }
  return best && { value: best.s, confidence: meanP(best.p, best.n), changed: best.s !== best.first };
}
