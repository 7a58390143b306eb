// Juhe certificate card types (juhe-certificates.md `cardType`) and the Chinese result keys of each
// document. Keys equal to a registry label map by themselves; the tables below hold the other
// spellings Juhe uses. A key found nowhere stays in `extra` under its own name.
import type { Side } from '../contracts/result';
import { allFieldDefs, fieldDefs } from '../documents/registry';
import { labelMap, normLabel } from './util';

export interface CardTarget {
  docType: string;
  /** undefined: decided from the keys (the auto-classifying card types). */
  side?: Side | null;
  /** 104 classifies among several documents: decided from the keys. */
  detectDoc?: boolean;
}

export const JUHE_CARD_TYPES: Readonly<Record<number, CardTarget & { name: string }>> = {
  1: { docType: 'id_card_first_gen', side: null, name: '一代身份证' },
  2: { docType: 'id_card', side: 'front', name: '二代身份证正面' },
  3: { docType: 'id_card', side: 'back', name: '二代身份证证背面' },
  4: { docType: 'temporary_id_card', side: null, name: '临时身份证' },
  5: { docType: 'driver_license', side: 'front', name: '驾照' },
  6: { docType: 'vehicle_license', side: 'front', name: '行驶证' },
  7: { docType: 'military_officer_card', side: null, name: '军官证1998版' },
  9: { docType: 'hk_macau_pass_2005', side: null, name: '中华人民共和国往来港澳通行证2005版' },
  10: { docType: 'taiwan_resident_permit_1992', side: null, name: '台湾居民往来大陆通行证1992版-照片页' },
  11: { docType: 'mainland_taiwan_pass_1992', side: null, name: '大陆居民往来台湾通行证1992版-照片页' },
  12: { docType: 'visa', side: null, name: '签证(护照幅面)' },
  13: { docType: 'passport', side: null, name: '护照(护照幅面)' },
  14: { docType: 'hk_macau_home_return_permit', side: 'front', name: '港澳居民来往内地通行证-照片页' },
  15: { docType: 'hk_macau_home_return_permit', side: 'back', name: '港澳居民来往内地通行证-机读码页' },
  16: { docType: 'household_register', side: null, name: '户口本' },
  17: { docType: 'bank_card', side: null, name: '银行卡' },
  22: { docType: 'hk_macau_pass', side: null, name: '往来港澳通行证2014版-照片页(卡式港澳通行证)' },
  25: { docType: 'taiwan_compatriot_permit', side: 'front', name: '台湾居民来往大陆通行证2015版-照片页' },
  26: { docType: 'taiwan_compatriot_permit', side: 'back', name: '台湾居民来往大陆通行证2015版-机读码页' },
  28: { docType: 'driver_license', side: 'back', name: '中国驾驶证副页' },
  29: { docType: 'taiwan_pass', side: null, name: '往来台湾通行证2017版-照片页' },
  30: { docType: 'vehicle_license', side: 'back', name: '行驶证副页' },
  31: { docType: 'hmt_residence_permit', side: 'front', name: '港澳台居民居住证正面' },
  32: { docType: 'hmt_residence_permit', side: 'back', name: '港澳台居民居住证反面' },
  33: { docType: 'foreign_permanent_resident_id', side: null, name: '外国人永久居留身份证' },
  101: { docType: 'id_card', name: '二代身份证正面背面自动分类' },
  102: { docType: 'driver_license', name: '驾驶证正副页自动分类' },
  103: { docType: 'vehicle_license', name: '行驶证正副页自动分类' },
  104: { docType: 'id_card', detectDoc: true, name: '身份证、驾驶证、行驶证自动分类' },
  1000: { docType: 'residence_permit', side: null, name: '居住证' },
  1001: { docType: 'hk_permanent_id', side: null, name: '香港永久性居民身份证' },
  1002: { docType: 'boarding_pass', side: null, name: '登机牌' },
  1003: { docType: 'border_resident_card', side: null, name: '边民证(A)(照片页)' },
  2008: { docType: 'business_license', side: null, name: '营业执照' },
  3038: { docType: 'e_vehicle_license', side: null, name: '电子行驶证' },
};

