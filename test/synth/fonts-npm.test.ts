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
  it('registers Noto Sans/Serif SC and DejaVu from npm and names no other face in any role', () => {
    expect(ensureFonts()).toBe('npm');
    const npmFaces = new Set(['Noto Sans SC', 'Noto Serif SC', 'DejaVu Sans', 'DejaVu Sans Mono', 'DejaVu Serif']);
    for (let seed = 1; seed <= 8; seed++) {
      const set = pickFonts(new Rng(seed));
      for (const stack of Object.values(set) as string[]) {
        const faces = stack.split(', ').map((x: string) => x.replace(/"/g, ''));
        for (const face of faces) expect(npmFaces, stack).toContain(face);
        expect(faces.at(-1), 'ends in a CJK face').toBe('Noto Sans SC');
      }
      expect(set.title).toBe('"Noto Serif SC", "Noto Sans SC"');
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
