// Provider normalizers beyond the doc examples: variants, error bodies, malformed input.
import { describe, expect, it } from 'vitest';
import { ProviderError } from '../../core/contracts/errors';
import { RecognitionResultSchema } from '../../core/contracts/result';
import { normalizePayload } from '../../core/providers/index';

const NOW = new Date('2026-11-22T04:00:00Z');
const norm = (p: 'wechat' | 'juhe' | 'kuaitong', payload: unknown, opts: Parameters<typeof normalizePayload>[2] = {}) =>
  RecognitionResultSchema.parse(normalizePayload(p, payload, { now: NOW, ...opts }));
function error(fn: () => unknown): ProviderError {
  try {
    fn();
  } catch (e) {
    if (e instanceof ProviderError) return e;
    throw e;
  }
  throw new Error('expected a ProviderError');
}
const codes = (ws: { code: string }[] | undefined) => (ws ?? []).map((w) => w.code);

describe('wechat', () => {
  it('accepts errcode 0 and drops the envelope', () => {
    const r = norm('wechat', { errcode: 0, errmsg: 'ok', vin: 'LATPAB071W1005301', plate_num: '京AA5599' });
    expect(r.fields.vin?.value).toBe('LATPAB071W1005301');
    expect(r.fields.plateNo?.value).toBe('京AA5599');
    expect(r.extra).toEqual({});
  });

  it('throws the catalogue error for the cloud variant errCode', () => {
    const e = error(() => normalizePayload('wechat', { errCode: 45009, errMsg: 'openapi.ocr.vehicleLicense:fail reach max api daily quota limit' }));
    expect([e.code, e.providerCode]).toEqual(['QUOTA', '45009']);
  });

  it('flags disagreeing front and back plates and keeps the other one in extra', () => {
    const r = norm('wechat', { plate_num: '京AA5599', plate_num_b: '京AA5590' }, { side: 'back' });
    expect(r.fields.plateNo?.value).toBe('京AA5590');
    expect(codes(r.warnings)).toEqual(['PLATE_MISMATCH']);
    expect(r.extra).toEqual({ plate_num: '京AA5599' });
  });

  it('keeps unknown and non-scalar values in extra verbatim', () => {
    const r = norm('wechat', { vin: { text: 'X' }, color: '白', confidence: 0.9 });
    expect(r.extra).toEqual({ vin: { text: 'X' }, color: '白', confidence: 0.9 });
  });

  it('rejects non-objects and non-numeric errcodes as UPSTREAM', () => {
    for (const bad of [null, [], 'x', 3, { errcode: 'busy' }]) {
      expect(error(() => normalizePayload('wechat', bad)).code).toBe('UPSTREAM');
    }
  });
});

describe('wechat ocr.idcard / driverLicense / bankcard / businessLicense', () => {
  it("takes the ID card side from WeChat's type over the requested one, and the request when type is absent", () => {
    expect(norm('wechat', { type: 'Back', valid_date: '20070105-20270105' }, { docType: 'id_card', side: 'front' }).side).toBe('back');
    expect(norm('wechat', { type: 'Front', name: '张三' }, { docType: 'id_card', side: 'back' }).side).toBe('front');
    expect(norm('wechat', { validDate: '20070105-20270105' }, { docType: 'id_card', side: 'back' }).side).toBe('back');
    expect(norm('wechat', { name: '张三' }, { docType: 'id_card' }).side).toBe('front');
  });

  it('keeps an unknown ID card type and unknown keys in extra', () => {
    const r = norm('wechat', { type: 'Frond', name: '张三', birth: '1990-01-01' }, { docType: 'id_card' });
    expect(r.fields.name?.value).toBe('张三');
    expect(r.extra).toEqual({ type: 'Frond', birth: '1990-01-01' });
  });

  it("reads the bank card number under the field table's name (number) as well as the sample's (id)", () => {
    expect(norm('wechat', { errcode: 0, number: '6222020200112233445' }, { docType: 'bank_card' }).fields.cardNo?.value).toBe('6222020200112233445');
    const both = norm('wechat', { number: '6222020200112233445', id: '6222020200112233446' }, { docType: 'bank_card' });
    expect(both.fields.cardNo?.value).toBe('6222020200112233445');
    expect(both.extra).toEqual({ id: '6222020200112233446' });
  });

  it('joins the driving licence validity only when both ends are there; a lone end stays in extra', () => {
    const r = norm('wechat', { validFrom: '2018-07-06' }, { docType: 'driver_license', side: 'back' });
    expect(r.side).toBe('front');
    expect(r.fields.validPeriod?.value ?? '').toBe('');
    expect(r.extra).toEqual({ valid_from: '2018-07-06' });
  });

  it('maps the documented error envelope of every endpoint, both spellings', () => {
    for (const docType of ['id_card', 'driver_license', 'bank_card', 'business_license']) {
      expect(error(() => normalizePayload('wechat', { errcode: 101001, errmsg: 'certificate not found' }, { docType })).code).toBe('NOT_FOUND_IN_IMAGE');
      expect(error(() => normalizePayload('wechat', { errCode: 101003, errMsg: 'not enough market quota' }, { docType })).code).toBe('QUOTA');
    }
  });
});

