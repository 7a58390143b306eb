// Helpers shared by the personal-document extractors (ID card, driving licence, electronic driving
// licence): value lookup around a label when the value is not on the label's row, ID numbers, dates
// and periods with the card font's slashed zeros, names, licence classes, seal text.
import type { OcrLine, Quad, RgbImage } from '../engine';
import { findIdNumber, readIdNumber } from '../read/checked';
import { lookalikeDigits } from '../read/confusions';
import { findDates } from '../read/date';
import type { ReadChar } from '../read/choices';
import type { ExtractContext, Extraction } from './index';
import { ETHNICITIES } from '../../../core/documents/enums';
import { isRealDate } from '../../../core/normalize/date';
import { isValidIdNumber, parseIdNumber } from '../../../core/validate/id-number';
import { readClosed } from '../lexicon/enums';
import { estimateSkew, toTokens, type CharSource, type LayoutResult, type LabelSpec, type Row, type Token } from '../layout';
import { quadOfChars } from '../locate';

export interface Found {
  value: string;
  confidence?: number;
  /** The value's characters with their scores, when known (lexicons snap only unsure characters),
   *  and where each was read (the value's box). */
  chars?: (ReadChar & { src?: CharSource })[];
}

const scored = (cs: readonly (ReadChar & { src?: CharSource })[]) =>
  cs.map((c) => ({ ch: c.ch, score: c.score, ...(c.alts ? { alts: c.alts } : {}), ...(c.src ? { src: c.src } : {}) }));

/** Sets `out[key]` to a read value (nothing when it is empty), with the found piece's confidence and
 *  where the value stands among the characters it was read from. */
export function put(out: Extraction['values'], key: string, f: Found | null, value: string | null | undefined): void {
  if (!value) return;
  const box = f?.chars ? quadOfChars(value, f.chars) : undefined;
  out[key] = { value, ...(f?.confidence !== undefined ? { confidence: f.confidence } : {}), ...(box ? { box } : {}) };
}

const CJK = /[\u3400-\u9fff]/;

/** Drop pieces that cannot be part of a personal document's values: English words the layout's
 *  sub-label list did not catch (misread: "Cinss", "VaidPeriod") and near-empty low-score noise. */
export function prefilterLines(lines: readonly OcrLine[]): OcrLine[] {
  return mergeSpaced(dropNoise(lines));
}

function dropNoise(lines: readonly OcrLine[]): OcrLine[] {
  return lines.filter((l) => {
    const t = l.text.trim();
    if (!t) return false;
    const lower = (t.match(/[a-z]/g) ?? []).length;
    if (!CJK.test(t) && lower >= 2 && lower >= t.replace(/[^A-Za-z]/g, '').length / 2) return false;
    if (l.score < 0.4 && !CJK.test(t)) return false;
    return true;
  });
}

/** ID cards print labels with wide letter spacing ("姓  名", "住  址"); the detector may return each
 *  character as its own piece, and the row grouping may then split them. Join a 1–2 character CJK
 *  piece with its neighbour on the same text line when the gap is under about one character. */
