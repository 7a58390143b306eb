// Deterministic synthetic cards with ground truth (issue 4 "Test data"). Same seed → same pixels and
// same truth. In memory for tests (`generateCard`, `generateSet`), to a folder through cli.ts.
import sharp from 'sharp';
import { createCanvas } from '@napi-rs/canvas';
import { Rng } from './prng';
import { driverLicense, eDriverLicense, idCard, type DrawnCard, type SynthDocType, type SynthSide } from './cards';
import { vehicleLicense } from './vehicle-license';
import { defectLabels, toPhoto } from './perturb';
import { planDefects, type Defect, type DefectLabel, type DefectRequest } from './defects';
import { cover, crease, flash, glare, hologram, sleeve, type CardImage } from './overlays';
import { defectPhoto, type Background } from './photo';
import type { Box } from './print';

export type { SynthDocType, SynthSide } from './cards';
export { DEFECTS, type Defect, type DefectLabel, type DefectRequest } from './defects';
export { BACKGROUNDS, type Background } from './photo';

/** Both pages of a document in one picture: side by side or one above the other. */
export type TwoPageLayout = 'side_by_side' | 'stacked';

export interface SynthRequest {
  docType: SynthDocType;
  /** 'both': both pages in one picture (vehicle_license only); the truth is then in `pages`. */
  side: SynthSide | 'both';
  seed: number;
  /** false: the flat card (a scan, PNG); true: a photo of it (JPEG). */
  perturbed?: boolean;
  /** 0..1, default 1 when perturbed; the strength of every defect not given its own. */
  strength?: number;
  /** Width of the card (clean) or of the photo (perturbed) in px; default 1280. */
  width?: number;
  /** Photograph the card with exactly these defects (implies perturbed), or 'mix': a seeded realistic
   *  combination. Absent: the original perturbation (what the benchmark's "perturbed" set measures). */
  defects?: DefectRequest;
  /** For side 'both'; default a seeded choice. */
  layout?: TwoPageLayout;
  /** Print zeros as Ø like the real licence printers (vehicle_license); default false. */
  slashedZero?: boolean;
  /** The surface under the card in a defect photo; default a seeded choice. */
  background?: Background;
}

interface SynthPicture {
  id: string;
  docType: SynthDocType;
  seed: number;
  perturbed: boolean;
  /** Every operation applied with its parameters, e.g. `rotate:-4.6`, `small:450x338`. */
  perturbations: string[];
  /** The photo defects applied, each with its strength: what photo-quality checks should find. */
  defects: DefectLabel[];
  image: Buffer;
  mime: 'image/png' | 'image/jpeg';
  width: number;
  height: number;
  notes: string[];
}

/** One side of a card. */
export interface SynthCard extends SynthPicture {
  side: SynthSide;
  /** Ground truth: canonical keys, canonical values; '' where the card prints nothing legible (or a
   *  defect hid it). */
  fields: Record<string, string>;
}

/** Both pages in one picture; the truth per page, like ../shared/fixtures/real/vehicle-licence-both-pages-02.json. */
export interface SynthTwoPageCard extends SynthPicture {
  side: 'both';
  pages: { front: Record<string, string>; back: Record<string, string> };
  /** How the pages lie and which comes first (left, or top). */
  layout: { kind: TwoPageLayout; first: SynthSide };
}

export const SYNTH_KINDS: readonly { docType: SynthRequest['docType']; side: SynthSide }[] = [
  { docType: 'vehicle_license', side: 'front' },
  { docType: 'vehicle_license', side: 'back' },
  { docType: 'id_card', side: 'front' },
  { docType: 'id_card', side: 'back' },
  { docType: 'driver_license', side: 'front' },
  { docType: 'driver_license', side: 'back' },
  { docType: 'e_driver_license', side: 'front' },
  { docType: 'e_driver_license', side: 'back' },
];

