// Image operations of the engine on raw RGB: decoding, resizing, rotated crops, contrast and ink
// filters, and pixel tests (red share, dash placeholders). No model code here.
import sharp from 'sharp';
import { homography, rectifiedSize } from './homography';
import type { Quad, RgbImage } from './types';

/** Decode any image sharp reads to RGB (alpha flattened onto white, EXIF orientation applied), its
 *  longest side brought down to `maxSide` when larger, in one pass (no re-encode in between). */
export async function decodeImage(input: Buffer | string, maxSide?: number): Promise<RgbImage> {
  let p = sharp(input).rotate();
  if (maxSide !== undefined) p = p.resize(maxSide, maxSide, { fit: 'inside', withoutEnlargement: true });
  const { data, info } = await p
    .flatten({ background: '#ffffff' })
    .removeAlpha()
    .raw()
    .toBuffer({ resolveWithObject: true });
  return { data: new Uint8Array(data.buffer, data.byteOffset, data.length), width: info.width, height: info.height };
}

export async function resizeRgb(image: RgbImage, width: number, height: number): Promise<RgbImage> {
  if (image.width === width && image.height === height) return image;
  const { data, info } = await sharp(image.data, { raw: { width: image.width, height: image.height, channels: 3 } })
    .resize(width, height, { fit: 'fill', kernel: width > image.width ? 'cubic' : 'lanczos3' })
    .raw()
    .toBuffer({ resolveWithObject: true });
  return { data: new Uint8Array(data.buffer, data.byteOffset, data.length), width: info.width, height: info.height };
}

function cropSize(q: Quad, outH: number, maxW: number): { srcH: number; outW: number } {
  const [tl, tr, br, bl] = q;
  const topW = Math.hypot(tr[0] - tl[0], tr[1] - tl[1]);
  const botW = Math.hypot(br[0] - bl[0], br[1] - bl[1]);
  const leftH = Math.hypot(bl[0] - tl[0], bl[1] - tl[1]);
  const rightH = Math.hypot(br[0] - tr[0], br[1] - tr[1]);
  const srcW = Math.max(topW, botW, 1);
  const srcH = Math.max(leftH, rightH, 1);
  return { srcH, outW: Math.max(8, Math.min(maxW, Math.round((srcW * outH) / srcH))) };
}

/** The width cropQuad gives the quad's strip, without cropping it. */
export function cropWidth(q: Quad, outH: number, maxW: number): number {
  return cropSize(q, outH, maxW).outW;
}

/** Sample the quad into an axis-aligned strip `outH` pixels high (bilinear, supersampled when the
 *  source is much larger, so big text is averaged rather than aliased). */
export function cropQuad(image: RgbImage, q: Quad, outH: number, maxW: number): RgbImage {
  const [tl, tr, br, bl] = q;
  const { srcH, outW } = cropSize(q, outH, maxW);
  const ss = Math.max(1, Math.min(3, Math.ceil(srcH / outH / 1.5)));
  const out = new Uint8Array(outW * outH * 3);
  const { data, width, height } = image;
  const acc = [0, 0, 0];
  for (let oy = 0; oy < outH; oy++) {
    for (let ox = 0; ox < outW; ox++) {
      acc[0] = acc[1] = acc[2] = 0;
      for (let sy = 0; sy < ss; sy++) {
        const v = (oy + (sy + 0.5) / ss) / outH;
        for (let sx = 0; sx < ss; sx++) {
          const u = (ox + (sx + 0.5) / ss) / outW;
          // bilinear interpolation of the quad's corners (handles perspective-ish quads)
          const x = (1 - v) * ((1 - u) * tl[0] + u * tr[0]) + v * ((1 - u) * bl[0] + u * br[0]) - 0.5;
          const y = (1 - v) * ((1 - u) * tl[1] + u * tr[1]) + v * ((1 - u) * bl[1] + u * br[1]) - 0.5;
          const x0 = Math.max(0, Math.min(width - 1, Math.floor(x)));
          const y0 = Math.max(0, Math.min(height - 1, Math.floor(y)));
          const x1 = Math.min(width - 1, x0 + 1);
          const y1 = Math.min(height - 1, y0 + 1);
          const fx = Math.max(0, Math.min(1, x - x0));
          const fy = Math.max(0, Math.min(1, y - y0));
          for (let c = 0; c < 3; c++) {
            const a = data[(y0 * width + x0) * 3 + c]!;
            const b = data[(y0 * width + x1) * 3 + c]!;
            const d = data[(y1 * width + x0) * 3 + c]!;
            const e = data[(y1 * width + x1) * 3 + c]!;
            acc[c]! += (a * (1 - fx) + b * fx) * (1 - fy) + (d * (1 - fx) + e * fx) * fy;
          }
        }
      }
      const o = (oy * outW + ox) * 3;
      out[o] = acc[0]! / (ss * ss);
      out[o + 1] = acc[1]! / (ss * ss);
      out[o + 2] = acc[2]! / (ss * ss);
    }
  }
  return { data: out, width: outW, height: outH };
}

