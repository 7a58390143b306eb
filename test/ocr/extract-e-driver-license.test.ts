// Electronic driving licence (server/ocr/extract/e-driver-license.ts): generated screenshots in both
// of the app's layouts (label left of the value, label above it), clean and recompressed.
import { describe, expect, it } from 'vitest';
import { eDriverLicenseExtractor } from '../../server/ocr/extract/e-driver-license';
import { generateCard } from '../../scripts/synth/index';
import { readWholeCard } from './extract-support';

describe('electronic driving licence, generated screenshots', () => {
  it.each([
    ['front', 51, false],
    ['front', 52, true],
    ['back', 53, false],
    ['back', 54, true],
  ] as const)('%s seed %i (recompressed: %s): every field exact', async (side, seed, perturbed) => {
    const card = await generateCard({ docType: 'e_driver_license', side, seed, perturbed });
    const ctx = await readWholeCard(card.image);
    const got = await eDriverLicenseExtractor.extract(ctx, side);
    for (const [key, want] of Object.entries(card.fields)) expect(got.values[key]?.value ?? '', `${card.id}.${key}`).toBe(want);
    const cls = [eDriverLicenseExtractor.classify(ctx.lines)].flat().sort((a, b) => b.score - a.score)[0]!;
    expect(cls.side).toBe(side);
  });

  it('covers both layouts in the seeds above', async () => {
    const notes = await Promise.all([51, 52, 53, 54].map(async (seed, i) => (await generateCard({ docType: 'e_driver_license', side: i < 2 ? 'front' : 'back', seed })).notes[0]));
    expect(new Set(notes).size).toBe(2);
  });
});
