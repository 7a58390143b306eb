// The synthetic card generator: deterministic from a seed, values that pass the core validators,
// images of the right kind, and ground truth that is what is actually drawn on the card.
import { describe, expect, it, beforeAll } from 'vitest';
import sharp from 'sharp';
import { buildResult } from '../../core/result/build';
import { fieldDefs } from '../../core/documents/registry';
import { isValidIdNumber, parseIdNumber } from '../../core/validate/id-number';
import { isValidVin } from '../../core/validate/vin';
import { getEngine, decodeImage, type OcrEngine } from '../../server/ocr/engine';
import { generateCard, generateSet, SYNTH_KINDS, type SynthCard } from '../../scripts/synth/index';
import { SYNTH_TODAY } from '../../scripts/synth/values';
import { Rng } from '../../scripts/synth/prng';

describe('seeded PRNG', () => {
  it('repeats the same sequence for the same seed and differs for another', () => {
    const a = new Rng(42);
    const b = new Rng(42);
    const c = new Rng(43);
    const sa = Array.from({ length: 8 }, () => a.next());
    expect(Array.from({ length: 8 }, () => b.next())).toEqual(sa);
    expect(Array.from({ length: 8 }, () => c.next())).not.toEqual(sa);
    expect(sa.every((x) => x >= 0 && x < 1)).toBe(true);
  });
});

describe('generator determinism', () => {
  it('gives byte-identical images and identical truth for the same seed (clean and photo)', async () => {
    for (const perturbed of [false, true]) {
      const a = await generateCard({ docType: 'vehicle_license', side: 'front', seed: 11, perturbed });
      const b = await generateCard({ docType: 'vehicle_license', side: 'front', seed: 11, perturbed });
      expect(b.fields).toEqual(a.fields);
      expect(b.perturbations).toEqual(a.perturbations);
      expect(Buffer.compare(a.image, b.image)).toBe(0);
    }
  });

  it('gives different cards for different seeds', async () => {
    const a = await generateCard({ docType: 'id_card', side: 'front', seed: 1 });
    const b = await generateCard({ docType: 'id_card', side: 'front', seed: 2 });
    expect(b.fields).not.toEqual(a.fields);
    expect(Buffer.compare(a.image, b.image)).not.toBe(0);
  });
});

describe('generated values', () => {
  let set: SynthCard[];
  beforeAll(async () => {
    set = await generateSet({ count: SYNTH_KINDS.length * 4, seed: 700 });
  });

  it('covers every document and side, under the registry keys of that side', () => {
    for (const k of SYNTH_KINDS) expect(set.some((c) => c.docType === k.docType && c.side === k.side)).toBe(true);
    for (const c of set) {
      const keys = new Set(fieldDefs(c.docType, c.side).map((f) => f.key));
      for (const key of Object.keys(c.fields)) expect(keys.has(key), `${c.id}: ${key}`).toBe(true);
    }
  });

  it('pass the core normalizers unchanged and the validators without a warning', () => {
    for (const c of set) {
      const values = Object.fromEntries(Object.entries(c.fields).filter(([, v]) => v !== '').map(([k, v]) => [k, { value: v }]));
      const r = buildResult({ docType: c.docType, side: c.side, provider: 'local', values, now: new Date(`${SYNTH_TODAY}T04:00:00Z`) });
      expect(r.warnings, c.id).toEqual([]);
      for (const [k, v] of Object.entries(values)) {
        expect(r.fields[k]?.value, `${c.id}.${k}`).toBe(v.value);
        expect(r.fields[k]?.warnings, `${c.id}.${k}`).toEqual([]);
      }
    }
  });

  it('has valid VIN check digits and citizen IDs that match birth date and sex', () => {
    for (const c of set) {
      if (c.fields.vin) expect(isValidVin(c.fields.vin), c.fields.vin).toBe(true);
      const id = c.fields.idNumber ?? c.fields.licenseNo;
      if (id) {
        expect(isValidIdNumber(id), id).toBe(true);
        const info = parseIdNumber(id)!;
        if (c.fields.birthDate) expect(info.birthDate).toBe(c.fields.birthDate);
        if (c.fields.sex) expect(info.sex).toBe(c.fields.sex);
      }
    }
  });

  it('writes PNG scans and JPEG photos of the requested width', async () => {
    const clean = set.find((c) => c.docType === 'vehicle_license')!;
    expect(clean.mime).toBe('image/png');
    expect((await sharp(clean.image).metadata()).width).toBe(1280);
    const photo = await generateCard({ docType: 'driver_license', side: 'back', seed: 5, perturbed: true });
    expect(photo.mime).toBe('image/jpeg');
    expect((await sharp(photo.image).metadata()).format).toBe('jpeg');
    expect(photo.perturbations.some((p) => p.startsWith('rotate:'))).toBe(true);
    expect(photo.perturbations.some((p) => p.startsWith('background:'))).toBe(true);
  });
});

/** How a canonical value is printed on the card (the truth is canonical, the card is not). */
function printed(c: SynthCard, key: string, v: string): string[] {
  if (c.docType === 'id_card' && key === 'birthDate') {
    const [y, m, d] = v.split('-').map(Number);
    return [`${y}年${m}月${d}日`];
  }
  if (c.docType === 'id_card' && key === 'validPeriod') return [v.replace(/-/g, '.').replace('至', '-')];
  if (key === 'validPeriod') return [v];
  if (key === 'issuingAuthority' && c.docType !== 'id_card') return [...v.matchAll(/.{1,5}/gu)].map((m) => m[0]); // boxed seal lines
  return [v];
}

/** Smallest edit distance between `needle` and any substring of `hay`. */
function fuzzyFind(hay: string, needle: string): number {
  let prev = new Array(hay.length + 1).fill(0);
  for (let i = 1; i <= needle.length; i++) {
    const cur = [i];
    for (let j = 1; j <= hay.length; j++) cur[j] = Math.min(prev[j] + 1, cur[j - 1]! + 1, prev[j - 1] + (needle[i - 1] === hay[j - 1] ? 0 : 1));
    prev = cur;
  }
  return Math.min(...prev);
}

describe('ground truth is what is drawn', () => {
  let engine: OcrEngine;
  beforeAll(async () => {
    engine = await getEngine();
  });

  it.each([
    ['vehicle_license', 'front', 21],
    ['vehicle_license', 'back', 22],
    ['id_card', 'front', 23],
    ['driver_license', 'back', 24],
  ] as const)('%s %s: every truth value is found in the OCR text of the clean card', async (docType, side, seed) => {
    const card = await generateCard({ docType, side, seed });
    const lines = await engine.read(await decodeImage(card.image), { limit: 1280 });
    const text = lines.map((l) => l.text).join('').replace(/\s+/g, '');
    for (const [key, v] of Object.entries(card.fields)) {
      if (v === '' || v === '--') continue;
      for (const part of printed(card, key, v.replace(/\s+/g, ''))) {
        // one character of OCR slack per 8, so a misread glyph does not hide a wrong truth
        expect(fuzzyFind(text, part), `${card.id}.${key}: "${part}" in "${text}"`).toBeLessThanOrEqual(Math.floor(part.length / 8));
      }
    }
  });
});
