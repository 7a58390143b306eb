// buildResult with the ground truth of the real fixtures (test/fixtures/real and the shared set, copied here so the
// tests run from a clean clone): read as printed, the only warnings are the documented defects.
import { describe, expect, it } from 'vitest';
import { RecognitionResultSchema, type RecognitionResult } from '../../core/contracts/result';
import { buildResult, setOwn } from '../../core/result/build';

const NOW = new Date('2026-11-22T04:00:00Z');
const values = (o: Record<string, string>) => Object.fromEntries(Object.entries(o).map(([k, v]) => [k, { value: v }]));
const codesOf = (r: RecognitionResult) =>
  Object.fromEntries(Object.entries(r.fields).filter(([, f]) => f.warnings.length).map(([k, f]) => [k, f.warnings.map((w) => w.code)]));

const FRONT_01 = {
  plateNo: '京AA5599', vehicleType: '小型轿车', owner: '王京', address: '北京市石景山区', useCharacter: '非营运', model: '讴歌牌GHA7150JAD5B',
  vin: 'HHGHH555778802669', engineNo: '112244', registerDate: '2018-06-14', issueDate: '2018-06-14', issuingAuthority: '北京市公安局公安交通管理局',
};
const FRONT_02 = {
  plateNo: '鄂E3887K', vehicleType: '小型轿车', owner: '穆高寒', address: '山西省太原市北大街财苑巷', useCharacter: '非营运', model: '别克牌SGM7247ATA',
  vin: 'LFGGF53W0WH228343', engineNo: '47CB521VL', registerDate: '2013-06-17', issueDate: '2013-06-18', issuingAuthority: '广东省深圳市公安局交通警察支队',
};
const BACK_02 = {
  plateNo: '鄂E3887K', fileNo: '3800299837465', approvedPassengers: '5人', grossMass: '2170kg', curbMass: '1750kg', approvedLoad: '--',
  overallDimensions: '5000×1858×1493mm', tractionMass: '--', remarks: '', inspectionRecord: '检验有效期至2015年06月粤B(16)', barcode: '8644658019963',
};

describe('buildResult on the real fixtures', () => {
  it('vehicle-licence-front-01: keeps the VIN as printed and flags its check digit, nothing else', () => {
    const r = buildResult({ docType: 'vehicle_license', side: 'front', provider: 'local', values: values(FRONT_01), now: NOW });
    expect(RecognitionResultSchema.parse(r)).toEqual(r);
    expect(r.fields.vin?.value).toBe('HHGHH555778802669');
    expect(r.fields.vin?.suggestion).toBeUndefined();
    expect(codesOf(r)).toEqual({ vin: ['VIN_CHECK_DIGIT'] });
    expect(r.warnings).toEqual([]);
  });

  it('vehicle-licence-front-02 and back-02: the VIN year cross-check and the sample file number of 13 digits; the back fuel type is empty and optional', () => {
    const f = buildResult({ docType: 'vehicle_license', side: 'front', provider: 'local', values: values(FRONT_02), now: NOW });
    // the sample card's VIN says model year 1998 (W) for a car registered in 2013: printed so, and the
    // cross-check cannot tell which of the two is wrong, so both carry it
    expect(codesOf(f)).toEqual({ vin: ['VIN_MODEL_YEAR'], registerDate: ['VIN_MODEL_YEAR'] });
    expect(Object.fromEntries(Object.entries(f.fields).map(([k, v]) => [k, v.value]))).toEqual(FRONT_02);
    const b = buildResult({ docType: 'vehicle_license', side: 'back', provider: 'local', values: values(BACK_02), now: NOW });
    // the sample card prints a 13-digit 档案编号 where real cards print 12
    expect(codesOf(b)).toEqual({ fileNo: ['DIGITS_LENGTH'] });
    expect(b.fields.approvedLoad?.value).toBe('--');
  });

  it('normalizes the back page as printed (lowercase k, *barcode*, x dimensions, dash placeholders)', () => {
    const printed = { ...BACK_02, plateNo: '鄂E3887k', barcode: '*8644658019963*', overallDimensions: '5000x1858x1493mm', approvedLoad: '——', tractionMass: '一一', grossMass: '2170KG' };
    const b = buildResult({ docType: 'vehicle_license', side: 'back', provider: 'local', values: values(printed), now: NOW });
    expect(Object.fromEntries(Object.entries(b.fields).filter(([k]) => k !== 'fuelType').map(([k, v]) => [k, v.value]))).toEqual(BACK_02);
  });

  it('id-card-front-02: flags the checksum, the birth date and the sex against the number', () => {
    const r = buildResult({
      docType: 'id_card', side: 'front', provider: 'local', now: NOW,
      values: values({ name: '代用名', sex: '男', ethnicity: '汉', birthDate: '2013-05-06', address: '湖南省长沙市开福区巡道街幸福小区居民组', idNumber: '430512198908131367' }),
    });
    expect(codesOf(r)).toEqual({ idNumber: ['ID_CHECKSUM'], birthDate: ['ID_BIRTH_MISMATCH'], sex: ['ID_SEX_MISMATCH'] });
  });

  it('id-card-front-03: a consistent card has no warnings', () => {
    const r = buildResult({
      docType: 'id_card', side: 'front', provider: 'local', now: NOW,
      values: values({ name: '小静', sex: '女', ethnicity: '汉', birthDate: '1987-09-17', address: '北京市海淀区西北旺东路100号中关村科技园', idNumber: '370782198709170246' }),
    });
    expect(codesOf(r)).toEqual({});
  });

  it('driver-licence-front-01: the fictional number has no valid region and a female sequence digit; the period has expired', () => {
    const r = buildResult({
      docType: 'driver_license', side: 'front', provider: 'local', now: NOW,
      values: values({
        licenseNo: '384932195509141247', name: '李四', sex: '男', nationality: '中国', address: '河北省承德市围场满族蒙古族自治县金车路', birthDate: '1955-09-14',
        firstIssueDate: '2002-11-05', licenseClass: 'C1', validPeriod: '2014-11-05至2024-11-05', issuingAuthority: '广东省深圳市公安局交通警察支队',
      }),
    });
    // Its check character is right (7); region 38 does not exist and the 17th digit (4) is even (女).
    expect(codesOf(r)).toEqual({ licenseNo: ['ID_REGION'], sex: ['ID_SEX_MISMATCH'], validPeriod: ['PERIOD_EXPIRED'] });
  });
});

