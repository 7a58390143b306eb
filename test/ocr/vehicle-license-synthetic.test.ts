// The vehicle-licence path on synthetic cards from scripts/synth (drawn with the real layout, values
// and perturbations it chooses from a seed): a small fixed set here, the large one in bench:ocr.
import { describe, expect, it } from 'vitest';
import { generateCard } from '../../scripts/synth/index';
import { createLocalProvider } from '../../server/providers/local/index';

const provider = createLocalProvider();
const CASES = [false, true].flatMap((perturbed) =>
  (['front', 'back'] as const).flatMap((side) => [7101, 7102].map((seed) => ({ perturbed, side, seed }))),
);

describe('local engine on synthetic vehicle licences', () => {
  it.each(CASES)('%o: every field exact', async ({ perturbed, side, seed }) => {
    const card = await generateCard({ docType: 'vehicle_license', side, seed, perturbed });
    const out = await provider.recognize(
      { bytes: card.image, mime: card.mime, width: card.width, height: card.height },
      { docType: 'vehicle_license', side },
    );
    const got = Object.fromEntries(Object.keys(card.fields).map((k) => [k, out.result.fields[k]?.value ?? '']));
    expect(got, card.perturbations.join(',')).toEqual(card.fields);
  }, 120_000);
});