export function mergeSpaced(lines: readonly OcrLine[]): OcrLine[] {
  if (lines.length < 2) return [...lines];
  const skew = estimateSkew(lines);
  const tokens = toTokens(lines, skew);
  const short = (t: Token) => [...t.text.trim()].length <= 2 && CJK.test(t.text);
  const hOf = (t: Token) => t.height;
  const cy = (t: Token) => (t.y0 + t.y1) / 2;
  const cx = (t: Token) => (t.x0 + t.x1) / 2;
  // printed width from the text height: CJK characters are square, Latin about half as wide
  const inkWidth = (t: Token) => [...t.text].reduce((w, ch) => w + (CJK.test(ch) ? 1 : 0.55), 0) * t.height;
  const alive = tokens.map(() => true);
  const merged: (Token | null)[] = [...tokens];
  let changed = true;
  while (changed) {
    changed = false;
    for (let i = 0; i < merged.length; i++) {
      const a = merged[i];
      if (!a || !alive[i]) continue;
      let bestJ = -1;
      let bestD = Infinity;
      for (let j = 0; j < merged.length; j++) {
        const b = merged[j];
        if (j === i || !b || !alive[j] || !(short(a) || short(b))) continue;
        const h = Math.min(hOf(a), hOf(b));
        if (Math.max(hOf(a), hOf(b)) > 1.7 * h) continue;
        if (Math.abs(cy(a) - cy(b)) > 0.45 * h) continue;
        // centres, not axis-aligned bounds: a small box's bounds swell with the skew
        const d = cx(b) - cx(a);
        const gap = d - (inkWidth(a) + inkWidth(b)) / 2;
        if (d <= 0 || gap < -0.5 * h || gap > 1.1 * h) continue;
        if (d < bestD) {
          bestD = d;
          bestJ = j;
        }
      }
      if (bestJ >= 0) {
        merged[i] = joinTokens(a, merged[bestJ]!);
        alive[bestJ] = false;
        changed = true;
      }
    }
  }
  const c = Math.cos(skew);
  const s = Math.sin(skew);
  const back = (X: number, Y: number): [number, number] => [X * c - Y * s, X * s + Y * c];
  const out: OcrLine[] = [];
  merged.forEach((t, i) => {
    if (!t || !alive[i]) return;
    if (t.source.text === t.text) {
      out.push(t.source);
      return;
    }
    const w = Math.max(1, t.x1 - t.x0);
    const box: Quad = [back(t.x0, t.y0), back(t.x1, t.y0), back(t.x1, t.y1), back(t.x0, t.y1)];
    out.push({
      text: t.text,
      score: t.score,
      box,
      chars: t.chars.map((ch) => ({ score: ch.score, pos: Math.min(1, Math.max(0, (ch.x - t.x0) / w)), red: ch.red })),
      red: t.red,
    });
  });
  return out;
}

function joinTokens(a: Token, b: Token): Token {
  const na = Math.max(1, a.chars.length);
  const nb = Math.max(1, b.chars.length);
  return {
    text: a.text + b.text,
    score: (a.score * na + b.score * nb) / (na + nb),
    x0: Math.min(a.x0, b.x0),
    x1: Math.max(a.x1, b.x1),
    y0: Math.min(a.y0, b.y0),
    y1: Math.max(a.y1, b.y1),
    slope: a.x1 - a.x0 >= b.x1 - b.x0 ? a.slope : b.slope,
    height: Math.max(a.height, b.height),
    chars: [...a.chars, ...b.chars],
    red: (a.red * na + b.red * nb) / (na + nb),
    // a synthetic source: its text differs from the merged text, which marks the token as merged
    source: { ...a.source, text: '' },
  };
}

/** How sure a value can be whose faint last character was dropped (below core's DOUBT_BELOW). */
const CUT_SHORT = 0.75;

const mean = (xs: readonly number[]) => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : 0);
const rowMid = (r: Row) => (r.y0 + r.y1) / 2;

/** Text of a label's value: on the label's row; else an unlabelled row level with it to its right
 *  (values printed a little above/below their label); else, with `below`, the unlabelled row under
 *  the label (stacked label/value layouts of screenshots). */
export function valueFor(L: LayoutResult, key: string, opts: { below?: boolean; multiline?: boolean } = {}): Found | null {
  // a key's label may be found more than once (a fuzzy hit inside a title): exact hits first
  const raws = [L.values.get(key), ...L.duplicates.filter((d) => d.key === key)]
    .filter((v): v is NonNullable<typeof v> => v !== undefined)
    .sort((a, b) => a.label.distance - b.label.distance);
  for (const v of raws) {
    // noise glued between label and value (background print read as a character) scores low
    let a = 0;
    let b = v.chars.length;
    while (a < b && v.chars[a]!.score < 0.45) a++;
    while (b > a && v.chars[b - 1]!.score < 0.45) b--;
    const chars = v.chars.slice(a, b);
    const text = chars.map((c) => c.ch).join('');
    if (text.replace(/\s/g, '') === '') continue;
    // a faint character dropped at the end may be the value's own last one (小帮 read as 小): the value
    // is kept as read, but no surer than CUT_SHORT, so the doubt rule marks it for the user
    const cutShort = v.chars.slice(b).some((c) => /[\u4e00-\u9fff]/.test(c.ch));
    const sure = (x: number) => (cutShort ? Math.min(x, CUT_SHORT) : x);
    if (!opts.multiline) return { value: text, confidence: sure(mean(chars.map((c) => c.score))), chars: scored(chars) };
    const more = continuation(L, v.label.row, chars[0]!.x);
    const all = [...chars, ...more.flatMap((o) => o.chars)];
    return { value: text + more.map((o) => o.text).join(''), confidence: sure(mean(all.map((c) => c.score))), chars: scored(all) };
  }
  for (const hit of L.hits.filter((h) => h.key === key).sort((a, b) => a.distance - b.distance)) {
    const f = nearLabel(L, hit, opts);
    if (f) return f;
  }
  return null;
}

