// Driving-licence extractor (server/ocr/extract/driver-license.ts): the real front and back pages
// through the local provider, and generated cards read whole.
import { describe, expect, it } from 'vitest';
import sharp from 'sharp';
import { createLocalProvider } from '../../server/providers/local/index';
import { driverLicenseExtractor, extractDriverFront } from '../../server/ocr/extract/driver-license';
import { readLicenseClass } from '../../server/ocr/extract/person-common';
import { fixDatesInText } from '../../server/ocr/read/date';
import { generateCard } from '../../scripts/synth/index';
import { realFixture } from '../support/fixtures';
import { readWholeCard } from './extract-support';
import { linesContext, piece } from './lines';
import { readNationality } from '../../server/ocr/extract/person-row';

const provider = createLocalProvider();

describe('driving licence, real pages through the local provider', () => {
  it.each([
    ['driver-licence-front-01', 'front'],
    ['driver-licence-back-01', 'back'],
  ] as const)('%s: every field exact', async (name, side) => {
    const { bytes, fields } = realFixture(name);
    const m = await sharp(bytes).metadata();
    const { result } = await provider.recognize({ bytes, mime: 'image/png', width: m.width!, height: m.height! }, { docType: 'driver_license', side });
    expect(result.side).toBe(side);
    for (const [key, want] of Object.entries(fields)) expect(result.fields[key]?.value, key).toBe(want);
  });

  it('finds the side by itself', async () => {
    const { bytes } = realFixture('driver-licence-back-01');
    const m = await sharp(bytes).metadata();
    const { result } = await provider.recognize({ bytes, mime: 'image/png', width: m.width!, height: m.height! }, { docType: 'driver_license', side: 'auto' });
    expect(result.side).toBe('back');
  });
});

describe('driving licence, generated cards', () => {
  it.each([
    ['front', 41, false],
    ['front', 42, true],
    ['back', 43, false],
    ['back', 44, true],
  ] as const)('%s seed %i (photo: %s): every field exact', async (side, seed, perturbed) => {
    const card = await generateCard({ docType: 'driver_license', side, seed, perturbed });
    const ctx = await readWholeCard(card.image);
    const got = await driverLicenseExtractor.extract(ctx, side);
    for (const [key, want] of Object.entries(card.fields)) expect(got.values[key]?.value ?? '', `${card.id}.${key}`).toBe(want);
  });
});

describe('driving licence editions and seals', () => {
  it('reads the edition that prints a start date and a length (有效起始日期 + 有效期限 6年)', async () => {
    const card = await generateCard({ docType: 'driver_license', side: 'front', seed: 5 });
    expect(card.notes).toContain('validity printed as start date + length');
    const got = await driverLicenseExtractor.extract(await readWholeCard(card.image), 'front');
    expect(got.values.validPeriod?.value).toBe(card.fields.validPeriod);
  });

  it('leaves a round seal empty and marks it for the user instead of guessing', async () => {
    const card = await generateCard({ docType: 'driver_license', side: 'front', seed: 10, perturbed: true });
    expect(card.fields.issuingAuthority).toBe('');
    const got = await driverLicenseExtractor.extract(await readWholeCard(card.image), 'front');
    expect(got.values.issuingAuthority).toBeUndefined();
    expect(got.fieldWarnings?.issuingAuthority?.[0]?.code).toBe('SEAL_UNREADABLE');
    for (const [key, want] of Object.entries(card.fields)) expect(got.values[key]?.value ?? '', key).toBe(want);
  });
});

describe('driving licence value readers', () => {
  it('reads licence classes through English sub-label noise and l/1 confusion', () => {
    expect(readLicenseClass('C1')).toBe('C1');
    expect(readLicenseClass('Al')).toBe('A1');
    expect(readLicenseClass('C1E')).toBe('C1E');
    expect(readLicenseClass('A1A2')).toBe('A1A2');
  });

  it('reads a nationality by its grammar: 中国 through a glued label, another country as printed, no lone character', () => {
    expect(readNationality('国籍中国')).toBe('中国');
    expect(readNationality('国中国')).toBe('中国');
    expect(readNationality('籍俄罗斯')).toBe('俄罗斯');
    expect(readNationality('国')).toBeNull();
  });

  it('repairs slashed zeros read as 6/8/9 in record dates only where a 0 must be', () => {
    expect(fixDatesInText('自2014年69月12日至有效起始日期有效。')).toBe('自2014年09月12日至有效起始日期有效。');
    expect(fixDatesInText('实习期至2015年11月30日')).toBe('实习期至2015年11月30日');
  });
});

