// The document registry (DESIGN.md "Documents and canonical fields"): every document type the
// providers can read, its sides and its fields in display order. Forms are built from it and the
// normalizers use it to pick each value's canonical format, so adding a document is adding an entry.
import type { ProviderName, Side } from '../contracts/result';
import { ETHNICITIES, LICENSE_CLASSES, SEXES, USE_CHARACTERS, VEHICLE_ORIGINS, VEHICLE_TYPES } from './enums';
import type { DocumentDef, ExpiryKind, FieldDef, FieldFormat } from './types';

type Providers = readonly ProviderName[];

const J: Providers = ['juhe'];
/** Juhe fields that WeChat's ocr.bankcard / ocr.businessLicense also return. */
const JW: Providers = ['juhe', 'wechat'];

function field(
  key: string,
  label: string,
  format: FieldFormat,
  required: boolean,
  providers: Providers,
  options?: readonly string[],
): FieldDef {
  return options ? { key, label, format, required, providers, options } : { key, label, format, required, providers };
}

/** The same field, marked as the one that says when the document expires. */
const expires = (def: FieldDef, expiry: ExpiryKind): FieldDef => ({ ...def, expiry });
/** The same field, printed on every card of its page (a value or a dash placeholder). */
const printed = (def: FieldDef): FieldDef => ({ ...def, alwaysPrinted: true });
/** The same field, a number of exactly `n` digits. */
const ofDigits = (def: FieldDef, n: number): FieldDef => ({ ...def, digits: n });

/** Shorthands for the many Juhe-only certificate fields: `req`/`opt` = required or not. */
const req = (key: string, label: string, format: FieldFormat = 'text', providers: Providers = J, options?: readonly string[]) =>
  field(key, label, format, true, providers, options);
const opt = (key: string, label: string, format: FieldFormat = 'text', providers: Providers = J, options?: readonly string[]) =>
  field(key, label, format, false, providers, options);

// Aspect ratios (width / height) of the capture frame.
const ID1 = 85.6 / 54; // ISO/IEC 7810 ID-1: ID card, bank card, permits in card form
const LICENCE_PAGE = 88 / 60; // 行驶证 / 驾驶证 page
const PASSPORT_PAGE = 125 / 88; // ID-3 booklet page
const PHONE_SCREEN = 9 / 19.5; // electronic licences are screenshots
const A4_PORTRAIT = 210 / 297;
const A4_LANDSCAPE = 297 / 210;

// ---- vehicle licence --------------------------------------------------------------------------

const VL_ALL: Providers = ['wechat', 'juhe', 'kuaitong', 'local'];
const VL_NO_WECHAT: Providers = ['juhe', 'kuaitong', 'local'];
const VL_BACK_ALL: Providers = ['wechat', 'juhe', 'kuaitong', 'local'];

const vehicleLicense: DocumentDef = {
  id: 'vehicle_license',
  name: '机动车行驶证',
  sides: ['front', 'back'],
  aspect: LICENCE_PAGE,
  providers: ['wechat', 'kuaitong', 'juhe', 'local'],
  fields: {
    front: [
      field('plateNo', '号牌号码', 'plate', true, VL_ALL),
      field('vehicleType', '车辆类型', 'enum', true, VL_ALL, VEHICLE_TYPES),
      field('owner', '所有人', 'text', true, VL_ALL),
      field('address', '住址', 'text', true, VL_ALL),
      field('useCharacter', '使用性质', 'enum', true, VL_ALL, USE_CHARACTERS),
      field('model', '品牌型号', 'text', true, VL_ALL),
      field('vin', '车辆识别代号', 'vin', true, VL_ALL),
      field('engineNo', '发动机号码', 'engineNo', true, VL_ALL),
      field('registerDate', '注册日期', 'date', true, VL_ALL),
      field('issueDate', '发证日期', 'date', true, VL_ALL),
      field('issuingAuthority', '发证机关', 'text', false, ['kuaitong', 'local']),
    ],
    back: [
      field('plateNo', '号牌号码', 'plate', true, VL_BACK_ALL),
      ofDigits(field('fileNo', '档案编号', 'digits', true, VL_BACK_ALL), 12),
      field('approvedPassengers', '核定载人数', 'passengers', true, VL_BACK_ALL),
      field('grossMass', '总质量', 'mass', true, VL_BACK_ALL),
      field('curbMass', '整备质量', 'mass', true, VL_BACK_ALL),
      printed(field('approvedLoad', '核定载质量', 'mass', false, VL_NO_WECHAT)),
      field('overallDimensions', '外廓尺寸', 'dimensions', true, VL_NO_WECHAT),
      printed(field('tractionMass', '准牵引总质量', 'mass', false, VL_NO_WECHAT)),
      field('remarks', '备注', 'text', false, VL_NO_WECHAT),
      printed(expires(field('inspectionRecord', '检验记录', 'text', false, VL_NO_WECHAT), 'inspection')),
      field('fuelType', '燃油/能源类型', 'text', false, VL_NO_WECHAT),
      printed(ofDigits(field('barcode', '证芯编号', 'digits', false, VL_NO_WECHAT), 13)),
    ],
  },
};

