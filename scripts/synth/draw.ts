// Drawing helpers for synthetic cards: millimetre coordinates, CJK fonts (the Debian packages
// fonts-noto-cjk, fonts-wqy-zenhei, fonts-arphic-uming when installed, else Noto Sans/Serif SC from npm),
// security-print backgrounds, seals, photos.
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { createCanvas, GlobalFonts, type SKRSContext2D, type Canvas } from '@napi-rs/canvas';
import type { Rng } from './prng';

// Noto CJK is not registered by file: registering a .ttc takes its first face (JP glyph forms, e.g. a
// Japanese 门 that OCR reads as 內). The system font manager resolves "Noto Sans CJK SC" by name.
const FONT_FILES = [
  '/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc',
  '/usr/share/fonts/truetype/arphic/uming.ttc',
  '/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf',
  '/usr/share/fonts/truetype/dejavu/DejaVuSansMono.ttf',
  '/usr/share/fonts/truetype/dejavu/DejaVuSerif.ttf',
];

// The npm fallback: Noto Sans/Serif SC (OFL-1.1, @fontsource), whose "chinese-simplified" subset
// holds every character the cards print (@napi-rs/canvas reads woff2 directly), and the same DejaVu
// files Debian ships (dejavu-fonts-ttf), so the Latin and digit faces match the Debian cards.
const NPM_SANS = 'Noto Sans SC';
const NPM_SERIF = 'Noto Serif SC';
const NPM_FONTS: { pkg: string; family: string; files: string[] }[] = [
  { pkg: '@fontsource/noto-sans-sc', family: NPM_SANS, files: [400, 700].map((w) => `files/noto-sans-sc-chinese-simplified-${w}-normal.woff2`) },
  { pkg: '@fontsource/noto-serif-sc', family: NPM_SERIF, files: [400, 700].map((w) => `files/noto-serif-sc-chinese-simplified-${w}-normal.woff2`) },
  { pkg: 'dejavu-fonts-ttf', family: 'DejaVu Sans', files: ['ttf/DejaVuSans.ttf'] },
  { pkg: 'dejavu-fonts-ttf', family: 'DejaVu Sans Mono', files: ['ttf/DejaVuSansMono.ttf'] },
  { pkg: 'dejavu-fonts-ttf', family: 'DejaVu Serif', files: ['ttf/DejaVuSerif.ttf'] },
];

/** Where the card fonts came from: the Debian packages, or the npm packages when those are missing. */
export type FontSource = 'debian' | 'npm';

let fontSource: FontSource | null = null;

function registerNpmFonts(): void {
  const require = createRequire(import.meta.url);
  for (const f of NPM_FONTS) {
    const dir = dirname(require.resolve(`${f.pkg}/package.json`));
    for (const file of f.files) GlobalFonts.registerFromPath(join(dir, file), f.family);
  }
  const missing = NPM_FONTS.filter((f) => !has(f.family));
  if (missing.length) throw new Error(`card fonts from npm did not register: run npm install (${missing.map((f) => f.pkg).join(', ')})`);
}

/** Registers the card fonts once: the Debian CJK fonts when installed, else the npm ones.
 *  LICENSELENS_SYNTH_FONTS=npm skips the system fonts (how the npm path is tested on a Debian machine). */
export function ensureFonts(): FontSource {
  if (fontSource) return fontSource;
  let n = 0;
  if (process.env.LICENSELENS_SYNTH_FONTS !== 'npm') for (const f of FONT_FILES) if (existsSync(f) && GlobalFonts.registerFromPath(f)) n++;
  const families = new Set(GlobalFonts.families.map((f) => f.family));
  if (n > 0 && [...families].some((f) => /CJK|WenQuanYi|UMing/.test(f))) fontSource = 'debian';
  else {
    registerNpmFonts();
    fontSource = 'npm';
  }
  return fontSource;
}

function has(family: string): boolean {
  return GlobalFonts.families.some((f) => f.family === family);
}

/** Font stacks by role; each card picks one per role so the set is not one typeface. */
export interface FontSet {
  title: string; // bold serif
  label: string; // song / serif
  value: string; // printed data (hei)
  digits: string; // printed alphanumerics
  english: string;
}

