// Golden tests: every JSON example of provider-docs (test/fixtures/provider-payloads, listed in its
// manifest) normalizes to the canonical result written out below by hand from the docs.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ProviderError } from '../../core/contracts/errors';
import { RecognitionResultSchema, type RecognitionResult } from '../../core/contracts/result';
import { normalizePayload, type PayloadProvider } from '../../core/providers/index';

const DIR = join(__dirname, '..', 'fixtures', 'provider-payloads');
const NOW = new Date('2026-11-22T04:00:00Z');

interface Entry {
  file: string;
  provider: PayloadProvider;
  options: { docType?: string; side?: 'front' | 'back'; cardType?: number };
  expect: 'result' | 'error';
  errorCode?: string;
}
const manifest = JSON.parse(readFileSync(join(DIR, 'manifest.json'), 'utf8')) as { fixtures: Entry[] };
const load = (file: string): unknown => JSON.parse(readFileSync(join(DIR, file), 'utf8'));
const run = (e: Entry) => normalizePayload(e.provider, load(e.file), { ...e.options, now: NOW });

/** Values of the non-empty fields, warning codes per field, result warning codes, extra. */
function summary(r: RecognitionResult) {
  const values: Record<string, string> = {};
  const codes: Record<string, string[]> = {};
  for (const [k, f] of Object.entries(r.fields)) {
    if (f.value !== '') values[k] = f.value;
    if (f.warnings.length) codes[k] = f.warnings.map((w) => w.code);
  }
  return { docType: r.docType, side: r.side, values, codes, warnings: r.warnings.map((w) => w.code), extra: r.extra };
}

const WECHAT_VALUES = {
  plateNo: '粤XXXXX',
  vehicleType: '小型普通客车', // the doc prints the radical ⻋ (U+2ECB)
  owner: '东莞市xxxxx机械厂',
  address: '广东省东莞市xxxxx号',
  useCharacter: '非营运',
  model: '江淮牌HFCxxxxxxx',
  vin: 'LJ166XXXXXXXX51',
  engineNo: 'J3XXXXX3',
  registerDate: '2018-07-06',
  issueDate: '2018-07-01',
  fileNo: '441xxxxxx3',
  approvedPassengers: '7人',
  grossMass: '2700kg',
  curbMass: '1995kg',
};
const WECHAT_CODES = {
  plateNo: ['PLATE_FORMAT'], // masked in the doc
  vin: ['VIN_LENGTH'],
  issueDate: ['DATE_ORDER'], // the sample's issue date precedes its registration date
  fileNo: ['DIGITS_FORMAT'],
};

const EMPTY_CARD = { warnings: [] as string[] };