const eVehicleLicense: DocumentDef = {
  id: 'e_vehicle_license',
  name: '电子行驶证',
  sides: [],
  aspect: PHONE_SCREEN,
  providers: ['juhe'],
  fields: {
    single: [
      req('plateNo', '号牌号码', 'plate'),
      req('vehicleType', '车辆类型', 'enum', J, VEHICLE_TYPES),
      req('owner', '所有人'),
      opt('address', '住址'),
      req('useCharacter', '使用性质', 'enum', J, USE_CHARACTERS),
      req('model', '品牌型号'),
      req('vin', '车辆识别代号', 'vin'),
      req('engineNo', '发动机号码', 'engineNo'),
      req('registerDate', '注册日期', 'date'),
      opt('issueDate', '发证日期', 'date'),
      opt('approvedPassengers', '核定载人数', 'passengers'),
      opt('grossMass', '总质量', 'mass'),
      opt('curbMass', '整备质量', 'mass'),
      opt('approvedLoad', '核定载质量', 'mass'),
      opt('overallDimensions', '外廓尺寸', 'dimensions'),
      opt('tractionMass', '准牵引总质量', 'mass'),
      opt('fuelType', '燃油/能源类型'),
      expires(opt('inspectionValidUntil', '检验有效期至'), 'inspection'),
      opt('status', '机动车状态'),
      opt('issuingAuthority', '发证机关'),
      ofDigits(opt('fileNo', '档案编号', 'digits'), 12),
    ],
  },
};

const vehicleRegistrationCertificate: DocumentDef = {
  id: 'vehicle_registration_certificate',
  name: '机动车登记证书',
  sides: [],
  aspect: A4_PORTRAIT,
  providers: ['juhe'],
  fields: {
    single: [
      opt('certificateNo', '机动车登记证书编号', 'digits'),
      req('owner', '机动车所有人'),
      opt('ownerIdType', '身份证明名称'),
      opt('ownerIdNumber', '身份证明号码', 'code'),
      opt('registrationAuthority', '登记机关'),
      opt('registerDate', '登记日期', 'date'),
      opt('plateNo', '机动车登记编号', 'plate'),
      opt('vehicleType', '车辆类型', 'enum', J, VEHICLE_TYPES),
      opt('brand', '车辆品牌'),
      req('model', '车辆型号'),
      opt('bodyColor', '车身颜色'),
      req('vin', '车辆识别代号/车架号', 'vin'),
      opt('origin', '国产/进口', 'enum', J, VEHICLE_ORIGINS),
      req('engineNo', '发动机号', 'engineNo'),
      opt('engineModel', '发动机型号', 'code'),
      opt('fuelType', '燃料种类'),
      opt('displacementPower', '排量/功率'),
      opt('manufacturer', '制造厂名称'),
      opt('steering', '转向形式'),
      opt('track', '轮距'),
      opt('tyreCount', '轮胎数', 'digits'),
      opt('tyreSpec', '轮胎规格'),
      opt('leafSpringCount', '钢板弹簧片数'),
      opt('wheelbase', '轴距'),
      opt('axleCount', '轴数', 'digits'),
      opt('overallDimensions', '外廓尺寸', 'dimensions'),
      opt('cargoBoxDimensions', '货厢内部尺寸', 'dimensions'),
      opt('grossMass', '总质量', 'mass'),
      opt('approvedLoad', '核定载质量', 'mass'),
      opt('approvedPassengers', '核定载客', 'passengers'),
      opt('tractionMass', '准牵引总质量', 'mass'),
      opt('cabPassengers', '驾驶室载客', 'passengers'),
      opt('useCharacter', '使用性质', 'enum', J, USE_CHARACTERS),
      opt('acquisitionMethod', '车辆获得方式'),
      opt('manufactureDate', '车辆出厂日期', 'date'),
      opt('issuingAuthority', '发证机关'),
      opt('issueDate', '发证日期', 'date'),
    ],
  },
};

