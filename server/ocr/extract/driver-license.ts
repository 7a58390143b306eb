// 机动车驾驶证 (driver_license). Front (正页): title, 证号, 姓名/性别/国籍, 住址, the issuing authority's
// seal, 出生日期, 初次领证日期, 准驾车型, 有效期限 (or 有效起始日期 + 有效期限 "N年" on other editions).
// Back (副页): 证号, 姓名, 档案编号, 记录. Labels are found by text, never by position.
import type { Side } from '../../../core/contracts/result';
import { warning } from '../../../core/validate/warnings';
import type { OcrLine } from '../engine';
import { analyzeLayout, digits, type LabelSpec, type LayoutResult } from '../layout';
import { readAddress, readAuthority } from './places';
import type { Classification, DocumentExtractor, ExtractContext, Extraction } from './index';
import {
  applyBirthAgreement,
  AUTHORITY_SUFFIX,
  cleanName,
  cleanText,
  idNumberOf,
  labelShare,
  looseLabelAt,
  looseValue,
  prefilterLines,
  put,
  readLicenseClass,
  readPeriod,
  readSeal,
  readSex,
  SEX_READ,
  rereadRight,
  valueFor,
  type Found,
} from './person-common';
import { findIdNumber } from '../read/checked';
import { findDate, fixDatesInText } from '../read/date';
import { readNameRow, readNationality } from './person-row';

export const DL_FRONT: readonly LabelSpec[] = [
  { key: 'licenseNo', aliases: ['证号'] },
  { key: 'name', aliases: ['姓名'] },
  { key: 'sex', aliases: ['性别'] },
  { key: 'nationality', aliases: ['国籍'] },
  { key: 'address', aliases: ['住址'] },
  { key: 'birthDate', aliases: ['出生日期'] },
  { key: 'firstIssueDate', aliases: ['初次领证日期', '初领日期'] },
  { key: 'licenseClass', aliases: ['准驾车型'] },
  { key: 'validFrom', aliases: ['有效起始日期'] },
  { key: 'validPeriod', aliases: ['有效期限'] },
  { key: 'validTo', aliases: ['有效期至'], maxDistance: 0 },
];
export const DL_BACK: readonly LabelSpec[] = [
  { key: 'licenseNo', aliases: ['证号'] },
  { key: 'name', aliases: ['姓名'] },
  // 档案 is small and often lost: 编号 alone still marks the file number (证号 is matched exactly)
  { key: 'fileNo', aliases: ['档案编号', '编号'] },
  { key: 'record', aliases: ['记录'] },
  { key: 'backTitle', aliases: ['副页'] },
];

type Values = Extraction['values'];

/** Validity: "start至end", "start至长期", a start date with a length in years ("6年"), or separate
 *  start and end dates (有效起始日期 / 有效期至). */
export function readValidity(L: LayoutResult, opts: { below?: boolean } = {}): Found | null {
  const vp = valueFor(L, 'validPeriod', opts);
  const period = vp && readPeriod(vp.value);
  if (vp && period) return { value: period, confidence: vp.confidence };
  const from = valueFor(L, 'validFrom', opts);
  const start = (from && findDate(from.value)) ?? (vp && findDate(vp.value));
  if (!start) return null;
  const to = valueFor(L, 'validTo', opts);
  const until = to && findDate(to.value);
  if (until) return { value: `${start}至${until}`, confidence: to.confidence };
  const years = vp && /(\d{1,2})\s*年/.exec(vp.value.replace(/\d{4}[-./年]\d{1,2}[-./月]\d{1,2}日?/g, ''));
  if (years) {
    const [y, m, d] = start.split('-').map(Number) as [number, number, number];
    const end = new Date(Date.UTC(y + Number(years[1]), m - 1, d));
    // 29 February + N years falls on 1 March: keep the last day of February instead
    if (end.getUTCMonth() !== m - 1) end.setUTCDate(0);
    return { value: `${start}至${end.toISOString().slice(0, 10)}`, confidence: vp?.confidence };
  }
  if (vp && /长/.test(vp.value)) return { value: `${start}至长期`, confidence: vp.confidence };
  return null;
}

/** Where the 姓名/性别/国籍 row's values begin: after the 姓名 label (found, or misread by one
 *  character at the row's start), else from the start of the row holding 性别 or 国籍. */
function nameRowStart(L: LayoutResult): { row: number; start: number } | null {
  const hit = L.hits.find((h) => h.key === 'name');
  if (hit) return { row: hit.row, start: hit.end };
  const loose = looseLabelAt(L, 'name', '姓名');
  if (loose) return { row: loose.row, start: loose.start };
  const other = L.hits.find((h) => h.key === 'sex' || h.key === 'nationality');
  if (other) return { row: other.row, start: 0 };
  // every label of the row lost: the row that holds a lone 男/女 box and a nationality box
  const row = L.rows.findIndex((r) => {
    const texts = r.tokens.map((t) => cleanName(t.text));
    return texts.some((t) => SEX_READ.test(t)) && texts.some((t) => readNationality(t) === '中国');
  });
  return row >= 0 ? { row, start: 0 } : null;
}

