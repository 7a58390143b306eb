// Printing values and labels on a card: CJK in the hei face, alphanumerics in the printer's face,
// optionally with the slashed zero (Ø) of the real licence printers. Returns where the ink went, so a
// perturbation that hides part of the card can tell which fields it hid.
import type { FontSet, Sheet } from './draw';

const CJK = /[\u3400-\u9fff\uff08\uff09（）]/;

/** A printed value's box on its card, in mm from the card's top left. */
export interface Box {
  x: number;
  y: number;
  w: number;
  h: number;
}

export interface ValueOptions {
  color?: string;
  /** Draw a slash through every 0 of the alphanumeric runs (the fonts here have no slashed zero). */
  slashedZero?: boolean;
}

/** Draws a value that mixes CJK (hei) and alphanumerics (printer's mono), compressed to maxWidth. */
export function value(s: Sheet, f: FontSet, str: string, x: number, y: number, size: number, maxWidth: number, o: ValueOptions = {}): Box {
  const color = o.color ?? '#141414';
  const runs: { t: string; cjk: boolean }[] = [];
  for (const ch of str) {
    const cjk = CJK.test(ch);
    const last = runs[runs.length - 1];
    if (last && last.cjk === cjk) last.t += ch;
    else runs.push({ t: ch, cjk });
  }
  const width = runs.reduce((w, r) => w + s.measure(r.t, size, r.cjk ? f.value : f.digits), 0);
  const scale = width > maxWidth ? maxWidth / width : 1;
  const { ctx, k } = s;
  ctx.save();
  ctx.translate(x * k, 0);
  ctx.scale(scale, 1);
  let cx = 0;
  for (const r of runs) {
    const start = cx;
    cx = s.text(r.t, cx, y, { size, font: r.cjk ? f.value : f.digits, color });
    if (o.slashedZero && !r.cjk) slashZeros(s, r.t, start, y, size, f.digits, color);
  }
  ctx.restore();
  return { x, y: y - size * 0.85, w: width * scale, h: size * 1.1 };
}

/** The slash of Ø: from the bottom left to the top right of each 0's body, in the current transform. */
function slashZeros(s: Sheet, run: string, x0: number, y: number, size: number, font: string, color: string): void {
  const { ctx, k } = s;
  const zero = s.measure('0', size, font);
  ctx.save();
  ctx.strokeStyle = color;
  ctx.lineWidth = size * 0.085 * k;
  ctx.lineCap = 'round';
  let i = 0;
  for (const ch of run) {
    if (ch === '0') {
      const left = x0 + s.measure(run.slice(0, i), size, font);
      ctx.beginPath();
      ctx.moveTo((left + zero * 0.22) * k, (y - size * 0.04) * k);
      ctx.lineTo((left + zero * 0.78) * k, (y - size * 0.7) * k);
      ctx.stroke();
    }
    i += ch.length;
  }
  ctx.restore();
}

/** The box of text printed from x to endX with its baseline at y (what Sheet.text returns is endX). */
export function span(x: number, endX: number, y: number, size: number): Box {
  return { x, y: y - size * 0.85, w: endX - x, h: size * 1.1 };
}

/** The smallest box holding every box given (a value printed on several lines or in pieces). */
export function union(...boxes: Box[]): Box {
  const x = Math.min(...boxes.map((b) => b.x));
  const y = Math.min(...boxes.map((b) => b.y));
  return { x, y, w: Math.max(...boxes.map((b) => b.x + b.w)) - x, h: Math.max(...boxes.map((b) => b.y + b.h)) - y };
}

/** Label with its English sub-label below, as on vehicle and driving licences. */
export function label(s: Sheet, f: FontSet, zh: string, en: string | null, x: number, y: number, size: number, spacing = 0): void {
  s.text(zh, x, y, { size, font: f.label, color: '#222', spacing });
  if (en) s.text(en, x, y + size * 0.85, { size: size * 0.62, font: f.english, color: '#333' });
}