const EXPECTED: Record<string, ReturnType<typeof summary>> = {
  'wechat-https-vehicle-license.json': { docType: 'vehicle_license', side: 'front', values: WECHAT_VALUES, codes: WECHAT_CODES, warnings: [], extra: {} },
  'wechat-cloud-vehicle-license.json': { docType: 'vehicle_license', side: 'front', values: WECHAT_VALUES, codes: WECHAT_CODES, warnings: [], extra: {} },
  'kuaitong-front-shifted.json': {
    docType: 'vehicle_license',
    side: 'front',
    values: {
      plateNo: '粤V',
      vehicleType: '质',
      owner: '5人',
      address: '0k4582X1T95X1458',
      useCharacter: '非营运',
      engineNo: '1820KG',
      registerDate: '20',
      issueDate: '20',
      issuingAuthority: '广东省揭阳市公安局交通警察支队',
    },
    codes: {
      plateNo: ['PLATE_FORMAT'],
      vehicleType: ['ENUM_UNKNOWN'],
      owner: ['SHIFTED_VALUE'],
      address: ['SHIFTED_VALUE'],
      model: ['REQUIRED_MISSING'],
      vin: ['REQUIRED_MISSING'],
      engineNo: ['SHIFTED_VALUE'],
      registerDate: ['DATE_FORMAT'],
      issueDate: ['DATE_FORMAT'],
    },
    warnings: ['FIELDS_SHIFTED'],
    extra: {},
  },
  'juhe-cert-id-card-front.json': {
    docType: 'id_card',
    side: 'front',
    values: { name: '彭*', sex: '男', ethnicity: '汉', birthDate: '1951-06-09', address: '武汉市江岸区永清路****', idNumber: '42010619510609****' },
    codes: { idNumber: ['ID_FORMAT'] },
    warnings: [],
    extra: { 保留: '', 头像: '', orderid: 'JH1531180126114835937669', userid: '1234567' },
  },
  'juhe-cert-plate.json': {
    docType: 'plate',
    side: null,
    values: { plateNo: '粤N0***81', plateColor: '蓝牌', plateType: '1' },
    codes: { plateNo: ['PLATE_FORMAT'] },
    warnings: [],
    extra: {
      整牌可信度: '86',
      亮度评价: '215',
      车牌运动方向: '0',
      '车牌位置(left_top_right_bottom)': '30_118_498_222',
      orderid: 'JH1531180126114835937669',
      userid: '1234567',
    },
  },
  'juhe-cert-hmt-residence-permit-front.json': {
    docType: 'hmt_residence_permit',
    side: 'front',
    values: {},
    codes: { name: ['REQUIRED_MISSING'], idNumber: ['REQUIRED_MISSING'] },
    ...EMPTY_CARD,
    extra: { 保留: '', 复印件判别: '', 头像: '' },
  },
  'juhe-cert-hmt-residence-permit-back.json': {
    docType: 'hmt_residence_permit',
    side: 'back',
    values: {},
    codes: {},
    ...EMPTY_CARD,
    extra: { 保留: '' },
  },
  'juhe-cert-hk-macau-home-return-permit-front.json': {
    docType: 'hk_macau_home_return_permit',
    side: 'front',
    values: {},
    codes: { name: ['REQUIRED_MISSING'], permitNo: ['REQUIRED_MISSING'] },
    ...EMPTY_CARD,
    extra: { 保留: '', 头像: '' },
  },
  'juhe-cert-taiwan-compatriot-permit-front.json': {
    docType: 'taiwan_compatriot_permit',
    side: 'front',
    values: {},
    codes: { name: ['REQUIRED_MISSING'], permitNo: ['REQUIRED_MISSING'] },
    ...EMPTY_CARD,
    extra: { 保留: '', 头像: '' },
  },
  'juhe-cert-vehicle-license-front.json': {
    docType: 'vehicle_license',
    side: 'front',
    values: {
      plateNo: '粤A4****',
      vehicleType: '小型轿车',
      owner: '黄**',
      address: '广东省从化市城郊街东风*****',
      useCharacter: '非营运',
      model: '别克1B*****71801S',
      vin: 'LSGJ*****44832',
      engineNo: 'T18S*****C',
      registerDate: '2000-06-13',
      issueDate: '2020-07-11',
    },
    codes: { plateNo: ['PLATE_FORMAT'], vin: ['VIN_CHARSET'], engineNo: ['ENGINE_NO_FORMAT'] },
    warnings: [],
    extra: { 保留: '', orderid: 'JH1531180126114835937669', userid: '1234567' },
  },
  'juhe-cert-vin.json': {
    docType: 'vin',
    side: null,
    values: { vin: 'WBAFR7103BC727722' },
    codes: {},
    warnings: [],
    extra: { orderid: 'JH1531180524123006771818' },
  },
  'juhe-vehicle-reg-cert.json': {
    docType: 'vehicle_registration_certificate',
    side: null,
    values: {
      owner: '小明',
      ownerIdType: '居民身份证',
      ownerIdNumber: '584874705102015',
      model: 'FV7',
      vin: 'LFV8',
      engineNo: 'S26',
      manufacturer: '一汽大众汽车有限公司',
    },
    codes: { vin: ['VIN_LENGTH'] },
    warnings: [],
    extra: { request_id: '393fa9e0-3827-4183-9fe7-68ed622028a1' },
  },
  'juhe-e-driver-license-front.json': {
    docType: 'e_driver_license',
    side: 'front',
    values: {
      name: '王三',
      licenseNo: '320503199504142880',
      sex: '男',
      nationality: '中国',
      birthDate: '1995-04-14',
      licenseClass: 'C1',
      firstIssueDate: '2016-09-01',
      validPeriod: '2022-09-01至2032-09-01',
      fileNo: '320503742299',
      points: '0分',
      status: '正常',
    },
    // The sample number is made up: its check character should be 1, and its 17th digit is even (女).
    codes: { licenseNo: ['ID_CHECKSUM'], sex: ['ID_SEX_MISMATCH'] },
    warnings: [],
    extra: { orderid: 'J7732023101116220871244' },
  },
  'juhe-e-driver-license-back.json': {
    docType: 'e_driver_license',
    side: 'back',
    values: { address: '江苏省扬州市东陵区竹兰东路888号', issuingAuthority: '江苏省扬州市公安局交通警察支队', record: 'C1自2017年07月26日起' },
    codes: {},
    warnings: [],
    extra: { orderid: 'J7732023101116484369625' },
  },
};

