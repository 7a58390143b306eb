// Card geometry: where each label of a printed document sits relative to the others. Official cards
// are printed from one layout, so the labels that were read place the card (a similarity: scale and
// offset in the de-skewed frame); a label the engine missed or misread ("注日南" for 注册日期) is then
// found by position, and a value is kept from running into the next column's text.
// Template units: the first label's first character at (0, 0), the last label row at y = 1;
// x is the centre of a label's first (x) and last (x1) character.
import type { Point, Quad } from './engine';
import type { Char, LabelHit, LayoutResult, RawValue, Row } from './layout';

export interface TemplateLabel {
  key: string;
  x: number;
  x1: number;
  y: number;
  /** Characters of the printed label (its pitch gives the text size). */
  n: number;
}

export type CardTemplate = readonly TemplateLabel[];

/** Template units → de-skewed image pixels: an affine map (perspective and unequal scales of a
 *  photographed card), or a similarity when too few labels were read to fix one. */
export interface Placement {
  /** Pixels per template unit (mean over both axes). */
  scale: number;
  toImage(t: { x: number; y: number }): { x: number; y: number };
  toTemplate(p: { x: number; y: number }): { x: number; y: number };
  /** Labels that agree with the placement. */
  inliers: number;
}

/** Affine map from six coefficients: x = a·tx + b·ty + c, y = d·tx + e·ty + f. */
function affine([a, b, c, d, e, f]: number[] & { length: 6 }, inliers: number): Placement | null {
  const det = a! * e! - b! * d!;
  if (Math.abs(det) < 1e-9) return null;
  return {
    scale: Math.sqrt(Math.abs(det)),
    inliers,
    toImage: (t) => ({ x: a! * t.x + b! * t.y + c!, y: d! * t.x + e! * t.y + f! }),
    toTemplate: (p) => {
      const x = p.x - c!;
      const y = p.y - f!;
      return { x: (e! * x - b! * y) / det, y: (-d! * x + a! * y) / det };
    },
  };
}

/** Least-squares solution of the 3×3 normal equations for one output coordinate. */
function fit3(rows: { tx: number; ty: number; v: number }[]): [number, number, number] | null {
  const m = [0, 0, 0, 0, 0, 0, 0, 0, 0];
  const r = [0, 0, 0];
  for (const { tx, ty, v } of rows) {
    const u = [tx, ty, 1];
    for (let i = 0; i < 3; i++) {
      r[i]! += u[i]! * v;
      for (let j = 0; j < 3; j++) m[i * 3 + j]! += u[i]! * u[j]!;
    }
  }
  // Cramer's rule
  const det3 = (q: number[]) => q[0]! * (q[4]! * q[8]! - q[5]! * q[7]!) - q[1]! * (q[3]! * q[8]! - q[5]! * q[6]!) + q[2]! * (q[3]! * q[7]! - q[4]! * q[6]!);
  const D = det3(m);
  if (Math.abs(D) < 1e-9) return null;
  const col = (k: number) => m.map((x, i) => (i % 3 === k ? r[Math.floor(i / 3)]! : x));
  return [det3(col(0)) / D, det3(col(1)) / D, det3(col(2)) / D];
}

interface Anchor {
  t: TemplateLabel;
  x: number;
  y: number;
}

function anchors(layout: LayoutResult, template: CardTemplate): Anchor[] {
  const out: Anchor[] = [];
  for (const hit of layout.hits) {
    const t = template.find((l) => l.key === hit.key);
    const row = layout.rows[hit.row];
    const c = row?.chars[hit.start];
    if (!t || !row || !c) continue;
    out.push({ t, x: c.x, y: (row.y0 + row.y1) / 2 });
  }
  return out;
}

/** Median text height of the rows (px). */
function rowHeight(rows: readonly Row[]): number {
  const hs = rows.map((r) => Math.min(...r.tokens.map((t) => t.height))).sort((a, b) => a - b);
  return hs[Math.floor(hs.length / 2)] ?? 20;
}

/** Fit the template to the labels found: every pair of labels proposes a placement, the one most
 *  labels agree with wins (a label matched in the wrong place is outvoted), refined on its inliers. */