function nearLabel(L: LayoutResult, hit: LayoutResult['hits'][number], opts: { below?: boolean; multiline?: boolean }): Found | null {
  const row = L.rows[hit.row]!;
  const H = Math.max(1, row.y1 - row.y0);
  const labelEnd = row.chars[hit.end - 1]?.x ?? row.tokens[0]!.x1;
  const labelStart = row.chars[hit.start]?.x ?? row.tokens[0]!.x0;
  const labelledRows = new Set(L.hits.map((h) => h.row));
  let best: { o: LayoutResult['orphans'][number]; d: number } | null = null;
  for (const o of L.orphans) {
    if (labelledRows.has(o.row) || o.chars.length === 0) continue;
    const r = L.rows[o.row]!;
    const d = Math.abs(rowMid(r) - rowMid(row));
    if (d < 0.9 * H && o.chars[0]!.x > labelEnd - H * 0.5 && (!best || d < best.d)) best = { o, d };
  }
  if (!best && opts.below) {
    for (const o of L.orphans) {
      if (labelledRows.has(o.row) || o.chars.length === 0) continue;
      const r = L.rows[o.row]!;
      const d = rowMid(r) - rowMid(row);
      if (d > 0 && d < 2.6 * H && Math.abs(o.chars[0]!.x - labelStart) < 3 * H && (!best || d < best.d)) best = { o, d };
    }
  }
  if (!best) return null;
  const parts = [best.o, ...(opts.multiline ? continuation(L, best.o.row, best.o.chars[0]!.x) : [])];
  const all = parts.flatMap((o) => o.chars);
  return { value: parts.map((o) => o.text).join(''), confidence: mean(all.map((c) => c.score)), chars: scored(all) };
}

/** The unlabelled rows strictly between rows `from` and `to` that start right of `minX` (in the
 *  value column, not under the labels) and carry no seal ink, top to bottom: a value whose label
 *  the detector lost, found by its place in the card's fixed order of rows. */
export function rowsBetween(L: LayoutResult, from: number, to: number, minX: number): Found | null {
  const labelled = new Set(L.hits.map((h) => h.row));
  const parts = L.orphans.filter(
    (o) => o.row > from && o.row < to && !labelled.has(o.row) && o.chars.length > 0 && o.chars[0]!.x > minX && o.chars.every((c) => c.red < 0.5),
  );
  if (!parts.length) return null;
  const all = parts.flatMap((o) => o.chars);
  return { value: parts.map((o) => o.text).join(''), confidence: mean(all.map((c) => c.score)), chars: scored(all) };
}

/** Lines that continue a value: the next unlabelled rows starting in the same column, each directly
 *  under the previous one (a footer further down the page is not part of an address). Specs leave
 *  `multiline` off so that this stricter rule, not the layout's, decides. */
function continuation(L: LayoutResult, fromRow: number, x0: number): LayoutResult['orphans'] {
  const labelled = new Set(L.hits.map((h) => h.row));
  const out: LayoutResult['orphans'] = [];
  let prev = L.rows[fromRow]!;
  for (let ri = fromRow + 1; ri < L.rows.length && !labelled.has(ri); ri++) {
    const o = L.orphans.find((q) => q.row === ri);
    const r = L.rows[ri]!;
    const H = prev.y1 - prev.y0;
    if (!o || !o.chars.length || Math.abs(o.chars[0]!.x - x0) > 2 * H || r.y0 - prev.y1 > 1.2 * H) break;
    if (o.chars.some((c) => c.red >= 0.5)) break;
    out.push(o);
    prev = r;
  }
  return out;
}

/** A two-character label read with one character wrong ("佳址" for 住址, "国赣" for 国籍) cannot be told
 *  from text by edit distance alone; in the right place, followed by a value, it can: at the start of
 *  a row, or (with `rowWith`) after the value of that other label on the same row. Used only when
 *  the label was not found at all. Returns where its value starts and ends in the row's chars. */