const BUSINESS_VALUES = {
  creditCode: '91110105MA01AMC6Q',
  name: '北京数字传奇网络科技有限公司',
  companyType: '有限责任公司(自然人投资或控股)',
  address: '北京市朝阳区将台乡驼房营路8号新华科技大厦21层2106室',
  legalRepresentative: '吴发强',
  registeredCapital: '100万元',
  establishDate: '2018-03-21',
  businessTerm: '2018-03-21至长期',
  qrCode: 'http://qyxy.baic.gov.cn/wap/wap/creditWapAction!qr.dhtml?id=ff8080816242f1250162463d9d3168f3',
};
EXPECTED['juhe-cert-business-license.json'] = {
  docType: 'business_license',
  side: null,
  values: {
    ...BUSINESS_VALUES,
    businessScope:
      '技术开发、技术推广、技术咨询、技术服务。(企业依法自主选择经营项目,开展经营活动,依法须经批准的项目,经相关部门批准后依批准的内容开展经营活动,不得从事本市产业政策禁止和限制类项目的经营活动。)',
  },
  codes: { creditCode: ['CREDIT_CODE_FORMAT'] }, // the doc's code has 17 characters
  warnings: [],
  extra: {},
};
EXPECTED['juhe-cert-business-license-file.json'] = {
  ...EXPECTED['juhe-cert-business-license.json']!,
  values: {
    ...BUSINESS_VALUES,
    // wrapped lines joined; the provider's OCR slips (活班) are content and stay
    businessScope:
      '技术开发、技术推广、技术咨询、技术服务。(企业依法自主选择经营项目,开展经营活班依法须经批准的项目,经相关部门批准后依批准的内容开展经营活班不得从事本市产业政策禁止和限制类项目的经营活动。)',
  },
};