/** Red ink as dark grey on light (the green channel, where red ink is dark and the pale card
 *  pattern is light), contrast-stretched. */
export function redInk(c: RgbImage): RgbImage {
  const out = new Uint8Array(c.data.length);
  for (let i = 0; i < c.data.length; i += 3) {
    const g = Math.min(c.data[i + 1]!, c.data[i + 2]!);
    out[i] = out[i + 1] = out[i + 2] = g;
  }
  return stretchContrast({ data: out, width: c.width, height: c.height });
}

/** Stretch a faint crop's levels (2nd–98th luminance percentile → full range): washed-out print
 *  under glare or a laminate. */
export function stretchContrast(c: RgbImage): RgbImage {
  const hist = new Uint32Array(256);
  const n = c.width * c.height;
  for (let i = 0; i < n; i++) hist[(c.data[i * 3]! * 77 + c.data[i * 3 + 1]! * 150 + c.data[i * 3 + 2]! * 29) >> 8]!++;
  const pct = (q: number) => {
    let acc = 0;
    for (let v = 0; v < 256; v++) {
      acc += hist[v]!;
      if (acc >= q * n) return v;
    }
    return 255;
  };
  const lo = pct(0.02);
  const hi = pct(0.98);
  if (hi - lo < 8 || hi - lo > 200) return c;
  const out = new Uint8Array(c.data.length);
  const k = 255 / (hi - lo);
  for (let i = 0; i < c.data.length; i++) out[i] = Math.max(0, Math.min(255, (c.data[i]! - lo) * k));
  return { data: out, width: c.width, height: c.height };
}

/** Steps (grey levels) from the paper to the darkest ink: from the firm one a strip holds print
 *  whatever its grain; below the least one it holds none. */
const FIRM_INK_STEP = 25;
const MIN_INK_STEP = 12;
/** How far beyond the paper's grain (its median minus its 10th percentile) ink must reach. */
const INK_OVER_GRAIN = 3;

/** A dash placeholder ("--", "——", "一一") and nothing else in a value strip: short, thin, dark
 *  horizontal strokes in the text band (the dotted underline below it is ignored). The detector often
 *  drops such faint marks, so the strip is inspected directly. */
export function looksLikeDashes(image: RgbImage, q: Quad): boolean {
  const H = 48;
  const c = cropQuad(image, q, H, 2400);
  const W = c.width;
  const L = new Uint8Array(W * H);
  const hist = new Uint32Array(256);
  const margin = Math.round(H * 0.15); // ink levels from the middle: the strip's ends may cut a label
  let counted = 0;
  for (let i = 0; i < W * H; i++) {
    L[i] = (c.data[i * 3]! * 77 + c.data[i * 3 + 1]! * 150 + c.data[i * 3 + 2]! * 29) >> 8;
    const x = i % W;
    if (x >= margin && x < W - margin) {
      hist[L[i]!]!++;
      counted++;
    }
  }
  const pct = (p: number) => {
    let acc = 0;
    for (let v = 0; v < 256; v++) if ((acc += hist[v]!) >= p * counted) return v;
    return 255;
  };
  const bg = pct(0.5);
  const ink = pct(0.005);
  // A firm step is ink; a fainter one is ink when it stands out from the paper's own grain (sensor
  // noise, JPEG blocks): glare, a sleeve or an overexposed photo wash a dash out to a few levels below
  // the paper, while a noisy blank strip has a wide grain and reads as no ink.
  const grain = bg - pct(0.1);
  if (bg - ink < Math.min(FIRM_INK_STEP, Math.max(MIN_INK_STEP, INK_OVER_GRAIN * grain))) return false; // no ink at all
  // Ink thresholds between the darkest ink and the paper: halfway (firm print over a fine pattern)
  // and nearer the paper (faint print under a laminate); either reading only dashes is a placeholder.
  return [0.5, 0.65].some((k) => onlyDashes(L, W, H, ink + k * (bg - ink)));
}