// Each Debian family's stand-in among the npm faces (DejaVu is the same file either way).
const NPM_STAND_IN: Record<string, string> = {
  'Noto Serif CJK SC': NPM_SERIF,
  'AR PL UMing CN': NPM_SERIF,
  'Noto Sans CJK SC': NPM_SANS,
  'WenQuanYi Zen Hei': NPM_SANS,
  'WenQuanYi Zen Hei Mono': 'DejaVu Sans Mono',
  'Noto Sans Mono CJK SC': 'DejaVu Sans Mono',
};

export function pickFonts(rng: Rng): FontSet {
  const source = ensureFonts();
  // every stack ends in a registered CJK font, so a missing Noto face falls back instead of tofu
  const fallback = has('WenQuanYi Zen Hei') ? 'WenQuanYi Zen Hei' : 'AR PL UMing CN';
  const stack =
    source === 'npm'
      ? // only npm faces, ending in a CJK one, so a system font never stands in unseen
        (...f: string[]) => [...new Set([...f.map((x) => NPM_STAND_IN[x] ?? x), NPM_SANS])].map((x) => `"${x}"`).join(', ')
      : (...f: string[]) => [...f, fallback].map((x) => `"${x}"`).join(', ');
  const serif = rng.pick(['Noto Serif CJK SC', 'AR PL UMing CN']);
  return {
    title: stack('Noto Serif CJK SC'),
    label: stack(serif),
    value: stack(rng.pick(['WenQuanYi Zen Hei', 'Noto Sans CJK SC'])),
    digits: stack(rng.pick(['DejaVu Sans Mono', 'WenQuanYi Zen Hei Mono', 'DejaVu Sans', 'Noto Sans Mono CJK SC'])),
    english: stack('DejaVu Serif'),
  };
}

export class Sheet {
  readonly canvas: Canvas;
  readonly ctx: SKRSContext2D;
  readonly k: number; // px per mm

  constructor(
    readonly wMm: number,
    readonly hMm: number,
    widthPx: number,
  ) {
    this.k = widthPx / wMm;
    this.canvas = createCanvas(Math.round(widthPx), Math.round(hMm * this.k));
    this.ctx = this.canvas.getContext('2d');
  }

  /** Text with its baseline at y (mm); `spacing` adds mm between characters. Returns the end x (mm). */
  text(
    s: string,
    x: number,
    y: number,
    o: { size: number; font: string; color?: string; bold?: boolean; italic?: boolean; spacing?: number; align?: 'left' | 'center'; maxWidth?: number },
  ): number {
    const { ctx, k } = this;
    ctx.font = `${o.italic ? 'italic ' : ''}${o.bold ? 'bold ' : ''}${(o.size * k).toFixed(1)}px ${o.font}`;
    ctx.fillStyle = o.color ?? '#1a1a1a';
    ctx.textBaseline = 'alphabetic';
    const sp = (o.spacing ?? 0) * k;
    let width = [...s].reduce((w, ch) => w + ctx.measureText(ch).width + sp, -sp);
    if (!o.spacing) width = ctx.measureText(s).width;
    let scale = 1;
    if (o.maxWidth && width > o.maxWidth * k) scale = (o.maxWidth * k) / width;
    let px = x * k - (o.align === 'center' ? (width * scale) / 2 : 0);
    ctx.save();
    ctx.translate(px, y * k);
    ctx.scale(scale, 1);
    if (!o.spacing) ctx.fillText(s, 0, 0);
    else {
      let cx = 0;
      for (const ch of s) {
        ctx.fillText(ch, cx, 0);
        cx += ctx.measureText(ch).width + sp;
      }
    }
    ctx.restore();
    px += width * scale;
    return px / k;
  }

  measure(s: string, size: number, font: string): number {
    this.ctx.font = `${(size * this.k).toFixed(1)}px ${font}`;
    return this.ctx.measureText(s).width / this.k;
  }

  dottedLine(x1: number, x2: number, y: number, color = 'rgba(60,60,60,0.55)'): void {
    const { ctx, k } = this;
    ctx.save();
    ctx.strokeStyle = color;
    ctx.lineWidth = 0.12 * k;
    ctx.setLineDash([0.35 * k, 0.35 * k]);
    ctx.beginPath();
    ctx.moveTo(x1 * k, y * k);
    ctx.lineTo(x2 * k, y * k);
    ctx.stroke();
    ctx.restore();
  }

