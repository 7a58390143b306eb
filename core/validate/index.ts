// Field validation: one entry point per field, dispatching on the registry's format. A validator
// never changes a value; it returns warnings and at most a suggestion the user may accept.
import type { FieldWarning } from '../contracts/result';
import { LICENSE_CLASSES } from '../documents/enums';
import type { FieldDef } from '../documents/types';
import { validateCreditCode } from './credit-code';
import { isExpiryKey, validateDate, validatePeriod } from './date';
import { isRealDate, normalizeDate, normalizePeriod } from '../normalize/date';
import { isValidIdNumber, validateIdNumber } from './id-number';
import { PROVINCES, validatePlate } from './plate';
import { validateVin, type Validation } from './vin';
import { warning } from './warnings';

export { validateVin, vinCheckDigit, isValidVin, type Validation } from './vin';
export { validatePlate, platesAgree, PROVINCES } from './plate';
export { validateIdNumber, idCheckChar, isValidIdNumber, parseIdNumber, type IdInfo } from './id-number';
export { validateDate, validatePeriod, isExpiryKey } from './date';
export { validateCreditCode, creditCodeCheckChar } from './credit-code';
export { crossCheck, crossCheckSides, plateAgreement, shapeOf, foreignShape, type Shape } from './cross-field';
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

/** The vehicle licence's inspection stamp: 检验有效期至 <year>年<month>月 and the plate prefix of where
 *  it was inspected (粤B, then a station: 粤B(16)); anything else was read in part. */
const INSPECTION_STAMP = new RegExp(`^检验有效期至\\d{4}年\\d{2}月[${PROVINCES}][A-Z]`, 'u');

/** Bounds of a registered vehicle's 外廓尺寸 in mm (GB 1589: length at most 18 m for an articulated bus,
 *  width at most 2.6 m, height at most 4 m; a motorcycle is at least about 1.5 m long, 0.5 m wide and
 *  high). A length shorter than the width is a misreading too: the card prints length first. */
const DIMENSION_BOUNDS = { length: [1500, 18100], width: [500, 2600], height: [500, 4200] } as const;

/** A canonical 外廓尺寸 (4750×1820×1465mm) that a vehicle can have. */
export function plausibleDimensions(value: string): boolean {
  const m = /^(\d+)×(\d+)×(\d+)mm$/u.exec(value);
  if (!m) return false;
  const [l, w, h] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const within = (x: number, [lo, hi]: readonly [number, number]) => x >= lo && x <= hi;
  return l >= w && within(l, DIMENSION_BOUNDS.length) && within(w, DIMENSION_BOUNDS.width) && within(h, DIMENSION_BOUNDS.height);
}

/** OCR reads 0 as O/o/D and 1 as I/l/|: where a value that must be numeric only becomes valid
 *  once those are swapped, the swapped value is proposed (never applied). */
function digitConfusionFix(value: string, normalize: (v: string) => string, valid: (v: string) => boolean): string | undefined {
  if (!/[OoDIl|]/.test(value)) return undefined;
  const fixed = normalize(value.replace(/[OoD]/g, '0').replace(/[Il|]/g, '1'));
  return fixed !== value && valid(fixed) ? fixed : undefined;
}

/** The canonical spelling of a value typed or read loosely (lower-case letters in a plate or VIN,
 *  2013/6/17 for a date): the same normalizers the providers' answers go through. */
function canonicalSpelling(format: FieldDef['format'], value: string): string {
  switch (format) {
    case 'plate':
    case 'vin':
    case 'engineNo':
    case 'idNumber':
      return value.replace(/\s+/g, '').toUpperCase();
    case 'date':
      return normalizeDate(value);
    case 'period':
      return normalizePeriod(value);
    default:
      return value;
  }
}

/** Validates, and when only the spelling is off (letter case, date separators) proposes the canonical
 *  spelling — or its own suggestion — as a one-tap fix. The value itself is never changed. */
export function validateField(def: FieldDef, value: string, ctx: ValidateContext): Validation {
  const v = validateAsIs(def, value, ctx);
  if (v.suggestion !== undefined || v.warnings.length === 0) return v;
  const canonical = canonicalSpelling(def.format, value);
  if (canonical === value || canonical === '') return v;
  const fixed = validateAsIs(def, canonical, ctx);
  if (fixed.warnings.length >= v.warnings.length) return v;
  return { ...v, suggestion: fixed.suggestion ?? canonical };
}

function validateAsIs(def: FieldDef, value: string, ctx: ValidateContext): Validation {
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
    case 'idNumber': {
      const v = validateIdNumber(value, ctx.now);
      const suggestion = v.warnings.some((w) => w.code === 'ID_FORMAT') ? digitConfusionFix(value, (x) => x.toUpperCase(), isValidIdNumber) : undefined;
      return suggestion === undefined ? v : { ...v, suggestion };
    }
    case 'date': {
      const warnings = validateDate(value, ctx.now, { allowFuture: isExpiryKey(def.key) });
      const suggestion = warnings.some((w) => w.code === 'DATE_FORMAT') ? digitConfusionFix(value, (v) => normalizeDate(v), isRealDate) : undefined;
      return suggestion === undefined ? { warnings } : { warnings, suggestion };
    }
    case 'period':
      return only(validatePeriod(value, ctx.now));
    case 'mass':
      return only(/^\d+(?:\.\d+)?kg$/.test(value) ? [] : [warning('MASS_FORMAT')]);
    case 'passengers':
      return only(/^\d+人$/u.test(value) ? [] : [warning('PASSENGERS_FORMAT')]);
    case 'dimensions':
      return only(/^\d+×\d+×\d+mm$/u.test(value) ? (plausibleDimensions(value) ? [] : [warning('DIMENSIONS_IMPLAUSIBLE')]) : [warning('DIMENSIONS_FORMAT')]);
    case 'engineNo':
      return only(/^[A-Z0-9]+$/.test(value) ? [] : [warning('ENGINE_NO_FORMAT')]);
    case 'digits':
      if (!/^\d+$/.test(value)) return only([warning('DIGITS_FORMAT')]);
      return only(def.digits !== undefined && value.length !== def.digits ? [warning('DIGITS_LENGTH', `应为${def.digits}位，识别到${value.length}位`)] : []);
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
      return only(def.key === 'inspectionRecord' && !INSPECTION_STAMP.test(value) ? [warning('INSPECTION_FORMAT')] : []);
  }
}