export function looseLabelAt(L: LayoutResult, key: string, label: string, rowWith?: string): { row: number; start: number; end: number } | null {
  if (L.hits.some((h) => h.key === key) || [...label].length !== 2) return null;
  const [l0, l1] = [...label] as [string, string];
  for (let i = 0; i < L.rows.length; i++) {
    const cs = L.rows[i]!.chars;
    const hits = L.hits.filter((h) => h.row === i).sort((a, b) => a.start - b.start);
    let from: number;
    if (rowWith) {
      const anchor = hits.find((h) => h.key === rowWith);
      if (!anchor) continue;
      from = anchor.end + 1; // at least one character of the anchor's value first
    } else {
      if (hits[0] && hits[0].start < 2) continue;
      from = 0;
    }
    for (let p = from; p + 2 < cs.length + 0; p++) {
      const next = hits.find((h) => h.start >= p);
      if (next && next.start < p + 2) break;
      if ((cs[p]!.ch === l0 ? 1 : 0) + (cs[p + 1]!.ch === l1 ? 1 : 0) !== 1) {
        if (!rowWith) break; // row-start labels only
        continue;
      }
      // "国中国": 籍 lost rather than misread — the label/value gap then falls after the first character
      const dropped = cs[p]!.ch === l0 && p + 2 < cs.length && cs[p + 1]!.x - cs[p]!.x > 1.3 * (cs[p + 2]!.x - cs[p + 1]!.x);
      const start = dropped ? p + 1 : p + 2;
      const end = next ? next.start : cs.length;
      if (end <= start) break;
      return { row: i, start, end };
    }
  }
  return null;
}

export function looseValue(L: LayoutResult, key: string, label: string, rowWith?: string, opts: { multiline?: boolean } = {}): Found | null {
  const at = looseLabelAt(L, key, label, rowWith);
  if (!at) return null;
  const rest = L.rows[at.row]!.chars.slice(at.start, at.end);
  // a misread label ("佳址") does not shorten its value: an address goes on in the rows below, as
  // when the label is read (valueFor, multiline)
  const more = opts.multiline && rest.length ? continuation(L, at.row, rest[0]!.x) : [];
  const all = [...rest, ...more.flatMap((o) => o.chars)];
  return { value: rest.map((c) => c.ch).join('') + more.map((o) => o.text).join(''), confidence: mean(all.map((c) => c.score)), chars: scored(all) };
}

/** Every label of `specs` found on the page, as a share of the specs (for side classification). */
export function labelShare(L: LayoutResult, specs: readonly LabelSpec[]): number {
  const keys = new Set(L.hits.map((h) => h.key));
  return specs.length ? specs.filter((s) => keys.has(s.key)).length / specs.length : 0;
}

// ---- values ------------------------------------------------------------------------------------

/** The ID (or licence) number of a found value: chosen among the recogniser's readings under the
 *  GB 11643 grammar when its characters are known (server/ocr/read), else found in the text. */
export function idNumberOf(f: Found): string | null {
  if (f.chars) {
    const read = readIdNumber(f.chars.filter((c) => /[0-9X]/.test(c.ch) || c.alts?.some((a) => /^[0-9X]$/.test(a.ch))));
    if (read && isValidIdNumber(read.value)) return read.value;
  }
  return findIdNumber(f.value);
}

/** The birth date is printed twice on a person's document: in its own field and inside the ID /
 *  licence number (GB 11643). When the two readings differ only by confusable digits (at most two),
 *  the one the number's check character confirms wins: a number that passes as read keeps its date
 *  and corrects the field; a number that fails but passes with the field's date takes it. Dates that
 *  differ otherwise (a specimen whose number disagrees on purpose) are left as read. */
export function agreeBirthDate(idNumber: string | null, birthDate: string | null): { idNumber: string | null; birthDate: string | null } {
  if (!idNumber || !birthDate || idNumber.length !== 18) return { idNumber, birthDate };
  const info = parseIdNumber(idNumber);
  if (!info || info.birthDate === birthDate) return { idNumber, birthDate };
  const a = info.birthDate.replace(/-/g, '');
  const b = birthDate.replace(/-/g, '');
  const diffs = [...a].map((ch, i) => [ch, b[i] ?? ''] as const).filter(([x, y]) => x !== y);
  if (diffs.length === 0 || diffs.length > 2 || !diffs.every(([x, y]) => lookalikeDigits(x, y))) return { idNumber, birthDate };
  if (isValidIdNumber(idNumber)) return { idNumber, birthDate: isRealDate(info.birthDate) ? info.birthDate : birthDate };
  const withField = idNumber.slice(0, 6) + b + idNumber.slice(14);
  return isValidIdNumber(withField) ? { idNumber: withField, birthDate } : { idNumber, birthDate };
}