// ---- driving licences -------------------------------------------------------------------------

const DL: Providers = ['juhe', 'local'];
/** What ocr.driverLicense returns (main page only). */
const DL_W: Providers = ['juhe', 'local', 'wechat'];

const driverLicense: DocumentDef = {
  id: 'driver_license',
  name: '机动车驾驶证',
  sides: ['front', 'back'],
  aspect: LICENCE_PAGE,
  providers: ['juhe', 'local', 'wechat'],
  fields: {
    front: [
      field('licenseNo', '证号', 'idNumber', true, DL_W),
      field('name', '姓名', 'text', true, DL_W),
      field('sex', '性别', 'sex', true, DL_W, SEXES),
      field('nationality', '国籍', 'text', true, DL_W),
      field('address', '住址', 'text', true, DL_W),
      field('birthDate', '出生日期', 'date', true, DL_W),
      field('firstIssueDate', '初次领证日期', 'date', true, DL_W),
      field('licenseClass', '准驾车型', 'code', true, DL_W, LICENSE_CLASSES),
      expires(field('validPeriod', '有效期限', 'period', true, DL_W), 'period'),
      field('issuingAuthority', '发证机关', 'text', false, DL_W),
    ],
    back: [
      field('licenseNo', '证号', 'idNumber', true, DL),
      field('name', '姓名', 'text', true, DL),
      ofDigits(field('fileNo', '档案编号', 'digits', true, DL), 12),
      field('record', '记录', 'text', false, DL),
    ],
  },
};

const ED: Providers = ['juhe', 'local'];

const eDriverLicense: DocumentDef = {
  id: 'e_driver_license',
  name: '电子驾驶证',
  sides: ['front', 'back'],
  aspect: PHONE_SCREEN,
  providers: ['juhe', 'local'],
  fields: {
    front: [
      field('name', '姓名', 'text', true, ED),
      field('licenseNo', '证号', 'idNumber', true, ED),
      field('sex', '性别', 'sex', true, ED, SEXES),
      field('nationality', '国籍', 'text', false, ED),
      field('birthDate', '出生日期', 'date', true, ED),
      field('licenseClass', '准驾车型', 'code', true, ED, LICENSE_CLASSES),
      field('firstIssueDate', '初次领证日期', 'date', true, ED),
      expires(field('validPeriod', '有效期限', 'period', true, ED), 'period'),
      ofDigits(field('fileNo', '档案编号', 'digits', false, ED), 12),
      field('points', '累积记分', 'text', false, ED),
      field('status', '状态', 'text', false, ED),
    ],
    back: [
      field('address', '住址', 'text', false, ED),
      field('issuingAuthority', '发证机关', 'text', false, ED),
      field('record', '记录', 'text', false, ED),
    ],
  },
};

// ---- identity documents -----------------------------------------------------------------------

const ID: Providers = ['juhe', 'local'];
/** What ocr.idcard returns (no birth date, no issuing authority). */
const ID_W: Providers = ['juhe', 'local', 'wechat'];

const idCard: DocumentDef = {
  id: 'id_card',
  name: '居民身份证',
  sides: ['front', 'back'],
  aspect: ID1,
  providers: ['juhe', 'local', 'wechat'],
  fields: {
    front: [
      field('name', '姓名', 'text', true, ID_W),
      field('sex', '性别', 'sex', true, ID_W, SEXES),
      field('ethnicity', '民族', 'enum', true, ID_W, ETHNICITIES),
      field('birthDate', '出生', 'date', true, ID),
      field('address', '住址', 'text', true, ID_W),
      field('idNumber', '公民身份号码', 'idNumber', true, ID_W),
    ],
    back: [
      field('issuingAuthority', '签发机关', 'text', true, ID),
      expires(field('validPeriod', '有效期限', 'period', true, ID_W), 'period'),
    ],
  },
};

/** The fields shared by ID-like cards Juhe reads as one page. */
const idLikeFields = (): FieldDef[] => [
  req('name', '姓名'),
  opt('sex', '性别', 'sex', J, SEXES),
  opt('ethnicity', '民族', 'enum', J, ETHNICITIES),
  opt('birthDate', '出生', 'date'),
  opt('address', '住址'),
  req('idNumber', '公民身份号码', 'idNumber'),
  opt('issuingAuthority', '签发机关'),
  expires(opt('validPeriod', '有效期限', 'period'), 'period'),
];

