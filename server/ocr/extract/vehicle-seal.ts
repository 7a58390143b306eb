// 机动车行驶证 front: the issuing authority read from its seal. A boxed printed seal is read line by
// line; a round seal's curved text is never guessed (left for the user).
import type { Quad } from '../engine';
import type { LayoutResult, Token } from '../layout';
import { snapAuthority } from '../lexicon/authority';
import { keepRealNames } from '../lexicon/guard';
import { boundingQuad } from '../locate';
import { placeTemplate } from '../template';
import type { ExtractContext } from './index';
import { FRONT_TEMPLATE } from './vehicle-labels';
import { scored } from './vehicle-values';

/** A red, boxed printed seal reads as label-free red rows: join them top to bottom (`seen`: some seal
 *  text was detected, whether or not it reads as an authority). Each seal line is
 *  read twice — as detected, and widened with only its red ink kept (the seal's first character sits
 *  against the box frame; the card's pattern shows through) — and the better reading is kept. A round
 *  seal yields fragments that do not form an authority name; those are left for the user. */
export async function sealText(ctx: ExtractContext, layout: LayoutResult): Promise<{ text: string; seen: boolean; box?: Quad }> {
  const red: Token[] = [];
  for (const o of layout.orphans) {
    // JPEG chroma subsampling thins red strokes: any clear share of red ink marks a seal line
    for (const t of new Set(o.chars.map((c) => c.token))) if (t.red >= 0.12 && !red.includes(t)) red.push(t);
  }
  const byColour = { text: await readSeal(ctx, red), seen: red.length > 0, ...around(red) };
  if (AUTHORITY.test(byColour.text)) return byColour;
  // a greyscale scan or photocopy has no red: the seal is the label-free text where the card prints it
  const p = placeTemplate(layout, FRONT_TEMPLATE);
  if (!p) return byColour;
  const inBox = (t: Token) => {
    const c = p.toTemplate({ x: (t.x0 + t.x1) / 2, y: (t.y0 + t.y1) / 2 });
    return c.x >= SEAL_BOX.x0 && c.x <= SEAL_BOX.x1 && c.y >= SEAL_BOX.y0 && c.y <= SEAL_BOX.y1;
  };
  const placed: Token[] = [];
  for (const o of layout.orphans) for (const t of new Set(o.chars.map((c) => c.token))) if (inBox(t) && /[\u4e00-\u9fff]/.test(t.text) && !placed.includes(t)) placed.push(t);
  placed.sort((a, b) => a.y0 - b.y0);
  const byPlace = placed.length ? await readSeal(ctx, placed) : '';
  return AUTHORITY.test(byPlace) ? { text: byPlace, seen: true, ...around(placed) } : { ...byColour, seen: red.length > 0 || placed.length > 0 };
}

/** `{ box }` around the seal lines read (region pixels), or nothing when there were none. */
function around(tokens: readonly Token[]): { box?: Quad } {
  return tokens.length ? { box: boundingQuad(tokens.map((t) => t.source.box)) } : {};
}

/** Where the seal is printed on the front (template units, see FRONT_TEMPLATE): bottom left. */
const SEAL_BOX = { x0: -0.12, x1: 0.47, y0: 0.55, y1: 1.2 };

async function readSeal(ctx: ExtractContext, tokens: Token[]): Promise<string> {
  const plain = tokens.map((t) => t.chars.map(scored));
  const inked = await Promise.all(
    tokens.map(async (t, i) => {
      const line = await ctx.reread(widen(t.source.box, 0.35), { ink: 'red' });
      return line ? [...line.text].map((ch, k) => scored({ ch, score: line.chars[k]?.score ?? line.score, alts: line.chars[k]?.alts })) : plain[i]!;
    }),
  );
  // the seal's characters snapped to a real place and a standard ending where the engine was unsure
  const cands = [plain, inked].map((parts) => {
    const chars = parts.flat().filter((c) => /[\u4e00-\u9fff]/.test(c.ch));
    return keepRealNames(chars.map((c) => c.ch).join(''), snapAuthority(chars)).value;
  });
  // a reading that is an authority name wins; then the one with more characters (nothing cut off)
  cands.sort((a, b) => Number(AUTHORITY.test(b)) - Number(AUTHORITY.test(a)) || b.length - a.length);
  return cands[0] ?? '';
}

/** Grow a quad along its text direction by `k` text heights at each end. */
function widen(q: Quad, k: number): Quad {
  const [tl, tr, br, bl] = q;
  const w = Math.hypot(tr[0] - tl[0], tr[1] - tl[1]) || 1;
  const h = Math.hypot(bl[0] - tl[0], bl[1] - tl[1]);
  const ux = ((tr[0] - tl[0]) / w) * k * h;
  const uy = ((tr[1] - tl[1]) / w) * k * h;
  return [
    [tl[0] - ux, tl[1] - uy],
    [tr[0] + ux, tr[1] + uy],
    [br[0] + ux, br[1] + uy],
    [bl[0] - ux, bl[1] - uy],
  ];
}

export const AUTHORITY = /^[\u4e00-\u9fff]{2,}(公安|交通|警察|车辆管理)[\u4e00-\u9fff]*(局|支队|大队|总队|分局|车管所|管理所)$/;