describe('driving licence 姓名/性别/国籍 row read by each field\'s grammar', () => {
  const valuesOf = async (lines: ReturnType<typeof piece>[]) =>
    Object.fromEntries(Object.entries((await extractDriverFront(lines)).values).map(([k, v]) => [k, v.value]));
  const frame = [piece('证号', 270, 130), piece('110108199001020015', 380, 130), piece('住址', 60, 240), piece('北京市海淀区中关村大街1号', 150, 240)];

  it('reads name, sex and nationality by column when the small labels are lost or misread', async () => {
    // "姓名" read as "0名", 性别 and 国籍 not detected at all: only the values' columns remain
    const got = await valuesOf([...frame, piece('0名', 58, 185), piece('小帮', 207, 185), piece('男', 440, 185), piece('中国', 587, 185)]);
    expect(got).toMatchObject({ name: '小帮', sex: '男', nationality: '中国' });
  });

  it('finds the row by its values\' grammar when all three labels are lost (a lone 男 and 中国)', async () => {
    const got = await valuesOf([...frame, piece('名', 58, 185), piece('小帮', 207, 185), piece('男', 440, 185), piece('中国', 587, 185)]);
    expect(got).toMatchObject({ name: '小帮', sex: '男', nationality: '中国' });
  });

  it('keeps a half-read 性别 label out of the name ("张三性男" → 张三, 男)', async () => {
    const got = await valuesOf([...frame, piece('姓名张三性男国籍中国', 60, 185)]);
    expect(got).toMatchObject({ name: '张三', sex: '男', nationality: '中国' });
  });

  it('splits a whole row read as one piece', async () => {
    const got = await valuesOf([...frame, piece('姓名', 60, 185), piece('欧阳娜娜女中国', 150, 185)]);
    expect(got).toMatchObject({ name: '欧阳娜娜', sex: '女', nationality: '中国' });
  });

  it('keeps a value box whole when it overlaps the next label\'s box (中国 spanning 国籍)', async () => {
    const got = await valuesOf([...frame, piece('姓名', 73, 185), piece('李明', 141, 185), piece('性别', 484, 185), piece('中国', 526, 185, { cw: 150 }), piece('国籍', 642, 185)]);
    expect(got).toMatchObject({ name: '李明', nationality: '中国' });
    expect(got.sex).toBeUndefined();
  });

  it('drops an unsure character glued on from the label column before the name ("线陆桂" → 陆桂), still marked', async () => {
    // the detector merged a misread 姓名 (线, unsure) with the name two characters' width to its right
    const glued = piece('线陆桂', 89, 185, { cw: 61 });
    glued.chars = [
      { score: 0.35, pos: 0.17, red: 0 },
      { score: 0.98, pos: 0.63, red: 0 },
      { score: 0.99, pos: 0.87, red: 0 },
    ];
    const x = await extractDriverFront([...frame, glued, piece('女', 490, 185), piece('中国', 658, 185)]);
    expect(x.values.name?.value).toBe('陆桂');
    expect(x.values.name?.confidence).toBeLessThan(0.8);
  });

  it('keeps an unsure first character that sits with the rest of the name', async () => {
    const name = piece('线陆桂', 150, 185);
    name.chars = name.chars.map((c, i) => ({ ...c, score: i === 0 ? 0.35 : 0.98 }));
    const got = await valuesOf([...frame, name, piece('女', 490, 185), piece('中国', 658, 185)]);
    expect(got.name).toBe('线陆桂');
  });

  it('does not take the nationality for the sex when the sex was not read', async () => {
    const got = await valuesOf([...frame, piece('姓名', 60, 185), piece('李明', 150, 185), piece('性别', 480, 185), piece('中国', 560, 185), piece('国籍', 640, 185)]);
    expect(got.name).toBe('李明');
    expect(got.nationality).toBe('中国');
    expect(got.sex).toBeUndefined();
  });
});

describe('driving licence re-read of a missed sex', () => {
  const lines = [
    piece('证号', 270, 130),
    piece('110108199001020015', 380, 130),
    piece('姓名', 60, 185),
    piece('李明', 150, 185),
    piece('性别', 480, 185),
    piece('国籍', 640, 185),
    piece('中国', 720, 185),
    piece('住址', 60, 240),
  ];
  const withStripRead = (text: string, score: number) => {
    const ctx = linesContext(lines);
    const read = async () => [{ ...piece(text, 0, 0, { score }) }];
    return { ...ctx, region: { ...ctx.region, image: { data: new Uint8Array(3 * 900 * 300), width: 900, height: 300 } }, engine: { read } as never };
  };

  it('keeps a faint 男/女 that the sex grammar takes whole (marked by its low confidence)', async () => {
    const got = await extractDriverFront(lines, withStripRead('男', 0.39));
    expect(got.values.sex).toEqual({ value: '男', confidence: 0.39 });
  });

  it('keeps no faint read that is not a sex', async () => {
    const got = await extractDriverFront(lines, withStripRead('中', 0.39));
    expect(got.values.sex).toBeUndefined();
  });
});

describe('driving licence class refused by its grammar', () => {
  const lines = [
    piece('证号', 270, 130),
    piece('110108199001020015', 380, 130),
    piece('姓名', 60, 185),
    piece('住址', 60, 240),
    piece('准驾车型', 340, 660),
    piece('B', 615, 660),
  ];
  const ctxReading = (text: string) => {
    const ctx = linesContext(lines);
    const read = async () => [piece(text, 0, 0, { score: 0.9 })];
    return { ...ctx, region: { ...ctx.region, image: { data: new Uint8Array(3 * 900 * 800), width: 900, height: 800 } }, engine: { read } as never };
  };

  it('reads the class strip again when the first read is no class ("B" for B1)', async () => {
    const got = await extractDriverFront(lines, ctxReading('B1'));
    expect(got.values.licenseClass?.value).toBe('B1');
  });

  it('reports no class when the second read is no class either', async () => {
    const got = await extractDriverFront(lines, ctxReading('B'));
    expect(got.values.licenseClass).toBeUndefined();
  });
});
