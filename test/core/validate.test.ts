// Validators with real known-good values and the real fixtures' documented failures.
import { describe, expect, it } from 'vitest';
import { getDocument } from '../../core/documents/registry';
import type { FieldDef } from '../../core/documents/types';
import {
  creditCodeCheckChar,
  crossCheck,
  crossCheckSides,
  idCheckChar,
  isValidIdNumber,
  isValidVin,
  parseIdNumber,
  plateAgreement,
  validateCreditCode,
  validateDate,
  validateField,
  validateIdNumber,
  validatePeriod,
  validatePlate,
  validateVin,
  vinCheckDigit,
  WARNING_MESSAGES,
} from '../../core/validate/index';

const NOW = new Date('2026-11-22T04:00:00Z');
const codes = (ws: { code: string }[]) => ws.map((w) => w.code);

describe('VIN (GB 16735 check digit)', () => {
  it('passes LATPAB071W1005301 and other real VINs', () => {
    for (const vin of ['LATPAB071W1005301', 'LFGGF53W0WH228343', 'WBAFR7103BC727722', '1M8GDM9AXKP042788']) {
      expect(validateVin(vin)).toEqual({ warnings: [] });
      expect(isValidVin(vin)).toBe(true);
    }
  });

  it('flags HHGHH555778802669 (real fixture vehicle-licence-front-01) and leaves it as printed', () => {
    const v = validateVin('HHGHH555778802669');
    expect(codes(v.warnings)).toEqual(['VIN_CHECK_DIGIT']);
    expect(v.suggestion).toBeUndefined();
    expect(vinCheckDigit('HHGHH555778802669')).toBe('1');
  });

  it('computes X for a remainder of 10', () => {
    expect(vinCheckDigit('1M8GDM9AXKP042788')).toBe('X');
  });

  it('proposes O/Q → 0 and I → 1 as a suggestion with a warning, never applied', () => {
    const v = validateVin('LATPAB07IW1OO53Q1');
    expect(codes(v.warnings)).toEqual(['VIN_CONFUSABLE']);
    expect(v.suggestion).toBe('LATPAB071W1005301');
  });

  it('warns on a confusable fix that still fails the check digit', () => {
    const v = validateVin('HHGHH5557788O2669');
    expect(codes(v.warnings)).toEqual(['VIN_CONFUSABLE', 'VIN_CHECK_DIGIT']);
    expect(v.suggestion).toBe('HHGHH555778802669');
  });

  it('rejects wrong lengths, bad characters and masks', () => {
    expect(codes(validateVin('LATPAB071W100530').warnings)).toEqual(['VIN_LENGTH']);
    expect(codes(validateVin('LATPAB071W10053011').warnings)).toEqual(['VIN_LENGTH']);
    expect(codes(validateVin('LATPAB071W10053%1').warnings)).toEqual(['VIN_CHARSET']);
    expect(codes(validateVin('LSGJ*****44832').warnings)).toEqual(['VIN_CHARSET']);
    expect(vinCheckDigit('LATPAB071W10053%1')).toBeNull();
  });
});

describe('plates', () => {
  it('accepts ordinary, new-energy and special plates', () => {
    for (const p of ['京AA5599', '鄂E3887K', '粤B12345', '粤BD12345', '粤BFA1234', '沪A12345D', '京A1234警', '粤Z1234港', '粤Z1234澳', '川A1234学', '冀A1234挂', '沪A1234领', '使014578']) {
      expect(validatePlate(p).warnings, p).toEqual([]);
    }
  });

  it('rejects a bad province, a bad authority letter and bad lengths', () => {
    expect(codes(validatePlate('X A12345'.replace(' ', '')).warnings)).toContain('PLATE_PROVINCE');
    expect(codes(validatePlate('京112345').warnings)).toContain('PLATE_AUTHORITY');
    expect(codes(validatePlate('粤V').warnings)).toEqual(['PLATE_FORMAT']);
    expect(codes(validatePlate('粤B1234').warnings)).toEqual(['PLATE_FORMAT']);
  });

  it('checks the D/F position of new-energy plates', () => {
    expect(codes(validatePlate('粤B1D2345').warnings)).toEqual(['PLATE_NEW_ENERGY']);
    expect(codes(validatePlate('粤BA12345').warnings)).toEqual(['PLATE_NEW_ENERGY']);
  });

  it('suggests 0/1 for O/I in the serial, with a warning', () => {
    const v = validatePlate('京AO12I4');
    expect(codes(v.warnings)).toEqual(['PLATE_LETTER_IO']);
    expect(v.suggestion).toBe('京A01214');
  });

  it('compares the plates of two results read separately', () => {
    const page = (plateNo: string) => ({ fields: { plateNo: { value: plateNo, warnings: [] } } });
    expect(crossCheckSides(page('鄂E3887K'), page('鄂E3887K'))).toEqual([]);
    expect(codes(crossCheckSides(page('鄂E3887K'), page('京AA5599')))).toEqual(['PLATE_MISMATCH']);
    expect(crossCheckSides({ fields: {} }, page('京AA5599'))).toEqual([]);
  });

  it('compares the plates of the two pages', () => {
    expect(plateAgreement('鄂E3887K', '鄂E3887K')).toEqual([]);
    expect(plateAgreement('鄂E3887K', '')).toEqual([]);
    expect(codes(plateAgreement('鄂E3887K', '鄂E3881K'))).toEqual(['PLATE_MISMATCH']);
  });
});