/**
 * The cardType to send Juhe for a document and side: the side's own type, the auto-classifying
 * type for side 'auto' (or none given on a two-sided document), undefined when Juhe's certificate
 * endpoint does not read it (plate and VIN are documented without a cardType).
 */
export function juheCardTypeFor(docType: string, side?: Side | 'auto' | null): number | undefined {
  const entries = Object.entries(JUHE_CARD_TYPES).map(([n, t]) => [Number(n), t] as const);
  const exact = entries.find(([, t]) => t.docType === docType && !t.detectDoc && t.side !== undefined && (t.side === null || t.side === side));
  if (exact && (side !== 'auto' || exact[1].side === null)) return exact[0];
  const auto = entries.find(([, t]) => t.docType === docType && t.side === undefined && !t.detectDoc);
  if (auto) return auto[0];
  return exact?.[0];
}

/** Juhe spellings that differ from the registry labels, per document. */
const ALIASES: Readonly<Record<string, ReadonlyArray<readonly [string, string]>>> = {
  vehicle_license: [
    ['车牌号码', 'plateNo'],
    ['号牌', 'plateNo'],
    ['发证机关章', 'issuingAuthority'],
    ['印章', 'issuingAuthority'],
    ['燃油类型', 'fuelType'],
    ['能源类型', 'fuelType'],
    ['核定载客', 'approvedPassengers'],
    ['核定人数', 'approvedPassengers'],
    ['检验有效期', 'inspectionRecord'],
    ['条码', 'barcode'],
  ],
  e_vehicle_license: [
    ['车牌号码', 'plateNo'],
    ['检验有效期', 'inspectionValidUntil'],
    ['状态', 'status'],
    ['燃油类型', 'fuelType'],
    ['能源类型', 'fuelType'],
  ],
  id_card: [
    ['出生日期', 'birthDate'],
    ['有效期', 'validPeriod'],
  ],
  id_card_first_gen: [['出生日期', 'birthDate'], ['有效期', 'validPeriod']],
  temporary_id_card: [['出生日期', 'birthDate'], ['有效期', 'validPeriod']],
  residence_permit: [['出生日期', 'birthDate'], ['有效期', 'validPeriod']],
  border_resident_card: [['出生日期', 'birthDate'], ['有效期', 'validPeriod']],
  hmt_residence_permit: [['出生日期', 'birthDate']],
  driver_license: [
    ['出生', 'birthDate'],
    ['驾驶证号', 'licenseNo'],
    ['证件号码', 'licenseNo'],
    ['准驾车型代号', 'licenseClass'],
  ],
  hk_macau_home_return_permit: [
    ['本证有效期至', 'expiryDate'],
    ['姓名', 'name'],
  ],
  taiwan_compatriot_permit: [['姓名', 'name'], ['有效期至', 'expiryDate']],
  hk_macau_pass: [['姓名', 'name']],
  hk_macau_pass_2005: [['姓名', 'name']],
  taiwan_pass: [['姓名', 'name']],
  taiwan_resident_permit_1992: [['姓名', 'name']],
  mainland_taiwan_pass_1992: [['姓名', 'name']],
  passport: [
    ['本国姓名', 'name'],
    ['中文姓名', 'name'],
    ['本人护照号码', 'passportNo'],
    ['类型', 'passportType'],
    ['MRZ1', 'mrz1'],
    ['MRZ2', 'mrz2'],
    ['机读码1', 'mrz1'],
    ['机读码2', 'mrz2'],
  ],
  visa: [['本国姓名', 'name'], ['MRZ1', 'mrz1'], ['MRZ2', 'mrz2']],
  foreign_permanent_resident_id: [['姓名', 'name']],
  hk_permanent_id: [['姓名', 'name']],
  bank_card: [['卡名', 'cardName'], ['银行卡号', 'cardNo'], ['发卡行', 'bankName']],
  business_license: [
    ['经营场所', 'address'],
    ['主要经营场所', 'address'],
    ['负责人', 'legalRepresentative'],
    ['经营者', 'legalRepresentative'],
    ['执行事务合伙人', 'legalRepresentative'],
    ['投资人', 'legalRepresentative'],
    ['核准日期', 'approvalDate'],
    ['注册日期', 'establishDate'],
    ['出资额', 'registeredCapital'],
  ],
  household_register: [['户主或与户主的关系', 'relationship']],
  plate: [['号牌号码', 'plateNo'], ['车牌号码', 'plateNo']],
  vin: [['VIN', 'vin'], ['车架号', 'vin']],
};

