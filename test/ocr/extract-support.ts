// Shared by test/ocr/extract-*.test.ts: reading a whole card for an extractor.
import { getEngine, looksLikeDashes, type OcrLine, type Quad } from '../../server/ocr/engine';
import { cropRgb, prepareImage, type Region } from '../../server/ocr/preprocess';
import type { ExtractContext } from '../../server/ocr/extract/index';

/** Upright the photo (the engine's own preprocessing), then read one region around *every* text box,
 *  so an extractor is tested on the whole card whatever the region clustering decides. */
export async function readWholeCard(bytes: Buffer): Promise<ExtractContext> {
  const engine = await getEngine();
  const p = await prepareImage(engine, bytes);
  const xs = p.boxes.flatMap((q) => q.map((pt) => pt[0]));
  const ys = p.boxes.flatMap((q) => q.map((pt) => pt[1]));
  const m = 24;
  const x = Math.max(0, Math.floor(Math.min(...xs) - m));
  const y = Math.max(0, Math.floor(Math.min(...ys) - m));
  const bounds = {
    x,
    y,
    width: Math.min(p.image.width, Math.ceil(Math.max(...xs) + m)) - x,
    height: Math.min(p.image.height, Math.ceil(Math.max(...ys) + m)) - y,
  };
  const scale = p.regions[0]?.scale ?? 1;
  const region: Region = { image: await cropRgb(p.image, bounds, scale), bounds, scale, boxCount: p.boxes.length };
  const side = Math.max(region.image.width, region.image.height);
  const lines: OcrLine[] = await engine.read(region.image, { limit: Math.min(1280, Math.max(640, Math.round(side / 32) * 32)) });
  return {
    engine,
    region,
    lines,
    reread: async (quad: Quad) => {
      const [line] = await engine.recognize(region.image, [quad]);
      return line && line.score >= 0.5 ? line : null;
    },
    isDashPlaceholder: (quad: Quad) => looksLikeDashes(region.image, quad),
  };
}
