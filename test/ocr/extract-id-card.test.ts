// ID-card extractor (server/ocr/extract/id-card.ts): the real specimens through the local provider
// (rotated with perspective, upside down, rotated 90° and small), and generated cards read whole.
import { describe, expect, it } from 'vitest';
import sharp from 'sharp';
import { createLocalProvider } from '../../server/providers/local/index';
import { idCardExtractor } from '../../server/ocr/extract/id-card';
import { extractIdFront } from '../../server/ocr/extract/id-card';
import { findIdNumber, readPeriod } from '../../server/ocr/extract/person-common';
import type { OcrLine, Quad } from '../../server/ocr/engine';
import { generateCard } from '../../scripts/synth/index';
import { realFixture } from '../support/fixtures';
import { readWholeCard } from './extract-support';

const provider = createLocalProvider();

async function viaProvider(name: string, docType: string, side: 'front' | 'back') {
  const { bytes, fields } = realFixture(name);
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

/** An engine piece along a text line rotated by `deg` (text height h, CJK characters square). */
function piece(text: string, u: number, v: number, deg: number, h = 30): OcrLine {
  const a = (deg * Math.PI) / 180;
  const w = [...text].length * h;
  const at = (du: number, dv: number): [number, number] => [u + du * Math.cos(a) - dv * Math.sin(a), v + du * Math.sin(a) + dv * Math.cos(a)];
  const box: Quad = [at(0, 0), at(w, 0), at(w, h), at(0, h)];
  return { text, score: 0.99, box, chars: [...text].map((_, i, all) => ({ score: 0.99, pos: (i + 0.5) / all.length, red: 0 })), red: 0 };
}

describe('ID card layout without a photo', () => {
  it('joins labels printed with wide letter spacing, read one character per piece, on a skewed card', async () => {
    const deg = 20;
    // rows 60 px apart along the card's own axes; "姓  名" and "性  别" come as single characters
    const rowAt = (k: number, du: number) => {
      const a = (deg * Math.PI) / 180;
      return [100 + du * Math.cos(a) - 60 * k * Math.sin(a), 100 + du * Math.sin(a) + 60 * k * Math.cos(a)] as const;
    };
    const lines = [
      piece('姓', ...rowAt(0, 0), deg),
      piece('名', ...rowAt(0, 45), deg),
      piece('王小明', ...rowAt(0, 110), deg),
      piece('性', ...rowAt(1, 0), deg),
      piece('别', ...rowAt(1, 45), deg),
      piece('男', ...rowAt(1, 110), deg),
      piece('民族汉', ...rowAt(1, 250), deg),
      piece('出生', ...rowAt(2, 0), deg),
      piece('1990年1月2日', ...rowAt(2, 110), deg),
      piece('住址', ...rowAt(3, 0), deg),
      piece('北京市海淀区中关村大街1号', ...rowAt(3, 110), deg),
      piece('公民身份号码', ...rowAt(5, 0), deg),
      piece('110108199001020015', ...rowAt(5, 220), deg),
    ];
    const got = await extractIdFront(lines);
    expect(Object.fromEntries(Object.entries(got.values).map(([k, v]) => [k, v.value]))).toEqual({
      name: '王小明',
      sex: '男',
      ethnicity: '汉',
      birthDate: '1990-01-02',
      address: '北京市海淀区中关村大街1号',
      idNumber: '110108199001020015',
    });
  });
});