const cache = new Map<string, Map<string, string>>();

/** Juhe result key → canonical key for one document (registry labels, canonical keys, aliases). */
export function juheLabels(docType: string): Map<string, string> {
  const hit = cache.get(docType);
  if (hit) return hit;
  const defs = allFieldDefs(docType);
  const m = labelMap([
    ...defs.map((d) => [d.key, d.key] as const),
    ...defs.map((d) => [d.label, d.key] as const),
    ...(ALIASES[docType] ?? []),
  ]);
  cache.set(docType, m);
  return m;
}

/** Keys that identify a document (and side) when the card type does not say. Checked in order. */
const SIGNATURES: ReadonlyArray<{ docType: string; side: Side | null; all: readonly string[] }> = [
  { docType: 'vehicle_license', side: 'front', all: ['车辆识别代号', '所有人'] },
  { docType: 'vehicle_license', side: 'front', all: ['号牌号码', '使用性质'] },
  { docType: 'vehicle_license', side: 'back', all: ['档案编号', '核定载人数'] },
  { docType: 'vehicle_license', side: 'back', all: ['档案编号', '整备质量'] },
  { docType: 'driver_license', side: 'front', all: ['准驾车型'] },
  { docType: 'driver_license', side: 'back', all: ['档案编号', '记录'] },
  { docType: 'hmt_residence_permit', side: 'back', all: ['通行证号码'] },
  { docType: 'hk_macau_home_return_permit', side: 'front', all: ['港澳证件号码'] },
  { docType: 'id_card', side: 'front', all: ['公民身份号码'] },
  { docType: 'id_card', side: 'back', all: ['签发机关', '有效期限'] },
  { docType: 'business_license', side: null, all: ['统一社会信用代码'] },
  { docType: 'business_license', side: null, all: ['经营范围'] },
  { docType: 'plate', side: null, all: ['车牌号'] },
  { docType: 'bank_card', side: null, all: ['卡号'] },
  { docType: 'passport', side: null, all: ['护照号码'] },
  { docType: 'household_register', side: null, all: ['户号'] },
  { docType: 'household_register', side: null, all: ['户主姓名'] },
  { docType: 'vin', side: null, all: ['vin'] },
];

/** Document and side from the result's keys, or undefined when nothing identifies them. */
export function detectJuheDocument(keys: readonly string[], among?: readonly string[]): { docType: string; side: Side | null } | undefined {
  const present = new Set(keys.map(normLabel));
  for (const sig of SIGNATURES) {
    if (among && !among.includes(sig.docType)) continue;
    if (sig.all.every((k) => present.has(normLabel(k)))) return { docType: sig.docType, side: sig.side };
  }
  return undefined;
}

/** The side of a two-sided document whose fields the keys match best (front on a tie). */
export function detectSide(docType: string, keys: readonly string[]): Side {
  const sig = detectJuheDocument(keys, [docType]);
  if (sig?.side) return sig.side;
  const labels = juheLabels(docType);
  const mapped = keys.map((k) => labels.get(normLabel(k))).filter((k): k is string => k !== undefined);
  const score = (side: Side) => {
    const own = new Set(fieldDefs(docType, side).map((d) => d.key));
    return mapped.filter((k) => own.has(k)).length;
  };
  return score('back') > score('front') ? 'back' : 'front';
}
