// 统一社会信用代码 (GB 32100-2015): 18 characters of 0-9 and A-Y without I O Z S V; the last is a
// check character: 31 - (Σ value × weight mod 31), 31 → 0.
import type { FieldWarning } from '../contracts/result';
import { warning } from './warnings';

const CHARSET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28] as const;

export function creditCodeCheckChar(first17: string): string | null {
  let sum = 0;
  for (let i = 0; i < 17; i++) {
    const v = CHARSET.indexOf(first17[i] ?? '');
    if (v < 0) return null;
    sum += v * (WEIGHTS[i] ?? 0);
  }
  const c = (31 - (sum % 31)) % 31;
  return CHARSET[c] ?? null;
}

export function validateCreditCode(value: string): FieldWarning[] {
  if (!/^[0-9A-HJ-NPQRTUWXY]{18}$/.test(value)) return [warning('CREDIT_CODE_FORMAT', `当前${[...value].length}位`)];
  return creditCodeCheckChar(value.slice(0, 17)) === value[17] ? [] : [warning('CREDIT_CODE_CHECKSUM')];
}
