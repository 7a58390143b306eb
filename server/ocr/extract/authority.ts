// Issuing authorities (发证机关 / 签发机关) follow a closed grammar: a place, then one of a few
// police units. The unit part is never free text, so a tail read one character wrong ("交通酱察支队",
// "交遵警察支队") can only be that unit: it is snapped to the closest one. Short tails (分局, 公安局)
// are left alone: one edit away from them is too much of the word to be sure.
import { editDistance } from '../layout';
import { cleanText, dropLeadingRule } from './person-common';

/** Units printed at the end of issuing authorities, longest first (a longer match wins). */
const UNITS = [
  '公安局交通警察支队车辆管理所',
  '公安局交通管理局车辆管理所',
  '公安局交通警察支队',
  '公安局交通警察大队',
  '公安局交通警察总队',
  '公安厅交通警察总队',
  '公安局交通管理局',
  '公安局交通警察局',
  '公安交通管理局',
  '交通警察支队',
  '交通警察大队',
  '交通警察总队',
  '交通管理局',
  '车辆管理所',
] as const;

/** Shortest unit that may be snapped: below this one edit is too large a share of the word. */
const MIN_SNAP = 5;

/** The authority with its unit snapped when exactly one unit is one edit from its tail (and none
 *  is printed exactly): "…交通警X队" could be 支队, 大队 or 总队 and stays as read. */
export function snapAuthorityUnit(text: string): string {
  const chars = [...text];
  const snapped = new Set<string>();
  for (const unit of UNITS) {
    const u = [...unit];
    if (text.endsWith(unit)) return text;
    if (u.length < MIN_SNAP) continue;
    // the tail may have lost or gained a character as well as had one misread
    for (const len of [u.length, u.length - 1, u.length + 1]) {
      // the place before the unit stays: at least two characters of it
      if (len < 1 || chars.length - len < 2) continue;
      const tail = chars.slice(chars.length - len).join('');
      // the unit's last character (队/局/所) anchors the tail
      if (tail.at(-1) !== unit.at(-1) || editDistance(tail, unit) > 1) continue;
      snapped.add(chars.slice(0, chars.length - len).join('') + unit);
    }
  }
  return snapped.size === 1 ? [...snapped][0]! : text;
}

/** An issuing authority from raw text: CJK only, a leading printed rule dropped, its unit snapped. */
export function readAuthority(raw: string): string {
  return snapAuthorityUnit(dropLeadingRule(cleanText(raw).replace(/[^\u3400-\u9fff]/g, '')));
}