// WeChat's other ocr.* endpoints (fixtures' README.md names the pages). The samples are masked or
// made up, so format warnings are expected: the ID number's check digit and birth date are not real.
EXPECTED['wechat-https-id-card-front.json'] = {
  docType: 'id_card',
  side: 'front', // from the payload's type: Front
  values: { name: '张三', sex: '男', ethnicity: '汉', address: '广东省广州市', idNumber: '123456789012345678' },
  codes: { birthDate: ['REQUIRED_MISSING'], idNumber: ['ID_BIRTH_DATE', 'ID_CHECKSUM'] },
  warnings: [],
  extra: {},
};
EXPECTED['wechat-https-id-card-back.json'] = {
  docType: 'id_card',
  side: 'back',
  values: { validPeriod: '2007-01-05至2027-01-05' },
  codes: { issuingAuthority: ['REQUIRED_MISSING'] }, // ocr.idcard does not return it
  warnings: [],
  extra: {},
};
EXPECTED['wechat-cloud-id-card-back.json'] = EXPECTED['wechat-https-id-card-back.json'];
const WECHAT_DRIVER_LICENSE = {
  docType: 'driver_license',
  side: 'front' as const,
  values: {
    licenseNo: '660601XXXXXXXX1234',
    name: '张三',
    sex: '男',
    nationality: '中国',
    address: '广东省东莞市xxxxx号',
    birthDate: '1990-12-21',
    firstIssueDate: '2012-12-21',
    licenseClass: 'C1',
    validPeriod: '2018-07-06至2020-07-01', // valid_from + valid_to
    issuingAuthority: 'xx市公安局公安交通管理局',
  },
  codes: { licenseNo: ['ID_FORMAT'], validPeriod: ['PERIOD_EXPIRED'] },
  warnings: [],
  extra: {},
};
EXPECTED['wechat-https-driver-license.json'] = WECHAT_DRIVER_LICENSE;
EXPECTED['wechat-cloud-driver-license.json'] = WECHAT_DRIVER_LICENSE;
EXPECTED['wechat-https-bank-card.json'] = {
  docType: 'bank_card',
  side: null,
  values: { cardNo: '622213XXXXXXXXX' },
  codes: { cardNo: ['DIGITS_FORMAT'] }, // masked in the doc
  warnings: [],
  extra: {},
};
const WECHAT_BUSINESS_VALUES = {
  creditCode: '123123',
  name: 'XX饮食店',
  companyType: 'xxx',
  address: 'XX市XX区XX路XX号',
  legalRepresentative: '张三',
  compositionForm: '个人经营',
  registeredCapital: '200万',
  establishDate: '2018-01-01',
  businessTerm: '2019年1月1日', // one date, no period: kept as printed and flagged
  businessScope: '中型餐馆(不含凉菜、不含裱花蛋糕,不含生食海产品)。',
};
const WECHAT_CERT_POSITION = {
  pos: { left_top: { x: 155, y: 191 }, right_top: { x: 725, y: 157 }, right_bottom: { x: 743, y: 512 }, left_bottom: { x: 164, y: 525 } },
};
const WECHAT_BUSINESS_CODES = { creditCode: ['CREDIT_CODE_FORMAT'], businessTerm: ['PERIOD_FORMAT'] };
EXPECTED['wechat-https-business-license.json'] = {
  docType: 'business_license',
  side: null,
  values: WECHAT_BUSINESS_VALUES,
  codes: WECHAT_BUSINESS_CODES,
  warnings: [],
  extra: { serial: '123123', paid_in_capital: '200万', cert_position: WECHAT_CERT_POSITION, img_size: { w: 966, h: 728 } },
};
EXPECTED['wechat-cloud-business-license.json'] = {
  docType: 'business_license',
  side: null,
  values: WECHAT_BUSINESS_VALUES,
  codes: WECHAT_BUSINESS_CODES,
  warnings: [],
  extra: { serial: '123123', paidInCapital: '200万', certPosition: WECHAT_CERT_POSITION, imgSize: { w: 966, h: 728 } },
};

describe('golden: every provider-doc example', () => {
  it('covers every fixture file in the manifest and every result fixture has an expectation', () => {
    const results = manifest.fixtures.filter((f) => f.expect === 'result').map((f) => f.file);
    expect(results.sort()).toEqual(Object.keys(EXPECTED).sort());
    expect(manifest.fixtures.length).toBeGreaterThanOrEqual(26);
  });

  for (const entry of manifest.fixtures) {
    if (entry.expect === 'result') {
      it(`${entry.file} normalizes to its canonical result`, () => {
        const r = RecognitionResultSchema.parse(run(entry));
        expect(r.provider).toBe(entry.provider);
        expect(summary(r)).toEqual(EXPECTED[entry.file]);
      });
    } else {
      it(`${entry.file} throws ProviderError ${entry.errorCode}`, () => {
        let caught: unknown;
        try {
          run(entry);
        } catch (e) {
          caught = e;
        }
        expect(caught).toBeInstanceOf(ProviderError);
        const err = caught as ProviderError;
        expect(err.code).toBe(entry.errorCode);
        expect(err.provider).toBe(entry.provider);
        expect(err.providerCode).toBe(String((load(entry.file) as Record<string, unknown>).errcode ?? (load(entry.file) as Record<string, unknown>).error_code ?? (load(entry.file) as Record<string, unknown>).code));
        expect(err.message).toMatch(/[\u4e00-\u9fff]/);
      });
    }
  }

  it('lists the side fields of a result in registry display order, empty ones included', () => {
    const entry = manifest.fixtures.find((f) => f.file === 'kuaitong-front-shifted.json')!;
    expect(Object.keys(run(entry).fields)).toEqual([
      'plateNo', 'vehicleType', 'owner', 'address', 'useCharacter', 'model', 'vin', 'engineNo', 'registerDate', 'issueDate', 'issuingAuthority',
    ]);
  });

  it('names the shifted fields in the Kuaitong result-level warning, in Chinese', () => {
    const entry = manifest.fixtures.find((f) => f.file === 'kuaitong-front-shifted.json')!;
    const [w] = run(entry).warnings;
    expect(w?.message).toContain('所有人');
    expect(w?.message).toContain('发动机号码');
  });
});
