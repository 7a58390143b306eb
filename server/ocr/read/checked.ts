// Fixed-length codes that carry a check character — the VIN (GB 16735, position 9) and the citizen ID
// number (GB 11643, position 18) — read under their grammar. The engine's first choice is kept when it
// passes; otherwise the fewest, most probable changes among the engine's own alternatives that pass
// are taken, and only when no other change of similar probability passes too (a check character
// catches 10 of 11 random errors: an ambiguous fix is no fix).
import { isRealDate } from '../../../core/normalize/date';
import { isValidIdNumber } from '../../../core/validate/id-number';
import { isValidVin } from '../../../core/validate/vin';
import { meanP, slotOptions, type ReadChar, type SlotOption } from './choices';
import { toDigits } from './confusions';

export interface CodeReading {
  value: string;
  confidence: number;
  changed: boolean;
}

/** A change must be this much likelier than the next passing one to be taken. */
const UNAMBIGUOUS_RATIO = 4;
/** Changes considered at most (two misread characters of a 17–18 character code). */
const MAX_CHANGES = 2;
/** An alternative must have at least this probability, and this share of the first choice's, to be a
 *  candidate change: a check character passes by chance once in 11, so a faint alternative that
 *  happens to pass is no evidence (a specimen's VIN printed with a wrong check digit stays as printed). */
const MIN_CHANGE_P = 0.15;
const MIN_CHANGE_RATIO = 0.3;

interface CodeGrammar {
  length: number;
  alphabet: (ch: string, i: number) => boolean;
  valid: (s: string) => boolean;
}

const VIN_CHARS = /^[A-HJ-NPR-Z0-9]$/;
const VIN: CodeGrammar = { length: 17, alphabet: (ch) => VIN_CHARS.test(ch), valid: isValidVin };
const ID_NUMBER: CodeGrammar = {
  length: 18,
  alphabet: (ch, i) => (ch >= '0' && ch <= '9') || (i === 17 && ch === 'X'),
  valid: (s) => isValidIdNumber(s) && isRealDate(`${s.slice(6, 10)}-${s.slice(10, 12)}-${s.slice(12, 14)}`),
};

function readCode(chars: readonly ReadChar[], g: CodeGrammar): CodeReading | null {
  const slots: SlotOption[][] = [];
  for (const c of chars) {
    const i = slots.length;
    const opts = slotOptions(c, (ch) => g.alphabet(ch, i));
    if (opts.length) slots.push(opts);
  }
  if (slots.length !== g.length) return null;
  const first = slots.map((s) => s[0]!);
  const firstValue = first.map((o) => o.ch).join('');
  const firstP = first.reduce((p, o) => p * o.p, 1);
  if (g.valid(firstValue)) return { value: firstValue, confidence: meanP(firstP, g.length), changed: false };

  // candidate single changes, each with its cost (probability ratio to the first choice)
  const changes: { i: number; ch: string; ratio: number }[] = [];
  slots.forEach((s, i) => {
    for (const o of s.slice(1)) if (o.p >= MIN_CHANGE_P && o.p >= MIN_CHANGE_RATIO * s[0]!.p) changes.push({ i, ch: o.ch, ratio: o.p / s[0]!.p });
  });
  const passing: { value: string; ratio: number }[] = [];
  const apply = (cs: { i: number; ch: string }[]) => {
    const a = first.map((o) => o.ch);
    for (const c of cs) a[c.i] = c.ch;
    return a.join('');
  };
  for (const c of changes) {
    const v = apply([c]);
    if (g.valid(v)) passing.push({ value: v, ratio: c.ratio });
  }
  if (MAX_CHANGES >= 2) {
    for (let a = 0; a < changes.length; a++) {
      for (let b = a + 1; b < changes.length; b++) {
        if (changes[a]!.i === changes[b]!.i) continue;
        const v = apply([changes[a]!, changes[b]!]);
        if (g.valid(v)) passing.push({ value: v, ratio: changes[a]!.ratio * changes[b]!.ratio });
      }
    }
  }
  passing.sort((x, y) => y.ratio - x.ratio);
  const [best, next] = passing;
  if (!best || (next && best.ratio < UNAMBIGUOUS_RATIO * next.ratio)) {
    return { value: firstValue, confidence: meanP(firstP, g.length), changed: false };
  }
  return { value: best.value, confidence: meanP(firstP * best.ratio, g.length), changed: true };
}

/** A VIN of exactly 17 characters, check digit satisfied when the engine's alternatives allow it. */
export function readVin(chars: readonly ReadChar[]): CodeReading | null {
  return readCode(chars, VIN);
}

/** An 18-character citizen ID number (also the driving licence number), checksum and birth date real. */
export function readIdNumber(chars: readonly ReadChar[]): CodeReading | null {
  return readCode(chars, ID_NUMBER);
}

/** A citizen-ID-shaped number (17 digits + digit/X, or 15 digits) in plain text (no per-character
 *  scores), letters the engine confuses with digits mapped. When noise is glued on (a digit of the
 *  label read twice), the 18-character window that best looks like an ID wins. */
export function findIdNumber(raw: string): string | null {
  const t = toDigits(raw.replace(/x/g, 'X')).replace(/[^0-9X]/g, '');
  if (/^\d{17}[\dX]$/.test(t) || /^\d{15}$/.test(t)) return t;
  if (t.length < 18) return null;
  const windows: string[] = [];
  for (let i = 0; i + 18 <= t.length; i++) {
    const w = t.slice(i, i + 18);
    if (/^\d{17}[\dX]$/.test(w)) windows.push(w);
  }
  if (!windows.length) return null;
  // a wrong window passes the check by chance one time in eleven: weigh the embedded birth date and
  // province code too; on a tie the later window (noise sits on the label's side)
  const score = (w: string) => (isValidIdNumber(w) ? 4 : 0) + (plausibleBirth(w.slice(6, 14)) ? 2 : 0) + (/^[1-8][1-7]/.test(w) ? 1 : 0);
  return windows.reduce((best, w) => (score(w) >= score(best) ? w : best));
}

function plausibleBirth(yyyymmdd: string): boolean {
  const y = Number(yyyymmdd.slice(0, 4));
  return y >= 1900 && y <= 2100 && isRealDate(`${yyyymmdd.slice(0, 4)}-${yyyymmdd.slice(4, 6)}-${yyyymmdd.slice(6, 8)}`);
}