export function placeTemplate(layout: LayoutResult, template: CardTemplate): Placement | null {
  const as = anchors(layout, template);
  if (as.length < 3) return null;
  const th = rowHeight(layout.rows);
  const tol = 0.8 * th;
  let best: { p: { scale: number; dx: number; dy: number }; set: Anchor[] } | null = null;
  for (let i = 0; i < as.length; i++) {
    for (let j = i + 1; j < as.length; j++) {
      const a = as[i]!;
      const b = as[j]!;
      const td = Math.hypot(b.t.x - a.t.x, b.t.y - a.t.y);
      if (td < 0.3) continue; // too close to fix a scale
      const scale = Math.hypot(b.x - a.x, b.y - a.y) / td;
      const dx = a.x - scale * a.t.x;
      const dy = a.y - scale * a.t.y;
      const set = as.filter((c) => Math.hypot(scale * c.t.x + dx - c.x, scale * c.t.y + dy - c.y) < tol);
      if (!best || set.length > best.set.length) best = { p: { scale, dx, dy }, set };
    }
  }
  if (!best || best.set.length < 3) return null;
  const n = best.set.length;
  // an affine fit needs labels off one line in both directions; else the similarity, refined
  const xs = fit3(best.set.map((c) => ({ tx: c.t.x, ty: c.t.y, v: c.x })));
  const ys = fit3(best.set.map((c) => ({ tx: c.t.x, ty: c.t.y, v: c.y })));
  if (n >= 4 && xs && ys) {
    const placed = affine([...xs, ...ys] as number[] & { length: 6 }, n);
    if (placed) return placed;
  }
  const mtx = best.set.reduce((s, c) => s + c.t.x, 0) / n;
  const mty = best.set.reduce((s, c) => s + c.t.y, 0) / n;
  const mx = best.set.reduce((s, c) => s + c.x, 0) / n;
  const my = best.set.reduce((s, c) => s + c.y, 0) / n;
  let num = 0;
  let den = 0;
  for (const c of best.set) {
    num += (c.t.x - mtx) * (c.x - mx) + (c.t.y - mty) * (c.y - my);
    den += (c.t.x - mtx) ** 2 + (c.t.y - mty) ** 2;
  }
  const scale = den > 0 ? num / den : best.p.scale;
  return affine([scale, 0, mx - scale * mtx, 0, scale, my - scale * mty] as number[] & { length: 6 }, n);
}

const at = (p: Placement, t: { x: number; y: number }) => p.toImage(t);

/** The label printed next to the right of `t` on its row (the next column), if any. */
function nextInRow(template: CardTemplate, t: TemplateLabel): TemplateLabel | undefined {
  return template.filter((o) => Math.abs(o.y - t.y) < 0.04 && o.x > t.x).sort((a, b) => a.x - b.x)[0];
}

/** Where a label's value may lie on its row: right of the label, left of the next label of the row. */
function valueSpan(p: Placement, t: TemplateLabel, next: TemplateLabel | undefined, pitch: number): { x0: number; x1: number; y: number } {
  return {
    x0: at(p, { x: t.x1, y: t.y }).x + 0.6 * pitch,
    x1: next ? at(p, next).x - 0.6 * pitch : Infinity,
    y: at(p, t).y,
  };
}

export interface TemplateOutcome {
  /** Keys whose value was found by position. */
  filled: string[];
  /** Keys with nothing read where the card prints their value: the strip to read again (image pixels). */
  unread: Map<string, Quad>;
}

/** Fill the values of labels the layout did not find from their place on the card (a label that was
 *  read is trusted, even off its usual place: editions differ in detail), and cut values that ran
 *  into the next column where that column's label was not read. Changes `layout` in place. */
