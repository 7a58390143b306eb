// A snap may repair a misread place name, never an existing one: a name that is a real division as
// read ("广东省日照市" on a vendor's specimen: two real names, an impossible chain) is printed that way
// and kept as read, while the snap's other repairs (a misread 警 in the ending) stand.
import { isKnownPlace } from './divisions';
import type { Snapped } from './snap';

/** One place name per segment: text up to and including a division suffix. */
const SEGMENT = /[^省市县区镇乡旗盟州]+(?:自治区|自治州|自治县|特别行政区|[省市县区镇乡旗盟州])/gu;

/** `snapped`, except that characters inside a segment that is a real name as read stay as read. */
export function keepRealNames(read: string, snapped: Snapped): Snapped {
  if (!snapped.changed || [...read].length !== [...snapped.value].length) return snapped;
  const a = [...read];
  const b = [...snapped.value];
  const changed = a.map((ch, i) => ch !== b[i]);
  const protectedAt = new Array<boolean>(a.length).fill(false);
  for (const m of read.matchAll(SEGMENT)) {
    if (!isKnownPlace(m[0])) continue;
    const start = [...read.slice(0, m.index)].length;
    for (let i = start; i < start + [...m[0]].length; i++) protectedAt[i] = true;
  }
  // the snap's repairs outside real names are kept; a real name stays as read
  const merged = b.map((ch, i) => (changed[i] && protectedAt[i] ? a[i]! : ch)).join('');
  return { value: merged, changed: merged !== read, matched: snapped.matched };
}
