// 电子驾驶证 (e_driver_license): a phone screenshot of the electronic driving licence. Labels sit either
// left of their values or above them (the app's two layouts), so a value is looked for on the label's
// row first and on the row under it second. Front: the licence page; back: 住址, 发证机关, 记录.
import type { Side } from '../../../core/contracts/result';
import type { OcrLine } from '../engine';
import { analyzeLayout, digits, type LabelSpec } from '../layout';
import { readValidity } from './driver-license';
import { readAddress, readAuthority } from './places';
import type { Classification, DocumentExtractor, ExtractContext, Extraction } from './index';
import {
  applyBirthAgreement,
  cleanName,
  cleanText,
  idNumberOf,
  labelShare,
  prefilterLines,
  put,
  readLicenseClass,
  readSex,
  valueFor,
} from './person-common';
import { findDate, fixDatesInText } from '../read/date';
import { readNationality } from './person-row';

const FRONT: readonly LabelSpec[] = [
  { key: 'name', aliases: ['姓名'] },
  { key: 'sex', aliases: ['性别'] },
  { key: 'nationality', aliases: ['国籍'] },
  { key: 'licenseNo', aliases: ['证号', '驾驶证号', '身份证明号码'], maxDistance: 0 },
  { key: 'birthDate', aliases: ['出生日期'] },
  { key: 'firstIssueDate', aliases: ['初次领证日期', '初领日期'] },
  { key: 'licenseClass', aliases: ['准驾车型'] },
  { key: 'validFrom', aliases: ['有效起始日期', '有效期起'] },
  { key: 'validPeriod', aliases: ['有效期限'] },
  { key: 'validTo', aliases: ['有效期至', '有效期止'], maxDistance: 0 },
  { key: 'fileNo', aliases: ['档案编号'] },
  { key: 'points', aliases: ['累积记分', '记分'] },
  { key: 'status', aliases: ['状态', '驾驶证状态'] },
];
const BACK: readonly LabelSpec[] = [
  { key: 'address', aliases: ['住址'] },
  { key: 'issuingAuthority', aliases: ['发证机关'] },
  { key: 'record', aliases: ['记录'] },
];

type Values = Extraction['values'];
const BELOW = { below: true } as const;
const BELOW_MULTI = { below: true, multiline: true } as const;

export function extractEDriverFront(lines: readonly OcrLine[]): Extraction {
  const L = analyzeLayout(prefilterLines(lines), FRONT);
  const out: Values = {};
  const name = valueFor(L, 'name', BELOW);
  put(out, 'name', name, name && cleanName(name.value));
  const sex = valueFor(L, 'sex', BELOW);
  put(out, 'sex', sex, sex && readSex(sex.value));
  const nat = valueFor(L, 'nationality', BELOW);
  put(out, 'nationality', nat, nat && readNationality(nat.value));
  const no = valueFor(L, 'licenseNo', BELOW);
  put(out, 'licenseNo', no, no && idNumberOf(no));
  const birth = valueFor(L, 'birthDate', BELOW);
  put(out, 'birthDate', birth, birth && findDate(birth.value));
  applyBirthAgreement(out, 'licenseNo');
  const first = valueFor(L, 'firstIssueDate', BELOW);
  put(out, 'firstIssueDate', first, first && findDate(first.value));
  const cls = valueFor(L, 'licenseClass', BELOW);
  put(out, 'licenseClass', cls, cls && readLicenseClass(cls.value));
  const valid = readValidity(L, BELOW);
  put(out, 'validPeriod', valid, valid?.value);
  const file = valueFor(L, 'fileNo', BELOW);
  put(out, 'fileNo', file, file && digits(file.value));
  const pts = valueFor(L, 'points', BELOW);
  const p = pts && /(\d+)\s*分?/.exec(pts.value.replace(/[Oo]/g, '0'));
  put(out, 'points', pts, p ? `${p[1]}分` : null);
  const st = valueFor(L, 'status', BELOW);
  put(out, 'status', st, st && cleanText(st.value).replace(/[^\u3400-\u9fff]/g, ''));
  return { values: out };
}

export function extractEDriverBack(lines: readonly OcrLine[]): Extraction {
  const L = analyzeLayout(prefilterLines(lines), BACK);
  const out: Values = {};
  const addr = valueFor(L, 'address', BELOW_MULTI);
  put(out, 'address', addr, addr && readAddress(addr));
  const auth = valueFor(L, 'issuingAuthority', BELOW_MULTI);
  put(out, 'issuingAuthority', auth, auth && readAuthority(auth));
  const rec = valueFor(L, 'record', BELOW_MULTI);
  put(out, 'record', rec, rec && fixDatesInText(cleanText(rec.value)));
  return { values: out };
}

export function classifyEDriverLicense(lines: readonly OcrLine[]): Classification[] {
  const L = analyzeLayout(prefilterLines(lines), [...FRONT, ...BACK]);
  return [
    { side: 'front', score: labelShare(L, FRONT.filter((s) => s.key !== 'validFrom' && s.key !== 'validTo')) },
    { side: 'back', score: labelShare(L, BACK) },
  ];
}

export const eDriverLicenseExtractor: DocumentExtractor = {
  docType: 'e_driver_license',
  sides: ['front', 'back'],
  classify: classifyEDriverLicense,
  async extract(ctx: ExtractContext, side: Side | null): Promise<Extraction> {
    return side === 'back' ? extractEDriverBack(ctx.lines) : extractEDriverFront(ctx.lines);
  },
};