describe('citizen ID (GB 11643)', () => {
  it('passes real checksums', () => {
    // 11010519491231002X: the standard's own example; 370782198709170246: real fixture id-card-front-03.
    for (const id of ['11010519491231002X', '370782198709170246']) {
      expect(validateIdNumber(id, NOW)).toEqual({ warnings: [] });
      expect(isValidIdNumber(id)).toBe(true);
    }
    expect(idCheckChar('11010519491231002')).toBe('X');
  });

  it('flags the failing checksums of the real fixtures', () => {
    // id-card-front-01 and -02 are documented to fail their checksum.
    expect(codes(validateIdNumber('389201199001245580', NOW).warnings)).toEqual(['ID_REGION', 'ID_CHECKSUM']);
    expect(codes(validateIdNumber('430512198908131367', NOW).warnings)).toEqual(['ID_CHECKSUM']);
  });

  it('checks the embedded birth date', () => {
    expect(codes(validateIdNumber('110105194902300028', NOW).warnings)).toContain('ID_BIRTH_DATE');
    expect(codes(validateIdNumber('110105209901010028', NOW).warnings)).toContain('ID_BIRTH_DATE');
    expect(parseIdNumber('11010519491231002X')).toEqual({ birthDate: '1949-12-31', sex: '女' });
    expect(parseIdNumber('110105491231001')).toEqual({ birthDate: '1949-12-31', sex: '男' });
    expect(parseIdNumber('1101051949')).toBeNull();
  });

  it('flags wrong shapes and masks', () => {
    expect(codes(validateIdNumber('42010619510609****', NOW).warnings)).toEqual(['ID_FORMAT']);
    expect(codes(validateIdNumber('4201061951', NOW).warnings)).toEqual(['ID_FORMAT']);
  });
});

describe('dates and periods', () => {
  it('accepts real past dates', () => {
    expect(validateDate('2018-07-06', NOW)).toEqual([]);
    expect(validateDate('2024-02-29', NOW)).toEqual([]);
  });

  it('flags impossible, future, too old and unparsed dates', () => {
    expect(codes(validateDate('2018-02-30', NOW))).toEqual(['DATE_INVALID']);
    expect(codes(validateDate('2023-02-29', NOW))).toEqual(['DATE_INVALID']);
    expect(codes(validateDate('2018-13-01', NOW))).toEqual(['DATE_INVALID']);
    expect(codes(validateDate('2027-01-01', NOW))).toEqual(['DATE_FUTURE']);
    expect(codes(validateDate('1850-01-01', NOW))).toEqual(['DATE_TOO_OLD']);
    expect(codes(validateDate('20', NOW))).toEqual(['DATE_FORMAT']);
    expect(validateDate('2030-01-01', NOW, { allowFuture: true })).toEqual([]);
  });

  it('uses Beijing time for "today"', () => {
    // 2026-11-22 17:00 UTC is already 2026-11-23 in China.
    expect(validateDate('2026-11-23', new Date('2026-11-22T17:00:00Z'))).toEqual([]);
    expect(codes(validateDate('2026-11-23', new Date('2026-11-22T15:00:00Z')))).toEqual(['DATE_FUTURE']);
  });

  it('checks periods are ordered and says when they have expired', () => {
    expect(validatePeriod('2022-09-01至2032-09-01', NOW)).toEqual([]);
    expect(validatePeriod('2018-03-21至长期', NOW)).toEqual([]);
    expect(codes(validatePeriod('2032-09-01至2022-09-01', NOW))).toEqual(['DATE_FUTURE']);
    expect(codes(validatePeriod('2012-09-01至2002-09-01', NOW))).toEqual(['PERIOD_ORDER']);
    expect(codes(validatePeriod('2014-11-05至2024-11-05', NOW))).toEqual(['PERIOD_EXPIRED']);
    expect(codes(validatePeriod('2014-11-05至2024-02-30', NOW))).toEqual(['DATE_INVALID']);
    expect(codes(validatePeriod('6年', NOW))).toEqual(['PERIOD_FORMAT']);
  });
});

