// Dates as cards print them (2018-06-14, 2018.6.14, 2018年06月14日, 20180614), read under the date
// grammar: among what the engine saw at each digit, the most probable reading that is a real date in
// [earliest, today]. A slashed zero read as 8 or 6 ("2816-61-15") becomes 0 only when the engine also
// saw a 0 (or a confusable of it) there and nothing else makes a real date.
import { chinaToday, isRealDate } from '../../../core/normalize/date';
import { combinations, isDigit, meanP, slotOptions, type ReadChar, type SlotOption } from './choices';

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
