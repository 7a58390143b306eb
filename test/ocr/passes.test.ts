// How much work one photo costs the engine: a card whose text is read confidently goes through one
// detection and one recognition pass per page; no field is looked at a second time (second looks are
// for doubtful fields only) and no page is detected twice; work asked for at the same time is shared
// between the engine's threads. Counted on the engine itself, on synthetic cards (scripts/synth) whose
// fields are all read exactly, and on a real photo's text boxes.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { generateCard } from '../../scripts/synth/index';
import { decodeImage, getEngine, OcrEngine } from '../../server/ocr/engine';
import { RecHelper } from '../../server/ocr/stages/rec-helper';
import { createLocalProvider } from '../../server/providers/local/index';
import { realFixture } from '../support/fixtures';

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

describe('recognitions asked for at the same time', () => {
  it('are shared between the main thread and the helper, and read exactly as one call would', async () => {
    const engine = await OcrEngine.load({ helperThread: true });
    expect(engine.parallel).toBe(true);
    const image = await decodeImage(realFixture('vehicle-licence-front-01').bytes);
    const boxes = (await engine.detect(image)).slice(0, 8);
    const together = await engine.recognize(image, boxes);
    const helperRun = vi.spyOn(RecHelper.prototype, 'run');
    // one box per call, all at once (the extractors' second looks): the helper takes some of them
    const apart = (await Promise.all(boxes.map((b) => engine.recognize(image, [b])))).flat();
    expect(helperRun).toHaveBeenCalled();
    expect(helperRun.mock.calls.length).toBeLessThan(boxes.length);
    expect(apart.map((l) => [l.text, l.score])).toEqual(together.map((l) => [l.text, l.score]));
  }, 120_000);
});
