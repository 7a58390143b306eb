// The one doubt rule (core/result/doubt.ts) and the cross-checks that feed it
// (core/validate/vehicle-checks.ts), through buildResult and joinPages as every provider uses them.
import { describe, expect, it } from 'vitest';
import { buildResult } from '../../core/result/build';
import { DOUBT_BELOW, doubtOf, isDoubtful, markDoubt, countDoubtful } from '../../core/result/doubt';
import { joinPages } from '../../core/result/pages';
import { vinModelYears } from '../../core/validate/vehicle-checks';
import { warning } from '../../core/validate/warnings';

const NOW = new Date('2026-06-01T00:00:00Z');
// a VIN with a valid check digit, WMI LSG (别克 / 雪佛兰 / 凯迪拉克), model year H = 2017
const VIN_2017 = 'LSGPC54R0HF123456';
const withCheck = (v: string) => {
  const values: Record<string, number> = { A: 1, B: 2, C: 3, D: 4, E: 5, F: 6, G: 7, H: 8, J: 1, K: 2, L: 3, M: 4, N: 5, P: 7, R: 9, S: 2, T: 3, U: 4, V: 5, W: 6, X: 7, Y: 8, Z: 9 };
  const w = [8, 7, 6, 5, 4, 3, 2, 10, 0, 9, 8, 7, 6, 5, 4, 3, 2];
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += (/\d/.test(v[i]!) ? Number(v[i]) : values[v[i]!]!) * w[i]!;
  const r = sum % 11;
  return v.slice(0, 8) + (r === 10 ? 'X' : String(r)) + v.slice(9);
};
const VIN = withCheck(VIN_2017);
const front = (o: Record<string, string>, confidence?: number) =>
  buildResult({
    docType: 'vehicle_license', side: 'front', provider: 'local', now: NOW,
    values: Object.fromEntries(Object.entries({
      plateNo: '粤B12345', vehicleType: '小型轿车', owner: '张三', address: '广东省深圳市南山区', useCharacter: '非营运',
      model: '别克牌SGM7247ATA', vin: VIN, engineNo: '47CB521VL', registerDate: '2017-06-17', issueDate: '2017-06-18',
      issuingAuthority: '广东省深圳市公安局交通警察支队', ...o,
    }).map(([k, v]) => [k, confidence === undefined ? { value: v } : { value: v, confidence }])),
  });
const codes = (f: { warnings: { code: string }[] } | undefined) => f?.warnings.map((w) => w.code) ?? [];

describe('the doubt rule', () => {
  it('a clean reading with a high confidence is not doubtful; the same below the threshold is', () => {
    expect(isDoubtful({ value: '粤B12345', warnings: [], confidence: 0.97 })).toBe(false);
    expect(isDoubtful({ value: '粤B12345', warnings: [], confidence: DOUBT_BELOW - 0.01 })).toBe(true);
  });

  it('a validator warning makes a field doubtful whatever its confidence; an expired period does not', () => {
    expect(isDoubtful({ value: 'LSGPC54R0HF12345', warnings: [warning('VIN_LENGTH')], confidence: 0.99 })).toBe(true);
    expect(isDoubtful({ value: '2010-01-01至2020-01-01', warnings: [warning('PERIOD_EXPIRED')], confidence: 0.99 })).toBe(false);
  });

  it('a soft cross-check only tips a field that was already less than sure', () => {
    const soft = [warning('VIN_BRAND_MISMATCH')];
    expect(isDoubtful({ value: VIN, warnings: soft, confidence: 0.99 })).toBe(false);
    expect(isDoubtful({ value: VIN, warnings: soft, confidence: 0.9 })).toBe(true);
  });

  it('a value outside its enumeration is doubtful however surely read (a type read in part: 中型)', () => {
    expect(front({ vehicleType: '中型' }, 0.99).fields.vehicleType?.doubtful).toBe(true);
    expect(front({ vehicleType: '小型轿车' }, 0.92).fields.vehicleType?.doubtful).toBe(false);
  });

  it('a blurred photo lowers every field: a reading that was just sure enough becomes doubtful', () => {
    const f = { value: '张三', warnings: [], confidence: 0.85 };
    expect(isDoubtful(f)).toBe(false);
    expect(isDoubtful(f, [warning('PHOTO_BLUR')])).toBe(true);
    // authenticity warnings are for the reviewer: the text itself may read well
    expect(isDoubtful(f, [warning('PHOTO_SCREEN')])).toBe(false);
  });

  it('an empty optional field is not doubtful; an empty required one is (REQUIRED_MISSING)', () => {
    const r = buildResult({ docType: 'vehicle_license', side: 'back', provider: 'juhe', now: NOW, values: { plateNo: { value: '粤B12345' } } });
    expect(r.fields.remarks?.doubtful).toBe(false);
    expect(r.fields.fileNo?.doubtful).toBe(true);
  });

  it('an always-printed field returned empty by a provider that reads it is marked VALUE_UNREAD; one the provider never reads is not', () => {
    const juhe = buildResult({ docType: 'vehicle_license', side: 'back', provider: 'juhe', now: NOW, values: { plateNo: { value: '粤B12345' } } });
    for (const key of ['approvedLoad', 'tractionMass', 'inspectionRecord', 'barcode']) {
      expect(codes(juhe.fields[key])).toEqual(['VALUE_UNREAD']);
      expect(juhe.fields[key]?.doubtful).toBe(true);
    }
    // WeChat's vehicle-licence answer has no 核定载质量 (registry: providers), so its blank says nothing
    const wechat = buildResult({ docType: 'vehicle_license', side: 'back', provider: 'wechat', now: NOW, values: { plateNo: { value: '粤B12345' } } });
    expect(codes(wechat.fields.approvedLoad)).toEqual([]);
    expect(wechat.fields.approvedLoad?.doubtful).toBe(false);
    // a dash placeholder is a value: printed and read
    const dashed = buildResult({ docType: 'vehicle_license', side: 'back', provider: 'local', now: NOW, values: { approvedLoad: { value: '--', confidence: 0.95 } } });
    expect(dashed.fields.approvedLoad?.doubtful).toBe(false);
  });

  it('every field of a built result carries the flag; a stored field without it is judged by the same rule', () => {
    const r = front({}, 0.95);
    for (const f of Object.values(r.fields)) expect(typeof f.doubtful).toBe('boolean');
    expect(countDoubtful([r])).toBe(0);
    const stored = { value: '粤B12345', warnings: [], confidence: 0.5 };
    expect(doubtOf(stored)).toBe(true);
    expect(doubtOf({ ...stored, doubtful: false })).toBe(false);
  });

  it('markDoubt recomputes after warnings are added (a photo warning added by the server)', () => {
    const r = front({}, 0.85);
    expect(r.fields.owner?.doubtful).toBe(false);
    const marked = markDoubt({ ...r, warnings: [...r.warnings, warning('PHOTO_BLUR')] });
    expect(marked.fields.owner?.doubtful).toBe(true);
  });
});

