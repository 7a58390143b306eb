// A card photographed at an angle is warped upright and read again; its printed dash placeholders
// (empty masses on the back page) must survive the warp, also where the detector glued the mass's label
// to the neighbouring value and the label is only placed by the card's layout.
import { describe, expect, it } from 'vitest';
import { getEngine } from '../../server/ocr/engine';
import { prepareImage } from '../../server/ocr/preprocess';
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
