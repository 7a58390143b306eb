// Citizen identity number (GB 11643-1999): 6-digit region, 8-digit birth date, 3-digit sequence
// (odd = male), check character. 15-digit first-generation numbers carry a 6-digit birth date.
import type { FieldWarning } from '../contracts/result';
import { chinaToday, isRealDate } from '../normalize/date';
import type { Validation } from './vin';
import { warning } from './warnings';

const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2] as const;
const CHECK_CHARS = '10X98765432';
/** First two digits: provinces (11–65), Taiwan (71), Hong Kong (81), Macao (82), 83 for the
 *  Hong Kong/Macao/Taiwan residence permits. */
const REGIONS = new Set([
  '11', '12', '13', '14', '15', '21', '22', '23', '31', '32', '33', '34', '35', '36', '37', '41', '42', '43',
  '44', '45', '46', '50', '51', '52', '53', '54', '61', '62', '63', '64', '65', '71', '81', '82', '83',
]);

export function idCheckChar(first17: string): string | null {
  if (!/^\d{17}$/.test(first17)) return null;
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * (WEIGHTS[i] ?? 0);
  return CHECK_CHARS[sum % 11] ?? null;
}

export interface IdInfo {
  birthDate: string; // YYYY-MM-DD (not necessarily real)
  sex: '男' | '女';
}

/** Birth date and sex embedded in an 18- or 15-digit number, or null when it has neither shape. */
export function parseIdNumber(value: string): IdInfo | null {
  let birth: string;
  let seq: string;
  if (/^\d{17}[\dX]$/.test(value)) {
    birth = `${value.slice(6, 10)}-${value.slice(10, 12)}-${value.slice(12, 14)}`;
    seq = value.slice(16, 17);
  } else if (/^\d{15}$/.test(value)) {
    birth = `19${value.slice(6, 8)}-${value.slice(8, 10)}-${value.slice(10, 12)}`;
    seq = value.slice(14, 15);
  } else return null;
  return { birthDate: birth, sex: Number(seq) % 2 === 1 ? '男' : '女' };
}

export function isValidIdNumber(value: string): boolean {
  return /^\d{17}[\dX]$/.test(value) && idCheckChar(value.slice(0, 17)) === value[17];
}

export function validateIdNumber(value: string, now: Date): Validation {
  const warnings: FieldWarning[] = [];
  if (value.includes('*')) return { warnings: [warning('ID_FORMAT', '含有遮挡字符')] };
  const info = parseIdNumber(value);
  if (!info) return { warnings: [warning('ID_FORMAT')] };
  if (!REGIONS.has(value.slice(0, 2))) warnings.push(warning('ID_REGION'));
  if (!isRealDate(info.birthDate) || info.birthDate < '1890-01-01' || info.birthDate > chinaToday(now)) {
    warnings.push(warning('ID_BIRTH_DATE', info.birthDate));
  }
  if (value.length === 18) {
    const expected = idCheckChar(value.slice(0, 17));
    if (expected !== value[17]) warnings.push(warning('ID_CHECKSUM'));
  }
  return { warnings };
}
