// A real Code 128 symbol (jsbarcode's encoder, our own drawing), so a barcode reader can be measured on
// the licence back's 证芯编号 and not only the digits printed under it.
import JsBarcode from 'jsbarcode';
import { z } from 'zod';
import type { Sheet } from './draw';

// jsbarcode renders into whatever object it is given; a plain object receives the module string.
const Encoded = z.object({ encodings: z.array(z.object({ data: z.string().regex(/^[01]+$/) })).min(1) });

/** The Code 128 modules of `text` (1 = bar), start to stop, without quiet zones. */
export function code128Modules(text: string): string {
  const target: Record<string, unknown> = {};
  JsBarcode(target, text, { format: 'CODE128', displayValue: false, margin: 0 });
  return Encoded.parse(target).encodings.map((e) => e.data).join('');
}

/** Draws the symbol's bars in the box (mm); the caller leaves the quiet zones free. */
export function drawCode128(s: Sheet, text: string, x: number, y: number, w: number, h: number, color = '#151515'): void {
  const modules = code128Modules(text);
  const m = w / modules.length;
  const { ctx, k } = s;
  ctx.save();
  ctx.fillStyle = color;
  for (let i = 0; i < modules.length; ) {
    if (modules[i] !== '1') {
      i++;
      continue;
    }
    let j = i;
    while (modules[j] === '1') j++;
    ctx.fillRect((x + i * m) * k, y * k, (j - i) * m * k, h * k);
    i = j;
  }
  ctx.restore();
}
