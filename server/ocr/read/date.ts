// Dates as cards print them (2018-06-14, 2018.6.14, 2018年06月14日, 20180614), read under the date
// grammar: among what the engine saw at each digit, the most probable reading that is a real date in
// [earliest, today]. A slashed zero read as 8 or 6 ("2816-61-15") becomes 0 only when the engine also
// saw a 0 (or a confusable of it) there and nothing else makes a real date.
import { chinaToday, isRealDate } from '../../../core/normalize/date';
import { combinations, isDigit, meanP, slotOptions, type ReadChar, type SlotOption } from './choices';
import { digitsInText, toDigits } from './confusions';

const SEPARATOR = /^[-./年月日—–_:]$/;

export interface DateReading {
  value: string;
  /** Geometric mean of the chosen digits' probabilities. */
  confidence: number;
  /** True when a digit other than the engine's first choice was taken. */
  changed: boolean;
}

export interface DateGrammar {
  earliest?: string;
  /** Latest acceptable date (default today in China); expiry dates pass a later one. */
  latest?: string;
  now?: Date;
  /** The document prints two-digit months and days: a one-digit group means a digit was lost. */
  padded?: boolean;
}

/** Confidence kept by a reading that had to pad a group the document prints with two digits. */
const UNPADDED_PENALTY = 0.3;

/** Digit groups of a date: separators split them; other characters are noise around the date. */
function groups(chars: readonly ReadChar[]): SlotOption[][][] {
  const out: SlotOption[][][] = [];
  let cur: SlotOption[][] = [];
  const flush = () => {
    if (cur.length) out.push(cur);
    cur = [];
  };
  for (const c of chars) {
    if (SEPARATOR.test(c.ch)) {
      flush();
      continue;
    }
    const opts = slotOptions(c, isDigit);
    if (opts.length === 0) {
      flush();
      continue;
    }
    cur.push(opts);
  }
  flush();
  return out;
}

/** The best real date among the readings of `chars`, or null when no reading has a date's shape. */
export function readDate(chars: readonly ReadChar[], grammar: DateGrammar = {}): DateReading | null {
  const latest = grammar.latest ?? chinaToday(grammar.now ?? new Date());
  const earliest = grammar.earliest ?? '1900-01-01';
  const gs = groups(chars);
  const layouts: { y: SlotOption[][]; m: SlotOption[][]; d: SlotOption[][] }[] = [];
  for (let i = 0; i + 2 < gs.length + 0; i++) {
    const [y, m, d] = [gs[i]!, gs[i + 1]!, gs[i + 2]!];
    if (y.length >= 4 && m.length >= 1 && m.length <= 2 && d.length >= 1) {
      // a year glued to text before it keeps its last four digits; a day glued to text after, its first two
      layouts.push({ y: y.slice(-4), m, d: d.slice(0, Math.min(2, d.length)) });
    }
  }
  for (const g of gs) if (g.length === 8) layouts.push({ y: g.slice(0, 4), m: g.slice(4, 6), d: g.slice(6, 8) });
  let best: (DateReading & { p: number }) | null = null;
  for (const l of layouts) {
    const slots = [...l.y, ...l.m, ...l.d];
    const firstChoice = slots.map((s) => s[0]!.ch).join('');
    const ys = combinations(l.y, (s) => s >= earliest.slice(0, 4) && s <= latest.slice(0, 4));
    const ms = combinations(l.m, (s) => Number(s) >= 1 && Number(s) <= 12);
    const ds = combinations(l.d, (s) => Number(s) >= 1 && Number(s) <= 31);
    for (const y of ys.slice(0, 8)) {
      for (const m of ms.slice(0, 6)) {
        for (const d of ds.slice(0, 6)) {
          const value = `${y.s}-${m.s.padStart(2, '0')}-${d.s.padStart(2, '0')}`;
          if (!isRealDate(value) || value > latest || value < earliest) continue;
          const p = y.p * m.p * d.p;
          if (!best || p > best.p) {
            const short = grammar.padded && (m.s.length < 2 || d.s.length < 2);
            best = { value, p, confidence: meanP(p, slots.length) * (short ? UNPADDED_PENALTY : 1), changed: y.s + m.s + d.s !== firstChoice };
          }
        }
      }
    }
  }
  return best && { value: best.value, confidence: best.confidence, changed: best.changed };
}

// ---- dates in plain text (no per-character scores: a whole line, a record) ----------------------

/** Years a printed date can carry on these documents (births from 1900, expiries up to 2100): outside
 *  them a date was misread ("0098-03-03"), and no date is better than a wrong one. */
const FIRST_YEAR = 1900;
const LAST_YEAR = 2100;

const DATE_IN_TEXT = /(\d{4})\s*[-./年]\s*(\d{1,2})\s*[-./月]\s*(\d{1,2})\s*日?/g;
const COMPACT_IN_TEXT = /(?<!\d)(\d{4})(\d{2})(\d{2})(?!\d)/g;

/** The card font's slashed zero is read as 6, 8 or 9 where only a 0 fits: month and day tens. */
function fixTens(part: string, max: number): string {
  if (part.length === 2 && Number(part) > max && /[689]/.test(part[0]!)) return '0' + part[1];
  return part;
}

function toIso(y: string, m: string, d: string): string | null {
  const year = /^2[689]\d\d$/.test(y) && Number(y) > LAST_YEAR ? '20' + y.slice(2) : y;
  if (Number(year) < FIRST_YEAR || Number(year) > LAST_YEAR) return null;
  const iso = `${year}-${fixTens(m.padStart(2, '0'), 12)}-${fixTens(d.padStart(2, '0'), 31)}`;
  return isRealDate(iso) ? iso : null;
}

/** Every date written in `raw`, in order (2018-06-14, 2018.6.14, 2018年6月14日, 20180614; slashed
 *  zeros read as Ø/O/8/6 repaired where only a 0 fits). Compact dates count only when no separated
 *  one is there. */
export function findDates(raw: string): string[] {
  const t = digitsInText(raw).replace(/\s+/g, '');
  const out: string[] = [];
  for (const m of t.matchAll(DATE_IN_TEXT)) {
    const iso = toIso(m[1]!, m[2]!, m[3]!);
    if (iso) out.push(iso);
  }
  if (out.length === 0) {
    for (const m of t.matchAll(COMPACT_IN_TEXT)) {
      const iso = toIso(m[1]!, m[2]!, m[3]!);
      if (iso) out.push(iso);
    }
  }
  return out;
}

/** The first date written in `raw`, or null. */
export function findDate(raw: string): string | null {
  return findDates(raw)[0] ?? null;
}

/** A character the engine may read for a digit of the card font. */
const DIGITISH = '[0-9ØøθΘ〇OoDQIl|ZSBgizsGb]';
const CHINESE_DATE = new RegExp(`(${DIGITISH}{4})年(${DIGITISH}{2})月(${DIGITISH}{2})日`, 'g');

/** "YYYY年MM月DD日" inside free text (records) with slashed zeros read as Ø/O/6/8/9 repaired; the
 *  rest of the text is left as read (a class code "B2" in a record stays). */
export function fixDatesInText(raw: string): string {
  return raw.replace(CHINESE_DATE, (_m, y: string, mo: string, d: string) => `${toDigits(y)}年${fixTens(toDigits(mo), 12)}月${fixTens(toDigits(d), 31)}日`);
}
