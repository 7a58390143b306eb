// Named photo defects: each one requested alone is applied, labelled with its strength in the truth,
// and visible in the pixels; cut_off and covered take the fields they hide out of the truth; the same
// seed gives the same photo.
import { beforeAll, describe, expect, it } from 'vitest';
import sharp from 'sharp';
import { DEFECTS, generateCard, type Defect, type SynthCard } from '../../scripts/synth/index';
import { BLUR_DEFECT_SIGMA } from '../../scripts/synth/defects';

const WIDTH = 640; // small photos keep the suite fast; the defects scale with the photo
const SEED = 4242;

async function photo(defects: readonly Defect[], seed = SEED, extra: { strength?: number } = {}): Promise<SynthCard> {
  return generateCard({ docType: 'vehicle_license', side: 'front', seed, width: WIDTH, defects, ...extra });
}

async function raw(card: SynthCard): Promise<{ data: Buffer; width: number; height: number }> {
  const { data, info } = await sharp(card.image).removeAlpha().raw().toBuffer({ resolveWithObject: true });
  return { data, width: info.width, height: info.height };
}

const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;

async function saturation(card: SynthCard): Promise<number> {
  const { data } = await raw(card);
  let s = 0;
  for (let i = 0; i < data.length; i += 3) s += Math.max(data[i]!, data[i + 1]!, data[i + 2]!) - Math.min(data[i]!, data[i + 1]!, data[i + 2]!);
  return s / (data.length / 3);
}

/** Variance of the Laplacian of the luminance: how sharp the photo is. */
async function sharpness(card: SynthCard): Promise<number> {
  const { data, info } = await sharp(card.image).greyscale().raw().toBuffer({ resolveWithObject: true });
  const W = info.width;
  const vals: number[] = [];
  for (let y = 1; y < info.height - 1; y++)
    for (let x = 1; x < W - 1; x++) {
      const i = y * W + x;
      vals.push(4 * data[i]! - data[i - 1]! - data[i + 1]! - data[i - W]! - data[i + W]!);
    }
  const m = mean(vals);
  return mean(vals.map((v) => (v - m) ** 2));
}

describe('defect labels', () => {
  it.each(DEFECTS.map((d) => [d]))('%s alone is labelled with its strength and applied', async (defect) => {
    const card = await photo([defect], SEED, { strength: 0.8 });
    expect(card.defects).toEqual([{ defect, strength: 0.8 }]);
    expect(card.id).toBe(`vehicle_license-front-photo-${SEED}-${defect}`);
    expect(card.perturbed).toBe(true);
    expect(card.mime).toBe('image/jpeg');
    // the concrete operation is listed too, under the defect's name
    expect(card.perturbations.some((p) => p.startsWith(`${defect}:`)), card.perturbations.join(' ')).toBe(true);
  }, 60_000);

  it('takes a strength per defect, clamped to 0..1', async () => {
    const card = await generateCard({
      docType: 'vehicle_license',
      side: 'front',
      seed: SEED,
      width: WIDTH,
      defects: [{ defect: 'glare', strength: 0.3 }, { defect: 'blur', strength: 7 }],
    });
    expect(card.defects).toEqual([
      { defect: 'glare', strength: 0.3 },
      { defect: 'blur', strength: 1 },
    ]);
  }, 60_000);

  it('labels the original perturbation (no defects asked) from what it applied', async () => {
    for (const seed of [7101, 7102, 7103, 7104]) {
      const card = await generateCard({ docType: 'vehicle_license', side: 'front', seed, perturbed: true, width: WIDTH });
      const glare = card.perturbations.some((p) => p.startsWith('glare:'));
      // a blur is labelled from the weakest one the defect photos draw; a softer one only softens
      const blur = card.perturbations.some((p) => p.startsWith('blur:') && Number(p.slice(5)) >= BLUR_DEFECT_SIGMA);
      expect(card.defects.some((d) => d.defect === 'glare')).toBe(glare);
      expect(card.defects.some((d) => d.defect === 'blur')).toBe(blur);
      for (const d of card.defects) expect(d.strength).toBeGreaterThanOrEqual(0);
    }
  }, 60_000);

  it("'mix' over every kind: a screenshot keeps its chat-app recompression and gets no photo defect", async () => {
    const card = await generateCard({ docType: 'e_driver_license', side: 'front', seed: 3, defects: 'mix' });
    expect(card.mime).toBe('image/jpeg');
    expect(card.perturbations.some((p) => p.startsWith('scale:'))).toBe(true);
    expect(card.defects).toEqual([]);
  });

  it('labels nothing on a clean scan', async () => {
    const card = await generateCard({ docType: 'id_card', side: 'front', seed: 3 });
    expect(card.defects).toEqual([]);
  });

  it('refuses an unknown defect, and defects on a screenshot', async () => {
    await expect(generateCard({ docType: 'vehicle_license', side: 'front', seed: 1, defects: ['smudge' as Defect] })).rejects.toThrow(/unknown synthetic defect/);
    await expect(generateCard({ docType: 'e_driver_license', side: 'front', seed: 1, defects: ['glare'] })).rejects.toThrow(/screenshot/);
  });
});

