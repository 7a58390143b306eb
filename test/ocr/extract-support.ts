// Shared by test/ocr/extract-*.test.ts: the real fixtures, and reading a whole card for an extractor.
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { getEngine, looksLikeDashes, type OcrLine, type Quad } from '../../server/ocr/engine';
import { cropRgb, prepareImage, type Region } from '../../server/ocr/preprocess';
import type { ExtractContext } from '../../server/ocr/extract/index';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/** The real fixtures: test/fixtures/real when vendored, else the shared folder beside the repo. */
export const REAL_DIR = [process.env.LICENSELENS_FIXTURES, process.env.REAL_FIXTURES, path.join(ROOT, 'test/fixtures/real'), path.resolve(ROOT, '../shared/fixtures/real')].find(
  (d): d is string => !!d && existsSync(d),
);

export async function realFixture(name: string): Promise<{ bytes: Buffer; fields: Record<string, string> }> {
  if (!REAL_DIR) throw new Error('real fixtures not found: set LICENSELENS_FIXTURES (default ../shared/fixtures/real)');
  const meta = JSON.parse(await readFile(path.join(REAL_DIR, `${name}.json`), 'utf8')) as { file: string; fields: Record<string, string> };
  return { bytes: await readFile(path.join(REAL_DIR, meta.file)), fields: meta.fields };
}

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
