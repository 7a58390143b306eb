// The photo defects the generator can put into a synthetic photo, by name, each with a strength in
// 0..1. Every defect applied is labelled in the ground truth, so photo-quality checks (issue #14) can be
// measured per defect; the concrete parameters (sizes, angles, qualities) go to `perturbations`.
import type { Rng } from './prng';

export const DEFECTS = [
  'glare', // bright reflection patches on the laminate, over text
  'flash', // a flash streak: a bright band across the card
  'sleeve', // the card inside a clear plastic sleeve: a wider translucent border and a sheen
  'hologram', // the laminate's holographic knot pattern over the middle of the card
  'crease', // folds across the card: a light and a dark side along a line
  'perspective', // strong perspective: the phone held at an angle
  'blur', // out of focus or shaken
  'small', // the whole photo is 600×450 or about 450×340
  'jpeg', // heavy JPEG compression (quality ≤ LOW_JPEG_QUALITY)
  'cut_off', // part of the card outside the photo; the fields it takes away are '' in the truth
  'covered', // a finger or a pasted banner over part of the card; the fields under it are '' in the truth
  'photocopy', // a greyscale copy with hard contrast and toner specks (authenticity)
  'screen_moire', // a photo of a screen: pixel grid and moiré (authenticity)
] as const;

export type Defect = (typeof DEFECTS)[number];

/** One applied defect and how strong it was (0..1). */
export interface DefectLabel {
  defect: Defect;
  strength: number;
}

/** What a request may ask for: names (at the request's strength), names with strengths, or 'mix'. */
export type DefectRequest = readonly (Defect | DefectLabel)[] | 'mix';

/** The weakest blur (Gaussian sigma, px at the photo's size) the defect photos draw: a softer one is
 *  not labelled a blur. */
export const BLUR_DEFECT_SIGMA = 0.8;

/** At or below this JPEG quality a photo is labelled 'jpeg' (strength 1 = quality LOW_JPEG_QUALITY - 25). */
export const LOW_JPEG_QUALITY = 45;

/** Defects that need to know where each field is printed (to take it out of the truth). */
export const NEEDS_BOXES: ReadonlySet<Defect> = new Set(['cut_off', 'covered']);

// How often each defect shows up in a 'mix' photo: what the real fixtures show most (sleeve and glare
// on laminated cards, small recompressed uploads), authenticity defects rarely.
const MIX: Record<Defect, number> = {
  glare: 0.45,
  flash: 0.15,
  sleeve: 0.45,
  hologram: 0.4,
  crease: 0.15,
  perspective: 0.3,
  blur: 0.25,
  small: 0.3,
  jpeg: 0.25,
  cut_off: 0.1,
  covered: 0.08,
  photocopy: 0.05,
  screen_moire: 0.05,
};

const clamp01 = (x: number) => Math.max(0, Math.min(1, x));

/** The defects to apply, in DEFECTS order, each once, strengths within 0..1. */
export function planDefects(req: DefectRequest, strength: number, rng: Rng, canBox: boolean): DefectLabel[] {
  const chosen = new Map<Defect, number>();
  if (req === 'mix') {
    for (const d of DEFECTS) {
      const on = rng.chance(MIX[d]);
      const st = rng.float(0.35, 1) * strength;
      if (on && (canBox || !NEEDS_BOXES.has(d))) chosen.set(d, st);
    }
    // a photocopy is not also a photo of a screen
    if (chosen.has('photocopy') && chosen.has('screen_moire')) chosen.delete('screen_moire');
  } else {
    for (const item of req) {
      const d = typeof item === 'string' ? item : item.defect;
      if (!DEFECTS.includes(d)) throw new Error(`unknown synthetic defect: ${String(d)}`);
      if (!canBox && NEEDS_BOXES.has(d)) throw new Error(`defect ${d} needs a layout that records field boxes (vehicle_license)`);
      chosen.set(d, clamp01(typeof item === 'string' ? strength : item.strength));
    }
  }
  return DEFECTS.filter((d) => chosen.has(d)).map((d) => ({ defect: d, strength: Number(chosen.get(d)!.toFixed(2)) }));
}
