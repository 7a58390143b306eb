// Masking of citizen ID numbers for administrator lists and exports (DESIGN.md "Access"). Pure: used by
// the server handlers and available to the clients.

/** 18-character (GB 11643) or legacy 15-digit citizen ID number. */
const ID_SHAPE = /^(\d{17}[\dXx]|\d{15})$/;
/** The same shapes inside longer text (raw provider payloads, free-text fields). */
const ID_IN_TEXT = /(?<![0-9A-Za-z])(\d{17}[\dXx]|\d{15})(?![0-9A-Za-z])/g;

export function looksLikeIdNumber(value: string): boolean {
  return ID_SHAPE.test(value.trim());
}

/** `110101199003071234` → `110***********1234`: region prefix and last four kept for recognition. */
export function maskIdNumber(value: string): string {
  const v = value.trim();
  if (v.length <= 7) return '*'.repeat(v.length);
  return v.slice(0, 3) + '*'.repeat(v.length - 7) + v.slice(-4);
}

/** Masks every ID-number-shaped run inside a text. */
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