  rect(x: number, y: number, w: number, h: number, o: { stroke?: string; fill?: string; width?: number }): void {
    const { ctx, k } = this;
    if (o.fill) {
      ctx.fillStyle = o.fill;
      ctx.fillRect(x * k, y * k, w * k, h * k);
    }
    if (o.stroke) {
      ctx.strokeStyle = o.stroke;
      ctx.lineWidth = (o.width ?? 0.25) * k;
      ctx.strokeRect(x * k, y * k, w * k, h * k);
    }
  }

  /** Pastel gradient, guilloche curves and faint noise: the security print of a card. */
  background(rng: Rng, colors: [string, string, string], lineColor: string): void {
    const { ctx, canvas, k } = this;
    const W = canvas.width;
    const H = canvas.height;
    const g = ctx.createLinearGradient(0, 0, W, H * rng.float(0.5, 1.5));
    g.addColorStop(0, colors[0]);
    g.addColorStop(rng.float(0.35, 0.65), colors[1]);
    g.addColorStop(1, colors[2]);
    ctx.fillStyle = g;
    ctx.fillRect(0, 0, W, H);
    ctx.save();
    ctx.strokeStyle = lineColor;
    ctx.lineWidth = Math.max(1, 0.08 * k);
    const waves = rng.int(25, 45);
    const amp = rng.float(1.5, 4) * k;
    const freq = rng.float(0.05, 0.12) / k;
    const phase = rng.float(0, Math.PI * 2);
    for (let i = 0; i < waves; i++) {
      const y0 = (i / waves) * H;
      ctx.beginPath();
      for (let x = 0; x <= W; x += 4) {
        const y = y0 + amp * Math.sin(x * freq + phase + i * 0.35) + amp * 0.5 * Math.sin(x * freq * 2.3 + i);
        if (x === 0) ctx.moveTo(x, y);
        else ctx.lineTo(x, y);
      }
      ctx.stroke();
    }
    // a faint rosette, like the vehicle drawing / emblem in the print
    const cx = rng.float(0.3, 0.7) * W;
    const cy = rng.float(0.3, 0.7) * H;
    for (let r = 4 * k; r < 22 * k; r += 1.6 * k) {
      ctx.beginPath();
      ctx.ellipse(cx, cy, r * 1.6, r, 0, 0, Math.PI * 2);
      ctx.stroke();
    }
    ctx.restore();
  }

  /** Rounded-corner clip of the finished card: outside becomes transparent. */
  roundCorners(radiusMm: number): void {
    const { ctx, canvas, k } = this;
    const r = radiusMm * k;
    ctx.save();
    ctx.globalCompositeOperation = 'destination-in';
    ctx.beginPath();
    ctx.roundRect(0, 0, canvas.width, canvas.height, r);
    ctx.fill();
    ctx.restore();
  }

  /** Older cards: the authority printed in red inside a box, in lines of equal length. */
  boxedSeal(text: string, x: number, y: number, w: number, h: number, font: string, rng: Rng): void {
    const color = `rgba(${rng.int(200, 230)},${rng.int(20, 60)},${rng.int(30, 60)},0.92)`;
    this.rect(x, y, w, h, { stroke: color, width: 0.35 });
    const chars = [...text];
    const lines = chars.length <= 8 ? 2 : 3;
    const per = Math.ceil(chars.length / lines);
    const size = Math.min((w - 2) / per / 1.05, (h - 2) / lines / 1.45);
    for (let i = 0; i < lines; i++) {
      const line = chars.slice(i * per, (i + 1) * per).join('');
      const ly = y + (h / lines) * (i + 0.5) + size * 0.38;
      const spacing = per > 1 ? (w - 2 - per * size) / (per - 1) : 0;
      this.text(line, x + 1, ly, { size, font, color, bold: true, spacing: Math.max(0, spacing) });
    }
  }

