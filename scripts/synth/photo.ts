// Photographs a card with named defects (see defects.ts): the card on a textured background, rotated,
// in perspective, possibly cut off by the photo's edge, under uneven light and sensor noise; then the
// camera side: blur, photocopy, photo of a screen, downscaling and JPEG. Reports what it did and which
// fields left the photo.
import sharp from 'sharp';
import { homography } from './perturb';
import { BLUR_DEFECT_SIGMA, LOW_JPEG_QUALITY, type Defect } from './defects';
import type { Rng } from './prng';
import type { Box } from './print';

export const BACKGROUNDS = ['wood', 'leather', 'fabric', 'paper', 'desk'] as const;
export type Background = (typeof BACKGROUNDS)[number];

export interface RgbaCard {
  data: Uint8ClampedArray;
  width: number;
  height: number;
  boxes: Record<string, Box>;
  /** Reflections: RGBA of the same size whose alpha is how far a pixel burns towards white. */
  specular?: Uint8ClampedArray;
}

export interface DefectPhotoOptions {
  /** Working width before any 'small' downscale (px); the photo is 4:3. */
  width: number;
  defects: ReadonlyMap<Defect, number>;
  /** How much the card fills the width, e.g. [0.85, 0.95] for both pages side by side. */
  fill?: [number, number];
  background?: Background;
}

export interface DefectPhoto {
  bytes: Buffer;
  mime: 'image/jpeg';
  width: number;
  height: number;
  applied: string[];
  /** Fields whose value is not wholly inside the photo. */
  cut: string[];
}

type Pt = [number, number];

/** Smooth value noise in [0, 1): a seeded lattice, bilinear with smoothstep. */
function valueNoise(seed: number): (x: number, y: number) => number {
  const hash = (ix: number, iy: number) => {
    let h = Math.imul(ix, 374761393) ^ Math.imul(iy, 668265263) ^ seed;
    h = Math.imul(h ^ (h >>> 13), 1274126177);
    return ((h ^ (h >>> 16)) >>> 0) / 4294967296;
  };
  return (x, y) => {
    const ix = Math.floor(x);
    const iy = Math.floor(y);
    const fx = x - ix;
    const fy = y - iy;
    const sx = fx * fx * (3 - 2 * fx);
    const sy = fy * fy * (3 - 2 * fy);
    const top = hash(ix, iy) * (1 - sx) + hash(ix + 1, iy) * sx;
    const bottom = hash(ix, iy + 1) * (1 - sx) + hash(ix + 1, iy + 1) * sx;
    return top * (1 - sy) + bottom * sy;
  };
}

const BASES: Record<Background, [number, number, number][]> = {
  wood: [[196, 160, 120], [150, 105, 70], [120, 80, 50]],
  leather: [[32, 30, 32], [50, 38, 30], [24, 24, 28]],
  fabric: [[70, 60, 75], [90, 100, 130], [40, 45, 60], [160, 170, 150]],
  paper: [[236, 233, 226], [222, 226, 231]],
  desk: [[120, 120, 125], [200, 200, 205], [170, 160, 150]],
};

function texture(kind: Background, rng: Rng): (x: number, y: number) => number {
  const n1 = valueNoise(rng.int(0, 2 ** 30));
  const n2 = valueNoise(rng.int(0, 2 ** 30));
  const phase = rng.float(0, 6);
  if (kind === 'wood') return (x, y) => 16 * Math.sin(y * 0.04 + 4 * n1(x / 180, y / 40) + phase) + 8 * (n2(x / 60, y / 3) - 0.5);
  // grain cells with darker creases between them, as on the dark leather of both-pages-02
  if (kind === 'leather') return (x, y) => 26 * Math.abs(n1(x / 6, y / 6) - 0.5) - 10 * (n2(x / 40, y / 40) - 0.5) - 8;
  // a woven thread: alternating warp and weft, with slubs
  if (kind === 'fabric') return (x, y) => (((x >> 1) + (y >> 1)) & 1 ? 9 : -9) * (0.6 + 0.8 * n1(x / 25, y / 25)) + 10 * (n2(x / 90, y / 90) - 0.5);
  if (kind === 'paper') return (x, y) => 6 * (n1(x / 50, y / 50) - 0.5);
  return (x, y) => 10 * Math.sin((x + y) * 0.003 + phase);
}