const single = (id: string, name: string, aspect: number, fields: FieldDef[]): DocumentDef => ({
  id,
  name,
  sides: [],
  aspect,
  providers: J,
  fields: { single: fields },
});

const twoSided = (id: string, name: string, aspect: number, front: FieldDef[], back: FieldDef[]): DocumentDef => ({
  id,
  name,
  sides: ['front', 'back'],
  aspect,
  providers: J,
  fields: { front, back },
});

/** A Juhe document that WeChat's ocr.* endpoints read too. */
const withWechat = (doc: DocumentDef): DocumentDef => ({ ...doc, providers: JW });

/** Machine-readable zone lines of passports and permits. */
const mrz = (): FieldDef[] => [opt('mrz1', '机读码第一行', 'code'), opt('mrz2', '机读码第二行', 'code'), opt('mrz3', '机读码第三行', 'code')];

/** The photo page of the travel permits (往来港澳/台湾通行证, 来往内地通行证). */
const permitPhotoPage = (): FieldDef[] => [
  req('name', '中文姓名'),
  opt('englishName', '英文姓名'),
  opt('englishSurname', '英文姓'),
  opt('englishGivenName', '英文名'),
  opt('sex', '性别', 'sex', J, SEXES),
  opt('birthDate', '出生日期', 'date'),
  opt('birthPlace', '出生地点'),
  req('permitNo', '证件号码', 'code'),
  expires(opt('validPeriod', '有效期限', 'period'), 'period'),
  expires(opt('expiryDate', '有效期至', 'date'), 'date'),
  opt('issueDate', '签发日期', 'date'),
  opt('issuePlace', '签发地点'),
  opt('issuingAuthority', '签发机关'),
  opt('issueCount', '签发次数'),
];