describe('credit code (GB 32100)', () => {
  it('passes real codes and flags bad ones', () => {
    expect(validateCreditCode('91350100M000100Y43')).toEqual([]);
    expect(validateCreditCode('91110000802100433B')).toEqual([]);
    expect(creditCodeCheckChar('91350100M000100Y4')).toBe('3');
    expect(codes(validateCreditCode('91350100M000100Y44'))).toEqual(['CREDIT_CODE_CHECKSUM']);
    expect(codes(validateCreditCode('91110105MA01AMC6Q'))).toEqual(['CREDIT_CODE_FORMAT']);
  });
});

describe('validateField', () => {
  const def = (doc: string, side: 'front' | 'back' | 'single', key: string): FieldDef => {
    const f = getDocument(doc)?.fields[side]?.find((d) => d.key === key);
    if (!f) throw new Error(`no field ${doc}.${key}`);
    return f;
  };

  it('checks enumerations (使用性质, 车辆类型, 民族 with or without 族)', () => {
    expect(validateField(def('vehicle_license', 'front', 'useCharacter'), '非营运', { now: NOW }).warnings).toEqual([]);
    expect(validateField(def('vehicle_license', 'front', 'useCharacter'), '预约出租客运', { now: NOW }).warnings).toEqual([]);
    expect(codes(validateField(def('vehicle_license', 'front', 'useCharacter'), '非营业运', { now: NOW }).warnings)).toEqual(['ENUM_UNKNOWN']);
    expect(validateField(def('vehicle_license', 'front', 'vehicleType'), '重型半挂牵引车', { now: NOW }).warnings).toEqual([]);
    expect(validateField(def('vehicle_license', 'front', 'vehicleType'), '小型普通客车', { now: NOW }).warnings).toEqual([]);
    expect(codes(validateField(def('vehicle_license', 'front', 'vehicleType'), '质', { now: NOW }).warnings)).toEqual(['ENUM_UNKNOWN']);
    expect(validateField(def('id_card', 'front', 'ethnicity'), '汉族', { now: NOW }).warnings).toEqual([]);
  });

  it('checks licence classes, including combined ones', () => {
    const d = def('driver_license', 'front', 'licenseClass');
    expect(validateField(d, 'C1', { now: NOW }).warnings).toEqual([]);
    expect(validateField(d, 'A2D', { now: NOW }).warnings).toEqual([]);
    expect(codes(validateField(d, 'C9', { now: NOW }).warnings)).toEqual(['ENUM_UNKNOWN']);
  });

  it('requires required fields and accepts the printed placeholder where it can stand', () => {
    expect(codes(validateField(def('vehicle_license', 'front', 'vin'), '', { now: NOW }).warnings)).toEqual(['REQUIRED_MISSING']);
    expect(codes(validateField(def('vehicle_license', 'front', 'vin'), '--', { now: NOW }).warnings)).toEqual(['REQUIRED_MISSING']);
    expect(validateField(def('vehicle_license', 'back', 'approvedLoad'), '--', { now: NOW }).warnings).toEqual([]);
    expect(validateField(def('vehicle_license', 'back', 'remarks'), '', { now: NOW }).warnings).toEqual([]);
  });

  it('proposes digits for letters OCR confuses with them in dates and ID numbers', () => {
    const date = validateField(def('vehicle_license', 'front', 'registerDate'), '2O18-O7-O6', { now: NOW });
    expect([codes(date.warnings), date.suggestion]).toEqual([['DATE_FORMAT'], '2018-07-06']);
    const id = validateField(def('id_card', 'front', 'idNumber'), '3707821987O9170246', { now: NOW });
    expect([codes(id.warnings), id.suggestion]).toEqual([['ID_FORMAT'], '370782198709170246']);
    // no suggestion when the swap does not give a valid value
    expect(validateField(def('id_card', 'front', 'idNumber'), '3707821987O9170247', { now: NOW }).suggestion).toBeUndefined();
    expect(validateField(def('vehicle_license', 'front', 'registerDate'), '20', { now: NOW }).suggestion).toBeUndefined();
  });

  it('offers the canonical spelling as a one-tap fix for letter case and date separators, never applying it', () => {
    const plate = validateField(def('vehicle_license', 'front', 'plateNo'), '粤b12345', { now: NOW });
    expect([codes(plate.warnings), plate.suggestion]).toEqual([['PLATE_AUTHORITY'], '粤B12345']);
    const vin = validateField(def('vehicle_license', 'front', 'vin'), 'lfggf53w0wh228343', { now: NOW });
    expect(vin.warnings.length).toBeGreaterThan(0);
    expect(vin.suggestion).toBe('LFGGF53W0WH228343');
    const date = validateField(def('vehicle_license', 'front', 'registerDate'), '2013/6/17', { now: NOW });
    expect([codes(date.warnings), date.suggestion]).toEqual([['DATE_FORMAT'], '2013-06-17']);
    const period = validateField(def('id_card', 'back', 'validPeriod'), '2020.11.05-2040.11.05', { now: NOW });
    expect(period.suggestion).toBe('2020-11-05至2040-11-05');
    // a lower-case O in the serial: the case fix and the O → 0 fix together
    expect(validateField(def('vehicle_license', 'front', 'plateNo'), '京a0121o', { now: NOW }).suggestion).toBe('京A01210');
    // nothing to propose when the canonical spelling is no better
    expect(validateField(def('vehicle_license', 'front', 'registerDate'), '2013/13/45', { now: NOW }).suggestion).toBeUndefined();
  });

  it('has a Chinese message for every warning code', () => {
    for (const [code, message] of Object.entries(WARNING_MESSAGES)) {
      expect(code).toMatch(/^[A-Z_]+$/);
      expect(message).toMatch(/[\u4e00-\u9fff]/);
    }
  });
});