/** Kinds with both pages in one picture; kept apart from SYNTH_KINDS, whose cards have one side. */
export const SYNTH_TWO_PAGE_KINDS: readonly { docType: SynthDocType; side: 'both' }[] = [{ docType: 'vehicle_license', side: 'both' }];

function draw(docType: SynthDocType, side: SynthSide, rng: Rng, slashedZero: boolean): DrawnCard {
  if (docType === 'vehicle_license') return vehicleLicense(rng, side, { slashedZero });
  if (docType === 'id_card') return idCard(rng, side);
  if (docType === 'e_driver_license') return eDriverLicense(rng, side);
  return driverLicense(rng, side);
}

/** The card (or both pages) as one canvas, with each page's rectangle and each field's box in px. */
interface Drawn {
  image: CardImage;
  pages: Partial<Record<SynthSide, DrawnCard>>;
  layout?: { kind: TwoPageLayout; first: SynthSide };
}

const toPx = (b: Box, k: number, dx = 0, dy = 0): Box => ({ x: b.x * k + dx, y: b.y * k + dy, w: b.w * k, h: b.h * k });

function drawAll(req: SynthRequest, rng: Rng): Drawn {
  const slashed = req.slashedZero ?? false;
  if (req.side !== 'both') {
    const card = draw(req.docType, req.side, rng.fork(`${req.docType}/${req.side}`), slashed);
    const { canvas, k } = card.sheet;
    const boxes = Object.fromEntries(Object.entries(card.boxes ?? {}).map(([key, b]) => [key, toPx(b, k)]));
    return { image: { canvas, pages: [{ x: 0, y: 0, w: canvas.width, h: canvas.height }], boxes }, pages: { [req.side]: card } };
  }
  if (req.docType !== 'vehicle_license') throw new Error(`side 'both' is drawn for vehicle_license only, not ${req.docType}`);
  // both pages of one vehicle: the same 'values' stream, as on a real card pair
  // one stream for both pages: the same vehicle's values, printed by the same printer (fonts)
  const pair = rng.fork(`${req.docType}/both`);
  const front = draw(req.docType, 'front', pair, slashed);
  const back = draw(req.docType, 'back', pair, slashed);
  const lr = rng.fork('two-page');
  const kind = req.layout ?? lr.pick<TwoPageLayout>(['side_by_side', 'stacked']);
  const first: SynthSide = lr.chance(0.5) ? 'front' : 'back';
  const cw = front.sheet.canvas.width;
  const chh = front.sheet.canvas.height;
  const gap = Math.round(cw * lr.float(0.03, 0.1));
  const skew = Math.round(chh * lr.float(0, 0.06)); // the pages never lie exactly level
  const W = kind === 'side_by_side' ? 2 * cw + gap : cw + skew;
  const H = kind === 'side_by_side' ? chh + skew : 2 * chh + gap;
  const canvas = createCanvas(W, H);
  const ctx = canvas.getContext('2d');
  const order: SynthSide[] = first === 'front' ? ['front', 'back'] : ['back', 'front'];
  const pages: Box[] = [];
  const boxes: Record<string, Box> = {};
  order.forEach((side, i) => {
    const card = side === 'front' ? front : back;
    const x = kind === 'side_by_side' ? i * (cw + gap) : i * skew;
    const y = kind === 'side_by_side' ? i * skew : i * (chh + gap);
    ctx.drawImage(card.sheet.canvas, x, y);
    pages.push({ x, y, w: cw, h: chh });
    for (const [key, b] of Object.entries(card.boxes ?? {})) boxes[`${side}.${key}`] = toPx(b, card.sheet.k, x, y);
  });
  return { image: { canvas, pages, boxes }, pages: { front, back }, layout: { kind, first } };
}

function rgbaOf(image: CardImage): { data: Uint8ClampedArray; width: number; height: number } {
  const { canvas } = image;
  const d = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height);
  return { data: d.data, width: canvas.width, height: canvas.height };
}