/** agreeBirthDate applied to an extraction's values (the number under `numberKey`). */
export function applyBirthAgreement(out: Extraction['values'], numberKey: string): void {
  const n = out[numberKey];
  const b = out.birthDate;
  if (!n || !b) return;
  const r = agreeBirthDate(n.value, b.value);
  if (r.idNumber && r.idNumber !== n.value) out[numberKey] = { ...n, value: r.idNumber };
  if (r.birthDate && r.birthDate !== b.value) out.birthDate = { ...b, value: r.birthDate };
}

/** A validity period → "YYYY-MM-DD至YYYY-MM-DD" or "YYYY-MM-DD至长期". */
export function readPeriod(raw: string): string | null {
  const dates = findDates(raw);
  if (dates.length >= 2) return `${dates[0]}至${dates[1]}`;
  if (dates.length === 1 && /长/.test(raw)) return `${dates[0]}至长期`;
  return null;
}

/** A person's name: CJK characters (and the middle dot of minority names). */
export function cleanName(raw: string): string {
  return raw.replace(/[•・‧∙]/g, '·').replace(/[^\u3400-\u9fff·]/g, '').replace(/^·+|·+$/g, '');
}

/** 民族: one of the 56 official names (core's list). A stray character glued before or after it
 *  ("-汉", "民汉", "回族") is dropped by finding the name inside the read text; a name misread by a
 *  character is the closest one. The longest name found wins (土家 over 土); two different names
 *  of the same length are no answer. */
export function readEthnicity(raw: string): string | null {
  const t = cleanName(raw).replace(/族$/, '');
  if (!t) return null;
  if ((ETHNICITIES as readonly string[]).includes(t)) return t;
  const inside = ETHNICITIES.filter((e) => t.includes(e));
  const longest = Math.max(0, ...inside.map((e) => e.length));
  const best = inside.filter((e) => e.length === longest);
  if (best.length === 1) return best[0]!;
  return readClosed([...t].map((ch) => ({ ch, score: 1 })), ETHNICITIES).value;
}

/** An ethnicity read alone: one of the official names (with or without 族). */
export const ETHNICITY_READ = new RegExp(`^(${ETHNICITIES.join('|')})族?$`);

/** A sex value read alone: one of the two characters printed. */
export const SEX_READ = /^[男女]$/;

export function readSex(raw: string): string | null {
  const m = /[男女]/.exec(raw);
  return m ? m[0] : null;
}

/** 准驾车型: concatenated codes (C1, C1E, A1A2, B2E, D). English noise and stray letters around
 *  them are dropped; the longest run of valid codes wins. */
export function readLicenseClass(raw: string): string | null {
  // runs of lower-case letters are English words; a lone lower-case letter is a code read small ("c2")
  const t = raw.replace(/[a-z]{3,}/g, '').replace(/[l|]/g, '1').toUpperCase().replace(/[^A-Z0-9]/g, '').replace(/[OQ]/g, '0').replace(/[IL]/g, '1');
  let best: string | null = null;
  for (const m of t.matchAll(/(?:A[1-3]|B[12]|C[1-6]|[DEFMNP])+/g)) {
    if (!best || m[0].length >= best.length) best = m[0];
  }
  return best;
}

/** Free text (addresses, authorities, records): spaces removed, stray punctuation trimmed, a final
 *  full stop kept (records end with one). */
