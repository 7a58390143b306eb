// Where on the photo each value was read (issue #14), for the clients' crop of a doubtful field. An
// extractor may give the quad it read a value from; otherwise the value is found among the page's
// lines by local alignment of its characters (a row read as one line, "号牌号码京AA5599车辆类型…",
// yields just the value's stretch, from the recogniser's per-character positions). The quad is then
// taken back from the region's pixels to the stored photo: region offset and scale, then the turn the
// engine applied to make the text upright (the stored photo is upright by its EXIF orientation only).
import type { FieldBox } from '../../core/contracts/result';
import { boxOnPhoto } from '../../core/result/box';
import { applyHomography, homography } from './homography';
import type { OcrLine, Point, Quad } from './types';
import type { CharSource } from './layout';
import type { Prepared, Region } from './preprocess';

const UNIT_SQUARE: Quad = [
  [0, 0],
  [1, 0],
  [1, 1],
  [0, 1],
];

/** Characters of the value that must be found, in order, on one line. */
const MIN_FOUND = 0.6;

const norm = (s: string) => [...s.normalize('NFKC').replace(/\s/g, '').toUpperCase()];

/** Best local alignment of `value` in `text` (match +2, mismatch or gap −1): its matches and span. */
function align(value: string[], text: string[]): { found: number; start: number; end: number } {
  const n = value.length;
  const m = text.length;
  // score and matches per cell; start index of the alignment ending there
  let prev = Array.from({ length: m + 1 }, () => ({ s: 0, f: 0, from: 0 }));
  let best = { s: 0, found: 0, start: 0, end: 0 };
  for (let i = 1; i <= n; i++) {
    const cur = [{ s: 0, f: 0, from: 0 }];
    for (let j = 1; j <= m; j++) {
      const same = value[i - 1] === text[j - 1];
      const d = prev[j - 1]!;
      const options = [
        { s: d.s + (same ? 2 : -1), f: d.f + (same ? 1 : 0), from: d.s > 0 ? d.from : j - 1 },
        { s: prev[j]!.s - 1, f: prev[j]!.f, from: prev[j]!.from },
        { s: cur[j - 1]!.s - 1, f: cur[j - 1]!.f, from: cur[j - 1]!.from },
      ];
      let c = { s: 0, f: 0, from: j };
      for (const o of options) if (o.s > c.s) c = o;
      cur.push(c);
      if (c.s > best.s) best = { s: c.s, found: c.f, start: c.from, end: j };
    }
    prev = cur;
  }
  return { found: best.found, start: best.start, end: best.end };
}

/** The stretch of a line from character `start` to `end` (exclusive), by the characters' positions. */
function subQuad(line: OcrLine, start: number, end: number): Quad {
  const pos = (k: number, edge: 'l' | 'r'): number => {
    const c = line.chars[k];
    const pitch = 1 / Math.max(1, line.chars.length);
    if (!c) return edge === 'l' ? 0 : 1;
    return Math.min(1, Math.max(0, c.pos + (edge === 'l' ? -pitch / 2 : pitch / 2)));
  };
  const a = pos(start, 'l');
  const b = pos(end - 1, 'r');
  const [tl, tr, br, bl] = line.box;
  const at = (p: Point, q: Point, t: number): Point => [p[0] + (q[0] - p[0]) * t, p[1] + (q[1] - p[1]) * t];
  return [at(tl, tr, a), at(tl, tr, b), at(bl, br, b), at(bl, br, a)];
}

/**
 * The quad (region pixels) of the characters a value was picked from, as the extractor picked it:
 * the stretch of their line the value's own characters span (a row read as one piece holds the label
 * and a neighbour too), or the box around the stretches of several lines (a value over two rows).
 * All the characters when the value does not align with them (a date written out anew, dashes read
 * as 一一); undefined when none carries its source (text put together with no line behind it).
 */
