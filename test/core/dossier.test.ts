import { describe, expect, it } from 'vitest';
import {
  checkDossier,
  daysUntil,
  expiriesOf,
  licenceCovers,
  parseExpiry,
  vehicleKeyOf,
  type DossierPage,
} from '../../core/dossier';

const TODAY = '2026-12-03';
const page = (recordId: string, docType: string, side: DossierPage['side'], values: Record<string, string>): DossierPage => ({
  recordId,
  docType,
  side,
  values,
});

const front = page('r1', 'vehicle_license', 'front', {
  plateNo: '苏A12345',
  vehicleType: '小型轿车',
  owner: '张三',
  model: '大众汽车牌SVW7182LFD',
  vin: 'LSVAM4187C2184847',
  engineNo: '123456',
});
const back = page('r2', 'vehicle_license', 'back', { plateNo: '苏A12345', inspectionRecord: '检验有效期至2027年06月苏A(01)' });
const idFront = page('r3', 'id_card', 'front', { name: '张三', idNumber: '11010519491231002X' });
const idBack = page('r3', 'id_card', 'back', { validPeriod: '2016-01-01至2036-01-01' });

const codes = (pages: DossierPage[], purpose?: 'basic' | 'rental' | 'insurance' | 'transfer') =>
  checkDossier({ pages, today: TODAY, ...(purpose ? { purpose } : {}) }).map((w) => w.code);

describe('expiry dates', () => {
  it('reads the inspection record as valid to the last day of its month', () => {
    expect(parseExpiry('inspection', '检验有效期至2027年06月苏A(01)')).toBe('2027-06-30');
    expect(parseExpiry('inspection', '检验有效期至2028年02月')).toBe('2028-02-29');
    expect(parseExpiry('inspection', '2027-11')).toBe('2027-11-30');
  });
  it('reads the end of a period, and no date for 长期 or an unreadable text', () => {
    expect(parseExpiry('period', '2016-01-01至2036-01-01')).toBe('2036-01-01');
    expect(parseExpiry('period', '2016-01-01至长期')).toBeNull();
    expect(parseExpiry('inspection', '检验记录')).toBeNull();
    expect(parseExpiry('inspection', '检验有效期至2027年13月')).toBeNull();
    expect(parseExpiry('date', '2030-02-30')).toBeNull();
  });
  it('takes the expiring fields from the registry, per document and side', () => {
    expect(expiriesOf('vehicle_license', 'back', back.values)).toEqual([{ field: 'inspectionRecord', date: '2027-06-30' }]);
    expect(expiriesOf('id_card', 'back', idBack.values)).toEqual([{ field: 'validPeriod', date: '2036-01-01' }]);
    expect(expiriesOf('driver_license', 'front', { validPeriod: '2015-06-01至2021-06-01' })).toEqual([
      { field: 'validPeriod', date: '2021-06-01' },
    ]);
    // A front page's dates are not expiries.
    expect(expiriesOf('vehicle_license', 'front', { registerDate: '2012-01-01', issueDate: '2012-01-01' })).toEqual([]);
  });
  it('counts days to a date, negative once past', () => {
    expect(daysUntil('2027-01-02', TODAY)).toBe(30);
    expect(daysUntil('2026-12-01', TODAY)).toBe(-2);
  });
});

describe('licence classes', () => {
  it('a C1 licence does not cover a heavy semi-trailer tractor, an A2 does', () => {
    expect(licenceCovers('C1', '重型半挂牵引车')).toBe(false);
    expect(licenceCovers('A2', '重型半挂牵引车')).toBe(true);
  });
  it('a higher class covers the classes it includes, across several printed classes', () => {
    expect(licenceCovers('B2', '小型轿车')).toBe(true);
    expect(licenceCovers('C1', '大型普通客车')).toBe(false);
    expect(licenceCovers('C1E', '普通正三轮摩托车')).toBe(true);
    expect(licenceCovers('C2', '中型普通货车')).toBe(false);
  });
  it('does not judge what it cannot place', () => {
    expect(licenceCovers('C1', '重型普通半挂车')).toBeNull();
    expect(licenceCovers('', '小型轿车')).toBeNull();
  });
});

