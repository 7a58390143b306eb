// ID-card extractor (server/ocr/extract/id-card.ts): the real specimens through the local provider
// (rotated with perspective, upside down, rotated 90° and small), and generated cards read whole.
import { describe, expect, it } from 'vitest';
import sharp from 'sharp';
import { createLocalProvider } from '../../server/providers/local/index';
import { idCardExtractor } from '../../server/ocr/extract/id-card';
import { extractIdBack, extractIdFront } from '../../server/ocr/extract/id-card';
import { agreeBirthDate, readEthnicity, readPeriod } from '../../server/ocr/extract/person-common';
import { findIdNumber } from '../../server/ocr/read/checked';
import { findDate } from '../../server/ocr/read/date';
import type { OcrLine, Quad } from '../../server/ocr/engine';
import { generateCard } from '../../scripts/synth/index';
import { realFixture } from '../support/fixtures';
import { readWholeCard } from './extract-support';
import { DOUBT_BELOW } from '../../core/result/doubt';

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

  it('reads no date rather than a year no document carries', () => {
    expect(findDate('有效起始日20098-03-03')).toBeNull();
    expect(readPeriod('0098-03-03至0104-03-03')).toBeNull();
    expect(findDate('出生日期1955-09-14')).toBe('1955-09-14');
  });

  it('corrects a birth date read with a slashed zero as 8 from the number that passes its checksum', () => {
    expect(agreeBirthDate('440305198506071233', '1985-66-07')).toEqual({ idNumber: '440305198506071233', birthDate: '1985-06-07' });
    expect(agreeBirthDate('440305198506071233', '1985-06-87')).toEqual({ idNumber: '440305198506071233', birthDate: '1985-06-07' });
    expect(agreeBirthDate('110108199001020015', '1998-01-02')).toEqual({ idNumber: '110108199001020015', birthDate: '1990-01-02' });
  });

  it('corrects the number\'s birth digits from the birth field when only then it passes its checksum', () => {
    // 0 of the month read as 8 inside the number: it fails; with the field's date it passes
    expect(agreeBirthDate('110108199081020015', '1990-01-02')).toEqual({ idNumber: '110108199001020015', birthDate: '1990-01-02' });
  });

  it('leaves a number and a date that disagree otherwise as printed (specimens do so on purpose)', () => {
    expect(agreeBirthDate('430512198908131367', '2013-05-06')).toEqual({ idNumber: '430512198908131367', birthDate: '2013-05-06' });
    // confusable, but the number fails its checksum either way: nothing confirms either reading
    expect(agreeBirthDate('389201199001245580', '1990-01-74')).toEqual({ idNumber: '389201199001245580', birthDate: '1990-01-74' });
  });

  it('reads an ethnicity among the 56 official names, dropping a stray character around it', () => {
    expect(readEthnicity('-汉')).toBe('汉');
    expect(readEthnicity('民汉')).toBe('汉');
    expect(readEthnicity('回族')).toBe('回');
    expect(readEthnicity('土家族')).toBe('土家');
    expect(readEthnicity('蒙古')).toBe('蒙古');
    // two names of the same length: no guess between them
    expect(readEthnicity('白汉')).not.toBe('汉');
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

describe('ID card front: an address whose 住址 label was lost', () => {
  it('takes the unlabelled rows between the birth row and the number row, in the value column', async () => {
    const lines = [
      piece('姓名付强嘉', 61, 60, 0, 46),
      piece('性别男', 65, 127, 0, 46),
      piece('民族汉', 269, 131, 0, 46),
      piece('出生1953年4月12日', 71, 196, 0, 46),
      piece('天津市和平区石桥镇新河', 168, 264, 0, 40),
      piece('村3组58号', 174, 313, 0, 40),
      piece('公民身份号码', 93, 450, 0, 36),
      piece('120101195304129551', 328, 455, 0, 36),
    ];
    const got = await extractIdFront(lines);
    expect(got.values.address?.value).toBe('天津市和平区石桥镇新河村3组58号');
    expect(got.values.name?.value).toBe('付强嘉');
  });
});

describe('ID card front: an address whose 住址 label was misread by one character', () => {
  it('still goes on in the row below ("佳址" as read on a soft, recompressed phone photo of id-card-front-01)', async () => {
    const lines = [
      piece('姓名李蓝', 61, 60, 0, 46),
      piece('性别女', 65, 127, 0, 46),
      piece('民族满', 269, 131, 0, 46),
      piece('出生1990年1月24日', 71, 196, 0, 46),
      piece('佳址河北省承德市围场满族蒙', 71, 264, 0, 40),
      piece('古族自治县金车路', 153, 313, 0, 40),
      piece('公民身份号码', 93, 450, 0, 36),
      piece('389201199001245580', 328, 455, 0, 36),
    ];
    const got = await extractIdFront(lines);
    expect(got.values.address?.value).toBe('河北省承德市围场满族蒙古族自治县金车路');
    // the row below the number is another field's, never the address's
    expect(got.values.idNumber?.value).toBe('389201199001245580');
  });
});

describe('ID card back: an authority whose 签发机关 label was lost', () => {
  it('takes the unlabelled row that ends like an authority', async () => {
    const lines = [
      piece('中华人民共和国', 300, 60, 0, 50),
      piece('居民身份证', 300, 140, 0, 60),
      piece('北京市公安局海淀分局', 330, 380, 0, 34),
      piece('有效期限', 120, 450, 0, 34),
      piece('2015.03.12-2025.03.12', 330, 450, 0, 34),
    ];
    const got = extractIdBack(lines);
    expect(got.values.issuingAuthority?.value).toBe('北京市公安局海淀分局');
    expect(got.values.validPeriod?.value).toBe('2015-03-12至2025-03-12');
  });
});

describe('ID card front: a name whose last character was read faintly', () => {
  it('keeps the name as read but below the doubt threshold, so the user checks it (小帮 read as 小)', async () => {
    const faintEnd = (text: string, u: number, v: number, h: number): OcrLine => {
      const p = piece(text, u, v, 0, h);
      return { ...p, chars: p.chars!.map((c, i, all) => (i === all.length - 1 ? { ...c, score: 0.3 } : c)) };
    };
    const lines = [
      faintEnd('姓名小帮', 61, 60, 46),
      piece('性别男', 65, 127, 0, 46),
      piece('民族汉', 269, 131, 0, 46),
      piece('出生1990年1月2日', 71, 196, 0, 46),
      piece('住址北京市海淀区中关村大街1号', 71, 264, 0, 40),
      piece('公民身份号码', 93, 450, 0, 36),
      piece('110108199001020015', 328, 455, 0, 36),
    ];
    const got = await extractIdFront(lines);
    expect(got.values.name?.value).toBe('小');
    expect(got.values.name?.confidence).toBeLessThan(DOUBT_BELOW);
    // a clean name stays sure
    const clean = await extractIdFront([piece('姓名小帮', 61, 60, 0, 46), ...lines.slice(1)]);
    expect(clean.values.name).toMatchObject({ value: '小帮' });
    expect(clean.values.name?.confidence).toBeGreaterThanOrEqual(DOUBT_BELOW);
  });
});
