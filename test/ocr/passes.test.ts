// How much work one photo costs the engine: a card whose text is read confidently goes through one
// detection and one recognition pass per page; no field is looked at a second time (second looks are
// for doubtful fields only) and no page is detected twice. Counted on the engine itself, on synthetic
// cards (scripts/synth) whose fields are all read exactly.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { generateCard } from '../../scripts/synth/index';
import { getEngine, OcrEngine } from '../../server/ocr/engine';
import { createLocalProvider } from '../../server/providers/local/index';

const provider = createLocalProvider();

afterEach(() => vi.restoreAllMocks());

describe('engine passes per photo', () => {
  it.each([
    { side: 'front' as const, seed: 7101 },
    { side: 'back' as const, seed: 7102 },
  ])('a clean $side page: one detection, one recognition pass, every field exact', async ({ side, seed }) => {
    await getEngine();
    const detect = vi.spyOn(OcrEngine.prototype, 'detect');
    const recognize = vi.spyOn(OcrEngine.prototype, 'recognize');
    const card = await generateCard({ docType: 'vehicle_license', side, seed, perturbed: false });
    const out = await provider.recognize({ bytes: card.image, mime: card.mime, width: card.width, height: card.height }, { docType: 'vehicle_license', side });
    const got = Object.fromEntries(Object.keys(card.fields).map((k) => [k, out.result.fields[k]?.value ?? '']));
    expect(got).toEqual(card.fields);
    expect(detect).toHaveBeenCalledTimes(1);
    expect(recognize).toHaveBeenCalledTimes(1);
  }, 120_000);
});