describe('cross-field checks', () => {
  const defs = (doc: string, side: 'front' | 'back' | 'single') =>
    new Map((getDocument(doc)?.fields[side] ?? []).map((d) => [d.key, d] as const));
  const field = (value: string) => ({ value, warnings: [] as { code: string; message: string }[] });

  it('flags a value with the shape of another field and the result as shifted', () => {
    const fields = { owner: field('5人'), address: field('北京市'), engineNo: field('1820KG'), vin: field('LATPAB071W1005301') };
    const result = crossCheck(fields, defs('vehicle_license', 'front'));
    expect(codes(result)).toEqual(['FIELDS_SHIFTED']);
    expect(codes(fields.owner.warnings)).toEqual(['SHIFTED_VALUE']);
    expect(codes(fields.engineNo.warnings)).toEqual(['SHIFTED_VALUE']);
    expect(fields.address.warnings).toEqual([]);
    expect(fields.vin.warnings).toEqual([]);
  });

  it('flags an address that is a VIN and a date field holding a mass', () => {
    const fields = { address: field('LATPAB071W1005301'), registerDate: field('1820kg') };
    expect(codes(crossCheck(fields, defs('vehicle_license', 'front')))).toEqual(['FIELDS_SHIFTED']);
    expect(codes(fields.address.warnings)).toEqual(['SHIFTED_VALUE']);
    expect(codes(fields.registerDate.warnings)).toEqual(['SHIFTED_VALUE']);
  });

  it('does not flag the real fixtures (models, inspection records, barcodes look like codes by nature)', () => {
    const fields = {
      plateNo: field('鄂E3887K'),
      owner: field('穆高寒'),
      address: field('山西省太原市北大街财苑巷'),
      model: field('别克牌SGM7247ATA'),
      engineNo: field('47CB521VL'),
      registerDate: field('2013-06-17'),
      issueDate: field('2013-06-18'),
    };
    expect(crossCheck(fields, defs('vehicle_license', 'front'))).toEqual([]);
    const back = { inspectionRecord: field('检验有效期至2015年06月粤B(16)'), barcode: field('8644658019963'), grossMass: field('2170kg'), curbMass: field('1750kg') };
    expect(crossCheck(back, defs('vehicle_license', 'back'))).toEqual([]);
    expect(Object.values(back).every((f) => f.warnings.length === 0)).toBe(true);
  });

  it('orders registerDate ≤ issueDate and grossMass ≥ curbMass', () => {
    const fields = { registerDate: field('2018-07-06'), issueDate: field('2018-07-01') };
    crossCheck(fields, defs('vehicle_license', 'front'));
    expect(codes(fields.issueDate.warnings)).toEqual(['DATE_ORDER']);
    const back = { grossMass: field('1500kg'), curbMass: field('1750kg') };
    crossCheck(back, defs('vehicle_license', 'back'));
    expect(codes(back.grossMass.warnings)).toEqual(['MASS_ORDER']);
  });

  it('compares birth date and sex with the ID number', () => {
    // real fixture id-card-front-02: printed birth date 2013-05-06, number says 1989-08-13
    const fields = { birthDate: field('2013-05-06'), sex: field('男'), idNumber: field('430512198908131367') };
    crossCheck(fields, defs('id_card', 'front'));
    expect(codes(fields.birthDate.warnings)).toEqual(['ID_BIRTH_MISMATCH']);
    // its sequence digit (6) is even, i.e. 女, while the card prints 男
    expect(codes(fields.sex.warnings)).toEqual(['ID_SEX_MISMATCH']);
    const ok = { birthDate: field('1987-09-17'), sex: field('女'), idNumber: field('370782198709170246') };
    crossCheck(ok, defs('id_card', 'front'));
    expect(ok.birthDate.warnings).toEqual([]);
    expect(ok.sex.warnings).toEqual([]);
  });
});
