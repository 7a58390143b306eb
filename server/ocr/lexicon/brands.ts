// The brand part of 品牌型号 ("起亚牌YQZ7204A"): the characters up to and including 牌 snapped to a known
// brand (brand-names.ts) by the one rule of snap.ts; the model code after 牌 is never touched here.
//
// Public API:
//   BRAND_MARK            the character that ends the brand part (牌)
//   snapBrand(chars)      the reading with its brand part snapped where unambiguous
//   knownBrand(text)      the known brand the text starts with (read exactly), or null
import { VEHICLE_BRANDS } from './brand-names';
import { alignForm, textOf, type ScoredChar, type Snapped } from './snap';

export const BRAND_MARK = '牌';

// longest first, so 大众汽车牌 is found before 大众牌 would be
const FORMS = [...new Set(VEHICLE_BRANDS)].map((b) => b + BRAND_MARK).sort((a, b) => b.length - a.length);

/** The known brand (without 牌) the text starts with, read exactly, or null. */
export function knownBrand(text: string): string | null {
  const form = FORMS.find((f) => text.startsWith(f));
  return form ? form.slice(0, -BRAND_MARK.length) : null;
}

/**
 * The brand part snapped to the one brand that needs the fewest edits, with 牌 read exactly and only
 * unsure characters changed; unchanged when none or several fit. The model code is kept as read.
 */
export function snapBrand(chars: readonly ScoredChar[]): Snapped {
  const text = textOf(chars);
  const exact = knownBrand(text);
  if (exact !== null) return { value: text, changed: false, matched: exact + BRAND_MARK };
  const hits: { form: string; cost: number; consumed: number }[] = [];
  for (const form of FORMS) {
    const a = alignForm(form, chars, 0, { exactTail: 1 });
    if (a) hits.push({ form, cost: a.cost, consumed: a.consumed });
  }
  if (hits.length === 0) return { value: text, changed: false, matched: '' };
  const least = Math.min(...hits.map((h) => h.cost));
  const best = hits.filter((h) => h.cost === least);
  const out = new Set(best.map((h) => h.form + textOf(chars.slice(h.consumed))));
  const [value] = out;
  if (out.size !== 1 || value === undefined) return { value: text, changed: false, matched: '' };
  return { value, changed: value !== text, matched: best[0]!.form };
}
