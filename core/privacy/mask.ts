// Masking of citizen ID numbers for administrator screens, lists and exports (DESIGN.md "Access"). The
// one place the rule lives; pure: used by the server handlers and available to the clients.
//
// What stays visible must not let the rest of the row rebuild the number. A citizen ID is region (6) +
// birth date (8) + sequence (3) + check character; the region follows from the address and the birth
// date is its own field, so any visible run of the last four (sequence + check) leaves about one
// candidate. Only the first and the last character stay: the sequence stays unknown.

/** Digits as printed or typed: ASCII or full-width. */
const DIGIT = '[0-9\\uFF10-\\uFF19]';
const CHECK = '[0-9\\uFF10-\\uFF19Xx\\uFF38\\uFF58]';
/** What people put between digit groups: spaces (also no-break and ideographic), dashes and hyphens. */
const SEP = '[ \\t\\u00A0\\u3000\\-\\u2010-\\u2015\\uFF0D]';
const WORD = '[0-9A-Za-z\\uFF10-\\uFF19\\uFF21-\\uFF3A\\uFF41-\\uFF5A]';
/** 18 characters (GB 11643) or the legacy 15 digits, separators allowed between characters. */
const ID_IN_TEXT = new RegExp(`(?<!${WORD})(?:${DIGIT}(?:${SEP}?${DIGIT}){16}${SEP}?${CHECK}|${DIGIT}(?:${SEP}?${DIGIT}){14})(?!${WORD})`, 'g');
const ID_SHAPE = /^(\d{17}[\dX]|\d{15})$/;

/** ASCII digits and X for full-width ones, separators dropped: `１１０１ ０５…` → `110105…`. */
export function compactIdNumber(value: string): string {
  return value
    .replace(/[\uFF10-\uFF19\uFF38\uFF58]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0))
    .replace(new RegExp(SEP, 'g'), '')
    .toUpperCase();
}

export function looksLikeIdNumber(value: string): boolean {
  return ID_SHAPE.test(compactIdNumber(value.trim()));
}

/** `110105194912310021` → `1****************1`: first and last character only (see the header). */
export function maskIdNumber(value: string): string {
  const v = compactIdNumber(value.trim());
  if (v.length <= 4) return '*'.repeat(v.length);
  return v.slice(0, 1) + '*'.repeat(v.length - 2) + v.slice(-1);
}

/** Masks every ID-number-shaped run inside a text, however it is written (spaces, dashes, full-width). */
export function maskIdNumbersInText(text: string): string {
  return text.replace(ID_IN_TEXT, (m) => maskIdNumber(m));
}

/** Field keys whose value is masked whatever its shape (idNumber), or when it has an ID's shape
 *  (a driving licence number is the holder's ID number). */
export function shouldMaskField(key: string, value: string): boolean {
  if (key === 'idNumber') return true;
  if (key === 'licenseNo') return looksLikeIdNumber(value);
  return false;
}

/** Deep copy of any JSON-like value with ID numbers masked: by key, and by shape inside strings. */
export function maskDeep<T>(value: T, key?: string): T {
  if (typeof value === 'string') {
    if (key !== undefined && shouldMaskField(key, value)) return maskIdNumber(value) as T;
    return maskIdNumbersInText(value) as T;
  }
  if (Array.isArray(value)) return value.map((v) => maskDeep(v, key)) as T;
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
      // A field's value sits one level down ({ value, suggestion }) or in a correction ({ from, to }):
      // the field key governs those too.
      const inherit = k === 'value' || k === 'suggestion' || k === 'from' || k === 'to' ? key : k;
      out[k] = maskDeep(v, inherit);
    }
    return out as T;
  }
  return value;
}
