// Degrades a real photo as phones and chat apps degrade them, so the benchmark can measure the engine
// on photos it was not tuned on without anyone looking at the validation photos: a reflection (glare
// spot or flash streak, placed anywhere) and a sleeve's sheen, a slight rotation and perspective, light
// (gamma, brightness, colour cast), a downscale that leaves the card 500–900 px wide, slight gaussian or
// motion blur, sensor noise and a low-quality JPEG. Every step is mild enough that what the ground truth
// says stays visible: the reflections are capped as in overlays.ts and the warp keeps the whole photo
// (the canvas grows rather than cut a corner off). Same photo, seed and index → same bytes.
import { createCanvas } from '@napi-rs/canvas';
import sharp from 'sharp';
import { flash, glare, sheen, type CardImage } from './overlays';
import { homography } from './perturb';
import { Rng } from './prng';

export interface AugmentedPhoto {
  bytes: Buffer;
  mime: 'image/jpeg';
  width: number;
  height: number;
  /** Every operation applied with its parameters, e.g. `rotate:-3.1`, `jpeg:41`. */
  applied: string[];
}

export interface AugmentOptions {
  /** Pages of the document in the photo (1, or 2 for both pages side by side): sets the card's width. */
  pages: number;
}

/** The card width (px) the downscale aims at: a whole card in a phone photo sent through a chat app. */
export const AUG_CARD_WIDTH: readonly [number, number] = [500, 900];
/** The JPEG qualities drawn from: what chat apps and web uploads recompress to. */
export const AUG_JPEG_QUALITY: readonly [number, number] = [30, 70];
/** Card width (px) from which the blur is drawn at full strength; a smaller card gets a lighter one. */
export const AUG_FULL_BLUR_CARD = 600;
/** The largest rotation (degrees) either way. */
export const AUG_MAX_ROTATION = 5;

/** Share of the photo's width one page takes: the real photos are cards cropped loosely or lying on a
 *  table, two pages side by side. An estimate: it errs towards a larger card, so a lighter downscale. */
export const AUG_PAGE_FILL = { one: 0.85, two: 0.45 } as const;

type Pt = [number, number];

/** Seeds are per photo name, so adding or removing a photo never changes another photo's degradations. */
export function augmentSeed(seed: number, name: string, index: number): Rng {
  return new Rng(seed).fork(`real-aug/${name}`).fork(String(index));
}