describe('cross-document checks', () => {
  it('a consistent dossier for its purpose has no warning', () => {
    expect(codes([front, back, idFront, idBack], 'insurance')).toEqual([]);
  });
  it('front plate differing from the back plate', () => {
    const w = checkDossier({ pages: [front, { ...back, values: { ...back.values, plateNo: '苏A12346' } }], today: TODAY });
    expect(w.map((x) => x.code)).toEqual(['DOSSIER_PLATE_MISMATCH']);
    expect(w[0]!.recordIds).toEqual(['r1', 'r2']);
    expect(w[0]!.message).toContain('苏A12346');
  });
  it('licence vs registration certificate: VIN, engine, model and owner', () => {
    const cert = page('r9', 'vehicle_registration_certificate', null, {
      vin: 'LSVAM4187C2184848',
      engineNo: '654321',
      model: 'SVW7182LFD',
      owner: '李四',
    });
    expect(codes([front, back, cert])).toEqual(['DOSSIER_VIN_MISMATCH', 'DOSSIER_ENGINE_MISMATCH', 'DOSSIER_OWNER_MISMATCH']);
    const other = { ...cert, values: { ...cert.values, model: 'SVW7183XXX' } };
    expect(codes([front, back, other])).toContain('DOSSIER_MODEL_MISMATCH');
  });
  it('a person owner must be the holder of one of the ID cards; a company owner is not compared', () => {
    expect(codes([front, back, { ...idFront, values: { name: '王五' } }])).toEqual(['DOSSIER_OWNER_NOT_ID_HOLDER']);
    const company = { ...front, values: { ...front.values, owner: '某某汽车租赁有限公司' } };
    expect(codes([company, back, { ...idFront, values: { name: '王五' } }])).toEqual([]);
  });
  it('an expired ID card, driving licence or inspection', () => {
    const expired = { ...idBack, values: { validPeriod: '2006-01-01至2026-01-01' } };
    const w = checkDossier({ pages: [front, back, idFront, expired], today: TODAY });
    expect(w.map((x) => x.code)).toEqual(['DOSSIER_EXPIRED']);
    expect(w[0]!.message).toContain('身份证有效期至2026-01-01');
    expect(codes([front, { ...back, values: { plateNo: '苏A12345', inspectionRecord: '检验有效期至2026年11月' } }])).toEqual([
      'DOSSIER_EXPIRED',
    ]);
  });
  it('a driving licence class that does not cover the vehicle type', () => {
    const tractor = { ...front, values: { ...front.values, vehicleType: '重型半挂牵引车' } };
    const dl = page('r5', 'driver_license', 'front', { name: '张三', licenseClass: 'C1', validPeriod: '2020-01-01至2030-01-01' });
    const w = checkDossier({ pages: [tractor, back, dl], today: TODAY });
    expect(w.map((x) => x.code)).toEqual(['DOSSIER_CLASS_NOT_COVERED']);
    expect(w[0]!.message).toContain('需A2');
  });
  it('lists the documents missing for the purpose', () => {
    const w = checkDossier({ pages: [front], today: TODAY, purpose: 'rental' });
    expect(w.map((x) => x.code)).toEqual(['DOSSIER_MISSING_DOCUMENT']);
    expect(w[0]!.message).toContain('行驶证副页、身份证人像面、身份证国徽面、驾驶证正页');
  });
});

describe('vehicle key', () => {
  const base = { extra: {}, warnings: [], corrections: {}, pages: undefined };
  it('is the VIN when read, else the plate; submitted values win over recognized ones', () => {
    const rec = {
      ...base,
      _id: 'a',
      docType: 'vehicle_license',
      side: 'front' as const,
      recognized: { plateNo: { value: '苏a 12345', confidence: 0.9, warnings: [] }, vin: { value: '--', confidence: 0.9, warnings: [] } },
      submitted: null,
    };
    expect(vehicleKeyOf(rec)).toEqual({ vin: null, plate: '苏A12345' });
    expect(vehicleKeyOf({ ...rec, submitted: { plateNo: '苏A12345', vin: 'LSVAM4187C2184847' } })).toEqual({
      vin: 'LSVAM4187C2184847',
      plate: '苏A12345',
    });
    expect(vehicleKeyOf({ ...rec, docType: 'id_card', recognized: { name: { value: '张三', confidence: 1, warnings: [] } } })).toBeNull();
  });
});
