// Field validation: one entry point per field, dispatching on the registry's format. A validator
// never changes a value; it returns warnings and at most a suggestion the user may accept.
import type { FieldWarning } from '../contracts/result';
import { LICENSE_CLASSES } from '../documents/enums';
import type { FieldDef } from '../documents/types';
import { validateCreditCode } from './credit-code';
import { isExpiryKey, validateDate, validatePeriod } from './date';
import { validateIdNumber } from './id-number';
import { validatePlate } from './plate';
import { validateVin, type Validation } from './vin';
import { warning } from './warnings';

export { validateVin, vinCheckDigit, isValidVin, type Validation } from './vin';
export { validatePlate, platesAgree, PROVINCES } from './plate';
export { validateIdNumber, idCheckChar, isValidIdNumber, parseIdNumber, type IdInfo } from './id-number';
export { validateDate, validatePeriod, isExpiryKey } from './date';
export { validateCreditCode, creditCodeCheckChar } from './credit-code';
export { crossCheck, plateAgreement, shapeOf, foreignShape, type Shape } from './cross-field';
export { warning, WARNING_MESSAGES, type WarningCode } from './warnings';

export interface ValidateContext {
  now: Date;
}

/** Formats whose printed placeholder `--` cannot stand for a real value. */
const STRICT = new Set(['plate', 'vin', 'idNumber', 'date', 'period', 'engineNo']);

const LICENSE_CLASS_RE = new RegExp(`^(?:${[...LICENSE_CLASSES].sort((a, b) => b.length - a.length).join('|')})+$`);

export function validateEnum(value: string, options: readonly string[]): FieldWarning[] {
  if (options.includes(value)) return [];
  // 民族 may be printed with or without 族.
  if (value.endsWith('族') && options.includes(value.slice(0, -1))) return [];
  return [warning('ENUM_UNKNOWN')];
}

export function validateField(def: FieldDef, value: string, ctx: ValidateContext): Validation {
  if (value === '' || (value === '--' && def.required && STRICT.has(def.format))) {
    return { warnings: def.required ? [warning('REQUIRED_MISSING')] : [] };
  }
  if (value === '--') return { warnings: [] };
  const only = (warnings: FieldWarning[]): Validation => ({ warnings });
  switch (def.format) {
    case 'vin':
      return validateVin(value);
    case 'plate':
      return validatePlate(value);
    case 'idNumber':
      return validateIdNumber(value, ctx.now);
    case 'date':
      return only(validateDate(value, ctx.now, { allowFuture: isExpiryKey(def.key) }));
    case 'period':
      return only(validatePeriod(value, ctx.now));
    case 'mass':
      return only(/^\d+(?:\.\d+)?kg$/.test(value) ? [] : [warning('MASS_FORMAT')]);
    case 'passengers':
      return only(/^\d+人$/u.test(value) ? [] : [warning('PASSENGERS_FORMAT')]);
    case 'dimensions':
      return only(/^\d+×\d+×\d+mm$/u.test(value) ? [] : [warning('DIMENSIONS_FORMAT')]);
    case 'engineNo':
      return only(/^[A-Z0-9]+$/.test(value) ? [] : [warning('ENGINE_NO_FORMAT')]);
    case 'digits':
      return only(/^\d+$/.test(value) ? [] : [warning('DIGITS_FORMAT')]);
    case 'sex':
      return only(value === '男' || value === '女' ? [] : [warning('SEX_INVALID')]);
    case 'enum':
      return only(def.options ? validateEnum(value, def.options) : []);
    case 'code':
      if (def.key === 'licenseClass') return only(LICENSE_CLASS_RE.test(value) ? [] : [warning('ENUM_UNKNOWN')]);
      if (def.key === 'creditCode') return only(validateCreditCode(value));
      // some certificate numbers carry a Chinese prefix (军字第…号)
      return only(/^[A-Z0-9<\u3400-\u9fff]+$/u.test(value) ? [] : [warning('CODE_FORMAT')]);
    case 'text':
      return only([]);
  }
}