/** `ctx` (optional) lets the extractor re-read a label's surroundings when a value was missed. */
export async function extractDriverFront(lines: readonly OcrLine[], ctx?: Pick<ExtractContext, 'engine' | 'region' | 'reread'>): Promise<Extraction> {
  const L = analyzeLayout(prefilterLines(lines), DL_FRONT);
  const out: Values = {};
  const fieldWarnings: NonNullable<Extraction['fieldWarnings']> = {};
  const no = valueFor(L, 'licenseNo');
  put(out, 'licenseNo', no, no && idNumberOf(no));
  if (!out.licenseNo) {
    for (const r of L.rows) {
      const id = findIdNumber(r.text);
      if (id) {
        out.licenseNo = { value: id };
        break;
      }
    }
  }
  const at = nameRowStart(L);
  const row = at ? readNameRow(L, at.row, at.start) : null;
  const named = row?.name && [...cleanName(row.name.value)].length >= 2 ? row.name : null;
  const name = named ?? valueFor(L, 'name');
  put(out, 'name', name, name && cleanName(name.value));
  const sexRaw = valueFor(L, 'sex');
  const sex = row?.sex ?? (sexRaw && readSex(sexRaw.value) ? sexRaw : null) ?? (await rereadRight(ctx, L, 'sex', 3, SEX_READ));
  put(out, 'sex', sex, sex && readSex(sex.value));
  const nat = row?.nationality ?? valueFor(L, 'nationality') ?? (await rereadRight(ctx, L, 'nationality', 5)) ?? looseValue(L, 'nationality', '国籍', 'sex');
  put(out, 'nationality', nat, nat && readNationality(nat.value));
  const addr = valueFor(L, 'address', { multiline: true }) ?? looseValue(L, 'address', '住址', undefined, { multiline: true });
  put(out, 'address', addr, addr && readAddress(addr));
  const birth = valueFor(L, 'birthDate');
  put(out, 'birthDate', birth, birth && findDate(birth.value));
  const first = valueFor(L, 'firstIssueDate');
  put(out, 'firstIssueDate', first, first && findDate(first.value));
  // a class the grammar refuses ("B": the 1 of B1 lost in its printed box) is read again
  const clsRead = valueFor(L, 'licenseClass');
  const cls = clsRead && readLicenseClass(clsRead.value) ? clsRead : ((await rereadRight(ctx, L, 'licenseClass', 14)) ?? clsRead);
  put(out, 'licenseClass', cls, cls && readLicenseClass(cls.value));
  const valid = readValidity(L);
  put(out, 'validPeriod', valid, valid?.value);
  applyBirthAgreement(out, 'licenseNo');
  const seal = readSeal(L, AUTHORITY_SUFFIX);
  if (seal) put(out, 'issuingAuthority', seal, readAuthority(seal));
  else fieldWarnings.issuingAuthority = [warning('SEAL_UNREADABLE')];
  return { values: out, fieldWarnings };
}

/** The record when its small 记录 label was not read: the unlabelled text right under the row of the
 *  given labels (on the back page everything below 姓名/档案编号 is the record). */
function unlabelledBelow(L: LayoutResult, keys: readonly string[]): Found | null {
  if (L.hits.some((h) => h.key === 'record')) return null;
  const rows = L.hits.filter((h) => keys.includes(h.key)).map((h) => h.row);
  if (!rows.length) return null;
  const last = Math.max(...rows);
  const base = L.rows[last]!;
  const H = base.y1 - base.y0;
  const o = L.orphans.find((q) => q.row > last && q.chars.length > 0 && L.rows[q.row]!.y0 - base.y1 < 2.5 * H);
  if (!o) return null;
  return { value: o.text, confidence: o.chars.reduce((s, c) => s + c.score, 0) / o.chars.length };
}

export function extractDriverBack(lines: readonly OcrLine[]): Extraction {
  const L = analyzeLayout(prefilterLines(lines), DL_BACK);
  const out: Values = {};
  const no = valueFor(L, 'licenseNo');
  put(out, 'licenseNo', no, no && idNumberOf(no));
  const name = valueFor(L, 'name');
  put(out, 'name', name, name && cleanName(name.value));
  const file = valueFor(L, 'fileNo');
  put(out, 'fileNo', file, file && digits(file.value));
  const rec = valueFor(L, 'record', { multiline: true }) ?? unlabelledBelow(L, ['name', 'fileNo']);
  // an empty record is a real value (nothing printed): report it as such
  out.record = { value: rec ? fixDatesInText(cleanText(rec.value)) : '', ...(rec?.confidence !== undefined ? { confidence: rec.confidence } : {}) };
  return { values: out };
}

export function classifyDriverLicense(lines: readonly OcrLine[]): Classification[] {
  const L = analyzeLayout(prefilterLines(lines), [...DL_FRONT, ...DL_BACK.filter((s) => s.key === 'fileNo' || s.key === 'record' || s.key === 'backTitle')]);
  return [
    { side: 'front', score: labelShare(L, DL_FRONT.filter((s) => s.key !== 'validFrom' && s.key !== 'validTo')) },
    { side: 'back', score: labelShare(L, DL_BACK) },
  ];
}

export const driverLicenseExtractor: DocumentExtractor = {
  docType: 'driver_license',
  sides: ['front', 'back'],
  classify: classifyDriverLicense,
  async extract(ctx: ExtractContext, side: Side | null): Promise<Extraction> {
    return side === 'back' ? extractDriverBack(ctx.lines) : extractDriverFront(ctx.lines, ctx);
  },
};
