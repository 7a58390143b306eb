// 居民身份证 (id_card). Front: 姓名 性别 民族 出生 住址 公民身份号码 beside the photo; back: the emblem,
// 中华人民共和国 居民身份证, 签发机关, 有效期限. Labels are found by text (layout.ts), values follow them;
// whatever the labels miss is looked for by shape (an 18-character ID number, a 年月日 date).
import type { Side } from '../../../core/contracts/result';
import type { OcrLine } from '../engine';
import { analyzeLayout, type LabelSpec, type LayoutResult } from '../layout';
import { readAddress, readAuthority } from './places';
import type { Classification, DocumentExtractor, ExtractContext, Extraction } from './index';
import {
  applyBirthAgreement,
  AUTHORITY_SUFFIX,
  cleanName,
  ETHNICITY_READ,
  idNumberOf,
  labelShare,
  looseValue,
  prefilterLines,
  put,
  readEthnicity,
  readPeriod,
  readSex,
  type Found,
  SEX_READ,
  rereadRight,
  rowsBetween,
  valueFor,
} from './person-common';
import { findIdNumber } from '../read/checked';
import { findDate } from '../read/date';

const FRONT: readonly LabelSpec[] = [
  { key: 'name', aliases: ['姓名'] },
  { key: 'sex', aliases: ['性别'] },
  { key: 'ethnicity', aliases: ['民族'] },
  { key: 'birthDate', aliases: ['出生'] },
  { key: 'address', aliases: ['住址'] },
  { key: 'idNumber', aliases: ['公民身份号码', '身份号码'] },
];
const BACK: readonly LabelSpec[] = [
  { key: 'issuingAuthority', aliases: ['签发机关'] },
  { key: 'validPeriod', aliases: ['有效期限'] },
  { key: 'title', aliases: ['居民身份证'] },
];

type Values = Extraction['values'];

/** `ctx` (optional) lets the extractor re-read a label's surroundings when a value was missed. */
export async function extractIdFront(lines: readonly OcrLine[], ctx?: Pick<ExtractContext, 'engine' | 'region' | 'reread'>): Promise<Extraction> {
  const L = analyzeLayout(prefilterLines(lines), FRONT);
  const out: Values = {};
  const name = valueFor(L, 'name') ?? (await rereadRight(ctx, L, 'name', 8)) ?? looseValue(L, 'name', '姓名');
  put(out, 'name', name, name && cleanName(name.value));
  const sex = valueFor(L, 'sex') ?? (await rereadRight(ctx, L, 'sex', 3, SEX_READ));
  put(out, 'sex', sex, sex && readSex(sex.value));
  const eth = valueFor(L, 'ethnicity') ?? (await rereadRight(ctx, L, 'ethnicity', 5, ETHNICITY_READ)) ?? looseValue(L, 'ethnicity', '民族', 'sex');
  put(out, 'ethnicity', eth, eth && readEthnicity(eth.value));
  const birth = valueFor(L, 'birthDate');
  put(out, 'birthDate', birth, birth && findDate(birth.value));
  const addr = valueFor(L, 'address', { multiline: true }) ?? looseValue(L, 'address', '住址', undefined, { multiline: true });
  put(out, 'address', addr, addr && readAddress(addr));
  const id = valueFor(L, 'idNumber');
  put(out, 'idNumber', id, id && idNumberOf(id));
  fillByShape(L, out);
  if (!out.address) {
    const a = addressByPlace(L);
    put(out, 'address', a, a && readAddress(a));
  }
  applyBirthAgreement(out, 'idNumber');
  return { values: out };
}

/** The address when its 住址 label was lost: the unlabelled rows between the birth row and the
 *  ID number row (the front prints 出生, then 住址, then 公民身份号码), in the value column. */
function addressByPlace(L: LayoutResult): Found | null {
  const rowOf = (key: string, shape: RegExp) => L.hits.find((h) => h.key === key)?.row ?? L.rows.findIndex((r) => shape.test(r.text));
  const birth = rowOf('birthDate', /\d{4}\s*年.*月.*日/);
  const id = rowOf('idNumber', /\d{17}[\dXx]/);
  if (birth < 0 || id <= birth) return null;
  const base = L.rows[birth]!;
  const labelX = Math.min(...L.hits.map((h) => L.rows[h.row]!.chars[h.start]!.x), base.chars[0]?.x ?? 0);
  return rowsBetween(L, birth, id, labelX + (base.y1 - base.y0));
}

/** Values whose label was not read: an ID number anywhere; a 年月日 date; 男/女 alone on a row. */
function fillByShape(L: LayoutResult, out: Values): void {
  const rows = L.rows.map((r) => ({ text: r.text, conf: r.tokens.reduce((s, t) => s + t.score, 0) / r.tokens.length }));
  if (!out.idNumber) {
    for (const r of rows) {
      const id = findIdNumber(r.text);
      if (id && id.length === 18) {
        out.idNumber = { value: id, confidence: r.conf };
        break;
      }
    }
  }
  if (!out.birthDate) {
    const r = rows.find((x) => /\d{4}\s*年.*月.*日/.test(x.text));
    const d = r && findDate(r.text);
    if (r && d) out.birthDate = { value: d, confidence: r.conf };
  }
  if (!out.sex) {
    const r = rows.find((x) => /^[男女]$/.test(x.text) || /性.?[男女]/.test(x.text));
    const s = r && readSex(r.text);
    if (r && s) out.sex = { value: s, confidence: r.conf };
  }
}

/** The authority when its 签发机关 label was lost: an unlabelled row that ends like an authority
 *  (…公安局, …分局). */
function authorityByShape(L: LayoutResult): Found | null {
  const labelled = new Set(L.hits.map((h) => h.row));
  for (const o of L.orphans) {
    if (labelled.has(o.row)) continue;
    const cjk = o.chars.filter((c) => /[\u3400-\u9fff]/.test(c.ch));
    if (cjk.length >= 4 && AUTHORITY_SUFFIX.test(cjk.map((c) => c.ch).join(''))) {
      return { value: cjk.map((c) => c.ch).join(''), confidence: cjk.reduce((s, c) => s + c.score, 0) / cjk.length, chars: cjk.map((c) => ({ ch: c.ch, score: c.score })) };
    }
  }
  return null;
}

export function extractIdBack(lines: readonly OcrLine[]): Extraction {
  const L = analyzeLayout(prefilterLines(lines), BACK);
  const out: Values = {};
  const auth = valueFor(L, 'issuingAuthority', { multiline: true }) ?? authorityByShape(L);
  put(out, 'issuingAuthority', auth, auth && readAuthority(auth));
  const period = valueFor(L, 'validPeriod');
  let p = period && readPeriod(period.value);
  if (!p) {
    // label missed: the row holding two dates (or a date and 长期)
    for (const r of L.rows) if ((p = readPeriod(r.text))) break;
  }
  put(out, 'validPeriod', period, p);
  return { values: out };
}

/** Both sides scored, so that a requested side can be checked on its own. */
export function classifyIdCard(lines: readonly OcrLine[]): Classification[] {
  const L = analyzeLayout(prefilterLines(lines), [...FRONT, ...BACK]);
  return [
    { side: 'front', score: labelShare(L, FRONT) },
    { side: 'back', score: labelShare(L, BACK) },
  ];
}

export const idCardExtractor: DocumentExtractor = {
  docType: 'id_card',
  sides: ['front', 'back'],
  classify: classifyIdCard,
  async extract(ctx: ExtractContext, side: Side | null): Promise<Extraction> {
    return side === 'back' ? extractIdBack(ctx.lines) : extractIdFront(ctx.lines, ctx);
  },
};
