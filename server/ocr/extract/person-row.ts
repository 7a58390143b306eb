// The 姓名 / 性别 / 国籍 row of a driving licence read by each field's grammar rather than by its labels
// alone: on photos the small labels are often lost or misread ("0名"), a label character is glued to
// the name ("小帮性"), or the whole row comes back as one piece ("李四性别男国籍中国"). The row is cut
// into pieces at the labels that were found and at the detector's box boundaries (the columns), then
// the sex is the lone 男/女 piece, the nationality the piece that reads as one, the name what precedes.
import type { LayoutResult } from '../layout';
import { cleanName, type Found } from './person-common';

interface Item {
  ch: string;
  score: number;
  /** Centre x in the de-skewed frame. */
  x: number;
}
/** A run of characters between two column boundaries or labels; `after` is the label before it. */
interface Piece {
  items: Item[];
  after: string | null;
}

export interface NameRow {
  name: Found | null;
  sex: Found | null;
  nationality: Found | null;
}

const SEX = /[男女]/;
/** Label characters that survive when their label is only half read: they never end a name or begin
 *  a nationality on this row. */
const SEX_LABEL = /[性别]/;
const NAME_LABEL = /[姓名]/;

const mean = (xs: readonly number[]) => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : 0);
const found = (items: readonly Item[]): Found => ({ value: items.map((i) => i.ch).join(''), confidence: mean(items.map((i) => i.score)) });

/** The nationality grammar: 中国 (the only value printed on a Chinese-issued licence to a citizen), or
 *  any other CJK run once the label's characters are stripped from its start. */
export function readNationality(raw: string): string | null {
  const t = cleanName(raw);
  if (t.endsWith('中国')) return '中国';
  const v = t.replace(/^(国籍|籍)/, '');
  return [...v].length >= 2 ? v : null;
}

/** Cut a row (from `start` in its chars) into pieces: one per detector box, split again where a
 *  label lies inside that box ("姓名张三性别男"). A box that overlaps a neighbouring label's box stays
 *  whole (its characters may interleave with the label's by position). Each piece records the
 *  label nearest before it. */
function piecesOf(L: LayoutResult, row: number, start: number): Piece[] {
  const r = L.rows[row]!;
  const hits = L.hits.filter((h) => h.row === row && h.end > start);
  const hitAt = (k: number) => hits.find((h) => k >= h.start && k < h.end);
  const runs = new Map<number, { items: Item[]; x: number }[]>();
  for (let k = start; k < r.chars.length; k++) {
    const c = r.chars[k]!;
    const own = runs.get(c.token) ?? [];
    runs.set(c.token, own);
    const h = hitAt(k);
    if (h) {
      // a label inside this box ends the box's current piece
      if (own.length && own[own.length - 1]!.items.length) own.push({ items: [], x: NaN });
      continue;
    }
    if (!/[\u3400-\u9fff·]/.test(c.ch)) continue;
    if (!own.length) own.push({ items: [], x: NaN });
    const cur = own[own.length - 1]!;
    if (!cur.items.length) cur.x = c.x;
    cur.items.push({ ch: c.ch, score: c.score, x: c.x });
  }
  const labelEnd = (h: LayoutResult['hits'][number]) => r.chars[h.end - 1]!.x;
  return [...runs.values()]
    .flat()
    .filter((p) => p.items.length > 0)
    .sort((a, b) => a.x - b.x)
    .map((p) => {
      const before = hits.filter((h) => labelEnd(h) < p.x).sort((a, b) => labelEnd(b) - labelEnd(a))[0];
      return { items: p.items, after: before?.key ?? null };
    });
}

