// Defects that live on the card itself, drawn in card space before the card is photographed: the clear
// sleeve and its sheen, the laminate's hologram, glare patches and flash streaks over the text, creases,
// and a finger or pasted banner covering fields. Each one's strength caps what it does to the print so
// the truth stays legible, except under a cover, whose fields leave the truth.
import { createCanvas, type Canvas, type SKRSContext2D } from '@napi-rs/canvas';
import type { Rng } from './prng';
import type { Box } from './print';

/** A card (or both pages) in pixels, with every printed value's box in pixels. */
export interface CardImage {
  canvas: Canvas;
  /** Each page's rectangle on the canvas (one for a card, two for both pages). */
  pages: Box[];
  boxes: Record<string, Box>;
  /** Reflections (glare, flash, sheen) as alpha, same size as the canvas. They are added after the
   *  photo's exposure, so they burn to white as real reflections do instead of tinting a white card. */
  specular?: Canvas;
}

function specular(card: CardImage): SKRSContext2D {
  card.specular ??= createCanvas(card.canvas.width, card.canvas.height);
  return card.specular.getContext('2d');
}

// Beyond this a bright patch erases the print: the truth would no longer be what is visible.
const MAX_GLARE = 0.6;

/** A clear plastic sleeve a few mm wider than the card, its edge, and a diagonal sheen over everything. */
export function sleeve(card: CardImage, st: number, rng: Rng, applied: string[]): CardImage {
  const src = card.canvas;
  const m = Math.round(src.width * rng.float(0.03, 0.06));
  const out = createCanvas(src.width + 2 * m, src.height + 2 * m);
  const ctx = out.getContext('2d');
  const blue = rng.chance(0.35); // the blue holders of front-06/07 and both-pages-03
  ctx.fillStyle = blue ? 'rgba(120,160,215,0.55)' : 'rgba(228,232,236,0.45)';
  ctx.beginPath();
  ctx.roundRect(0, 0, out.width, out.height, m * 0.9);
  ctx.fill();
  ctx.strokeStyle = blue ? 'rgba(60,100,170,0.7)' : 'rgba(150,155,160,0.6)';
  ctx.lineWidth = Math.max(2, m * 0.12);
  ctx.stroke();
  ctx.drawImage(src, m, m);
  const spec = createCanvas(out.width, out.height);
  if (card.specular) spec.getContext('2d').drawImage(card.specular, m, m);
  const a = 0.08 + 0.22 * st;
  sheen(spec.getContext('2d'), out.width, out.height, a, rng);
  applied.push(`sleeve:${blue ? 'blue' : 'clear'}:${a.toFixed(2)}`);
  const shift = (b: Box): Box => ({ ...b, x: b.x + m, y: b.y + m });
  return {
    canvas: out,
    pages: card.pages.map(shift),
    boxes: Object.fromEntries(Object.entries(card.boxes).map(([k, b]) => [k, shift(b)])),
    specular: spec,
  };
}

/** A sleeve's diagonal sheen: a soft white band at a seeded place and slope. */
export function sheen(ctx: SKRSContext2D, W: number, H: number, alpha: number, rng: Rng): void {
  const t = rng.float(0.2, 0.8);
  const g = ctx.createLinearGradient(0, 0, W, H * rng.float(0.3, 1.2));
  g.addColorStop(Math.max(0, t - 0.25), 'rgba(255,255,255,0)');
  g.addColorStop(t, `rgba(255,255,255,${alpha.toFixed(3)})`);
  g.addColorStop(Math.min(1, t + 0.25), 'rgba(255,255,255,0)');
  ctx.save();
  ctx.fillStyle = g;
  ctx.beginPath();
  ctx.roundRect(0, 0, W, H, Math.min(W, H) * 0.04); // only where there is sleeve
  ctx.fill();
  ctx.restore();
}