export function cleanText(raw: string): string {
  return raw
    .replace(/\s+/g, '')
    .replace(/^[:：,，.。;；、·'"`_\-—~|]+/, '')
    .replace(/[:：,，.;；、·'"`_\-—~|]+$/, '');
}

/** Text of a printed seal in a box (red ink), read line by line, top to bottom. Empty when the red
 *  text does not read as an issuing authority (a round seal's curved text is never guessed). */
export function readSeal(L: LayoutResult, suffix: RegExp): Found | null {
  const parts: { chars: { ch: string; score: number }[]; y: number; x: number }[] = [];
  L.rows.forEach((r, ri) => {
    // a label printed where the seal overlaps it ("证号" under the seal's edge) reads red too: its
    // characters are the label's, never the seal's
    const hits = L.hits.filter((h) => h.row === ri);
    const isLabel = (k: number) => hits.some((h) => k >= h.start && k < h.end);
    r.tokens.forEach((t, ti) => {
      if (t.red < 0.5) return;
      const kept = r.chars.filter((c, k) => c.token === ti && !isLabel(k) && CJK.test(c.ch));
      if (kept.length) parts.push({ chars: scored(kept), y: (t.y0 + t.y1) / 2, x: t.x0 });
    });
  });
  if (!parts.length) return null;
  parts.sort((a, b) => a.y - b.y || a.x - b.x);
  const chars = parts.flatMap((p) => p.chars);
  const text = chars.map((c) => c.ch).join('');
  if (!suffix.test(text)) return null;
  return { value: text, confidence: mean(chars.map((c) => c.score)), chars };
}

export const AUTHORITY_SUFFIX = /(公安局|分局|支队|大队|管理局|车辆管理所|车管所|管理处)$/;

/** The least score at which a re-read that the field's grammar takes whole is kept. */
const FAINT_GRAMMAR_READ = 0.2;

/** Re-read the strip right of a label whose value the detector missed (a lone character such as
 *  民族 "白" or 性别 "女", a class code inside a printed box): from the label's end to the next label
 *  on its row, or `widthH` text heights. The strip is searched with the detector first (the value may
 *  sit anywhere in it, between box lines), then read whole. Layout coordinates are de-skewed, so the
 *  strip is rotated back by the skew. With `grammar`, a faint read matching it whole is kept too. */
export async function rereadRight(
  ctx: Pick<ExtractContext, 'engine' | 'region' | 'reread'> | undefined,
  L: LayoutResult,
  key: string,
  widthH: number,
  grammar?: RegExp,
): Promise<Found | null> {
  if (!ctx) return null;
  const reread = ctx.reread;
  const hit = L.hits.find((h) => h.key === key);
  if (!hit) return null;
  const row = L.rows[hit.row]!;
  const H = Math.max(1, Math.min(row.y1 - row.y0, ...row.tokens.map((t) => t.height)));
  const end = row.chars[hit.end - 1];
  if (!end) return null;
  const x0 = end.x + 0.55 * H;
  const next = L.hits.filter((h) => h.row === hit.row && h.start >= hit.end).sort((a, b) => a.start - b.start)[0];
  const nextX = next ? row.chars[next.start]!.x - 0.55 * H : Infinity;
  const x1 = Math.min(x0 + widthH * H, nextX);
  if (x1 - x0 < 0.6 * H) return null;
  const cyRow = (row.y0 + row.y1) / 2;
  const y0 = cyRow - 0.75 * H;
  const y1 = cyRow + 0.75 * H;
  const c = Math.cos(L.skew);
  const s = Math.sin(L.skew);
  const back = (X: number, Y: number): [number, number] => [X * c - Y * s, X * s + Y * c];
  const quad: Quad = [back(x0, y0), back(x1, y0), back(x1, y1), back(x0, y1)];
  const img = ctx.region.image;
  const xs = quad.map((p) => p[0]);
  const ys = quad.map((p) => p[1]);
  const bx = Math.max(0, Math.floor(Math.min(...xs)));
  const by = Math.max(0, Math.floor(Math.min(...ys) - 0.3 * H));
  const bw = Math.min(img.width, Math.ceil(Math.max(...xs))) - bx;
  const bh = Math.min(img.height, Math.ceil(Math.max(...ys) + 0.3 * H)) - by;
  if (bw > 4 && bh > 4) {
    const strip = cropRgbSync(img, bx, by, bw, bh);
    // a faint read is kept when the field's grammar takes it whole (男 or 女 at 0.39 is still what
    // the engine saw there; the low confidence marks it for the user)
    const found = (await ctx.engine.read(strip, { limit: Math.max(320, Math.ceil(Math.max(bw, bh) / 32) * 32) })).filter(
      (l) => l.score >= 0.5 || (grammar !== undefined && l.score >= FAINT_GRAMMAR_READ && grammar.test(l.text.trim())),
    );
    if (found.length) {
      found.sort((a, b) => a.box[0][0] - b.box[0][0]);
      return { value: found.map((l) => l.text).join(''), confidence: mean(found.map((l) => l.score)) };
    }
  }
  const line = await reread(quad);
  if (!line || !line.text.trim()) return null;
  return { value: line.text, confidence: line.score };
}

/** An axis-aligned crop of an RGB image (no resampling). */
function cropRgbSync(img: RgbImage, x: number, y: number, w: number, h: number): RgbImage {
  const data = new Uint8Array(w * h * 3);
  for (let r = 0; r < h; r++) data.set(img.data.subarray(((y + r) * img.width + x) * 3, ((y + r) * img.width + x + w) * 3), r * w * 3);
  return { data, width: w, height: h };
}
