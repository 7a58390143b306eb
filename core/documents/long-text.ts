// Which fields both review forms show as a growing multi-line box: free text that may run long
// (addresses, remarks, authorities, business scopes) is never cut off in a one-line input.
import type { FieldDef } from './types';

const LONG_KEYS: ReadonlySet<string> = new Set(['address', 'remarks', 'inspectionRecord', 'record', 'issuingAuthority', 'businessScope', 'companyName']);

/** Past this many characters any free-text value gets the multi-line box. */
const LONG_VALUE_CHARS = 24;

export function isLongText(def: Pick<FieldDef, 'key' | 'format'>, value: string): boolean {
  return def.format === 'text' && (LONG_KEYS.has(def.key) || value.length > LONG_VALUE_CHARS);
}