export function applyTemplate(
  layout: LayoutResult,
  template: CardTemplate,
  keys: readonly string[],
  /** Whether text found by position may be that field's value (a formatted field checks its shape). */
  accept: (value: RawValue) => boolean = () => true,
): TemplateOutcome {
  const unread = new Map<string, Quad>();
  const p = placeTemplate(layout, template);
  if (!p) return { filled: [], unread };
  const th = rowHeight(layout.rows);
  const inHit = new Set<string>();
  for (const h of layout.hits) for (let k = h.start; k < h.end; k++) inHit.add(`${h.row}:${k}`);
  const filled: string[] = [];
  for (const t of template) {
    if (!keys.includes(t.key)) continue;
    const a = at(p, t);
    const b = at(p, { x: t.x1, y: t.y });
    // a spaced label ("住　址") has a wide pitch: the margin is at most a character
    const pitch = Math.min(th, t.n > 1 ? Math.hypot(b.x - a.x, b.y - a.y) / (t.n - 1) : th);
    const next = nextInRow(template, t);
    const span = valueSpan(p, t, next, pitch);
    const have = layout.values.get(t.key);
    if (have) {
      // a value read past the start of the next column (whose label was not read) is cut there
      if (next && !layout.values.has(next.key)) {
        const cut = have.chars.filter((c) => c.x < span.x1);
        if (cut.length < have.chars.length) {
          have.chars = cut;
          have.text = cut.map((c) => c.ch).join('');
        }
      }
      continue;
    }
    const chars: Char[] = [];
    let rowIndex = -1;
    layout.rows.forEach((row, ri) => {
      if (Math.abs((row.y0 + row.y1) / 2 - span.y) > 0.6 * th) return;
      row.chars.forEach((c, k) => {
        if (inHit.has(`${ri}:${k}`) || c.x < span.x0 || c.x > span.x1 || c.red >= 0.5) return;
        const { token: _t, ...ch } = c;
        chars.push(ch);
        rowIndex = ri;
      });
    });
    if (chars.length === 0 || rowIndex < 0) {
      // The strip starts past text read just before it on the row (the label itself, read but glued to
      // the previous value and left unmatched): what is checked there is only this field's print.
      let left = span.x0;
      for (const row of layout.rows) {
        if (Math.abs((row.y0 + row.y1) / 2 - span.y) > 0.6 * th) continue;
        row.chars.forEach((c, k) => {
          if (c.x >= span.x0 + pitch || c.x <= span.x0 - 3 * pitch) return;
          // past the character by its own pitch on the row (a print larger than the template's guess)
          const own = k > 0 ? c.x - row.chars[k - 1]!.x : pitch;
          left = Math.max(left, c.x + Math.max(pitch, Math.min(2 * pitch, own)));
        });
      }
      const right = Math.min(span.x1, span.x0 + VALUE_WIDTH * p.scale);
      if (right - left > 2 * pitch) unread.set(t.key, toImageQuad(layout.skew, left, right, span.y, 0.65 * th));
      continue;
    }
    chars.sort((a, b) => a.x - b.x);
    // no label characters: a positional value (start = end) has no strip to read again
    const label: LabelHit = { key: t.key, row: rowIndex, start: 0, end: 0, distance: Infinity, alias: '' };
    const value: RawValue = {
      key: t.key,
      text: chars.map((c) => c.ch).join(''),
      chars,
      confidence: chars.reduce((s, c) => s + c.score, 0) / chars.length,
      label,
    };
    if (!accept(value)) continue;
    layout.values.set(t.key, value);
    // the characters now belong to this value, not to the label-free text
    for (const o of layout.orphans) {
      o.chars = o.chars.filter((c) => !chars.some((v) => v.x === c.x && v.ch === c.ch));
      o.text = o.chars.map((c) => c.ch).join('');
    }
    filled.push(t.key);
  }
  return { filled, unread };
}

/** Widest value strip read again where nothing was detected (template units). */
const VALUE_WIDTH = 0.55;

/** A strip of the de-skewed frame back in image pixels (the layout rotated the text by -skew). */
function toImageQuad(skew: number, x0: number, x1: number, y: number, halfHeight: number): Quad {
  const c = Math.cos(skew);
  const s = Math.sin(skew);
  const un = ([x, yy]: Point): Point => [x * c - yy * s, x * s + yy * c];
  return [un([x0, y - halfHeight]), un([x1, y - halfHeight]), un([x1, y + halfHeight]), un([x0, y + halfHeight])];
}