  /** Newer cards: a round seal (text on an arc, a star) that no OCR engine reads reliably. */
  roundSeal(text: string, cx: number, cy: number, r: number, font: string, rng: Rng): void {
    const { ctx, k } = this;
    const color = `rgba(${rng.int(200, 235)},${rng.int(20, 60)},${rng.int(30, 60)},0.75)`;
    ctx.save();
    ctx.strokeStyle = color;
    ctx.fillStyle = color;
    ctx.lineWidth = 0.4 * k;
    ctx.beginPath();
    ctx.arc(cx * k, cy * k, r * k, 0, Math.PI * 2);
    ctx.stroke();
    const chars = [...text];
    const span = Math.PI * 1.35;
    const size = Math.min(2.6, (span * r * 0.8) / chars.length);
    ctx.font = `bold ${(size * k).toFixed(1)}px ${font}`;
    ctx.textAlign = 'center';
    chars.forEach((ch, i) => {
      const a = -Math.PI / 2 - span / 2 + (span * (i + 0.5)) / chars.length;
      ctx.save();
      ctx.translate((cx + Math.cos(a) * (r - size * 0.85)) * k, (cy + Math.sin(a) * (r - size * 0.85)) * k);
      ctx.rotate(a + Math.PI / 2);
      ctx.fillText(ch, 0, size * 0.4 * k);
      ctx.restore();
    });
    // five-pointed star
    ctx.beginPath();
    for (let i = 0; i < 10; i++) {
      const rr = (i % 2 ? 0.38 : 1) * r * 0.32;
      const a = -Math.PI / 2 + (i * Math.PI) / 5;
      const px = (cx + Math.cos(a) * rr) * k;
      const py = (cy + Math.sin(a) * rr) * k;
      if (i === 0) ctx.moveTo(px, py);
      else ctx.lineTo(px, py);
    }
    ctx.closePath();
    ctx.fill();
    ctx.restore();
  }

  /** A portrait placeholder: head and shoulders in flat tones. */
  photo(x: number, y: number, w: number, h: number, rng: Rng, framed: boolean): void {
    const { ctx, k } = this;
    ctx.save();
    if (framed) this.rect(x, y, w, h, { fill: rng.pick(['#f4f4f4', '#e8eef6', '#ffffff']) });
    const skin = rng.pick(['#e9c4a2', '#d9a982', '#f1d2b6', '#c98e68']);
    const hair = rng.pick(['#2a211c', '#3b2a20', '#111111', '#6b6b6b', '#d8d8d8']);
    const cloth = rng.pick(['#23324a', '#2f2f2f', '#1f4d35', '#5a2430', '#dddddd']);
    const cx = (x + w / 2) * k;
    ctx.fillStyle = cloth;
    ctx.beginPath();
    ctx.ellipse(cx, (y + h) * k, w * 0.48 * k, h * 0.3 * k, 0, Math.PI, 0);
    ctx.fill();
    ctx.fillStyle = skin;
    ctx.fillRect(cx - w * 0.09 * k, (y + h * 0.55) * k, w * 0.18 * k, h * 0.2 * k);
    ctx.fillStyle = hair;
    ctx.beginPath();
    ctx.ellipse(cx, (y + h * 0.38) * k, w * 0.27 * k, h * 0.27 * k, 0, 0, Math.PI * 2);
    ctx.fill();
    ctx.fillStyle = skin;
    ctx.beginPath();
    ctx.ellipse(cx, (y + h * 0.43) * k, w * 0.22 * k, h * 0.23 * k, 0, 0, Math.PI * 2);
    ctx.fill();
    ctx.restore();
  }

  /** The national emblem, simplified: red disc, gold stars and gate outline. */
  emblem(cx: number, cy: number, r: number): void {
    const { ctx, k } = this;
    ctx.save();
    ctx.fillStyle = '#d0362e';
    ctx.beginPath();
    ctx.arc(cx * k, cy * k, r * k, 0, Math.PI * 2);
    ctx.fill();
    ctx.strokeStyle = '#e8b930';
    ctx.lineWidth = 0.5 * k;
    ctx.stroke();
    ctx.fillStyle = '#f0c23a';
    const star = (sx: number, sy: number, sr: number) => {
      ctx.beginPath();
      for (let i = 0; i < 10; i++) {
        const rr = (i % 2 ? 0.4 : 1) * sr;
        const a = -Math.PI / 2 + (i * Math.PI) / 5;
        const px = (sx + Math.cos(a) * rr) * k;
        const py = (sy + Math.sin(a) * rr) * k;
        if (i === 0) ctx.moveTo(px, py);
        else ctx.lineTo(px, py);
      }
      ctx.fill();
    };
    star(cx, cy - r * 0.45, r * 0.22);
    for (let i = 0; i < 4; i++) star(cx - r * 0.45 + i * r * 0.3, cy - r * 0.1 + (i === 0 || i === 3 ? 0.15 * r : 0), r * 0.08);
    ctx.fillRect((cx - r * 0.45) * k, (cy + r * 0.25) * k, r * 0.9 * k, r * 0.25 * k);
    ctx.restore();
  }
}

export type { SKRSContext2D };