export async function augmentRealPhoto(bytes: Buffer, rng: Rng, o: AugmentOptions): Promise<AugmentedPhoto> {
  const applied: string[] = [];
  const src = await sharp(bytes).rotate().removeAlpha().raw().toBuffer({ resolveWithObject: true });
  const W = src.info.width;
  const H = src.info.height;
  const px = src.data;

  // reflections on the laminate, in the photo's own space (they move with the card); placed anywhere
  const card: CardImage = { canvas: createCanvas(W, H), pages: [{ x: 0, y: 0, w: W, h: H }], boxes: {} };
  const st = rng.float(0.2, 0.8);
  if (rng.chance(0.5)) glare(card, st, rng.fork('glare'), applied);
  else flash(card, st, rng.fork('flash'), applied);
  if (rng.chance(0.6)) {
    const a = rng.float(0.06, 0.22);
    const ctx = card.specular?.getContext('2d') ?? (card.specular = createCanvas(W, H)).getContext('2d');
    sheen(ctx, W, H, a, rng.fork('sheen'));
    applied.push(`sheen:${a.toFixed(2)}`);
  }
  const spec = card.specular!.getContext('2d').getImageData(0, 0, W, H).data;

  // the camera: a slight rotation and perspective; the canvas grows to keep the whole photo
  const angle = (rng.float(-AUG_MAX_ROTATION, AUG_MAX_ROTATION) * Math.PI) / 180;
  const persp = rng.float(0, 0.03);
  const from: Pt[] = [
    [0, 0],
    [W, 0],
    [W, H],
    [0, H],
  ];
  const moved = from.map(([x, y]): Pt => {
    const dx = x - W / 2 + rng.float(-1, 1) * persp * W;
    const dy = y - H / 2 + rng.float(-1, 1) * persp * W;
    return [dx * Math.cos(angle) - dy * Math.sin(angle), dx * Math.sin(angle) + dy * Math.cos(angle)];
  });
  const minX = Math.min(...moved.map((p) => p[0]));
  const minY = Math.min(...moved.map((p) => p[1]));
  const OW = Math.ceil(Math.max(...moved.map((p) => p[0])) - minX);
  const OH = Math.ceil(Math.max(...moved.map((p) => p[1])) - minY);
  const to = moved.map(([x, y]): Pt => [x - minX, y - minY]);
  const back = homography(to, from); // output → photo
  applied.push(`rotate:${((angle * 180) / Math.PI).toFixed(1)}`, `perspective:${persp.toFixed(3)}`);

  // the light: gamma, brightness and a colour cast (white balance)
  const gamma = rng.float(0.75, 1.35);
  const gain = rng.float(0.82, 1.12);
  const cast = [rng.float(0.93, 1.07), rng.float(0.95, 1.05), rng.float(0.93, 1.07)];
  applied.push(`gamma:${gamma.toFixed(2)}`, `brightness:${gain.toFixed(2)}`, `cast:${cast.map((c) => c.toFixed(2)).join('/')}`);
  const lut = cast.map((c) => Uint8Array.from({ length: 256 }, (_, v) => Math.max(0, Math.min(255, Math.round(255 * (v / 255) ** gamma * gain * c)))));
  const fill = borderMean(px, W, H);

  const out = Buffer.alloc(OW * OH * 3);
  for (let y = 0; y < OH; y++) {
    for (let x = 0; x < OW; x++) {
      const den = back[6]! * x + back[7]! * y + 1;
      const u = (back[0]! * x + back[1]! * y + back[2]!) / den;
      const v = (back[3]! * x + back[4]! * y + back[5]!) / den;
      const o = (y * OW + x) * 3;
      if (u < 0 || v < 0 || u > W - 1 || v > H - 1) {
        for (let c = 0; c < 3; c++) out[o + c] = lut[c]![fill[c]!]!;
        continue;
      }
      const x0 = Math.min(W - 2, Math.floor(u));
      const y0 = Math.min(H - 2, Math.floor(v));
      const fx = u - x0;
      const fy = v - y0;
      const i = (y0 * W + x0) * 3;
      const burn = spec[(Math.round(v) * W + Math.round(u)) * 4 + 3]! / 255;
      for (let c = 0; c < 3; c++) {
        const top = px[i + c]! * (1 - fx) + px[i + 3 + c]! * fx;
        const bottom = px[i + W * 3 + c]! * (1 - fx) + px[i + W * 3 + 3 + c]! * fx;
        const lit = lut[c]![Math.round(top * (1 - fy) + bottom * fy)]!;
        out[o + c] = Math.round(lit + (255 - lit) * burn); // a reflection burns towards white
      }
    }
  }

  // the upload: the card brought to 500–900 px wide (never enlarged), then the lens and the sensor
  const target = rng.float(AUG_CARD_WIDTH[0], AUG_CARD_WIDTH[1]);
  const cardWidth = OW * (o.pages > 1 ? AUG_PAGE_FILL.two : AUG_PAGE_FILL.one);
  const scale = Math.min(1, target / cardWidth);
  let img = sharp(out, { raw: { width: OW, height: OH, channels: 3 } });
  if (scale < 1) {
    img = img.resize({ width: Math.round(OW * scale) });
    applied.push(`scale:${scale.toFixed(2)}`);
  }
  let raw = await img.raw().toBuffer({ resolveWithObject: true });
  img = sharp(raw.data, { raw: { width: raw.info.width, height: raw.info.height, channels: 3 } });
  // "slight" is relative to the print: a blur that softens a 700-px card's text erases a 300-px card's
  // (its labels are then a few pixels high), so the blur shrinks with the card left in the photo
  const soft = Math.min(1, (cardWidth * scale) / AUG_FULL_BLUR_CARD);
  if (rng.chance(0.5)) {
    const sigma = Math.max(0.3, rng.float(0.4, 1.0) * soft);
    img = img.blur(sigma);
    applied.push(`blur:${sigma.toFixed(2)}`);
  } else {
    const len = soft < 0.8 ? 3 : rng.pick([3, 5]);
    const theta = rng.float(0, Math.PI);
    img = img.convolve(motionKernel(len, theta));
    applied.push(`motion:${len}@${((theta * 180) / Math.PI).toFixed(0)}`);
  }
  raw = await img.raw().toBuffer({ resolveWithObject: true });
  const noise = rng.float(2, 7);
  const nr = rng.fork('noise');
  const d = raw.data;
  for (let i = 0; i < d.length; i++) d[i] = Math.max(0, Math.min(255, Math.round(d[i]! + noise * nr.gauss())));
  applied.push(`noise:${noise.toFixed(1)}`);
  const quality = rng.int(AUG_JPEG_QUALITY[0], AUG_JPEG_QUALITY[1]);
  applied.push(`jpeg:${quality}`);
  const jpeg = await sharp(d, { raw: { width: raw.info.width, height: raw.info.height, channels: 3 } })
    .jpeg({ quality, chromaSubsampling: '4:2:0' })
    .toBuffer({ resolveWithObject: true });
  return { bytes: jpeg.data, mime: 'image/jpeg', width: jpeg.info.width, height: jpeg.info.height, applied };
}

/** Mean colour of the photo's outermost pixels: what the canvas shows where the warp uncovers it. */
function borderMean(px: Buffer, W: number, H: number): [number, number, number] {
  const sum = [0, 0, 0];
  let n = 0;
  const add = (x: number, y: number) => {
    const i = (y * W + x) * 3;
    for (let c = 0; c < 3; c++) sum[c]! += px[i + c]!;
    n++;
  };
  for (let x = 0; x < W; x++) add(x, 0), add(x, H - 1);
  for (let y = 1; y < H - 1; y++) add(0, y), add(W - 1, y);
  return [Math.round(sum[0]! / n), Math.round(sum[1]! / n), Math.round(sum[2]! / n)];
}

/** A camera shake: a line of `len` pixels at angle `theta`, normalised. */
function motionKernel(len: number, theta: number): { width: number; height: number; kernel: number[]; scale: number } {
  const k = new Array<number>(len * len).fill(0);
  const c = (len - 1) / 2;
  for (let t = -c; t <= c; t += 0.25) k[Math.round(c + t * Math.sin(theta)) * len + Math.round(c + t * Math.cos(theta))] = 1;
  return { width: len, height: len, kernel: k, scale: k.reduce((a, b) => a + b, 0) };
}