const rawBuffer = (d: Uint8ClampedArray) => Buffer.from(d.buffer, d.byteOffset, d.byteLength);

/** Applies the card-space defects in a fixed order; returns the keys a cover hid. */
function overlay(image: CardImage, plan: ReadonlyMap<Defect, number>, rng: Rng, applied: string[]): { image: CardImage; hidden: string[] } {
  let img = image;
  let hidden: string[] = [];
  if (plan.has('hologram')) hologram(img, plan.get('hologram')!, rng.fork('hologram'), applied);
  if (plan.has('crease')) crease(img, plan.get('crease')!, rng.fork('crease'), applied);
  if (plan.has('covered')) hidden = cover(img, plan.get('covered')!, rng.fork('covered'), applied);
  if (plan.has('glare')) glare(img, plan.get('glare')!, rng.fork('glare'), applied);
  if (plan.has('flash')) flash(img, plan.get('flash')!, rng.fork('flash'), applied);
  // the sleeve lies over everything printed, and its border widens the card: last
  if (plan.has('sleeve')) img = sleeve(img, plan.get('sleeve')!, rng.fork('sleeve'), applied);
  return { image: img, hidden };
}

export function generateCard(req: SynthRequest & { side: SynthSide }): Promise<SynthCard>;
export function generateCard(req: SynthRequest & { side: 'both' }): Promise<SynthTwoPageCard>;
export function generateCard(req: SynthRequest): Promise<SynthCard | SynthTwoPageCard>;
export async function generateCard(req: SynthRequest): Promise<SynthCard | SynthTwoPageCard> {
  const rng = new Rng(req.seed);
  const drawn = drawAll(req, rng);
  const width = req.width ?? 1280;
  const perturbed = (req.perturbed ?? false) || req.defects !== undefined;
  const both = req.side === 'both';
  // defect photos of one seed differ by their defects: so do their ids (files written by cli.ts)
  const asked = req.defects === undefined ? '' : `-${req.defects === 'mix' ? 'mix' : req.defects.map((d) => (typeof d === 'string' ? d : d.defect)).join('+') || 'plain'}`;
  const id = `${req.docType}-${req.side}-${perturbed ? 'photo' : 'clean'}-${req.seed}${asked}`;
  const front = drawn.pages.front;
  const back = drawn.pages.back;
  const notes = [...(front?.notes ?? []).map((n) => (both ? `front: ${n}` : n)), ...(back?.notes ?? []).map((n) => (both ? `back: ${n}` : n))];
  if (drawn.layout) notes.push(`both pages ${drawn.layout.kind === 'side_by_side' ? 'side by side' : 'stacked'}, ${drawn.layout.first} first`);
  /** Truth after the photo: a field hidden (cut off, covered) is ''. */
  const truth = (hidden: readonly string[]): Pick<SynthCard, 'side' | 'fields'> | Pick<SynthTwoPageCard, 'side' | 'pages' | 'layout'> => {
    const blank = (side: SynthSide, fields: Record<string, string>) =>
      Object.fromEntries(Object.entries(fields).map(([k, v]) => [k, hidden.includes(both ? `${side}.${k}` : k) ? '' : v]));
    if (req.side === 'both') return { side: 'both', pages: { front: blank('front', front!.fields), back: blank('back', back!.fields) }, layout: drawn.layout! };
    return { side: req.side, fields: blank(req.side, drawn.pages[req.side]!.fields) };
  };
  const base = { id, docType: req.docType, seed: req.seed, perturbed };
  const rgba = rgbaOf(drawn.image);
  if (!perturbed) {
    // a flat scan: the card on a white scanner bed, resized to the requested width
    let img = sharp(rawBuffer(rgba.data), { raw: { width: rgba.width, height: rgba.height, channels: 4 } }).flatten({ background: '#ffffff' });
    // screenshots keep their own pixel size
    if (width !== rgba.width && req.docType !== 'e_driver_license') img = img.resize({ width });
    const { data, info } = await img.png({ compressionLevel: 6 }).toBuffer({ resolveWithObject: true });
    return { ...base, ...truth([]), notes, perturbations: [], defects: [], image: data, mime: 'image/png', width: info.width, height: info.height };
  }
  if (req.docType === 'e_driver_license') {
    // a screenshot has no photo defects: 'mix' (asked of every kind at once) gets the recompression
    if (req.defects !== undefined && req.defects !== 'mix') throw new Error('e_driver_license is a screenshot: photo defects do not apply');
    // a screenshot is not photographed: it is downscaled and recompressed by the chat app
    const r = rng.fork('screenshot');
    const scale = r.float(0.6, 0.95);
    const quality = r.int(55, 85);
    const { data, info } = await sharp(rawBuffer(rgba.data), { raw: { width: rgba.width, height: rgba.height, channels: 4 } })
      .removeAlpha()
      .resize({ width: Math.round(rgba.width * scale) })
      .jpeg({ quality })
      .toBuffer({ resolveWithObject: true });
    const perturbations = [`scale:${scale.toFixed(2)}`, `jpeg:${quality}`];
    return { ...base, ...truth([]), notes, perturbations, defects: defectLabels(perturbations), image: data, mime: 'image/jpeg', width: info.width, height: info.height };
  }
  const strength = req.strength ?? 1;
  if (req.defects === undefined && !both) {
    // the original photo model, unchanged, so the benchmark's perturbed set stays comparable
    const photo = await toPhoto(rgba, rng.fork('photo'), { width, strength });
    return { ...base, ...truth([]), notes, perturbations: photo.applied, defects: defectLabels(photo.applied), image: photo.bytes, mime: photo.mime, width: photo.width, height: photo.height };
  }
  const dr = rng.fork('defects');
  const canBox = Object.keys(drawn.image.boxes).length > 0;
  const labels = planDefects(req.defects ?? [], strength, dr.fork('plan'), canBox);
  const plan = new Map(labels.map((l) => [l.defect, l.strength]));
  const applied: string[] = [];
  const { image, hidden } = overlay(drawn.image, plan, dr, applied);
  const specular = image.specular?.getContext('2d').getImageData(0, 0, image.canvas.width, image.canvas.height).data;
  const photo = await defectPhoto({ ...rgbaOf(image), boxes: image.boxes, specular }, dr.fork('photo'), {
    width,
    defects: plan,
    fill: both ? (drawn.layout?.kind === 'side_by_side' ? [0.86, 0.96] : [0.5, 0.62]) : undefined,
    background: req.background,
  });
  const lost = [...new Set([...hidden, ...photo.cut])];
  if (lost.length) notes.push(`hidden by the photo (truth emptied): ${lost.join(', ')}`);
  return {
    ...base,
    ...truth(lost),
    notes,
    perturbations: [...applied, ...photo.applied],
    defects: labels,
    image: photo.bytes,
    mime: photo.mime,
    width: photo.width,
    height: photo.height,
  };
}

/** `count` cards cycling through every document/side, seeds seed, seed+1, … */
export async function generateSet(opts: {
  count: number;
  seed: number;
  perturbed?: boolean;
  kinds?: readonly { docType: SynthRequest['docType']; side: SynthSide }[];
  width?: number;
  defects?: DefectRequest;
}): Promise<SynthCard[]> {
  const kinds = opts.kinds ?? SYNTH_KINDS;
  const out: SynthCard[] = [];
  for (let i = 0; i < opts.count; i++) {
    const kind = kinds[i % kinds.length]!;
    out.push(await generateCard({ ...kind, seed: opts.seed + i, perturbed: opts.perturbed ?? false, width: opts.width, defects: opts.defects }));
  }
  return out;
}
