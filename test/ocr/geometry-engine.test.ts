// Small photos through the real engine: a 600-px whole-card photo is brought up to the working text
// height before it is read, and a tiny scan of both pages (about 220 px a page) yields both pages.
import { describe, expect, it } from 'vitest';
import { generateGeometryCard } from '../../scripts/synth/geometry';
import { generateCard, type SynthCard, type SynthTwoPageCard } from '../../scripts/synth/index';
import { readPage } from '../../scripts/bench/doubt';
import type { RecognitionPage, RecognitionResult } from '../../core/contracts/result';
import { getEngine } from '../../server/ocr/engine';
import { clusterBoxes, prepareImage } from '../../server/ocr/preprocess';
import { createLocalProvider } from '../../server/providers/local/index';

const provider = createLocalProvider();

async function recognize(card: SynthCard | SynthTwoPageCard): Promise<RecognitionResult> {
  const out = await provider.recognize(
    { bytes: card.image, mime: card.mime, width: card.width, height: card.height },
    { docType: 'vehicle_license', side: card.side === 'both' ? 'auto' : card.side },
  );
  return out.result;
}

/** Fields of a page read exactly as the truth has them. */
function exact(page: RecognitionPage | undefined, truth: Record<string, string>): number {
  if (!page) return 0;
  const got = readPage(page);
  return Object.entries(truth).filter(([k, v]) => got[k]?.value === v).length;
}

describe('small photos at working scale', () => {
  it('brings a 600-px photo of a whole card up to the working text height and reads it', async () => {
    const card = (await generateGeometryCard('small_card', 4101, 'front')) as SynthCard;
    expect(card.width).toBe(600);
    const engine = await getEngine();
    const prepared = await prepareImage(engine, card.image);
    const region = prepared.regions[0]!;
    // the card's text is a dozen pixels high in the photo: the region is enlarged, not the photo
    expect(region.scale).toBeGreaterThan(1.5);
    expect(region.textHeight).toBeGreaterThan(32);
    expect(region.textHeight).toBeLessThan(56);
    expect(region.image.width).toBeLessThan(Math.round(card.width * region.scale));
    const result = await recognize(card);
    const n = Object.keys(card.fields).length;
    expect(exact(result, card.fields)).toBeGreaterThanOrEqual(Math.ceil(0.8 * n));
  }, 120_000);

  it('finds both pages in a tiny scan of both pages side by side (about 220 px a page)', async () => {
    const card = (await generateGeometryCard('tiny_two_page_scan', 9000)) as SynthTwoPageCard;
    expect(card.width).toBeLessThanOrEqual(450);
    const result = await recognize(card);
    const pages: RecognitionPage[] = result.pages ?? [result];
    expect(pages.map((p) => p.side).sort()).toEqual(['back', 'front']);
    const front = pages.find((p) => p.side === 'front');
    const back = pages.find((p) => p.side === 'back');
    // each page is read, not only found: most of its fields come back exactly
    expect(exact(front, card.pages.front)).toBeGreaterThanOrEqual(Math.ceil(0.6 * Object.keys(card.pages.front).length));
    expect(exact(back, card.pages.back)).toBeGreaterThanOrEqual(Math.ceil(0.6 * Object.keys(card.pages.back).length));
  }, 120_000);

  it('finds a region per page in a 450-px photo of both pages lying close together, and never loses a page silently', async () => {
    const card = await generateCard({ docType: 'vehicle_license', side: 'both', seed: 12, layout: 'side_by_side', defects: [{ defect: 'small', strength: 1 }], slashedZero: true });
    expect(card.width).toBe(450);
    const prepared = await prepareImage(await getEngine(), card.image);
    // the pages' text is a few pixels apart at this size: one cluster of text, split by its geometry
    expect(clusterBoxes(prepared.boxes).filter((c) => c.length >= 3)).toHaveLength(1);
    const pages = prepared.regions.filter((r) => r.bounds.width / r.bounds.height > 1.05 && r.bounds.width / r.bounds.height < 2.4);
    expect(pages.length).toBeGreaterThanOrEqual(2);
    const [a, b] = pages.map((r) => r.bounds);
    expect(Math.min(a!.x + a!.width, b!.x + b!.width) - Math.max(a!.x, b!.x)).toBeLessThan(0.1 * Math.min(a!.width, b!.width));
    const result = await recognize(card);
    const sides = (result.pages ?? [result]).map((p) => p.side).sort();
    // both pages read, or the one not read named for the user to photograph apart
    expect(sides.length === 2 || result.warnings.some((w) => w.code === 'PAGE_MISSING')).toBe(true);
  }, 120_000);
});