export async function defectPhoto(card: RgbaCard, rng: Rng, o: DefectPhotoOptions): Promise<DefectPhoto> {
  const W = o.width;
  const H = Math.round(W * 0.75);
  const d = o.defects;
  const applied: string[] = [];
  const kind: Background = o.background ?? (d.has('photocopy') ? 'paper' : rng.pick(BACKGROUNDS));
  const base = rng.pick(BASES[kind]);
  const tex = texture(kind, rng.fork('texture'));
  applied.push(`background:${kind}`);

  // placement: the card's corners in the photo
  const [f0, f1] = o.fill ?? [0.62, 0.86];
  const cw = W * rng.float(f0, f1);
  const ch = (cw * card.height) / card.width;
  const scale = Math.min(1, (H * 0.92) / ch); // a tall card (both pages stacked) must still fit
  const w2 = (cw * scale) / 2;
  const h2 = (ch * scale) / 2;
  const angle = (rng.float(-6, 6) * Math.PI) / 180;
  let corners: Pt[] = [
    [-w2, -h2],
    [w2, -h2],
    [w2, h2],
    [-w2, h2],
  ];
  const jitter = 0.015 * w2 * 2;
  corners = corners.map(([x, y]) => [x + rng.float(-1, 1) * jitter, y + rng.float(-1, 1) * jitter]);
  if (d.has('perspective')) {
    // the phone tilted about one axis: the far edge shrinks
    const k = 0.12 + 0.28 * d.get('perspective')!;
    const edge = rng.int(0, 3); // 0 top, 1 right, 2 bottom, 3 left: the corners edge and edge + 1
    const a = edge;
    const b = (edge + 1) % 4;
    const pa = corners[a]!;
    const pb = corners[b]!;
    const mx = (pa[0] + pb[0]) / 2;
    const my = (pa[1] + pb[1]) / 2;
    corners[a] = [pa[0] + (mx - pa[0]) * k, pa[1] + (my - pa[1]) * k];
    corners[b] = [pb[0] + (mx - pb[0]) * k, pb[1] + (my - pb[1]) * k];
    applied.push(`perspective:${['top', 'right', 'bottom', 'left'][edge]}:${k.toFixed(2)}`);
  }
  corners = corners.map(([x, y]) => [x * Math.cos(angle) - y * Math.sin(angle), x * Math.sin(angle) + y * Math.cos(angle)]);
  applied.push(`rotate:${((angle * 180) / Math.PI).toFixed(1)}`);
  const xs = corners.map((c) => c[0]);
  const ys = corners.map((c) => c[1]);
  const [minX, maxX, minY, maxY] = [Math.min(...xs), Math.max(...xs), Math.min(...ys), Math.max(...ys)];
  let cx = W / 2 + rng.float(-1, 1) * Math.max(0, (W - (maxX - minX)) / 2 - 10);
  let cy = H / 2 + rng.float(-1, 1) * Math.max(0, (H - (maxY - minY)) / 2 - 10);
  if (d.has('cut_off')) {
    // push the card over one edge of the photo by 8–33 % of its extent
    const f = 0.08 + 0.25 * d.get('cut_off')!;
    const edge = rng.int(0, 3);
    if (edge === 0) cy = -minY - f * (maxY - minY);
    else if (edge === 1) cx = W - maxX + f * (maxX - minX);
    else if (edge === 2) cy = H - maxY + f * (maxY - minY);
    else cx = -minX - f * (maxX - minX);
    applied.push(`cut_off:${['top', 'right', 'bottom', 'left'][edge]}:${f.toFixed(2)}`);
  }
  const quad: Pt[] = corners.map(([x, y]) => [x + cx, y + cy]);
  const src: Pt[] = [
    [0, 0],
    [card.width, 0],
    [card.width, card.height],
    [0, card.height],
  ];
  const toCard = homography(quad, src);
  const toPhoto = homography(src, quad);
  const map = (h: number[], x: number, y: number): Pt => {
    const den = h[6]! * x + h[7]! * y + 1;
    return [(h[0]! * x + h[1]! * y + h[2]!) / den, (h[3]! * x + h[4]! * y + h[5]!) / den];
  };
  const cut = Object.entries(card.boxes)
    .filter(([, b]) =>
      [[b.x, b.y], [b.x + b.w, b.y], [b.x, b.y + b.h], [b.x + b.w, b.y + b.h]].some(([x, y]) => {
        const [u, v] = map(toPhoto, x!, y!);
        return u < 0 || v < 0 || u > W - 1 || v > H - 1;
      }),
    )
    .map(([k]) => k);

  const lightDir = rng.float(0, Math.PI * 2);
  const lightAmp = rng.float(0.02, 0.14);
  // a phone exposes for the whole scene: a white card comes out light grey, so reflections stand out
  const exposure = rng.float(0.8, 0.95);
  const spec = card.specular;
  const noise = rng.float(1.5, 5);
  applied.push(`noise:${noise.toFixed(1)}`);
  const out = Buffer.alloc(W * H * 3);
  const cd = card.data;
  const CW = card.width;
  const CH = card.height;
  const nr = rng.fork('noise');
  const lx = (exposure * lightAmp * Math.cos(lightDir)) / W;
  const ly = (exposure * lightAmp * Math.sin(lightDir)) / W;
  for (let y = 0; y < H; y++) {
    for (let x = 0; x < W; x++) {
      let r = 0;
      let g = 0;
      let b = 0;
      let a = 0; // how much card covers the pixel
      let burn = 0;
      const den = toCard[6]! * x + toCard[7]! * y + 1;
      const u = (toCard[0]! * x + toCard[1]! * y + toCard[2]!) / den;
      const v = (toCard[3]! * x + toCard[4]! * y + toCard[5]!) / den;
      if (u >= 0 && v >= 0 && u < CW - 1 && v < CH - 1) {
        const x0 = Math.floor(u);
        const y0 = Math.floor(v);
        const fx = u - x0;
        const fy = v - y0;
        const i00 = (y0 * CW + x0) * 4;
        const i10 = i00 + 4;
        const i01 = i00 + CW * 4;
        const i11 = i01 + 4;
        // weights times alpha: transparent corners and the sleeve's see-through border blend with the background
        const a00 = cd[i00 + 3]! * (1 - fx) * (1 - fy);
        const a10 = cd[i10 + 3]! * fx * (1 - fy);
        const a01 = cd[i01 + 3]! * (1 - fx) * fy;
        const a11 = cd[i11 + 3]! * fx * fy;
        const asum = a00 + a10 + a01 + a11;
        if (asum > 0) {
          a = asum / 255;
          r = (cd[i00]! * a00 + cd[i10]! * a10 + cd[i01]! * a01 + cd[i11]! * a11) / asum;
          g = (cd[i00 + 1]! * a00 + cd[i10 + 1]! * a10 + cd[i01 + 1]! * a01 + cd[i11 + 1]! * a11) / asum;
          b = (cd[i00 + 2]! * a00 + cd[i10 + 2]! * a10 + cd[i01 + 2]! * a01 + cd[i11 + 2]! * a11) / asum;
        }
        if (spec) burn = spec[(Math.round(v) * CW + Math.round(u)) * 4 + 3]! / 255;
      }
      if (a < 0.999) {
        // the background shows: its texture is the costly part, so only here
        const t = tex(x, y);
        r = (base[0] + t) * (1 - a) + r * a;
        g = (base[1] + t) * (1 - a) + g * a;
        b = (base[2] + t) * (1 - a) + b * a;
      }
      const l = exposure + (x - W / 2) * lx + (y - H / 2) * ly;
      const n = noise * (nr.next() + nr.next() - 1) * 1.7;
      const i = (y * W + x) * 3;
      r = r * l + (255 - r * l) * burn;
      g = g * l + (255 - g * l) * burn;
      b = b * l + (255 - b * l) * burn;
      out[i] = Math.max(0, Math.min(255, r + n));
      out[i + 1] = Math.max(0, Math.min(255, g + n));
      out[i + 2] = Math.max(0, Math.min(255, b + n));
    }
  }
  if (d.has('screen_moire')) screenMoire(out, W, H, d.get('screen_moire')!, rng.fork('screen'), applied);
  let img = sharp(out, { raw: { width: W, height: H, channels: 3 } });
  if (d.has('blur')) {
    const sigma = BLUR_DEFECT_SIGMA + 2.2 * d.get('blur')!;
    img = sharp(await img.blur(sigma).raw().toBuffer(), { raw: { width: W, height: H, channels: 3 } });
    applied.push(`blur:${sigma.toFixed(2)}`);
  }
  if (d.has('photocopy')) img = await photocopy(img, W, H, d.get('photocopy')!, rng.fork('copy'), applied);
  if (d.has('small')) {
    // a whole card in a thumbnail-sized upload: 600×450, or about 450×340 when stronger
    const sw = d.get('small')! > 0.5 ? 450 : 600;
    const small = await img.resize({ width: sw, height: Math.round(sw * 0.75), fit: 'fill' }).raw().toBuffer({ resolveWithObject: true });
    img = sharp(small.data, { raw: { width: small.info.width, height: small.info.height, channels: small.info.channels } });
    applied.push(`small:${small.info.width}x${small.info.height}`);
  }
  const quality = d.has('jpeg') ? Math.round(LOW_JPEG_QUALITY - 25 * d.get('jpeg')!) : rng.int(75, 92);
  applied.push(`jpeg:${quality}`);
  const { data, info } = await img.jpeg({ quality, chromaSubsampling: '4:2:0' }).toBuffer({ resolveWithObject: true });
  return { bytes: data, mime: 'image/jpeg', width: info.width, height: info.height, applied, cut };
}

