// The synthetic cards without the Debian fonts: LICENSELENS_SYNTH_FONTS=npm hides them (this file's
// own worker), so the generator must draw with the Noto faces from npm, and the OCR engine must read
// what it drew — a machine with nothing but Node generates the same kind of cards.
import { beforeAll, describe, expect, it } from 'vitest';
import type { OcrEngine } from '../../server/ocr/engine';

process.env.LICENSELENS_SYNTH_FONTS = 'npm';
const { ensureFonts, pickFonts } = await import('../../scripts/synth/draw');
const { generateCard } = await import('../../scripts/synth/index');
const { Rng } = await import('../../scripts/synth/prng');
const { decodeImage, getEngine } = await import('../../server/ocr/engine');

describe('card fonts from npm when the Debian ones are missing', () => {
  it('registers Noto Sans SC and Noto Serif SC and names no other face in any role', () => {
    expect(ensureFonts()).toBe('npm');
    for (let seed = 1; seed <= 8; seed++) {
      const set = pickFonts(new Rng(seed));
      for (const stack of Object.values(set)) expect(stack).toMatch(/^"Noto (Sans|Serif) SC"$/);
      expect(set.title).toBe('"Noto Serif SC"');
    }
  });

  describe('what they draw is readable', () => {
    let engine: OcrEngine;
    beforeAll(async () => {
      engine = await getEngine();
    });

    it('finds the plate, VIN, engine number and model of a clean vehicle licence in the OCR text', async () => {
      const card = await generateCard({ docType: 'vehicle_license', side: 'front', seed: 21 });
      const text = (await engine.read(await decodeImage(card.image), { limit: 1280 })).map((l) => l.text).join('').replace(/\s+/g, '');
      for (const key of ['plateNo', 'vin', 'engineNo', 'model'] as const) {
        const v = card.fields[key];
        expect(v, key).toBeTruthy();
        expect(text, key).toContain(v!.replace(/\s+/g, ''));
      }
    });
  });
});
