// Checks across fields. The strongest signal is a value with the unmistakable shape of another field
// (an owner that reads "5人", an engine number "1820KG"): the provider shifted its fields, as the
// Kuaitong sample response does, and the whole result must be reviewed.
import type { FieldResult, FieldWarning } from '../contracts/result';
import type { FieldDef, FieldFormat } from '../documents/types';
import { parseIdNumber } from './id-number';
import { PROVINCES } from './plate';
import { warning } from './warnings';

export type Shape = 'passengers' | 'mass' | 'dimensions' | 'date' | 'vin' | 'plate' | 'code';

const SHAPES: ReadonlyArray<readonly [Shape, RegExp]> = [
  ['passengers', /^\d{1,3}\s*人$/u],
  ['mass', /^\d+(?:\.\d+)?\s*(?:kg|千克|公斤|t|吨)$/iu],
  ['dimensions', /^\d{3,5}\s*[×xX*]\s*\d{3,5}\s*[×xX*]\s*\d{3,5}\s*(?:mm|毫米)?$/u],
  ['date', /^\d{4}\s*[-./年]\s*\d{1,2}\s*[-./月]\s*\d{1,2}\s*日?$/u],
  ['vin', /^(?=(?:.*\d){3})(?=.*[A-Z])[A-Z0-9]{17}$/iu],
  ['plate', new RegExp(`^[${PROVINCES}][A-Z][A-Z0-9]{4,5}[警学挂港澳使领]?$`, 'iu')],
  ['code', /^(?=.*\d)(?=.*[A-Z])[A-Z0-9]{8,}$/iu],
];

/** The most specific field shape a value has, if any. */
export function shapeOf(value: string): Shape | null {
  const v = value.trim();
  for (const [shape, re] of SHAPES) if (re.test(v)) return shape;
  return null;
}

/** Text fields whose content is words (names, places, authorities), never a number or a code. */
const WORDY_KEYS = new Set([
  'owner', 'address', 'name', 'issuingAuthority', 'registrationAuthority', 'nationality', 'manufacturer',
  'householderName', 'bankName', 'birthPlace', 'issuePlace', 'companyType', 'legalRepresentative', 'ownerIdType',
]);

const ALL_FOREIGN: readonly Shape[] = ['passengers', 'mass', 'dimensions', 'date', 'vin', 'plate', 'code'];
const FOREIGN: Partial<Record<FieldFormat, readonly Shape[]>> = {
  enum: ALL_FOREIGN,
  sex: ALL_FOREIGN,
  plate: ['passengers', 'mass', 'dimensions', 'date', 'vin'],
  vin: ['passengers', 'mass', 'dimensions', 'date', 'plate'],
  engineNo: ['passengers', 'mass', 'dimensions', 'date', 'plate'],
  idNumber: ['passengers', 'mass', 'dimensions', 'date', 'plate', 'vin'],
  date: ['passengers', 'mass', 'dimensions', 'plate', 'vin', 'code'],
  period: ['passengers', 'mass', 'dimensions', 'plate', 'vin', 'code'],
  mass: ['passengers', 'date', 'dimensions', 'plate', 'vin'],
  passengers: ['mass', 'date', 'dimensions', 'plate', 'vin'],
  dimensions: ['passengers', 'mass', 'date', 'plate', 'vin'],
  digits: ['passengers', 'mass', 'dimensions', 'date', 'plate'],
};

/** The shape of another field a value has, when that shape cannot belong to its own field. */
export function foreignShape(def: FieldDef, value: string): Shape | null {
  if (value === '' || value === '--') return null;
  const shape = shapeOf(value);
  if (!shape) return null;
  const foreign = def.format === 'text' ? (WORDY_KEYS.has(def.key) ? ALL_FOREIGN : []) : (FOREIGN[def.format] ?? []);
  return foreign.includes(shape) ? shape : null;
}

const SHAPE_NAMES: Record<Shape, string> = {
  passengers: '人数',
  mass: '质量',
  dimensions: '尺寸',
  date: '日期',
  vin: '车辆识别代号',
  plate: '号牌号码',
  code: '编号',
};

export type Fields = Record<string, FieldResult>;

