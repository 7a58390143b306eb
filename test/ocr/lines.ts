// Synthetic engine output for tests that exercise the layout and extractors without the model.
import type { CharAlt, OcrLine, Point, Quad } from '../../server/ocr/engine';
import type { ExtractContext } from '../../server/ocr/extract/index';

/** A piece of text at (x, y), `h` high, rotated by `deg` about the origin; `red` marks seal ink
 *  (for the whole piece, or per character). */
export function piece(
  text: string,
  x: number,
  y: number,
  opts: { h?: number; cw?: number; deg?: number; red?: number | number[]; score?: number; alts?: Record<number, CharAlt[]> } = {},
): OcrLine {
  const h = opts.h ?? 30;
  const cw = opts.cw ?? (/^[\x20-\x7e]+$/.test(text) ? h * 0.55 : h);
  const n = [...text].length;
  const w = n * cw;
  const a = ((opts.deg ?? 0) * Math.PI) / 180;
  const rot = ([px, py]: Point): Point => [px * Math.cos(a) - py * Math.sin(a), px * Math.sin(a) + py * Math.cos(a)];
  const box = [rot([x, y]), rot([x + w, y]), rot([x + w, y + h]), rot([x, y + h])] as Quad;
  const reds = Array.isArray(opts.red) ? opts.red : Array.from({ length: n }, () => (opts.red as number | undefined) ?? 0);
  return {
    text,
    score: opts.score ?? 0.98,
    box,
    // per-character alternatives (the engine's first choice first): its score is the first's p
    chars: [...text].map((_, i) => {
      const alts = opts.alts?.[i];
      return { score: alts?.[0]?.p ?? opts.score ?? 0.98, pos: (i + 0.5) / n, red: reds[i] ?? 0, ...(alts ? { alts } : {}) };
    }),
    red: reds.reduce((s, r) => s + r, 0) / Math.max(1, n),
  };
}

/** An extraction context whose second looks find nothing (no image behind the lines). */
export function linesContext(lines: OcrLine[]): ExtractContext {
  const image = { data: new Uint8Array(3 * 16 * 16).fill(255), width: 16, height: 16 };
  return {
    engine: null as never,
    region: { image, bounds: { x: 0, y: 0, width: 16, height: 16 }, scale: 1, boxCount: lines.length },
    lines,
    reread: async () => null,
    isDashPlaceholder: () => false,
  };
}
