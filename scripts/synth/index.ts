// Deterministic synthetic cards with ground truth (issue 4 "Test data"). Same seed → same pixels and
// same truth. In memory for tests (`generateCard`, `generateSet`), to a folder through cli.ts.
import sharp from 'sharp';
import { Rng } from './prng';
import { driverLicense, eDriverLicense, idCard, vehicleLicense, type DrawnCard, type SynthDocType, type SynthSide } from './cards';
import { toPhoto } from './perturb';

export type { SynthDocType, SynthSide } from './cards';

export interface SynthRequest {
  docType: SynthDocType;
  side: SynthSide;
  seed: number;
  /** false: the flat card (a scan, PNG); true: a photo of it (JPEG). */
  perturbed?: boolean;
  /** 0..1, default 1 when perturbed. */
  strength?: number;
  /** Width of the card (clean) or of the photo (perturbed) in px; default 1280. */
  width?: number;
}

export interface SynthCard {
  id: string;
  docType: SynthDocType;
  side: SynthSide;
  seed: number;
  perturbed: boolean;
  perturbations: string[];
  image: Buffer;
  mime: 'image/png' | 'image/jpeg';
  width: number;
  height: number;
  /** Ground truth: canonical keys, canonical values; '' where the card prints nothing legible. */
  fields: Record<string, string>;
  notes: string[];
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

function draw(req: SynthRequest, rng: Rng): DrawnCard {
  if (req.docType === 'vehicle_license') return vehicleLicense(rng, req.side);
  if (req.docType === 'id_card') return idCard(rng, req.side);
  if (req.docType === 'e_driver_license') return eDriverLicense(rng, req.side);
  return driverLicense(rng, req.side);
}

export async function generateCard(req: SynthRequest): Promise<SynthCard> {
  const rng = new Rng(req.seed);
  const drawn = draw(req, rng.fork(`${req.docType}/${req.side}`));
  const width = req.width ?? 1280;
  const perturbed = req.perturbed ?? false;
  const { canvas } = drawn.sheet;
  const rgba = drawn.sheet.ctx.getImageData(0, 0, canvas.width, canvas.height);
  const id = `${req.docType}-${req.side}-${perturbed ? 'photo' : 'clean'}-${req.seed}`;
  const base = { id, docType: req.docType, side: req.side, seed: req.seed, perturbed, fields: drawn.fields, notes: drawn.notes };
  if (!perturbed) {
    // a flat scan: the card on a white scanner bed, resized to the requested width
    let img = sharp(Buffer.from(rgba.data.buffer, rgba.data.byteOffset, rgba.data.byteLength), {
      raw: { width: canvas.width, height: canvas.height, channels: 4 },
    }).flatten({ background: '#ffffff' });
    // screenshots keep their own pixel size
    if (width !== canvas.width && req.docType !== 'e_driver_license') img = img.resize({ width });
    const { data, info } = await img.png({ compressionLevel: 6 }).toBuffer({ resolveWithObject: true });
    return { ...base, perturbations: [], image: data, mime: 'image/png', width: info.width, height: info.height };
  }
  if (req.docType === 'e_driver_license') {
    // a screenshot is not photographed: it is downscaled and recompressed by the chat app
    const r = rng.fork('screenshot');
    const scale = r.float(0.6, 0.95);
    const quality = r.int(55, 85);
    const { data, info } = await sharp(Buffer.from(rgba.data.buffer, rgba.data.byteOffset, rgba.data.byteLength), {
      raw: { width: canvas.width, height: canvas.height, channels: 4 },
    })
      .removeAlpha()
      .resize({ width: Math.round(canvas.width * scale) })
      .jpeg({ quality })
      .toBuffer({ resolveWithObject: true });
    return { ...base, perturbations: [`scale:${scale.toFixed(2)}`, `jpeg:${quality}`], image: data, mime: 'image/jpeg', width: info.width, height: info.height };
  }
  // draw the card at its native size, then photograph it
  const photo = await toPhoto({ data: rgba.data, width: canvas.width, height: canvas.height }, rng.fork('photo'), {
    width,
    strength: req.strength ?? 1,
  });
  return { ...base, perturbations: photo.applied, image: photo.bytes, mime: photo.mime, width: photo.width, height: photo.height };
}

/** `count` cards cycling through every document/side, seeds seed, seed+1, … */
export async function generateSet(opts: {
  count: number;
  seed: number;
  perturbed?: boolean;
  kinds?: readonly { docType: SynthRequest['docType']; side: SynthSide }[];
  width?: number;
}): Promise<SynthCard[]> {
  const kinds = opts.kinds ?? SYNTH_KINDS;
  const out: SynthCard[] = [];
  for (let i = 0; i < opts.count; i++) {
    const kind = kinds[i % kinds.length]!;
    out.push(await generateCard({ ...kind, seed: opts.seed + i, perturbed: opts.perturbed ?? false, width: opts.width }));
  }
  return out;
}