/** Split one piece where the grammar says a field ends: "小帮性男国籍中国" → 小帮 | 男 | 中国. */
function splitGlued(p: Piece): Piece[] {
  const chs = p.items.map((i) => i.ch).join('');
  // a sex character with a (partial) 性别 label before it or a nationality after it
  const m = /^(.+?)(性别?|别)?([男女])(国籍?|籍)?(.*)$/.exec(chs);
  if (!m || (!m[2] && !m[4] && !m[5]) || (m[5] && !readNationality((m[4] ?? '') + m[5]))) return [p];
  const [, name = '', l1 = '', , l2 = ''] = m;
  const a = [...name].length;
  const b = a + [...l1].length;
  const c = b + 1 + [...l2].length;
  const parts: Piece[] = [
    { items: p.items.slice(0, a), after: p.after },
    { items: p.items.slice(b, b + 1), after: 'sex' },
  ];
  if (c < p.items.length) parts.push({ items: p.items.slice(c), after: 'nationality' });
  return parts;
}

/** Read the row. `start` is where the name's value begins (after its label, found or loose). */
export function readNameRow(L: LayoutResult, row: number, start: number): NameRow {
  const pieces = piecesOf(L, row, start).flatMap(splitGlued);
  const out: NameRow = { name: null, sex: null, nationality: null };
  const isSex = (p: Piece) => p.items.filter((i) => !SEX_LABEL.test(i.ch)).map((i) => i.ch).join('').match(/^[男女]$/) !== null;
  const sexAt = pieces.findIndex((p, k) => k > 0 && isSex(p));
  if (sexAt > 0) {
    const s = pieces[sexAt]!.items.find((i) => SEX.test(i.ch))!;
    out.sex = { value: s.ch, confidence: s.score };
  }
  // the nationality: a piece after the sex (or its label), else any piece after the first that reads as one
  const natAt = pieces.findIndex(
    (p, k) => k > 0 && k !== sexAt && (k > sexAt || p.after === 'nationality') && readNationality(p.items.map((i) => i.ch).join('')) !== null,
  );
  if (natAt > 0) {
    const p = pieces[natAt]!;
    const v = readNationality(p.items.map((i) => i.ch).join(''))!;
    // the confidence of the characters kept, not of a stripped label
    const kept = p.items.slice(p.items.length - [...v].length);
    out.nationality = { value: v, confidence: mean(kept.map((i) => i.score)) };
  }
  // the name: the pieces before the first of sex/nationality/a sex label, with a half label dropped
  const ends = [sexAt, natAt, pieces.findIndex((p) => p.after === 'sex' || p.after === 'nationality')].filter((k) => k > 0);
  const nameEnd = ends.length ? Math.min(...ends) : pieces.length;
  // a remnant of the 姓名 label standing alone before the name ("名" | "小帮") is not part of it
  const namePieces = pieces.slice(0, nameEnd);
  while (namePieces.length > 1 && namePieces[0]!.items.every((i) => NAME_LABEL.test(i.ch))) namePieces.shift();
  const items = namePieces.flatMap((p) => p.items);
  while (items.length > 2 && SEX_LABEL.test(items[items.length - 1]!.ch)) items.pop();
  const stray = strayLead(items);
  if (stray) {
    // still marked for the user: what was dropped may have been a character of the name
    const kept = found(items.slice(1));
    out.name = { ...kept, confidence: Math.min(kept.confidence ?? 1, STRAY_DROPPED_CONFIDENCE) };
  } else if (items.length) out.name = found(items);
  return out;
}

/** A first character read this unsurely may be a speck or a misread label, not part of the name. */
const STRAY_SCORE = 0.5;
/** …when it stands this many times the name's own character pitch apart from the rest (it was read in
 *  the label column or at the photo's edge and glued on: "线陆桂" from a misread 姓名). */
const STRAY_GAP = 1.5;
/** A name with a character dropped is never surer than this (the doubt rule marks it). */
const STRAY_DROPPED_CONFIDENCE = 0.75;

/** True when the name's first character is a stray one glued on from the edge or the label column:
 *  unsure, set apart from the rest, and at least two characters left (a Chinese name has two or more). */
function strayLead(items: readonly Item[]): boolean {
  if (items.length < 3 || items[0]!.score >= STRAY_SCORE) return false;
  const gaps = items.slice(1).map((it, i) => it.x - items[i]!.x);
  const pitch = Math.min(...gaps.slice(1));
  return pitch > 0 && gaps[0]! > STRAY_GAP * pitch;
}