/** The laminate's security hologram: a rainbow knot over the middle of each page, and a vertical strip. */
export function hologram(card: CardImage, st: number, rng: Rng, applied: string[]): void {
  const ctx = card.canvas.getContext('2d');
  const alpha = 0.1 + 0.2 * st;
  for (const p of card.pages) {
    const cx = p.x + p.w * rng.float(0.42, 0.62);
    const cy = p.y + p.h * rng.float(0.4, 0.6);
    const R = p.h * rng.float(0.16, 0.26);
    const hue0 = rng.float(0, 360);
    ctx.save();
    // painted over the print (not 'screen', which vanishes on the light card): the print shows through
    ctx.globalCompositeOperation = 'source-atop';
    ctx.lineWidth = Math.max(2, p.h * 0.012);
    // a Chinese knot: loops around a diamond lattice, each loop a different hue
    const loops = rng.int(6, 9);
    for (let i = 0; i < loops; i++) {
      const a = (i / loops) * Math.PI * 2;
      ctx.strokeStyle = `hsla(${(hue0 + i * 47) % 360},90%,68%,${alpha.toFixed(3)})`;
      ctx.beginPath();
      ctx.ellipse(cx + Math.cos(a) * R * 0.55, cy + Math.sin(a) * R * 0.55, R * 0.5, R * 0.22, a, 0, Math.PI * 2);
      ctx.stroke();
    }
    for (let i = -3; i <= 3; i++) {
      ctx.strokeStyle = `hsla(${(hue0 + 180 + i * 30) % 360},85%,65%,${(alpha * 0.8).toFixed(3)})`;
      ctx.beginPath();
      ctx.moveTo(cx - R * 0.7 + i * R * 0.12, cy - R * 0.7 - i * R * 0.12);
      ctx.lineTo(cx + R * 0.7 + i * R * 0.12, cy + R * 0.7 - i * R * 0.12);
      ctx.stroke();
    }
    // the vertical hologram strip near the left edge of the real cards
    const sx = p.x + p.w * rng.float(0.08, 0.16);
    const g = ctx.createLinearGradient(0, p.y, 0, p.y + p.h);
    for (let i = 0; i <= 6; i++) g.addColorStop(i / 6, `hsla(${(hue0 + i * 60) % 360},80%,60%,${(alpha * 0.9).toFixed(3)})`);
    ctx.fillStyle = g;
    ctx.fillRect(sx, p.y, p.w * 0.012, p.h);
    ctx.restore();
  }
  applied.push(`hologram:${alpha.toFixed(2)}`);
}

function brightSpot(ctx: SKRSContext2D, x: number, y: number, rx: number, ry: number, peak: number): void {
  ctx.save();
  ctx.translate(x, y);
  ctx.scale(1, ry / rx);
  const g = ctx.createRadialGradient(0, 0, 0, 0, 0, rx);
  g.addColorStop(0, `rgba(255,255,255,${peak.toFixed(3)})`);
  g.addColorStop(0.45, `rgba(255,255,255,${(peak * 0.75).toFixed(3)})`);
  g.addColorStop(1, 'rgba(255,255,255,0)');
  ctx.fillStyle = g;
  ctx.fillRect(-rx, -rx, 2 * rx, 2 * rx);
  ctx.restore();
}

/** One to three reflection patches, each centred on a printed value. */
export function glare(card: CardImage, st: number, rng: Rng, applied: string[]): void {
  const ctx = specular(card);
  const keys = Object.keys(card.boxes);
  const n = rng.int(1, 3);
  const peak = Math.min(MAX_GLARE, 0.3 + 0.3 * st);
  const over: string[] = [];
  for (let i = 0; i < n; i++) {
    const page = rng.pick(card.pages);
    const key = keys.length ? rng.pick(keys) : null;
    const b = key ? card.boxes[key]! : { x: page.x + page.w * rng.float(0.2, 0.8), y: page.y + page.h * rng.float(0.2, 0.8), w: 1, h: 1 };
    const rx = page.w * rng.float(0.05, 0.12) * (0.6 + st);
    brightSpot(ctx, b.x + b.w * rng.float(0.2, 0.8), b.y + b.h / 2, rx, rx * rng.float(0.5, 1), peak);
    if (key) over.push(key);
  }
  applied.push(`glare:${peak.toFixed(2)}${over.length ? `@${over.join('+')}` : ''}`);
}

/** A flash streak: a bright band across a page, at any angle. */
export function flash(card: CardImage, st: number, rng: Rng, applied: string[]): void {
  const ctx = specular(card);
  const p = rng.pick(card.pages);
  const peak = Math.min(MAX_GLARE, 0.3 + 0.3 * st);
  const angle = rng.float(-0.5, 0.5) + (rng.chance(0.5) ? Math.PI / 2 : 0);
  const width = p.w * rng.float(0.03, 0.08);
  const cx = p.x + p.w * rng.float(0.25, 0.75);
  const cy = p.y + p.h * rng.float(0.25, 0.75);
  ctx.save();
  // the streak is a reflection on this page's laminate: it ends with the page
  ctx.beginPath();
  ctx.rect(p.x, p.y, p.w, p.h);
  ctx.clip();
  ctx.translate(cx, cy);
  ctx.rotate(angle);
  const g = ctx.createLinearGradient(-width, 0, width, 0);
  g.addColorStop(0, 'rgba(255,255,255,0)');
  g.addColorStop(0.5, `rgba(255,255,255,${peak.toFixed(3)})`);
  g.addColorStop(1, 'rgba(255,255,255,0)');
  ctx.fillStyle = g;
  const len = Math.hypot(p.w, p.h);
  ctx.fillRect(-width, -len, 2 * width, 2 * len);
  ctx.restore();
  applied.push(`flash:${peak.toFixed(2)}@${((angle * 180) / Math.PI).toFixed(0)}`);
}