describe('juhe certificates', () => {
  it('accepts a JSON-encoded result string and the legacy resultcode envelope', () => {
    const r = norm('juhe', { error_code: 0, result: JSON.stringify({ 车牌号: '京AA5599' }) }, { docType: 'plate' });
    expect(r.fields.plateNo?.value).toBe('京AA5599');
    expect(error(() => normalizePayload('juhe', { resultcode: '112', reason: '请求超过次数限制' })).code).toBe('QUOTA');
    expect(norm('juhe', { resultcode: '200', result: { vin: 'LATPAB071W1005301' } }).docType).toBe('vin');
  });

  it('replaces a base64 portrait with a marker', () => {
    const r = norm('juhe', { error_code: 0, result: { 姓名: '张三', 头像: 'A'.repeat(5000), 公民身份号码: '11010519491231002X' } }, { cardType: 2 });
    expect(r.extra['头像']).toBe('[base64 image omitted: 5000 chars]');
  });

  it('joins a driving licence validity printed in two parts', () => {
    const r = norm('juhe', { error_code: 0, result: { 证号: '11010519491231002X', 有效起始日期: '2014-11-05', 有效期至: '2024-11-05', 准驾车型: 'C1' } }, { cardType: 5 });
    expect(r.fields.validPeriod?.value).toBe('2014-11-05至2024-11-05');
    expect(r.extra).toEqual({ 有效起始日期: '2014-11-05', 有效期至: '2024-11-05' });
    const empty = norm('juhe', { error_code: 0, result: { 有效期限: '', 有效起始日期: '2014.11.05', 有效期至: '2024.11.05' } }, { cardType: 5 });
    expect(empty.fields.validPeriod?.value).toBe('2014-11-05至2024-11-05');
    const years = norm('juhe', { error_code: 0, result: { 有效起始日期: '2014-11-05', 有效期限: '6年' } }, { cardType: 5 });
    expect([years.fields.validPeriod?.value, codes(years.fields.validPeriod?.warnings)]).toEqual(['6年', ['PERIOD_FORMAT']]);
  });

  it('classifies the auto card types by their keys', () => {
    expect(norm('juhe', { error_code: 0, result: { 档案编号: '123', 核定载人数: '5人', 总质量: '1820kg' } }, { cardType: 103 }).side).toBe('back');
    expect(norm('juhe', { error_code: 0, result: { 签发机关: '某公安局', 有效期限: '2010.01.01-2030.01.01' } }, { cardType: 101 }).side).toBe('back');
    const r = norm('juhe', { error_code: 0, result: { 准驾车型: 'C1', 姓名: '李四' } }, { cardType: 104 });
    expect([r.docType, r.side]).toEqual(['driver_license', 'front']);
    const v = norm('juhe', { error_code: 0, result: { 有效期限: '2010.01.01-2030.01.01', 签发机关: '某公安局' } });
    expect([v.docType, v.side, v.fields.validPeriod?.value]).toEqual(['id_card', 'back', '2010-01-01至2030-01-01']);
  });

  it('warns when the requested side disagrees with the card type', () => {
    expect(codes(norm('juhe', { error_code: 0, result: { 姓名: '张三' } }, { cardType: 2, side: 'back' }).warnings)).toEqual(['SIDE_MISMATCH']);
  });

  it('refuses an undocumented cardType and a result nothing identifies', () => {
    expect(error(() => normalizePayload('juhe', { error_code: 0, result: {} }, { cardType: 8 })).code).toBe('UNSUPPORTED');
    expect(error(() => normalizePayload('juhe', { error_code: 0, result: { foo: 'bar' } })).code).toBe('UPSTREAM');
    expect(error(() => normalizePayload('juhe', { error_code: 0, result: null }, { cardType: 2 })).code).toBe('UPSTREAM');
    expect(error(() => normalizePayload('juhe', { error_code: 0, result: '{not json' }, { cardType: 2 })).code).toBe('UPSTREAM');
  });
});