const documents: DocumentDef[] = [
  vehicleLicense,
  eVehicleLicense,
  vehicleRegistrationCertificate,
  eDriverLicense,
  driverLicense,
  idCard,
  single('id_card_first_gen', '第一代居民身份证', ID1 * 0.96, idLikeFields()),
  single('temporary_id_card', '临时居民身份证', ID1, idLikeFields()),
  single('military_officer_card', '军官证（1998版）', PASSPORT_PAGE, [
    req('name', '姓名'),
    opt('sex', '性别', 'sex', J, SEXES),
    opt('birthDate', '出生日期', 'date'),
    opt('ethnicity', '民族', 'enum', J, ETHNICITIES),
    opt('nativePlace', '籍贯'),
    opt('unit', '部别'),
    opt('position', '职务'),
    opt('rank', '军衔'),
    req('certificateNo', '证件号码', 'code'),
    opt('issuingAuthority', '发证机关'),
    opt('issueDate', '发证日期', 'date'),
    expires(opt('validPeriod', '有效期', 'period'), 'period'),
  ]),
  single('hk_macau_pass_2005', '往来港澳通行证（2005版）', PASSPORT_PAGE, [...permitPhotoPage(), ...mrz()]),
  single('hk_macau_pass', '往来港澳通行证（2014版，卡式）', ID1, [...permitPhotoPage(), ...mrz()]),
  single('taiwan_resident_permit_1992', '台湾居民往来大陆通行证（1992版）', PASSPORT_PAGE, permitPhotoPage()),
  single('mainland_taiwan_pass_1992', '大陆居民往来台湾通行证（1992版）', PASSPORT_PAGE, permitPhotoPage()),
  single('taiwan_pass', '往来台湾通行证（2017版）', ID1, [...permitPhotoPage(), ...mrz()]),
  twoSided(
    'hk_macau_home_return_permit',
    '港澳居民来往内地通行证',
    ID1,
    [
      ...permitPhotoPage(),
      opt('hkMacauIdNo', '港澳证件号码', 'code'),
      opt('renewalCount', '换证次数'),
      opt('otherName', '其他姓名'),
      opt('origin', '归属地'),
    ],
    [opt('permitNo', '证件号码', 'code'), ...mrz()],
  ),
  twoSided(
    'taiwan_compatriot_permit',
    '台湾居民来往大陆通行证（2015版）',
    ID1,
    permitPhotoPage(),
    [opt('permitNo', '证件号码', 'code'), opt('taiwanIdNo', '台湾身份证号码', 'code'), ...mrz()],
  ),
  single('visa', '签证', PASSPORT_PAGE, [
    opt('visaType', '签证类型'),
    req('visaNo', '签证号码', 'code'),
    req('name', '姓名'),
    opt('englishName', '英文姓名'),
    opt('sex', '性别', 'sex', J, SEXES),
    opt('birthDate', '出生日期', 'date'),
    opt('nationality', '国籍'),
    opt('passportNo', '护照号码', 'code'),
    opt('entries', '入境次数'),
    opt('duration', '停留期'),
    opt('validFrom', '入境有效期起', 'date'),
    opt('validUntil', '入境有效期至', 'date'),
    opt('issueDate', '签发日期', 'date'),
    opt('issuePlace', '签发地点'),
    ...mrz(),
  ]),
  single('passport', '护照', PASSPORT_PAGE, [
    opt('passportType', '护照类型', 'code'),
    opt('countryCode', '国家码', 'code'),
    req('passportNo', '护照号码', 'code'),
    req('name', '姓名'),
    opt('englishName', '英文姓名'),
    opt('englishSurname', '英文姓'),
    opt('englishGivenName', '英文名'),
    opt('sex', '性别', 'sex', J, SEXES),
    opt('birthDate', '出生日期', 'date'),
    opt('birthPlace', '出生地点'),
    opt('nationality', '国籍'),
    opt('issueDate', '签发日期', 'date'),
    opt('issuePlace', '签发地点'),
    expires(opt('expiryDate', '有效期至', 'date'), 'date'),
    opt('issuingAuthority', '签发机关'),
    ...mrz(),
  ]),
  single('household_register', '居民户口簿', PASSPORT_PAGE, [
    opt('householdNo', '户号', 'digits'),
    opt('householdType', '户别'),
    opt('householderName', '户主姓名'),
    opt('relationship', '户主或与户主关系'),
    req('name', '姓名'),
    opt('formerName', '曾用名'),
    opt('sex', '性别', 'sex', J, SEXES),
    opt('birthPlace', '出生地'),
    opt('ethnicity', '民族', 'enum', J, ETHNICITIES),
    opt('nativePlace', '籍贯'),
    opt('birthDate', '出生日期', 'date'),
    opt('address', '住址'),
    opt('otherAddress', '本市（县）其他住址'),
    opt('religion', '宗教信仰'),
    req('idNumber', '公民身份号码', 'idNumber'),
    opt('height', '身高'),
    opt('bloodType', '血型'),
    opt('education', '文化程度'),
    opt('maritalStatus', '婚姻状况'),
    opt('militaryService', '兵役状况'),
    opt('employer', '服务处所'),
    opt('occupation', '职业'),
    opt('movedFromCity', '何时由何地迁来本市（县）'),
    opt('movedFromAddress', '何时由何地迁来本址'),
    opt('registerDate', '登记日期', 'date'),
  ]),
  withWechat(single('bank_card', '银行卡', ID1, [
    req('cardNo', '卡号', 'digits', JW),
    opt('bankName', '银行名称'),
    opt('cardName', '卡名称'),
    opt('cardType', '卡类型'),
    opt('validThru', '有效期'),
  ])),
  twoSided(
    'hmt_residence_permit',
    '港澳台居民居住证',
    ID1,
    [
      req('name', '姓名'),
      opt('sex', '性别', 'sex', J, SEXES),
      opt('ethnicity', '民族'),
      opt('birthDate', '出生', 'date'),
      opt('address', '住址'),
      req('idNumber', '公民身份号码', 'idNumber'),
    ],
    [
      opt('issuingAuthority', '签发机关'),
      expires(opt('validPeriod', '有效期限', 'period'), 'period'),
      opt('issueDate', '签发日期', 'date'),
      expires(opt('expiryDate', '有效期至', 'date'), 'date'),
      opt('permitNo', '通行证号码', 'code'),
      opt('issueCount', '签发次数'),
    ],
  ),
  single('foreign_permanent_resident_id', '外国人永久居留身份证', ID1, [
    req('name', '中文姓名'),
    opt('englishName', '英文姓名'),
    opt('sex', '性别', 'sex', J, SEXES),
    opt('birthDate', '出生日期', 'date'),
    opt('nationality', '国籍'),
    req('cardNo', '证件号码', 'code'),
    expires(opt('validPeriod', '有效期限', 'period'), 'period'),
    opt('issuingAuthority', '签发机关'),
  ]),
  single('residence_permit', '居住证', ID1, idLikeFields()),
  single('hk_permanent_id', '香港永久性居民身份证', ID1, [
    req('name', '中文姓名'),
    opt('englishName', '英文姓名'),
    opt('nameCode', '中文姓名电码', 'digits'),
    opt('birthDate', '出生日期', 'date'),
    opt('sex', '性别', 'sex', J, SEXES),
    req('cardNo', '证件号码', 'code'),
    opt('symbols', '符号标记'),
    opt('issueDate', '签发日期', 'date'),
    opt('firstIssueDate', '首次签发日期', 'date'),
  ]),
  single('boarding_pass', '登机牌', 3.0, [
    req('name', '姓名'),
    req('flightNo', '航班号', 'code'),
    opt('from', '始发地'),
    opt('to', '目的地'),
    opt('date', '日期'),
    opt('seat', '座位号', 'code'),
    opt('gate', '登机口', 'code'),
    opt('cabin', '舱位', 'code'),
    opt('sequence', '序号', 'digits'),
    opt('ticketNo', '票号', 'digits'),
  ]),
  single('border_resident_card', '边民证', PASSPORT_PAGE, [
    ...idLikeFields(),
    opt('cardNo', '证件号码', 'code'),
    opt('destination', '前往国家/地区'),
  ]),
  withWechat(single('business_license', '营业执照', A4_LANDSCAPE, [
    req('creditCode', '统一社会信用代码', 'code', JW),
    req('name', '名称', 'text', JW),
    opt('companyType', '类型', 'text', JW),
    opt('address', '住所', 'text', JW),
    opt('legalRepresentative', '法定代表人', 'text', JW),
    opt('compositionForm', '组成形式', 'text', JW),
    opt('registeredCapital', '注册资本', 'text', JW),
    opt('establishDate', '成立日期', 'date', JW),
    opt('businessTerm', '营业期限', 'period', JW),
    opt('businessScope', '经营范围', 'text', JW),
    opt('registrationAuthority', '登记机关'),
    opt('approvalDate', '登记日期', 'date'),
    opt('orgCode', '组织机构代码', 'code'),
    opt('taxNo', '税务登记证号', 'code'),
    opt('socialSecurityNo', '社保登记号', 'code'),
    opt('statisticsNo', '统计证证号', 'code'),
    opt('qrCode', '二维码'),
    opt('copyNo', '副本'),
  ])),
  single('plate', '车牌', 440 / 140, [
    req('plateNo', '车牌号', 'plate'),
    opt('plateColor', '车牌颜色'),
    opt('plateType', '车牌类型'),
  ]),
  single('vin', '车辆识别代号（VIN）', 4, [req('vin', '车辆识别代号', 'vin')]),
];