describe('buildResult contract', () => {
  it('keeps unknown keys in extra and other-side fields after the side fields', () => {
    const r = buildResult({
      docType: 'vehicle_license', side: 'front', provider: 'wechat', now: NOW,
      values: { vin: { value: 'LATPAB071W1005301' }, grossMass: { value: '1820' }, 颜色: { value: '白' } },
      extra: { orderid: 'x1' },
    });
    expect(r.extra).toEqual({ orderid: 'x1', 颜色: '白' });
    expect(Object.keys(r.fields).at(-1)).toBe('grossMass');
    expect(r.fields.grossMass?.value).toBe('1820kg');
  });

  it('marks missing required fields and low confidence; scales 0..100 scores', () => {
    const r = buildResult({
      docType: 'plate', side: null, provider: 'juhe', now: NOW,
      values: { plateNo: { value: '京AA5599', confidence: 42 }, plateColor: { value: '蓝牌', confidence: 0.99 } },
    });
    expect(r.fields.plateNo?.confidence).toBe(0.42);
    expect(r.fields.plateNo?.warnings.map((w) => w.code)).toEqual(['LOW_CONFIDENCE']);
    expect(r.fields.plateColor?.confidence).toBe(0.99);
    const missing = buildResult({ docType: 'vin', side: null, provider: 'juhe', values: {}, now: NOW });
    expect(missing.fields.vin).toEqual({ value: '', warnings: [{ code: 'REQUIRED_MISSING', message: expect.stringMatching(/补充/) }], doubtful: true });
  });

  it('drops the side of a one-sided document and keeps result warnings from the caller', () => {
    const r = buildResult({
      docType: 'business_license', side: 'front', provider: 'juhe', now: NOW, values: {},
      warnings: [{ code: 'PLATE_MISMATCH', message: '号牌号码不一致' }],
    });
    expect(r.side).toBeNull();
    expect(r.warnings.map((w) => w.code)).toEqual(['PLATE_MISMATCH']);
  });

  it('keeps the values of an unknown document, cleaned, with a result warning', () => {
    const r = buildResult({ docType: 'mystery', side: null, provider: 'juhe', now: NOW, values: { 名称: { value: ' 甲 ' } } });
    expect(r.fields['名称']?.value).toBe('甲');
    expect(r.warnings.map((w) => w.code)).toEqual(['UNKNOWN_DOC_TYPE']);
    expect(RecognitionResultSchema.safeParse(r).success).toBe(true);
  });

  it('survives hostile keys and non-string values', () => {
    const vals: Record<string, { value: string }> = {};
    setOwn(vals, '__proto__', { value: 'p' });
    setOwn(vals, 'constructor', { value: 'c' });
    vals.vin = { value: 17 as unknown as string };
    const r = buildResult({ docType: 'vehicle_license', side: 'front', provider: 'x', values: vals, now: NOW });
    expect(r.extra['$__proto__']).toBe('p');
    expect(Object.getPrototypeOf(r.extra)).toBe(Object.prototype);
    expect(r.extra.constructor).toBe('c');
    expect(r.fields.vin?.value).toBe('17');
    expect(RecognitionResultSchema.safeParse(r).success).toBe(true);
  });

  it('suggests but never applies a VIN fix', () => {
    const r = buildResult({ docType: 'vehicle_license', side: 'front', provider: 'x', values: { vin: { value: 'LATPAB07IW1OO53O1' } }, now: NOW });
    expect(r.fields.vin?.value).toBe('LATPAB07IW1OO53O1');
    expect(r.fields.vin?.suggestion).toBe('LATPAB071W1005301');
  });
});
