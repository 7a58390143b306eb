// Turns a flat card into a "photo": the card on a background (wood, leather, cloth, paper), under
// rotation and perspective, uneven light, glare, sensor noise, blur, downscaling and JPEG artefacts.
import sharp from 'sharp';
import type { Rng } from './prng';
import { BLUR_DEFECT_SIGMA, LOW_JPEG_QUALITY, type DefectLabel } from './defects';

export interface RgbaImage {
  data: Uint8ClampedArray | Buffer;
  width: number;
  height: number;
}

export interface PhotoOptions {
  /** Output width before any downscaling (px). */
  width: number;
  /** 0..1: how strong the perturbations are (1 = the benchmark's "perturbed" set). */
  strength: number;
}

export interface Photo {
  bytes: Buffer;
  mime: 'image/jpeg' | 'image/png';
  width: number;
  height: number;
  applied: string[];
}

type Pt = [number, number];

/** Homography mapping the four `from` points to the four `to` points (8x8 solve). */
export function homography(from: Pt[], to: Pt[]): number[] {
  const A: number[][] = [];
  const b: number[] = [];
  for (let i = 0; i < 4; i++) {
    const [x, y] = from[i]!;
    const [u, v] = to[i]!;
    A.push([x, y, 1, 0, 0, 0, -u * x, -u * y]);
    b.push(u);
    A.push([0, 0, 0, x, y, 1, -v * x, -v * y]);
    b.push(v);
  }
  // Gaussian elimination with partial pivoting
  const n = 8;
  for (let c = 0; c < n; c++) {
    let p = c;
    for (let r = c + 1; r < n; r++) if (Math.abs(A[r]![c]!) > Math.abs(A[p]![c]!)) p = r;
    [A[c], A[p]] = [A[p]!, A[c]!];
    [b[c], b[p]] = [b[p]!, b[c]!];
    for (let r = c + 1; r < n; r++) {
      const f = A[r]![c]! / A[c]![c]!;
      for (let k = c; k < n; k++) A[r]![k]! -= f * A[c]![k]!;
      b[r]! -= f * b[c]!;
    }
  }
  const h = new Array<number>(n).fill(0);
  for (let r = n - 1; r >= 0; r--) {
    let s = b[r]!;
    for (let k = r + 1; k < n; k++) s -= A[r]![k]! * h[k]!;
    h[r] = s / A[r]![r]!;
  }
  return [...h, 1];
}

const BACKGROUNDS = ['wood', 'leather', 'cloth', 'paper', 'desk'] as const;

function backgroundPixel(kind: (typeof BACKGROUNDS)[number], x: number, y: number, base: number[], rng: Rng, phase: number): [number, number, number] {
  const n = (rng.next() - 0.5) * 18;
  let shade = 0;
  if (kind === 'wood') shade = 14 * Math.sin(y * 0.045 + 3 * Math.sin(x * 0.004 + phase)) + 6 * Math.sin(y * 0.21 + phase);
  else if (kind === 'leather') shade = (rng.next() - 0.5) * 22;
  else if (kind === 'cloth') shade = 8 * Math.sin(x * 0.9) * Math.sin(y * 0.9);
  else if (kind === 'paper') shade = 5 * Math.sin(x * 0.01 + phase);
  else shade = 10 * Math.sin((x + y) * 0.003 + phase);
  return [base[0]! + shade + n, base[1]! + shade + n, base[2]! + shade + n];
}

const BASES: Record<(typeof BACKGROUNDS)[number], number[][]> = {
  wood: [[196, 160, 120], [220, 200, 170], [150, 105, 70]],
  leather: [[35, 32, 34], [55, 40, 32], [25, 25, 30]],
  cloth: [[160, 170, 150], [90, 100, 130], [200, 195, 185]],
  paper: [[235, 232, 225], [220, 225, 230]],
  desk: [[120, 120, 125], [200, 200, 205], [170, 160, 150]],
};

