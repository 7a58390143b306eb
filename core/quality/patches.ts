// Where on the photo (issue #14): the patches a spatial photo warning points at, found on square cells
// of the grey copy core/quality/pixels.ts measures — bright patches above the paper (glare) and flat
// patches unlike the paper (a finger, a pasted banner). Each is a box in 0..1 of the photo, grown by a
// cell, like the field boxes the reading gives.
import type { Box } from '../result/box';
import type { Grey, Pixels } from './pixels';

/** Side of the cells bright patches are found in (px of the ~640-px grey copy). */
const GLARE_CELL = 16;
/** A cell is bright when this share of its pixels is above the glare level. */
const GLARE_FILL = 0.3;
/** Side of the cells covers are found in: a finger is ~40 px wide and a banner ~20 px tall here. */
const COVER_CELL = 8;
/** A cover cell is flat: its grey varies less than this (sensor noise and JPEG; print varies more). */
const COVER_FLAT = 7;
/** …and unlike the paper: this much more chroma (skin, a red banner) or this much darker (a dark one). */
const COVER_CHROMA = 35;
const COVER_DARK = 70;
/** Cells a cover has at least (a patch the size of a few characters). */
const COVER_MIN_CELLS = 12;
/** Patches reported at most (the largest first). */
const MAX_PATCHES = 8;
/** A bright "patch" over this share of the photo is a white background or a bright photo, not a
 *  reflection: it points nowhere in particular. */
const MAX_GLARE_AREA = 0.35;

interface Group {
  x0: number;
  y0: number;
  x1: number;
  y1: number;
  cells: number;
}

/** The 4-connected groups of cells that are on. */
function groups(on: Uint8Array, cw: number, ch: number): Group[] {
  const seen = new Uint8Array(on.length);
  const out: Group[] = [];
  for (let start = 0; start < on.length; start++) {
    if (!on[start] || seen[start]) continue;
    const gr: Group = { x0: cw, y0: ch, x1: 0, y1: 0, cells: 0 };
    const stack = [start];
    seen[start] = 1;
    while (stack.length) {
      const i = stack.pop()!;
      const x = i % cw;
      const y = (i - x) / cw;
      gr.cells++;
      gr.x0 = Math.min(gr.x0, x);
      gr.y0 = Math.min(gr.y0, y);
      gr.x1 = Math.max(gr.x1, x);
      gr.y1 = Math.max(gr.y1, y);
      for (const [nx, ny] of [[x - 1, y], [x + 1, y], [x, y - 1], [x, y + 1]] as const) {
        const j = ny * cw + nx;
        if (nx >= 0 && ny >= 0 && nx < cw && ny < ch && on[j] && !seen[j]) (seen[j] = 1), stack.push(j);
      }
    }
    out.push(gr);
  }
  return out;
}

/** The largest groups as boxes in 0..1 of a w×h copy, each grown by a cell. */
function boxes(found: Group[], cell: number, w: number, h: number, minCells = 1, grow = 1): Box[] {
  return found
    .filter((g) => g.cells >= minCells)
    .sort((a, b) => b.cells - a.cells)
    .slice(0, MAX_PATCHES)
    .map((g) => {
      const x0 = Math.max(0, g.x0 - grow) * cell;
      const y0 = Math.max(0, g.y0 - grow) * cell;
      const x1 = Math.min(w, (g.x1 + 1 + grow) * cell);
      const y1 = Math.min(h, (g.y1 + 1 + grow) * cell);
      return { x: x0 / w, y: y0 / h, width: (x1 - x0) / w, height: (y1 - y0) / h };
    });
}

/** Cells of `cell` px over the copy, each given `test(x0, y0, x1, y1)`. */
function cells(g: Grey, cell: number, test: (x0: number, y0: number, x1: number, y1: number) => boolean): { on: Uint8Array; cw: number; ch: number } {
  const cw = Math.ceil(g.w / cell);
  const ch = Math.ceil(g.h / cell);
  const on = new Uint8Array(cw * ch);
  for (let cy = 0; cy < ch; cy++) {
    for (let cx = 0; cx < cw; cx++) on[cy * cw + cx] = test(cx * cell, cy * cell, Math.min(g.w, (cx + 1) * cell), Math.min(g.h, (cy + 1) * cell)) ? 1 : 0;
  }
  return { on, cw, ch };
}

/** Where the grey is above `level` over `fill` of a cell: the glare's patches (grown by `grow` cells). */
export function brightPatches(g: Grey, level: number, fill = GLARE_FILL, grow = 1): Box[] {
  const { on, cw, ch } = cells(g, GLARE_CELL, (x0, y0, x1, y1) => {
    let n = 0;
    let b = 0;
    for (let y = y0; y < y1; y++) for (let x = x0; x < x1; x++) (n++, g.v[y * g.w + x]! > level && b++);
    return n > 0 && b / n >= fill;
  });
  return boxes(groups(on, cw, ch), GLARE_CELL, g.w, g.h, 1, grow).filter((b) => b.width * b.height <= MAX_GLARE_AREA);
}