describe('cross-checks that raise doubt', () => {
  it('the VIN model year character reads two cycles (H = 1987 or 2017)', () => {
    expect(vinModelYears(VIN)).toEqual([1987, 2017]);
    expect(vinModelYears('LSGPC54R0IF123456')).toEqual([]);
  });

  it('the VIN model year against the register date marks both', () => {
    expect(codes(front({}).fields.vin)).toEqual([]);
    const r = front({ registerDate: '2009-06-17', issueDate: '2009-06-18' });
    expect(codes(r.fields.vin)).toEqual(['VIN_MODEL_YEAR']);
    expect(codes(r.fields.registerDate)).toEqual(['VIN_MODEL_YEAR']);
    expect(r.fields.vin?.doubtful).toBe(true);
  });

  it('the manufacturer code against the brand marks VIN and model; an unknown brand says nothing', () => {
    const r = front({ model: '丰田牌GTM7200' });
    expect(codes(r.fields.vin)).toEqual(['VIN_BRAND_MISMATCH']);
    expect(codes(r.fields.model)).toEqual(['VIN_BRAND_MISMATCH']);
    expect(codes(front({ model: '雪佛兰牌SGM7150' }).fields.vin)).toEqual([]);
    expect(codes(front({ model: '某某牌XYZ123' }).fields.vin)).toEqual([]);
  });

  it('a VIN failing its check digit speaks about nothing else', () => {
    const bad = VIN.slice(0, 8) + (VIN[8] === '0' ? '1' : '0') + VIN.slice(9);
    const r = front({ vin: bad, model: '丰田牌GTM7200' });
    expect(codes(r.fields.vin)).toEqual(['VIN_CHECK_DIGIT']);
    expect(codes(r.fields.model)).toEqual([]);
  });

  it('registerDate ≤ issueDate ≤ today', () => {
    expect(codes(front({ issueDate: '2017-06-01' }).fields.issueDate)).toEqual(['DATE_ORDER']);
    expect(codes(front({ issueDate: '2026-07-01' }).fields.issueDate)).toContain('DATE_FUTURE');
  });

  it('front plate against back plate, passengers against the vehicle type, load against the masses (two pages)', () => {
    const back = buildResult({
      docType: 'vehicle_license', side: 'back', provider: 'local', now: NOW,
      values: { plateNo: { value: '粤B12346' }, fileNo: { value: '440300123456' }, approvedPassengers: { value: '45人' }, grossMass: { value: '2170kg' }, curbMass: { value: '1750kg' }, approvedLoad: { value: '900kg' } },
    });
    const joined = joinPages([front({}, 0.99), back], 0, NOW);
    const [f, b] = joined.pages!;
    expect(codes(f!.fields.plateNo)).toEqual(['PLATE_MISMATCH']);
    expect(codes(b!.fields.plateNo)).toEqual(['PLATE_MISMATCH']);
    expect(b!.fields.plateNo?.doubtful).toBe(true);
    expect(codes(b!.fields.approvedPassengers)).toEqual(['PASSENGERS_TYPE']);
    expect(codes(f!.fields.vehicleType)).toEqual(['PASSENGERS_TYPE']);
    expect(codes(b!.fields.approvedLoad)).toEqual(['LOAD_ORDER']);
    // the caller's results are left as they were
    expect(codes(back.fields.plateNo)).toEqual([]);
  });

  it('masses in the wrong order and an ID number against the birth date stay warnings that mark the field', () => {
    const r = buildResult({
      docType: 'vehicle_license', side: 'back', provider: 'wechat', now: NOW,
      values: { plateNo: { value: '粤B12345' }, grossMass: { value: '1500kg' }, curbMass: { value: '1750kg' } },
    });
    expect(r.fields.grossMass?.doubtful).toBe(true);
    const id = buildResult({
      docType: 'id_card', side: 'front', provider: 'wechat', now: NOW,
      values: { name: { value: '张三' }, birthDate: { value: '1990-01-02' }, idNumber: { value: '11010519491231002X' } },
    });
    expect(codes(id.fields.birthDate)).toEqual(['ID_BIRTH_MISMATCH']);
    expect(id.fields.birthDate?.doubtful).toBe(true);
  });
});