/** A screen photographed: RGB subpixel columns, dark scanlines and a low-frequency moiré beat. */
function screenMoire(px: Buffer, W: number, H: number, st: number, rng: Rng, applied: string[]): void {
  const period = rng.float(5, 11);
  const theta = rng.float(-0.6, 0.6);
  const depth = 0.08 + 0.14 * st;
  const grid = 0.1 + 0.15 * st;
  const c = Math.cos(theta);
  const s = Math.sin(theta);
  for (let y = 0; y < H; y++) {
    for (let x = 0; x < W; x++) {
      const beat = 1 - depth * (0.5 + 0.5 * Math.sin((2 * Math.PI * (x * c + y * s)) / period));
      const line = y % 3 === 2 ? 1 - grid : 1;
      const i = (y * W + x) * 3;
      const sub = x % 3;
      for (let ch = 0; ch < 3; ch++) {
        const mask = ch === sub ? 1 : 1 - grid;
        px[i + ch] = Math.min(255, px[i + ch]! * beat * line * mask * 1.08 + 4 * (ch === 2 ? 1 : 0));
      }
    }
  }
  applied.push(`screen_moire:${period.toFixed(1)}px:${depth.toFixed(2)}`);
}

/** A photocopy: grey, hard contrast (light tints drop to white), toner specks. */
async function photocopy(img: sharp.Sharp, W: number, H: number, st: number, rng: Rng, applied: string[]): Promise<sharp.Sharp> {
  const gain = 1.4 + 0.9 * st;
  const { data: grey, info } = await img.greyscale().linear(gain, -(gain - 1) * 150).raw().toBuffer({ resolveWithObject: true });
  const out = Buffer.alloc(W * H * 3);
  const specks = 0.001 + 0.004 * st;
  for (let i = 0; i < W * H; i++) {
    const v = rng.next() < specks ? rng.int(20, 90) : grey[i * info.channels]!;
    out[i * 3] = v;
    out[i * 3 + 1] = v;
    out[i * 3 + 2] = v;
  }
  applied.push(`photocopy:${gain.toFixed(2)}`);
  return sharp(out, { raw: { width: W, height: H, channels: 3 } });
}
