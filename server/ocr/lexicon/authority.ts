// Issuing authorities as printed on seals and in 发证机关 / 签发机关: "<place><standard ending>", e.g.
// 广东省东莞市公安局交通警察支队. The place part is snapped to a real chain of divisions
// (divisions.ts), the ending to a standard ending, each by the lexicon rule (snap.ts).
//
// Public API:
//   AUTHORITY_ENDINGS     how traffic-police authorities name themselves (the extractors' list)
//   snapAuthority(chars)  the authority with its ending and place snapped where unambiguous; up to
//                         MAX_LEADING_JUNK characters glued in front (a label: 证号…) are dropped
//                         when what follows is a real place
import { snapPlace } from './divisions';
import { alignForm, editBudget, textOf, type ScoredChar, type Snapped } from './snap';

/** Standard endings of traffic-police authorities, most specific first. */
export const AUTHORITY_ENDINGS = [
  '公安局交通巡逻警察支队', '公安局交通警察支队', '公安局交通警察大队', '公安局交通警察总队', '公安局公安交通管理局', '公安局交通管理局',
  '公安交通管理局', '公安局车辆管理所', '交通警察支队', '交通警察大队', '车辆管理所',
] as const;

/** The last two characters (支队 / 大队 / 管理局 / 管理所) tell the kind of authority: never changed. */
const ENDING_KIND_CHARS = 2;

/** Characters of a neighbouring label the engine may glue in front of the authority (证号, 机关). */
export const MAX_LEADING_JUNK = 3;

interface EndingHit {
  /** Where the ending starts in the reading. */
  at: number;
  ending: string;
  cost: number;
}

/** Characters an ending may have lost, at most; more only after a real place (MAX_LOST_AFTER_PLACE). */
const MAX_LOST = 1;
/** A long ending after a real division may have lost two characters (交察支队 for 交通警察支队): the
 *  grammar "<division><ending>" leaves no other reading. */
const MAX_LOST_AFTER_PLACE = 2;
/** Endings at least this long may lose MAX_LOST_AFTER_PLACE characters. */
const LONG_ENDING = 6;

/** The standard ending the reading ends with: exact, else the one ending within its budget. */
function findEnding(chars: readonly ScoredChar[], maxLost = MAX_LOST): EndingHit | null {
  const hits: EndingHit[] = [];
  for (const ending of AUTHORITY_ENDINGS) {
    const len = ending.length;
    if (maxLost > MAX_LOST && len < LONG_ENDING) continue;
    const slack = editBudget(len);
    for (let at = Math.max(0, chars.length - len - slack); at <= chars.length - len + slack && at < chars.length; at++) {
      const a = alignForm(ending, chars, at, { whole: true, exactTail: ENDING_KIND_CHARS, maxInserted: maxLost });
      if (a) hits.push({ at, ending, cost: a.cost });
    }
  }
  if (hits.length === 0) return null;
  const least = Math.min(...hits.map((h) => h.cost));
  const best = hits.filter((h) => h.cost === least);
  // nested endings (公安局交通警察支队 ⊃ 交通警察支队) give the same text: take the longest
  const text = (h: EndingHit) => textOf(chars.slice(0, h.at)) + h.ending;
  if (new Set(best.map(text)).size > 1) return null;
  return best.reduce((a, b) => (b.ending.length > a.ending.length ? b : a));
}

/** The place part: a whole chain of divisions down to counties, after the fewest junk characters. */
function placeOf(chars: readonly ScoredChar[]): Snapped | null {
  for (let skip = 0; skip <= Math.min(MAX_LEADING_JUNK, chars.length - 1); skip++) {
    const p = snapPlace(chars.slice(skip), { maxLevel: 3, whole: true });
    if (p.matched !== '') return { value: p.value, changed: p.changed || skip > 0, matched: p.matched };
  }
  return null;
}

/** An issuing authority with its place and ending snapped where the rule allows. */
export function snapAuthority(chars: readonly ScoredChar[]): Snapped {
  const text = textOf(chars);
  let end = findEnding(chars);
  if (!end) {
    // an ending that lost more characters counts only after a real place
    const lost = findEnding(chars, MAX_LOST_AFTER_PLACE);
    if (lost && placeOf(chars.slice(0, lost.at))) end = lost;
  }
  if (!end) {
    // no standard ending: at most the place it starts with
    return snapPlace(chars, { maxLevel: 3 });
  }
  const place = placeOf(chars.slice(0, end.at));
  const value = (place ? place.value : textOf(chars.slice(0, end.at))) + end.ending;
  const matched = place ? value : end.ending;
  return { value, changed: value !== text, matched };
}
