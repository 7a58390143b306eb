// Plates (GA 36-2018): province abbreviation + issuing-authority letter + 5 characters (ordinary) or
// 6 (new energy: small cars D/F first, large vehicles D/F last), no I or O; special plates end in
// 警 学 挂 港 澳 领 or carry 使. I/O are OCR confusions for 1/0: proposed, never applied.
import type { FieldWarning } from '../contracts/result';
import type { Validation } from './vin';
import { warning } from './warnings';

export const PROVINCES = '京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼';
const SUFFIXES = '警学挂港澳使领';

const ORDINARY = /^[A-Z0-9]{5}$/;
const NEW_ENERGY_SMALL = /^[DF][A-Z0-9]\d{4}$/;
const NEW_ENERGY_LARGE = /^\d{5}[DF]$/;
const SPECIAL = new RegExp(`^[A-Z0-9]{4}[${SUFFIXES}]$`, 'u');
/** Embassy plates of the older form: 使 followed by six digits. */
const EMBASSY_OLD = /^使\d{6}$/u;

export function validatePlate(value: string): Validation {
  const warnings: FieldWarning[] = [];
  if (EMBASSY_OLD.test(value)) return { warnings };
  if (value.includes('*')) return { warnings: [warning('PLATE_FORMAT', '含有遮挡字符')] };
  const chars = [...value];
  const province = chars[0] ?? '';
  const authority = chars[1] ?? '';
  const serial = chars.slice(2).join('');
  if (!PROVINCES.includes(province) || province === '') warnings.push(warning('PLATE_PROVINCE'));
  if (!/^[A-HJ-NP-Z]$/.test(authority)) warnings.push(warning('PLATE_AUTHORITY'));

  let suggestion: string | undefined;
  let fixedSerial = serial;
  if (/[IO]/.test(serial)) {
    fixedSerial = serial.replace(/O/g, '0').replace(/I/g, '1');
    suggestion = province + authority + fixedSerial;
    warnings.push(warning('PLATE_LETTER_IO'));
  }
  const len = [...fixedSerial].length;
  const shapeOk =
    (len === 5 && (ORDINARY.test(fixedSerial) || SPECIAL.test(fixedSerial))) ||
    (len === 6 && (NEW_ENERGY_SMALL.test(fixedSerial) || NEW_ENERGY_LARGE.test(fixedSerial)));
  if (!shapeOk) {
    if (len === 6 && /^[A-Z0-9]{6}$/.test(fixedSerial)) warnings.push(warning('PLATE_NEW_ENERGY'));
    else warnings.push(warning('PLATE_FORMAT'));
  }
  return suggestion === undefined ? { warnings } : { warnings, suggestion };
}

/** Front and back pages of one licence carry the same plate (compared after normalization). */
export function platesAgree(front: string, back: string): boolean {
  return front === '' || back === '' || front === back;
}
