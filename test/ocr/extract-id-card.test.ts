// ID-card extractor (server/ocr/extract/id-card.ts): the real specimens through the local provider
// (rotated with perspective, upside down, rotated 90° and small), and generated cards read whole.
import { describe, expect, it } from 'vitest';
import sharp from 'sharp';
import { createLocalProvider } from '../../server/providers/local/index';
import { idCardExtractor } from '../../server/ocr/extract/id-card';
import { findIdNumber, readPeriod } from '../../server/ocr/extract/person-common';
import { generateCard } from '../../scripts/synth/index';
import { readWholeCard, realFixture } from './extract-support';

const provider = createLocalProvider();

async function viaProvider(name: string, docType: string, side: 'front' | 'back') {
  const { bytes, fields } = await realFixture(name);
  const m = await sharp(bytes).metadata();
  const mime = m.format === 'png' ? 'image/png' : 'image/jpeg';
  const { result } = await provider.recognize({ bytes, mime, width: m.width!, height: m.height! }, { docType, side });
  return { result, fields };
}

describe('ID card, real specimens through the local provider', () => {
  it.each(['id-card-front-01', 'id-card-front-02-upside-down', 'id-card-front-03-rotated'])('%s: every field exact', async (name) => {
    const { result, fields } = await viaProvider(name, 'id_card', 'front');
    expect(result.side).toBe('front');
    for (const [key, want] of Object.entries(fields)) expect(result.fields[key]?.value, key).toBe(want);
  });

  it('keeps a number that fails its checksum as printed, with a warning', async () => {
    const { result } = await viaProvider('id-card-front-01', 'id_card', 'front');
    expect(result.fields.idNumber?.value).toBe('389201199001245580');
    expect(result.fields.idNumber?.warnings.map((w) => w.code)).toContain('ID_CHECKSUM');
  });
});

describe('ID card, generated cards', () => {
  it.each([
    ['front', 31, false],
    ['front', 32, true],
    ['back', 33, false],
    ['back', 34, true],
  ] as const)('%s seed %i (photo: %s): every field exact', async (side, seed, perturbed) => {
    const card = await generateCard({ docType: 'id_card', side, seed, perturbed });
    const ctx = await readWholeCard(card.image);
    const got = await idCardExtractor.extract(ctx, side);
    for (const [key, want] of Object.entries(card.fields)) expect(got.values[key]?.value ?? '', `${card.id}.${key}`).toBe(want);
    const cls = [idCardExtractor.classify(ctx.lines)].flat().sort((a, b) => b.score - a.score)[0]!;
    expect(cls.side).toBe(side);
  });
});

describe('ID card value readers', () => {
  it('picks the ID window that looks like an ID when a label digit is glued on', () => {
    expect(findIdNumber('4440305199502272710')).toBe('440305199502272710');
    expect(findIdNumber('公民身份号码 11010519491231002X')).toBe('11010519491231002X');
    expect(findIdNumber('1234')).toBeNull();
  });

  it('reads validity periods in the printed forms', () => {
    expect(readPeriod('2015.03.12-2025.03.12')).toBe('2015-03-12至2025-03-12');
    expect(readPeriod('2010.05.01-长期')).toBe('2010-05-01至长期');
    expect(readPeriod('2014-11-05 至 2024-11-65')).toBe('2014-11-05至2024-11-05');
  });
});