/** Share of the middle of the copy (where the card is) in bright cells: the glare figure. Scattered
 *  bright pixels (sensor noise, JPEG ringing round small print) fill no cell. */
export function brightCellShare(g: Grey, level: number): number {
  let n = 0;
  let b = 0;
  cells(g, GLARE_CELL, (x0, y0, x1, y1) => {
    if (x0 < g.w * 0.15 || x1 > g.w * 0.85 || y0 < g.h * 0.15 || y1 > g.h * 0.85) return false;
    let m = 0;
    let k = 0;
    for (let y = y0; y < y1; y++) for (let x = x0; x < x1; x++) (m++, g.v[y * g.w + x]! > level && k++);
    n++;
    if (m > 0 && k / m >= GLARE_FILL) b++;
    return false;
  });
  return n ? b / n : 0;
}

/** Cells of the photo marked on or off, each `cellW`×`cellH` in 0..1 of the photo, row-major. */
export interface CellGrid {
  cols: number;
  rows: number;
  cellW: number;
  cellH: number;
  on: Uint8Array;
}

/** The cells where the photo is flat and unlike the paper (`paper`: its grey level): where a cover may
 *  be. The photo's background is often flat too: coverRegions keeps the cells over the card's text. */
export function coverCells(px: Pixels, g: Grey, paper: number): CellGrid {
  // the photo's pixel under a copy pixel (the copy is a box-averaged shrink of it)
  const k = px.width / g.w;
  const chroma = (x: number, y: number) => {
    const i = (Math.min(px.height - 1, Math.floor(y * k)) * px.width + Math.min(px.width - 1, Math.floor(x * k))) * px.channels;
    const d = px.data;
    const r = d[i] ?? 0;
    const gr = d[i + 1] ?? 0;
    const b = d[i + 2] ?? 0;
    return Math.max(r, gr, b) - Math.min(r, gr, b);
  };
  const stats = (x0: number, y0: number, x1: number, y1: number) => {
    let n = 0;
    let s = 0;
    let s2 = 0;
    let c = 0;
    for (let y = y0; y < y1; y++) {
      for (let x = x0; x < x1; x++) {
        const v = g.v[y * g.w + x]!;
        n++;
        s += v;
        s2 += v * v;
        c += chroma(x, y);
      }
    }
    const mean = n ? s / n : 0;
    return { n, mean, sd: n ? Math.sqrt(Math.max(0, s2 / n - mean * mean)) : 0, chroma: n ? c / n : 0 };
  };
  const grid: ReturnType<typeof stats>[] = [];
  cells(g, COVER_CELL, (x0, y0, x1, y1) => (grid.push(stats(x0, y0, x1, y1)), false));
  // the paper's own chroma: the median over flat cells at the paper's grey (a pale tint)
  const tints = grid.filter((st) => st.n > 0 && st.sd < COVER_FLAT && Math.abs(st.mean - paper) < 15).map((st) => st.chroma).sort((a, b) => a - b);
  const tint = tints[Math.floor(tints.length / 2)] ?? 0;
  let i = 0;
  const { on, cw, ch } = cells(g, COVER_CELL, () => {
    const st = grid[i++]!;
    return st.n > 0 && st.sd < COVER_FLAT && (st.chroma > tint + COVER_CHROMA || st.mean < paper - COVER_DARK);
  });
  return { cols: cw, rows: ch, cellW: COVER_CELL / g.w, cellH: COVER_CELL / g.h, on };
}

/** The covers over `area` (0..1 of the photo, where the card's text is): the groups of cover cells
 *  whose centres lie in it, of COVER_MIN_CELLS or more, as boxes clipped to the area. */
export function coverRegions(grid: CellGrid, area: Box): Box[] {
  const inside = new Uint8Array(grid.on.length);
  for (let r = 0; r < grid.rows; r++) {
    for (let c = 0; c < grid.cols; c++) {
      const x = (c + 0.5) * grid.cellW;
      const y = (r + 0.5) * grid.cellH;
      const i = r * grid.cols + c;
      inside[i] = grid.on[i] && x >= area.x && x <= area.x + area.width && y >= area.y && y <= area.y + area.height ? 1 : 0;
    }
  }
  const w = grid.cols * COVER_CELL;
  const h = grid.rows * COVER_CELL;
  // boxes() works in copy pixels: scale its 0..1 from the grid's extent to the photo's
  const sx = grid.cellW * grid.cols;
  const sy = grid.cellH * grid.rows;
  return boxes(groups(inside, grid.cols, grid.rows), COVER_CELL, w, h, COVER_MIN_CELLS, 0).map((b) => {
    const x0 = Math.max(area.x, b.x * sx);
    const y0 = Math.max(area.y, b.y * sy);
    const x1 = Math.min(area.x + area.width, (b.x + b.width) * sx, 1);
    const y1 = Math.min(area.y + area.height, (b.y + b.height) * sy, 1);
    return { x: x0, y: y0, width: Math.max(0, x1 - x0), height: Math.max(0, y1 - y0) };
  }).filter((b) => b.width > 0 && b.height > 0);
}
