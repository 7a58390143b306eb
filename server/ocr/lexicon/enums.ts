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
import { editBudget, snapWhole, textOf, type ScoredChar, type Snapped } from './snap';

/** The enumerations a field's reading may be snapped to, by canonical field key. */
export const ENUM_LEXICONS = {
  vehicleType: VEHICLE_TYPES,
  useCharacter: USE_CHARACTERS,
  fuelType: FUEL_TYPES,
} as const satisfies Record<string, readonly string[]>;

export type EnumField = keyof typeof ENUM_LEXICONS;

/** The whole reading snapped to one entry of `options` where the rule allows; else unchanged. */
export function snapEnum(chars: readonly ScoredChar[], options: readonly string[]): Snapped {
  return snapWhole(chars, options);
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
  const snapped = snapWhole(chars, options);
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