function onlyDashes(L: Uint8Array, W: number, H: number, dark: number): boolean {
  const y0 = Math.round(H * 0.1);
  const y1 = Math.round(H * 0.62);
  const seen = new Uint8Array(W * H);
  let dashes = 0;
  let other = 0;
  for (let y = y0; y < y1; y++) {
    for (let x = 0; x < W; x++) {
      if (seen[y * W + x] || L[y * W + x]! >= dark) continue;
      let minX = x, maxX = x, minY = y, maxY = y, area = 0;
      const stack = [y * W + x];
      seen[y * W + x] = 1;
      while (stack.length) {
        const p = stack.pop()!;
        const px = p % W;
        const py = (p - px) / W;
        area++;
        minX = Math.min(minX, px); maxX = Math.max(maxX, px); minY = Math.min(minY, py); maxY = Math.max(maxY, py);
        for (const [dx, dy] of [[1, 0], [-1, 0], [0, 1], [0, -1]] as const) {
          const nx = px + dx;
          const ny = py + dy;
          if (nx < 0 || nx >= W || ny < y0 || ny >= y1 || seen[ny * W + nx] || L[ny * W + nx]! >= dark) continue;
          seen[ny * W + nx] = 1;
          stack.push(ny * W + nx);
        }
      }
      const w = maxX - minX + 1;
      const hh = maxY - minY + 1;
      if (area < 6) continue; // specks
      if (hh <= 3 && w <= 7) continue; // dots of the dotted underline
      if (hh <= 4 && w > 4 * H) continue; // a solid underline
      if (w >= 8 && w <= 3 * H && hh <= 10 && w >= 1.8 * hh && area >= 0.4 * w * hh) dashes++;
      else if (minX > 1 && maxX < W - 2) other++; // edge pieces are remnants of the neighbouring labels
    }
  }
  return dashes >= 1 && other === 0;
}

/** Red ink versus dark ink in a crop: tells seal text (red) from printed values (black). */
export function redShare(c: RgbImage, x0 = 0, x1 = c.width): number {
  let red = 0;
  let dark = 0;
  const a = Math.max(0, Math.floor(x0));
  const b_ = Math.min(c.width, Math.ceil(x1));
  for (let y = 0; y < c.height; y++) {
    for (let x = a; x < b_; x++) {
      const i = (y * c.width + x) * 3;
      const r = c.data[i]!;
      const g = c.data[i + 1]!;
      const b = c.data[i + 2]!;
      if (r > 100 && r - g > 45 && r - b > 35) red++;
      else if (Math.max(r, g, b) < 110) dark++;
    }
  }
  return red + dark === 0 ? 0 : red / (red + dark);
}

/** The quad (a card photographed at an angle) as an upright `width`×`height` image: each output pixel is
 *  sampled through the homography from the rectangle to the quad (bilinear; supersampled 2×2 where the
 *  source is larger than the output, so shrinking averages instead of aliasing). */
export function warpQuad(image: RgbImage, q: Quad, width: number, height: number): RgbImage {
  const W = Math.max(1, Math.round(width));
  const H = Math.max(1, Math.round(height));
  const h = homography(
    [
      [0, 0],
      [W, 0],
      [W, H],
      [0, H],
    ],
    q,
  );
  if (!h) throw new Error('warpQuad: degenerate quad');
  const { width: srcW, height: srcH } = rectifiedSize(q);
  const ss = srcW > 1.5 * W || srcH > 1.5 * H ? 2 : 1;
  const out = new Uint8Array(W * H * 3);
  const { data, width: iw, height: ih } = image;
  const [h0, h1, h2, h3, h4, h5, h6, h7, h8] = h as unknown as number[];
  for (let oy = 0; oy < H; oy++) {
    for (let ox = 0; ox < W; ox++) {
      let r = 0;
      let g = 0;
      let b = 0;
      for (let sy = 0; sy < ss; sy++) {
        const v = oy + (sy + 0.5) / ss;
        for (let sx = 0; sx < ss; sx++) {
          const u = ox + (sx + 0.5) / ss;
          const w = h6! * u + h7! * v + h8!;
          const x = (h0! * u + h1! * v + h2!) / w - 0.5;
          const y = (h3! * u + h4! * v + h5!) / w - 0.5;
          const x0 = Math.max(0, Math.min(iw - 1, Math.floor(x)));
          const y0 = Math.max(0, Math.min(ih - 1, Math.floor(y)));
          const x1 = Math.min(iw - 1, x0 + 1);
          const y1 = Math.min(ih - 1, y0 + 1);
          const fx = Math.max(0, Math.min(1, x - x0));
          const fy = Math.max(0, Math.min(1, y - y0));
          const i00 = (y0 * iw + x0) * 3;
          const i01 = (y0 * iw + x1) * 3;
          const i10 = (y1 * iw + x0) * 3;
          const i11 = (y1 * iw + x1) * 3;
          const w00 = (1 - fx) * (1 - fy);
          const w01 = fx * (1 - fy);
          const w10 = (1 - fx) * fy;
          const w11 = fx * fy;
          r += data[i00]! * w00 + data[i01]! * w01 + data[i10]! * w10 + data[i11]! * w11;
          g += data[i00 + 1]! * w00 + data[i01 + 1]! * w01 + data[i10 + 1]! * w10 + data[i11 + 1]! * w11;
          b += data[i00 + 2]! * w00 + data[i01 + 2]! * w01 + data[i10 + 2]! * w10 + data[i11 + 2]! * w11;
        }
      }
      const o = (oy * W + ox) * 3;
      const n = ss * ss;
      out[o] = r / n;
      out[o + 1] = g / n;
      out[o + 2] = b / n;
    }
  }
  return { data: out, width: W, height: H };
}