export const DOCUMENTS: readonly DocumentDef[] = documents;

const byId = new Map(documents.map((d) => [d.id, d]));

export function getDocument(id: string): DocumentDef | undefined {
  return byId.get(id);
}

/** The documents one provider reads, in registry order: the one list routing and that provider's own
 *  tables (the offline engine's extractors) are built from. */
export function documentsReadBy(provider: ProviderName): readonly DocumentDef[] {
  return documents.filter((d) => d.providers.includes(provider));
}

/** The fields of one side in display order. `side` null (or a side the document lacks) gives a
 *  one-sided document's fields, or every side's fields (first occurrence of a key wins) otherwise. */
export function fieldDefs(docType: string, side: Side | null): readonly FieldDef[] {
  const doc = byId.get(docType);
  if (!doc) return [];
  if (doc.sides.length === 0) return doc.fields.single ?? [];
  if (side && doc.fields[side]) return doc.fields[side] ?? [];
  return allFieldDefs(docType);
}

/** Every field of a document across its sides, first occurrence of a key wins. */
export function allFieldDefs(docType: string): readonly FieldDef[] {
  const doc = byId.get(docType);
  if (!doc) return [];
  const seen = new Set<string>();
  const out: FieldDef[] = [];
  for (const part of [doc.fields.single, doc.fields.front, doc.fields.back]) {
    for (const f of part ?? []) {
      if (!seen.has(f.key)) {
        seen.add(f.key);
        out.push(f);
      }
    }
  }
  return out;
}

/** One field by key, looked up on the given side first, then on the document's other sides. */
export function findField(docType: string, key: string, side: Side | null = null): FieldDef | undefined {
  const onSide = side ? fieldDefs(docType, side).find((f) => f.key === key) : undefined;
  return onSide ?? allFieldDefs(docType).find((f) => f.key === key);
}