export async function toPhoto(card: RgbaImage, rng: Rng, o: PhotoOptions): Promise<Photo> {
  const s = o.strength;
  const W = o.width;
  const H = Math.round(W * 0.75);
  const applied: string[] = [];
  const kind = rng.pick(BACKGROUNDS);
  const base = rng.pick(BASES[kind]);
  const phase = rng.float(0, 6);
  applied.push(`background:${kind}`);

  // where the card lands: 62–88 % of the width, rotated, corners pulled for perspective
  const cw = W * rng.float(0.62, 0.88);
  const ch = (cw * card.height) / card.width;
  const angle = (rng.float(-7, 7) * s * Math.PI) / 180;
  const cx = W / 2 + rng.float(-1, 1) * Math.max(0, (W - cw) / 2 - 20);
  const cy = H / 2 + rng.float(-1, 1) * Math.max(0, (H - ch) / 2 - 30) * 0.6;
  const persp = 0.035 * s;
  const corners: Pt[] = [
    [-cw / 2, -ch / 2],
    [cw / 2, -ch / 2],
    [cw / 2, ch / 2],
    [-cw / 2, ch / 2],
  ].map(([x, y]) => {
    const px = x! + rng.float(-1, 1) * persp * cw;
    const py = y! + rng.float(-1, 1) * persp * cw;
    return [cx + px * Math.cos(angle) - py * Math.sin(angle), cy + px * Math.sin(angle) + py * Math.cos(angle)];
  });
  applied.push(`rotate:${((angle * 180) / Math.PI).toFixed(1)}`, `perspective:${persp.toFixed(3)}`);
  const src: Pt[] = [
    [0, 0],
    [card.width, 0],
    [card.width, card.height],
    [0, card.height],
  ];
  const h = homography(corners, src); // output → card

  // light: a linear gradient plus an optional glare spot on the laminate
  const lightDir = rng.float(0, Math.PI * 2);
  const lightAmp = rng.float(0, 0.18) * s;
  const glare = rng.chance(0.5 * s + 0.1);
  const gx = rng.float(0.2, 0.8) * W;
  const gy = rng.float(0.2, 0.8) * H;
  const gr = rng.float(0.08, 0.22) * W;
  const gs = Math.min(0.6, rng.float(0.25, 0.55) * s); // beyond 0.6 the glare erases the print: no truth left
  if (glare) applied.push(`glare:${gs.toFixed(2)}`);
  const noise = rng.float(1, 7) * s;
  applied.push(`noise:${noise.toFixed(1)}`);

  const out = Buffer.alloc(W * H * 3);
  const cd = card.data;
  const CW = card.width;
  const CH = card.height;
  const bgRng = rng.fork('bg');
  for (let y = 0; y < H; y++) {
    for (let x = 0; x < W; x++) {
      let [r, g, b] = backgroundPixel(kind, x, y, base, bgRng, phase);
      const den = h[6]! * x + h[7]! * y + 1;
      const u = (h[0]! * x + h[1]! * y + h[2]!) / den;
      const v = (h[3]! * x + h[4]! * y + h[5]!) / den;
      if (u >= 0 && v >= 0 && u < CW - 1 && v < CH - 1) {
        const x0 = Math.floor(u);
        const y0 = Math.floor(v);
        const fx = u - x0;
        const fy = v - y0;
        const i00 = (y0 * CW + x0) * 4;
        const i10 = i00 + 4;
        const i01 = i00 + CW * 4;
        const i11 = i01 + 4;
        const w00 = (1 - fx) * (1 - fy);
        const w10 = fx * (1 - fy);
        const w01 = (1 - fx) * fy;
        const w11 = fx * fy;
        // weights times alpha: transparent corners must not darken the card's edge
        const a00 = cd[i00 + 3]! * w00;
        const a10 = cd[i10 + 3]! * w10;
        const a01 = cd[i01 + 3]! * w01;
        const a11 = cd[i11 + 3]! * w11;
        const asum = a00 + a10 + a01 + a11;
        if (asum > 0) {
          const a = asum / 255;
          const sample = (c: number) => (cd[i00 + c]! * a00 + cd[i10 + c]! * a10 + cd[i01 + c]! * a01 + cd[i11 + c]! * a11) / asum;
          r = r * (1 - a) + sample(0) * a;
          g = g * (1 - a) + sample(1) * a;
          b = b * (1 - a) + sample(2) * a;
        }
      }
      const l = 1 + lightAmp * (((x - W / 2) * Math.cos(lightDir) + (y - H / 2) * Math.sin(lightDir)) / W);
      r *= l;
      g *= l;
      b *= l;
      if (glare) {
        const d2 = ((x - gx) ** 2 + (y - gy) ** 2) / (gr * gr);
        if (d2 < 4) {
          const t = gs * Math.exp(-d2 * 1.5);
          r += (255 - r) * t;
          g += (255 - g) * t;
          b += (255 - b) * t;
        }
      }
      const n = noise * (bgRng.next() + bgRng.next() - 1) * 1.7;
      const i = (y * W + x) * 3;
      out[i] = Math.max(0, Math.min(255, r + n));
      out[i + 1] = Math.max(0, Math.min(255, g + n));
      out[i + 2] = Math.max(0, Math.min(255, b + n));
    }
  }
  let img = sharp(out, { raw: { width: W, height: H, channels: 3 } });
  const blur = rng.float(0, 1.1) * s;
  if (blur > 0.3) {
    img = sharp(await img.blur(blur).raw().toBuffer(), { raw: { width: W, height: H, channels: 3 } });
    applied.push(`blur:${blur.toFixed(2)}`);
  }
  let outW = W;
  if (rng.chance(0.5 * s)) {
    outW = Math.round(W * rng.float(0.6, 0.9));
    const small = await img.resize({ width: outW }).raw().toBuffer({ resolveWithObject: true });
    img = sharp(small.data, { raw: { width: small.info.width, height: small.info.height, channels: 3 } });
    applied.push(`scale:${(outW / W).toFixed(2)}`);
  }
  const quality = Math.max(35, Math.round(90 - rng.float(0, 40) * s));
  applied.push(`jpeg:${quality}`);
  const { data, info } = await img.jpeg({ quality, chromaSubsampling: '4:2:0' }).toBuffer({ resolveWithObject: true });
  return { bytes: data, mime: 'image/jpeg', width: info.width, height: info.height, applied };
}

/** The defect labels of a `toPhoto` photo, read from what it applied (strength relative to its maximum). */
export function defectLabels(applied: readonly string[]): DefectLabel[] {
  const labels: DefectLabel[] = [];
  const num = (prefix: string) => {
    const hit = applied.find((a) => a.startsWith(`${prefix}:`));
    return hit === undefined ? null : Number(hit.slice(prefix.length + 1));
  };
  const clamp = (x: number) => Number(Math.max(0, Math.min(1, x)).toFixed(2));
  const glare = num('glare');
  if (glare !== null) labels.push({ defect: 'glare', strength: clamp(glare / 0.6) });
  // a blur is a defect from the weakest one the defect photos draw on purpose (photo.ts: sigma 0.8);
  // below that it softens the print without blurring it (every such photo reads in full)
  const blur = num('blur');
  if (blur !== null && blur >= BLUR_DEFECT_SIGMA) labels.push({ defect: 'blur', strength: clamp(blur / 1.1) });
  const quality = num('jpeg');
  if (quality !== null && quality <= LOW_JPEG_QUALITY) labels.push({ defect: 'jpeg', strength: clamp((LOW_JPEG_QUALITY - quality) / 25) });
  return labels;
}
