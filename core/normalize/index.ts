// Value normalization to the canonical formats of DESIGN.md, one function per FieldFormat. These
// only change representation (units, separators, case, Unicode form); anything that would change
// content (an O read for a 0) is the validators' business, as a suggestion.
import type { FieldFormat } from '../documents/types';
import { normalizeDate, normalizePeriod } from './date';
import { cleanText, compactUpper, isPlaceholder, PLACEHOLDER, unify } from './text';

export { normalizeDate, normalizePeriod, splitPeriod, isRealDate, chinaToday, LONG_TERM } from './date';
export { cleanText, compactUpper, isPlaceholder, unify, PLACEHOLDER } from './text';

const MASS_KG = /^(\d+(?:\.\d+)?)(?:kg|千克|公斤)?$/i;
const MASS_T = /^(\d+(?:\.\d+)?)(?:t|吨)$/i;

/** 1820kg from 1820kg, 1820 KG, 1,820千克, 1820公斤, 1820, 1.82t. */
export function normalizeMass(raw: string): string {
  const s = cleanText(raw).replace(/[\s,，]+/g, '');
  const kg = MASS_KG.exec(s);
  if (kg?.[1]) return `${trimNumber(kg[1])}kg`;
  const t = MASS_T.exec(s);
  if (t?.[1]) return `${trimNumber(String(Math.round(Number(t[1]) * 1000 * 1000) / 1000))}kg`;
  return s;
}

/** 5人 from 5人, 5 人, 05, 5. */
export function normalizePassengers(raw: string): string {
  const s = cleanText(raw).replace(/\s+/g, '');
  const m = /^(\d{1,4})人?$/u.exec(s);
  return m?.[1] ? `${Number(m[1])}人` : s;
}

/** 4750×1820×1465mm from 4750x1820x1465, 4750*1820*1465 mm, 4750X1820X1465毫米. */
export function normalizeDimensions(raw: string): string {
  const s = cleanText(raw).replace(/\s+/g, '');
  const m = /^(\d{2,5})[×xX*✕✖](\d{2,5})[×xX*✕✖](\d{2,5})(?:mm|MM|毫米)?$/u.exec(s);
  return m ? `${Number(m[1])}×${Number(m[2])}×${Number(m[3])}mm` : s;
}

/** 男 / 女 from 男, 女, M, F, 男/M, 女/F. */
export function normalizeSex(raw: string): string {
  const s = cleanText(raw).replace(/\s+/g, '');
  if (/^(男|M|男\/M|MALE)$/iu.test(s)) return '男';
  if (/^(女|F|女\/F|FEMALE)$/iu.test(s)) return '女';
  return s;
}

function trimNumber(n: string): string {
  return n.includes('.') ? n.replace(/\.?0+$/, '') : String(Number(n));
}

/** Digits-only identifiers (file numbers, barcodes): asterisks and separators around them are print
 *  decoration (the barcode number is printed *8644658019963*). */
export function normalizeDigits(raw: string): string {
  const s = unify(raw).replace(/[\s\-_·.]+/g, '');
  const inner = /^\*+(\d+)\*+$/.exec(s);
  return inner?.[1] ?? cleanText(s);
}

/** Normalizes one value to its field's canonical format. */
export function normalizeValue(format: FieldFormat, raw: string): string {
  if (isPlaceholder(raw)) return PLACEHOLDER;
  switch (format) {
    case 'date':
      return normalizeDate(raw);
    case 'period':
      return normalizePeriod(raw);
    case 'mass':
      return isPlaceholder(cleanText(raw)) || /^一$/u.test(cleanText(raw)) ? PLACEHOLDER : normalizeMass(raw);
    case 'passengers':
      return /^一$/u.test(cleanText(raw)) ? PLACEHOLDER : normalizePassengers(raw);
    case 'dimensions':
      return normalizeDimensions(raw);
    case 'plate':
    case 'vin':
    case 'engineNo':
    case 'idNumber':
    case 'code':
      return compactUpper(cleanText(raw));
    case 'digits':
      return normalizeDigits(raw);
    case 'sex':
      return normalizeSex(raw);
    case 'enum':
      return cleanText(raw).replace(/\s+/g, '');
    case 'text':
      return cleanText(raw);
  }
}