describe('juhe registration certificate and electronic driving licence', () => {
  it('keeps malformed items, repeated names and unknown names in extra', () => {
    const r = norm('juhe', {
      error_code: 0,
      result: {
        vehicle_reg_cert_infos: [
          { name: '机动车所有人/身份证明名称/号码', value: '某某/汽车/公司/统一社会信用代码/91350100M000100Y43' },
          { name: '机动车所有人/身份证明名称/号码', value: '李四/居民身份证/11010519491231002X' },
          { name: '车身颜色', value: '白' },
          { name: '保险情况', value: '已投保' },
          42,
        ],
      },
    });
    expect([r.fields.owner?.value, r.fields.ownerIdType?.value, r.fields.ownerIdNumber?.value]).toEqual(['某某/汽车/公司', '统一社会信用代码', '91350100M000100Y43']);
    expect(r.fields.bodyColor?.value).toBe('白');
    expect(r.extra).toEqual({
      '机动车所有人/身份证明名称/号码': '李四/居民身份证/11010519491231002X',
      保险情况: '已投保',
      'vehicle_reg_cert_infos[4]': 42,
    });
  });

  it('keeps the original owner text when it is not the documented triple', () => {
    const r = norm('juhe', { error_code: 0, result: { vehicle_reg_cert_infos: [{ name: '机动车所有人/身份证明名称/号码', value: '小明' }] } });
    expect(r.fields.owner?.value).toBe('小明');
    expect(r.extra['机动车所有人/身份证明名称/号码']).toBe('小明');
  });

  it('detects the electronic licence side from its descs', () => {
    const r = norm('juhe', { error_code: 0, result: { data: [{ desc: '住址', content: '某地' }, { desc: '记录', content: 'C1' }] } });
    expect([r.docType, r.side]).toEqual(['e_driver_license', 'back']);
  });

  it('rejects non-list results', () => {
    expect(error(() => normalizePayload('juhe', { error_code: 0, result: { vehicle_reg_cert_infos: {} } })).code).toBe('UPSTREAM');
    expect(error(() => normalizePayload('juhe', { error_code: 0, result: { data: 'x' } }, { docType: 'e_driver_license' })).code).toBe('UPSTREAM');
  });
});

describe('options', () => {
  it('treats a side other than front/back/null as not given', () => {
    const r = norm('kuaitong', { code: 0, status: 200, data: { backInfo: { fileNo: '1' } } }, { side: 'auto' as never });
    expect(r.side).toBe('back');
  });

  it('refuses a document the provider does not read', () => {
    expect(error(() => normalizePayload('wechat', {}, { docType: 'passport' })).code).toBe('UNSUPPORTED');
    expect(error(() => normalizePayload('kuaitong', {}, { docType: 'id_card' })).code).toBe('UNSUPPORTED');
    expect(error(() => normalizePayload('juhe', {}, { docType: 'spaceship' })).code).toBe('UNSUPPORTED');
  });
});

describe('kuaitong', () => {
  it('reads the back page', () => {
    const r = norm('kuaitong', {
      code: 0,
      status: 200,
      data: {
        frontInfo: {},
        backInfo: {
          plateNo: '鄂E3887k', fileNo: '3800299837465', allowNum: '5人', totalMass: '2170kg', curbWeight: '1750kg', loadQuality: '--',
          externalSize: '5000X1858X1493mm', marks: '', record: '检验有效期至2015年06月粤B(16)', totalQuasiMass: '--', energy: '汽油', barcode: '*8644658019963*', extraKey: 'v',
        },
      },
    });
    expect(r.side).toBe('back');
    expect(r.fields.plateNo?.value).toBe('鄂E3887K');
    expect(r.fields.overallDimensions?.value).toBe('5000×1858×1493mm');
    expect(r.fields.barcode?.value).toBe('8644658019963');
    expect(r.fields.fuelType?.value).toBe('汽油');
    expect(r.extra).toEqual({ extraKey: 'v' });
    expect(r.warnings).toEqual([]);
  });

  it('flags front and back plates that disagree', () => {
    const r = norm('kuaitong', { code: 0, status: 200, data: { frontInfo: { plateNo: '鄂E3887K' }, backInfo: { plateNo: '鄂E3881K' } } });
    expect(codes(r.warnings)).toEqual(['PLATE_MISMATCH']);
    expect(r.extra).toEqual({ 'backInfo.plateNo': '鄂E3881K' });
  });

  it('maps statuses without a business code and rejects malformed data', () => {
    expect(error(() => normalizePayload('kuaitong', { status: 401, message: '身份验证失败' })).code).toBe('AUTH');
    expect(error(() => normalizePayload('kuaitong', { status: '413' })).code).toBe('BAD_IMAGE');
    expect(error(() => normalizePayload('kuaitong', { status: 200, code: 0 })).code).toBe('UPSTREAM');
    expect(error(() => normalizePayload('kuaitong', { status: 200, code: 0, data: { frontInfo: [] } })).code).toBe('UPSTREAM');
    expect(norm('kuaitong', { status: '200', code: '0', data: {} }).side).toBe('front');
  });
});
