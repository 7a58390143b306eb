// Card geometry: where each label of a printed document sits relative to the others. Official cards
// are printed from one layout, so the labels that were read place the card (a similarity: scale and
// offset in the de-skewed frame); a label the engine missed or misread ("注日南" for 注册日期) is then
// found by position, and a value is kept from running into the next column's text.
// Template units: the first label's first character at (0, 0), the last label row at y = 1;
// x is the centre of a label's first (x) and last (x1) character.
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

/** Template units → de-skewed image pixels. */
export interface Placement {
  scale: number;
  dx: number;
  dy: number;
  /** Labels that agree with the placement. */
  inliers: number;
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
  let best: { p: Placement; set: Anchor[] } | null = null;
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
      if (!best || set.length > best.set.length) best = { p: { scale, dx, dy, inliers: set.length }, set };
    }
  }
  if (!best || best.set.length < 3) return null;
  // least squares on the inliers: x = s·tx + dx, y = s·ty + dy
  const n = best.set.length;
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
  return { scale, dx: mx - scale * mtx, dy: my - scale * mty, inliers: n };
}

const at = (p: Placement, t: { x: number; y: number }) => ({ x: p.scale * t.x + p.dx, y: p.scale * t.y + p.dy });

/** Where a label's value may lie on its row: right of the label, left of the next label of the row. */
function valueSpan(p: Placement, template: CardTemplate, t: TemplateLabel, pitch: number): { x0: number; x1: number; y: number } {
  const next = template.filter((o) => Math.abs(o.y - t.y) < 0.04 && o.x > t.x).sort((a, b) => a.x - b.x)[0];
  return {
    x0: at(p, { x: t.x1, y: t.y }).x + 0.6 * pitch,
    x1: next ? at(p, next).x - 0.6 * pitch : Infinity,
    y: at(p, t).y,
  };
}

/** Fill the values of labels the layout did not find (or found out of place) from their place on
 *  the card, and cut values that ran into the next column where that column's label was not read.
 *  Changes `layout` in place; returns the keys filled by position. */
export function applyTemplate(layout: LayoutResult, template: CardTemplate, keys: readonly string[]): string[] {
  const p = placeTemplate(layout, template);
  if (!p) return [];
  const th = rowHeight(layout.rows);
  // a label read far from where the card prints it was a false match: its value is found by position
  for (const h of [...layout.hits]) {
    const t = template.find((l) => l.key === h.key);
    const row = layout.rows[h.row];
    const c = row?.chars[h.start];
    if (!t || !row || !c) continue;
    const want = at(p, t);
    if (Math.hypot(want.x - c.x, want.y - (row.y0 + row.y1) / 2) > 2 * th) {
      layout.hits.splice(layout.hits.indexOf(h), 1);
      if (layout.values.get(h.key)?.label === h) layout.values.delete(h.key);
    }
  }
  const inHit = new Set<string>();
  for (const h of layout.hits) for (let k = h.start; k < h.end; k++) inHit.add(`${h.row}:${k}`);
  const filled: string[] = [];
  for (const t of template) {
    if (!keys.includes(t.key)) continue;
    const pitch = t.n > 1 ? (p.scale * (t.x1 - t.x)) / (t.n - 1) : th;
    const span = valueSpan(p, template, t, pitch);
    const have = layout.values.get(t.key);
    if (have) {
      // a value read past the start of the next column (whose label was not read) is cut there
      const next = template.filter((o) => Math.abs(o.y - t.y) < 0.04 && o.x > t.x).sort((a, b) => a.x - b.x)[0];
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
    if (chars.length === 0 || rowIndex < 0) continue;
    chars.sort((a, b) => a.x - b.x);
    // no label characters: a positional value (start = end) has no strip to read again
    const label: LabelHit = { key: t.key, row: rowIndex, start: 0, end: 0, distance: Infinity, alias: '' };
    layout.values.set(t.key, {
      key: t.key,
      text: chars.map((c) => c.ch).join(''),
      chars,
      confidence: chars.reduce((s, c) => s + c.score, 0) / chars.length,
      label,
    });
    // the characters now belong to this value, not to the label-free text
    for (const o of layout.orphans) {
      o.chars = o.chars.filter((c) => !chars.some((v) => v.x === c.x && v.ch === c.ch));
      o.text = o.chars.map((c) => c.ch).join('');
    }
    filled.push(t.key);
  }
  return filled;
}