/** Adds a warning to a field once (a code already there is not repeated). */
export function add(fields: Fields, key: string, w: FieldWarning): void {
  const f = fields[key];
  if (f && !f.warnings.some((x) => x.code === w.code)) f.warnings.push(w);
}

/** A field's value, with the `--` placeholder as empty. */
export const val = (fields: Fields, key: string): string => {
  const v = fields[key]?.value ?? '';
  return v === '--' ? '' : v;
};

/** Mass in kg of a canonical value (1820kg), or null. */
function kg(value: string): number | null {
  const m = /^(\d+(?:\.\d+)?)kg$/.exec(value);
  return m ? Number(m[1]) : null;
}

/** Pairs that must be in order (earlier, later). Checked only when both are real canonical dates. */
const DATE_ORDER: ReadonlyArray<readonly [string, string]> = [
  ['registerDate', 'issueDate'],
  ['birthDate', 'firstIssueDate'],
  ['birthDate', 'issueDate'],
  ['manufactureDate', 'registerDate'],
  ['issueDate', 'expiryDate'],
  ['validFrom', 'validUntil'],
  ['establishDate', 'approvalDate'],
];

/**
 * Runs the cross-field checks on validated fields, adding field warnings in place, and returns the
 * result-level warnings.
 */
export function crossCheck(fields: Fields, defs: ReadonlyMap<string, FieldDef>): FieldWarning[] {
  const result: FieldWarning[] = [];

  // Shifted fields.
  const shifted: string[] = [];
  for (const [key, f] of Object.entries(fields)) {
    const def = defs.get(key);
    if (!def) continue;
    const shape = foreignShape(def, f.value);
    if (shape) {
      shifted.push(def.label);
      add(fields, key, warning('SHIFTED_VALUE', `内容像是${SHAPE_NAMES[shape]}`));
    }
  }
  if (shifted.length > 0) result.push(warning('FIELDS_SHIFTED', shifted.join('、')));

  // Date order.
  for (const [a, b] of DATE_ORDER) {
    const va = val(fields, a);
    const vb = val(fields, b);
    if (/^\d{4}-\d{2}-\d{2}$/.test(va) && /^\d{4}-\d{2}-\d{2}$/.test(vb) && va > vb) {
      add(fields, b, warning('DATE_ORDER', `${defs.get(b)?.label ?? b}早于${defs.get(a)?.label ?? a}`));
    }
  }

  // Birth date and sex embedded in the ID number (or a driving licence number that is one).
  const idKey = fields.idNumber ? 'idNumber' : fields.licenseNo && defs.get('licenseNo')?.format === 'idNumber' ? 'licenseNo' : null;
  const info = idKey ? parseIdNumber(val(fields, idKey)) : null;
  if (info) {
    const birth = val(fields, 'birthDate');
    if (/^\d{4}-\d{2}-\d{2}$/.test(birth) && birth !== info.birthDate) {
      add(fields, 'birthDate', warning('ID_BIRTH_MISMATCH', `号码中为${info.birthDate}`));
    }
    const sex = val(fields, 'sex');
    if ((sex === '男' || sex === '女') && sex !== info.sex) add(fields, 'sex', warning('ID_SEX_MISMATCH'));
  }

  // Masses.
  const gross = kg(val(fields, 'grossMass'));
  const curb = kg(val(fields, 'curbMass'));
  if (gross !== null && curb !== null && gross < curb) add(fields, 'grossMass', warning('MASS_ORDER'));

  return result;
}

/** Front/back plate agreement for a licence read as two results (or two plates in one payload). */
export function plateAgreement(frontPlate: string, backPlate: string): FieldWarning[] {
  const a = frontPlate === '--' ? '' : frontPlate;
  const b = backPlate === '--' ? '' : backPlate;
  return a !== '' && b !== '' && a !== b ? [warning('PLATE_MISMATCH', `${a} / ${b}`)] : [];
}

/** Result-level checks between the two sides of one document read separately (front and back of a
 *  vehicle licence): today the plate printed on both pages. */
export function crossCheckSides(
  front: { fields: Record<string, FieldResult> },
  back: { fields: Record<string, FieldResult> },
): FieldWarning[] {
  return plateAgreement(front.fields.plateNo?.value ?? '', back.fields.plateNo?.value ?? '');
}