describe('defects in the pixels', () => {
  let baseline: SynthCard;
  beforeAll(async () => {
    baseline = await photo([]);
  }, 60_000);

  it('small: the whole photo is 600×450, or about 450×340 when stronger', async () => {
    const a = await generateCard({ docType: 'vehicle_license', side: 'front', seed: SEED, defects: [{ defect: 'small', strength: 0.3 }] });
    const b = await generateCard({ docType: 'vehicle_license', side: 'front', seed: SEED, defects: [{ defect: 'small', strength: 0.9 }] });
    expect([a.width, a.height]).toEqual([600, 450]);
    expect([b.width, b.height]).toEqual([450, 338]);
    expect((await sharp(b.image).metadata()).width).toBe(450);
  }, 60_000);

  it('jpeg: a low quality, so a much smaller file than the same photo at the usual quality', async () => {
    const card = await photo(['jpeg']);
    expect(card.perturbations).toContain('jpeg:20');
    expect(card.image.length).toBeLessThan(baseline.image.length * 0.6);
  }, 60_000);

  it('blur: less sharp than the same photo without it', async () => {
    expect(await sharpness(await photo(['blur']))).toBeLessThan((await sharpness(baseline)) * 0.5);
  }, 60_000);

  it('glare and flash burn part of the card towards white; the hologram adds colour', async () => {
    // same seed, same geometry: only the reflection differs
    const { data: before } = await raw(baseline);
    for (const d of ['glare', 'flash'] as const) {
      const { data } = await raw(await photo([d]));
      let burnt = 0;
      for (let i = 0; i < data.length; i += 3) if (data[i + 1]! - before[i + 1]! > 25 && data[i + 1]! > 200) burnt++;
      expect(burnt / (data.length / 3), d).toBeGreaterThan(0.003);
    }
    expect(await saturation(await photo(['hologram']))).toBeGreaterThan((await saturation(baseline)) + 0.3);
  }, 60_000);

  it('photocopy: grey everywhere', async () => {
    const { data } = await raw(await photo(['photocopy']));
    let worst = 0;
    for (let i = 0; i < data.length; i += 3) worst = Math.max(worst, Math.abs(data[i]! - data[i + 1]!), Math.abs(data[i + 1]! - data[i + 2]!));
    expect(worst).toBeLessThanOrEqual(4); // JPEG rounding only
    const { data: before } = await raw(baseline);
    let colour = 0;
    for (let i = 0; i < before.length; i += 3) colour = Math.max(colour, Math.abs(before[i]! - before[i + 2]!));
    expect(colour).toBeGreaterThan(30);
  }, 60_000);

  it('screen_moire: every third pixel row is darker (the screen grid)', async () => {
    const rowMeans = async (card: SynthCard) => {
      const { data, width, height } = await raw(card);
      const sums = [0, 0, 0];
      for (let y = 0; y < height; y++) for (let x = 0; x < width; x++) sums[y % 3]! += data[(y * width + x) * 3 + 1]!;
      return sums.map((s) => s / (width * Math.ceil(height / 3)));
    };
    const [a, b, c] = await rowMeans(await photo(['screen_moire']));
    expect(Math.min(a!, b!) - c!).toBeGreaterThan(5);
    const [d, e, f] = await rowMeans(baseline);
    expect(Math.abs(Math.min(d!, e!) - f!)).toBeLessThan(2);
  }, 60_000);
});

describe('defects that hide fields', () => {
  let clean: SynthCard;
  beforeAll(async () => {
    clean = await generateCard({ docType: 'vehicle_license', side: 'front', seed: SEED });
  });

  it.each([
    ['cut_off', 'vehicle_license', 'front'],
    ['covered', 'vehicle_license', 'front'],
    ['cut_off', 'id_card', 'front'],
    ['covered', 'driver_license', 'front'],
    ['cut_off', 'driver_license', 'back'],
  ] as const)('%s on %s %s: the hidden fields are empty in the truth and named in the notes, the others kept', async (defect, docType, side) => {
    let hiddenSomewhere = false;
    for (const seed of [SEED, SEED + 1, SEED + 2]) {
      const card = await generateCard({ docType, side, seed, width: WIDTH, defects: [defect] });
      const ref = docType === 'vehicle_license' && side === 'front' && seed === SEED ? clean : await generateCard({ docType, side, seed });
      const hidden = Object.keys(ref.fields).filter((k) => ref.fields[k] !== '' && card.fields[k] === '');
      for (const [k, v] of Object.entries(card.fields)) if (v !== '') expect(v).toBe(ref.fields[k]);
      if (hidden.length) {
        hiddenSomewhere = true;
        const note = card.notes.find((n) => n.startsWith('hidden by the photo'));
        expect(note, card.notes.join(' | ')).toBeDefined();
        for (const k of hidden) expect(note).toContain(k);
        // never the whole card: the photo still shows a licence
        expect(hidden.length).toBeLessThan(Object.keys(ref.fields).length);
      }
    }
    expect(hiddenSomewhere).toBe(true);
  }, 120_000);
});

describe('determinism with defects', () => {
  it("gives byte-identical photos, labels and truth for the same seed, with a 'mix' too", async () => {
    for (const defects of [['sleeve', 'hologram', 'glare', 'cut_off'] as Defect[], 'mix' as const]) {
      const a = await generateCard({ docType: 'vehicle_license', side: 'front', seed: 77, width: WIDTH, defects });
      const b = await generateCard({ docType: 'vehicle_license', side: 'front', seed: 77, width: WIDTH, defects });
      expect(b.defects).toEqual(a.defects);
      expect(b.perturbations).toEqual(a.perturbations);
      expect(b.fields).toEqual(a.fields);
      expect(Buffer.compare(a.image, b.image)).toBe(0);
    }
  }, 60_000);

  it("'mix' varies the defects from seed to seed and never combines photocopy with a screen", async () => {
    const sets = new Set<string>();
    for (let seed = 1; seed <= 6; seed++) {
      const card = await generateCard({ docType: 'vehicle_license', side: 'front', seed, width: 320, defects: 'mix' });
      const names = card.defects.map((d) => d.defect);
      expect(names.includes('photocopy') && names.includes('screen_moire')).toBe(false);
      sets.add(names.join(','));
    }
    expect(sets.size).toBeGreaterThan(2);
  }, 120_000);
});