export function quadOfChars(value: string, chars: readonly { ch: string; src?: CharSource | undefined }[]): Quad | undefined {
  const placed = chars.filter((c): c is { ch: string; src: CharSource } => c.src !== undefined);
  if (placed.length === 0) return undefined;
  const want = norm(value);
  const a = want.length > 0 ? align(want, placed.map((c) => c.ch.normalize('NFKC').toUpperCase())) : null;
  const used = a && a.found >= Math.max(1, MIN_FOUND * want.length) ? placed.slice(a.start, a.end) : placed;
  const spans = new Map<OcrLine, { from: number; to: number }>();
  for (const { src } of used) {
    const s = spans.get(src.line);
    spans.set(src.line, s ? { from: Math.min(s.from, src.k), to: Math.max(s.to, src.k) } : { from: src.k, to: src.k });
  }
  const quads = [...spans].map(([line, s]) => subQuad(line, s.from, s.to + 1));
  return quads.length === 1 ? quads[0] : boundingQuad(quads);
}

/** The upright rectangle around quads (one value over several pieces: rows, seal lines). */
export function boundingQuad(quads: readonly Quad[]): Quad {
  const xs = quads.flatMap((q) => q.map((p) => p[0]));
  const ys = quads.flatMap((q) => q.map((p) => p[1]));
  const [x0, x1, y0, y1] = [Math.min(...xs), Math.max(...xs), Math.min(...ys), Math.max(...ys)];
  return [
    [x0, y0],
    [x1, y0],
    [x1, y1],
    [x0, y1],
  ];
}

/** The quad (region pixels) where `value` stands among `lines`, or null when it is not found there. */
export function locateValue(value: string, lines: readonly OcrLine[]): Quad | null {
  const want = norm(value);
  if (want.length === 0 || value === '--') return null;
  let best: { found: number; quad: Quad; span: number } | null = null;
  for (const line of lines) {
    // line characters with their index in line.chars (the recogniser's text has no spaces inside a
    // character slot, so indices line up once spaces are skipped)
    const chars = [...line.text];
    const kept: { ch: string; k: number }[] = [];
    chars.forEach((ch, k) => {
      const c = ch.normalize('NFKC').toUpperCase();
      if (c.trim() !== '') kept.push({ ch: c, k });
    });
    const a = align(want, kept.map((x) => x.ch));
    if (a.found === 0) continue;
    const span = a.end - a.start;
    if (!best || a.found > best.found || (a.found === best.found && span < best.span)) {
      best = { found: a.found, quad: subQuad(line, kept[a.start]!.k, kept[a.end - 1]!.k + 1), span };
    }
  }
  return best && best.found >= Math.max(1, MIN_FOUND * want.length) ? best.quad : null;
}

/** A quad of a region's pixels as a box of the stored photo (0..1), or undefined when off the photo. */
export function photoBox(
  quad: Quad,
  region: Pick<Region, 'bounds' | 'scale' | 'outline'> & { image: { width: number; height: number } },
  prepared: Pick<Prepared, 'image' | 'rotation'>,
): FieldBox | undefined {
  const W = prepared.image.width;
  const H = prepared.image.height;
  // region pixels → the upright image, normalized: through the card's outline when the region was
  // warped upright from it (perspective), else by the crop's offset and scale
  const fromCard = region.outline ? homography(UNIT_SQUARE, region.outline) : null;
  const up = fromCard
    ? quad.map(([x, y]) => {
        const [px, py] = applyHomography(fromCard, [x / region.image.width, y / region.image.height]);
        return [px / W, py / H] as const;
      })
    : quad.map(([x, y]) => [(region.bounds.x + x / region.scale) / W, (region.bounds.y + y / region.scale) / H] as const);
  // the upright image was the stored photo turned clockwise by `rotation`: turn back
  const back = up.map(([u, v]): [number, number] => {
    switch (prepared.rotation) {
      case 90:
        return [v, 1 - u];
      case 180:
        return [1 - u, 1 - v];
      case 270:
        return [1 - v, u];
      default:
        return [u, v];
    }
  });
  const clamp = (n: number) => Math.min(1, Math.max(0, n));
  const xs = back.map((p) => clamp(p[0]));
  const ys = back.map((p) => clamp(p[1]));
  // four decimals: a tenth of a pixel on a 2000-px photo, and short records
  const r = (n: number) => Math.round(n * 1e4) / 1e4;
  const x = r(Math.min(...xs));
  const y = r(Math.min(...ys));
  const box = { x, y, width: Math.min(1 - x, r(Math.max(...xs) - x)), height: Math.min(1 - y, r(Math.max(...ys) - y)) };
  return boxOnPhoto(box) ? box : undefined;
}
