// The registry's enumerations (core/documents/enums.ts) as lexicons: a value read with a character or
// two off is snapped to its entry by the one rule of snap.ts (only unsure characters, only when one
// entry needs the fewest edits), replacing layout.ts's closestOption, which changed sure characters.
//
// Public API:
//   ENUM_LEXICONS                 field key → its closed list (vehicleType, useCharacter, fuelType)
//   snapEnum(chars, options)      the whole reading against one list
//   snapField(key, chars)         the whole reading against the list of a field key
//   readClosed(chars, options)    a field whose value is always an entry (an enumeration, an
//                                 ethnicity): snapField's rule first, else the one nearest entry
import { FUEL_TYPES, USE_CHARACTERS, VEHICLE_TYPES } from '../../../core/documents/enums';
import { editDistance } from '../layout';
import { editBudget, SNAP_MAX_SCORE, snapWhole, textOf, type ScoredChar, type Snapped } from './snap';

/** The enumerations a field's reading may be snapped to, by canonical field key. */
export const ENUM_LEXICONS = {
  vehicleType: VEHICLE_TYPES,
  useCharacter: USE_CHARACTERS,
  fuelType: FUEL_TYPES,
} as const satisfies Record<string, readonly string[]>;

export type EnumField = keyof typeof ENUM_LEXICONS;

/** The whole reading snapped to one entry of `options` where the rule allows; else unchanged. */
export function snapEnum(chars: readonly ScoredChar[], options: readonly string[]): Snapped {
  const snapped = snapWhole(chars, options);
  return snapped.matched ? snapped : snapSeen(chars, options) ?? snapped;
}

/** Entries this short have no edit budget (snap.ts): one changed character could be any entry. */
const SHORT_ENTRY = 2;

/**
 * A short entry (汽油, 柴油) differing from the reading by one character that the recogniser was unsure
 * of and itself listed among its candidates there (汽[酒|油]): the engine saw the entry, so it is a
 * choice among its readings, not a guess. Only when exactly one entry fits that way.
 */
function snapSeen(chars: readonly ScoredChar[], options: readonly string[]): Snapped | null {
  if (chars.length === 0 || chars.length > SHORT_ENTRY) return null;
  const fits = options.filter((o) => {
    const f = [...o];
    if (f.length !== chars.length) return false;
    const diff = f.map((ch, i) => ({ ch, c: chars[i]! })).filter(({ ch, c }) => ch !== c.ch);
    return diff.length === 1 && diff.every(({ ch, c }) => c.score < SNAP_MAX_SCORE && !!c.alts?.includes(ch));
  });
  return fits.length === 1 ? { value: fits[0]!, changed: true, matched: fits[0]! } : null;
}

/** The whole reading of a field snapped to that field's enumeration. */
export function snapField(key: EnumField, chars: readonly ScoredChar[]): Snapped {
  return snapEnum(chars, ENUM_LEXICONS[key]);
}

/**
 * A reading of a field whose value is always one entry of `options` (a closed list is never free
 * text): the entry the snap rule gives (unsure characters only); failing that, the one entry nearest
 * by edit distance within the entry's edit budget, even over sure characters — the printed value is an
 * entry, so the nearest one is likelier than the misreading. Several equally near: unchanged.
 */
export function readClosed(chars: readonly ScoredChar[], options: readonly string[]): Snapped {
  const snapped = snapEnum(chars, options);
  if (snapped.matched) return snapped;
  const text = textOf(chars);
  let least = Infinity;
  let nearest: string[] = [];
  for (const o of options) {
    const d = editDistance(text, o);
    if (d > editBudget(o.length)) continue;
    if (d < least) [least, nearest] = [d, [o]];
    else if (d === least) nearest.push(o);
  }
  const only = nearest.length === 1 ? nearest[0]! : null;
  return only !== null ? { value: only, changed: true, matched: only } : snapped;
}
