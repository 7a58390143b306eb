// A card photographed at an angle is warped upright and read again; its printed dash placeholders
// (empty masses on the back page) must survive the warp, also where the detector glued the mass's label
// to the neighbouring value and the label is only placed by the card's layout.
import { describe, expect, it } from 'vitest';
import { generateGeometryCard } from '../../scripts/synth/geometry';
import type { SynthCard } from '../../scripts/synth/index';
import { getEngine, looksLikeDashes } from '../../server/ocr/engine';
import { getExtractor } from '../../server/ocr/extract/index';
import { prepareImage, readRegion } from '../../server/ocr/preprocess';
import { recognizeLocal } from '../../server/ocr/recognize';
import { realFixture } from '../support/fixtures';

describe('dash placeholders on a warped card', () => {
  it('a real back page warped upright keeps both dash placeholders of its empty masses', async () => {
    const { bytes, fields } = realFixture('vehicle-licence-back-02');
    expect(fields.approvedLoad).toBe('--');
    expect(fields.tractionMass).toBe('--');
    const engine = await getEngine();
    const prepared = await prepareImage(engine, bytes);
    // the card's edges are not a rectangle in this photo: it is read from its warped outline
    expect(prepared.regions[0]?.outline).toBeDefined();
    const r = await recognizeLocal(engine, bytes, { docType: 'vehicle_license', side: 'back' });
    expect(r.values.approvedLoad?.value).toBe('--');
    expect(r.values.tractionMass?.value).toBe('--');
    // a placeholder is seen, not read: it is never as sure as a clean reading
    expect(r.values.tractionMass?.confidence).toBeLessThan(0.9);
    // the masses that are printed are still read as numbers, not taken for dashes
    expect(r.values.grossMass?.value).toBe(fields.grossMass);
    expect(r.values.curbMass?.value).toBe(fields.curbMass);
  }, 120_000);
});

describe('dash placeholders where the label was not read', () => {
  it('a warped synthetic back page whose 准牵引总质量 label lost 准牵引 (glued to the dimensions, as on real photos) still gets "--"', async () => {
    const card = (await generateGeometryCard('perspective', 7004, 'back')) as SynthCard;
    expect(card.fields.tractionMass).toBe('--');
    const engine = await getEngine();
    const prepared = await prepareImage(engine, card.image);
    const region = prepared.regions[0]!;
    expect(region.outline).toBeDefined();
    const read = await readRegion(engine, region);
    // what the engine read on back-02 after the warp: the label's first three characters lost, the
    // rest (总质量) glued to the dimensions value
    const lines = read.map((l) => {
      const at = [...l.text].indexOf('准');
      if (at < 0 || !l.text.includes('准牵引')) return l;
      const keep = (_: unknown, k: number) => k < at || k >= at + 3;
      return { ...l, text: [...l.text].filter(keep).join(''), chars: l.chars.filter(keep) };
    });
    expect(lines.some((l) => l.text.includes('准牵引'))).toBe(false);
    const x = getExtractor('vehicle_license')!;
    const out = await x.extract(
      { engine, region, lines, reread: async () => null, isDashPlaceholder: (q) => looksLikeDashes(region.image, q) },
      'back',
    );
    expect(out.values.tractionMass?.value).toBe('--');
    expect(out.values.overallDimensions?.value).toBe(card.fields.overallDimensions);
  }, 120_000);
});
