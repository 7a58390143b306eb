// VIN (GB 16735 / ISO 3779): 17 characters of [A-HJ-NPR-Z0-9] with a check digit in position 9.
// I, O and Q never occur in a VIN, so they are OCR confusions: the fix is proposed, never applied.
import type { FieldWarning } from '../contracts/result';
import { warning } from './warnings';

const LETTER_VALUES = new Map<string, number>(Object.entries({
  A: 1, B: 2, C: 3, D: 4, E: 5, F: 6, G: 7, H: 8, J: 1, K: 2, L: 3, M: 4, N: 5, P: 7, R: 9,
  S: 2, T: 3, U: 4, V: 5, W: 6, X: 7, Y: 8, Z: 9,
}));
const WEIGHTS = [8, 7, 6, 5, 4, 3, 2, 10, 0, 9, 8, 7, 6, 5, 4, 3, 2] as const;
const VIN_RE = /^[A-HJ-NPR-Z0-9]{17}$/;

function charValue(c: string): number | undefined {
  if (c >= '0' && c <= '9') return Number(c);
  return LETTER_VALUES.get(c);
}

/** The check character a 17-character VIN should carry in position 9, or null if it has bad characters. */
export function vinCheckDigit(vin: string): string | null {
  if (!VIN_RE.test(vin)) return null;
  let sum = 0;
  for (let i = 0; i < 17; i++) {
    const v = charValue(vin[i] ?? '');
    if (v === undefined) return null;
    sum += v * (WEIGHTS[i] ?? 0);
  }
  const r = sum % 11;
  return r === 10 ? 'X' : String(r);
}

export function isValidVin(vin: string): boolean {
  return vinCheckDigit(vin) === vin[8];
}

export interface Validation {
  warnings: FieldWarning[];
  suggestion?: string;
}

export function validateVin(value: string): Validation {
  const warnings: FieldWarning[] = [];
  if (value.includes('*')) return { warnings: [warning('VIN_CHARSET', '含有遮挡字符')] };
  let candidate = value;
  let suggestion: string | undefined;
  if (/[IOQ]/.test(value)) {
    candidate = value.replace(/[OQ]/g, '0').replace(/I/g, '1');
    suggestion = candidate;
    warnings.push(warning('VIN_CONFUSABLE'));
  }
  if (candidate.length !== 17) {
    warnings.push(warning('VIN_LENGTH', `当前${value.length}位`));
    return suggestion === undefined ? { warnings } : { warnings, suggestion };
  }
  if (!VIN_RE.test(candidate)) {
    warnings.push(warning('VIN_CHARSET'));
    return suggestion === undefined ? { warnings } : { warnings, suggestion };
  }
  const expected = vinCheckDigit(candidate);
  if (expected !== candidate[8]) warnings.push(warning('VIN_CHECK_DIGIT', `应为${expected ?? '?'}`));
  return suggestion === undefined ? { warnings } : { warnings, suggestion };
}