/** One or two folds: a thin line with a shadow on one side and a highlight on the other. */
export function crease(card: CardImage, st: number, rng: Rng, applied: string[]): void {
  const ctx = card.canvas.getContext('2d');
  const n = rng.int(1, 2);
  for (let i = 0; i < n; i++) {
    const p = rng.pick(card.pages);
    const vertical = rng.chance(0.6);
    const t = rng.float(0.3, 0.7);
    const tilt = rng.float(-0.08, 0.08);
    const band = p.w * 0.025;
    ctx.save();
    ctx.translate(vertical ? p.x + p.w * t : p.x + p.w / 2, vertical ? p.y + p.h / 2 : p.y + p.h * t);
    ctx.rotate(tilt + (vertical ? 0 : Math.PI / 2));
    ctx.globalCompositeOperation = 'source-atop';
    const len = Math.hypot(p.w, p.h);
    const g = ctx.createLinearGradient(-band, 0, band, 0);
    g.addColorStop(0, 'rgba(0,0,0,0)');
    g.addColorStop(0.48, `rgba(0,0,0,${(0.1 + 0.18 * st).toFixed(3)})`);
    g.addColorStop(0.52, `rgba(255,255,255,${(0.15 + 0.25 * st).toFixed(3)})`);
    g.addColorStop(1, 'rgba(255,255,255,0)');
    ctx.fillStyle = g;
    ctx.fillRect(-band, -len, 2 * band, 2 * len);
    ctx.strokeStyle = `rgba(90,90,90,${(0.2 + 0.3 * st).toFixed(3)})`;
    ctx.lineWidth = 1.5;
    ctx.beginPath();
    ctx.moveTo(0, -len);
    ctx.lineTo(0, len);
    ctx.stroke();
    ctx.restore();
  }
  applied.push(`crease:${n}`);
}

const overlaps = (a: Box, b: Box) => a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;

/** A thumb from the nearest edge or a pasted banner over a field; returns every field it touches. */
export function cover(card: CardImage, st: number, rng: Rng, applied: string[]): string[] {
  const keys = Object.keys(card.boxes);
  if (keys.length === 0) throw new Error('cover needs field boxes');
  const ctx = card.canvas.getContext('2d');
  const target = card.boxes[rng.pick(keys)]!;
  const page = card.pages.find((p) => overlaps(p, target)) ?? card.pages[0]!;
  let region: Box;
  if (rng.chance(0.5)) {
    // a thumb holding the card, coming in from the top or the bottom edge over the field
    const w = page.w * (0.09 + 0.05 * st);
    const x = target.x + target.w * rng.float(0.1, 0.9) - w / 2;
    const fromTop = target.y + target.h / 2 < page.y + page.h / 2;
    region = fromTop
      ? { x, y: page.y - w, w, h: target.y + target.h - page.y + w }
      : { x, y: target.y, w, h: page.y + page.h - target.y + w };
    ctx.save();
    ctx.fillStyle = rng.pick(['#e0b08e', '#d49c78', '#eac2a4', '#c68a64']);
    ctx.beginPath();
    ctx.roundRect(region.x, region.y, region.w, region.h, w / 2);
    ctx.fill();
    ctx.restore();
    applied.push('covered:finger');
  } else {
    // a banner pasted over the photo, as in upload examples ("字体清晰可见…")
    const h = target.h * (1.3 + st);
    region = { x: page.x + page.w * rng.float(0, 0.15), y: target.y + target.h / 2 - h / 2, w: page.w * rng.float(0.6, 0.95), h };
    ctx.save();
    ctx.fillStyle = rng.pick(['rgba(30,30,30,0.92)', 'rgba(220,60,50,0.95)', 'rgba(255,255,255,0.97)']);
    ctx.fillRect(region.x, region.y, region.w, region.h);
    ctx.restore();
    applied.push('covered:banner');
  }
  const hidden = keys.filter((k) => overlaps(region, card.boxes[k]!));
  return hidden;
}
