// The vehicle-licence extractor on synthetic engine output: seals (boxed → read, round → left empty
// with a warning, never guessed), seal ink glued onto values, format-aware clean-up, side detection.
import { describe, expect, it } from 'vitest';
import { vehicleLicenseExtractor } from '../../server/ocr/extract/vehicle-license';
import { decodeImage } from '../../server/ocr/engine';
import { pageResult } from '../../server/providers/local/index';
import { DOUBT_BELOW } from '../../core/result/doubt';
import { generateCard } from '../../scripts/synth/index';
import { linesContext, piece } from './lines';

const frontRows = (seal: ReturnType<typeof piece>[], issue = '发证日期2018-06-14') => [
  piece('号牌号码京AA5599', 100, 80),
  piece('车辆类型', 520, 82),
  piece('小型轿车', 660, 80),
  piece('所有人王京', 100, 150),
  piece('住址北京市石景山区', 100, 220),
  piece('使用性质非营运', 100, 290),
  piece('品牌型号', 360, 290),
  piece('讴歌牌GHA7150JAD5B', 500, 290),
  piece('车辆识别代号', 240, 360),
  piece('HHGHH555778802669', 440, 360),
  piece('发动机号码', 240, 430),
  piece('112244', 440, 430),
  piece('注册日期2018-06-14', 240, 500),
  piece(issue, 700, 500),
  ...seal,
];

async function extractFront(lines: ReturnType<typeof piece>[]) {
  return vehicleLicenseExtractor.extract(linesContext(lines), 'front');
}

/** The back page's first row: plate and file number with their labels. */
const backHead = () => [piece('号牌号码', 40, 60), piece('鄂E3887K', 180, 60), piece('档案编号', 640, 60), piece('3800299837465', 780, 60)];
/** The back page's first two rows as the engine reads them. */
const backTop = () => [...backHead(), piece('核定载人数5人', 40, 140), piece('总质量', 640, 140), piece('2170kg', 780, 140)];

describe('vehicle licence extractor', () => {
  it('reads a boxed printed seal line by line into the issuing authority', async () => {
    const seal = [piece('北京市公', 20, 362, { red: 0.8 }), piece('安局公安', 20, 432, { red: 0.8 }), piece('交通管理局', 10, 502, { red: 0.8 })];
    const x = await extractFront(frontRows(seal));
    expect(x.values.issuingAuthority?.value).toBe('北京市公安局公安交通管理局');
    expect(x.fieldWarnings?.issuingAuthority ?? []).toEqual([]);
    expect(x.values.engineNo?.value).toBe('112244');
    expect(x.values.vin?.value).toBe('HHGHH555778802669');
  });

  it('a round seal that does not read as an authority is left empty and marked, not guessed', async () => {
    // curved seal text comes out as scattered red fragments
    const seal = [piece('局交', 640, 420, { red: 0.9, h: 24 }), piece('察支', 700, 470, { red: 0.9, h: 24, deg: 20 }), piece('深', 760, 440, { red: 0.9, h: 24 })];
    const x = await extractFront(frontRows(seal));
    expect(x.values.issuingAuthority?.value).toBe('');
    expect(x.fieldWarnings?.issuingAuthority?.map((w) => w.code)).toEqual(['SEAL_UNREADABLE']);
  });

  it('a seal with no text detected at all (a round seal) is left empty with a note, not marked doubtful', async () => {
    const x = await extractFront(frontRows([]));
    expect(x.values.issuingAuthority?.value).toBe('');
    expect(x.fieldWarnings?.issuingAuthority?.map((w) => w.code)).toEqual(['SEAL_NOT_READ']);
    const values = Object.fromEntries(Object.entries(x.values).map(([k, v]) => [k, { value: v.value, ...(v.confidence !== undefined ? { confidence: v.confidence } : {}) }]));
    const result = pageResult({ docType: 'vehicle_license', side: 'front', values, fieldWarnings: x.fieldWarnings ?? {}, extra: {}, warnings: [] });
    expect(result.fields.issuingAuthority?.doubtful).toBe(false);
    expect(result.fields.issuingAuthority?.warnings[0]?.message).toContain('请对照证件填写');
  });

  it('keeps seal ink glued onto a value out of it ("2023-11-21专用章")', async () => {
    const issue = piece('发证日期2023-11-21专用章', 700, 500, { red: [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0.9, 0.9, 0.9] });
    const x = await extractFront(frontRows([], '').filter((l) => l.text !== '').concat(issue));
    expect(x.values.issueDate?.value).toBe('2023-11-21');
  });

  it('format-aware clean-up: slashed zeros in dates and VINs, enumerations, plates upper case', async () => {
    const lines = [
      piece('号牌号码鄂e3887k', 100, 80),
      piece('车辆类型', 520, 82),
      piece('小型娇车', 660, 80), // one character off the GA 802 name
      piece('使用性质非营远', 100, 290),
      piece('车辆识别代号', 240, 360),
      piece('LFGGF53WOWH228343', 440, 360), // slashed zero read as the letter O
      piece('注册日期2Ø13-Ø6-17', 240, 500),
      piece('发证日期2013-86-18', 700, 500), // slashed zero read as 8
    ];
    const x = await extractFront(lines);
    expect(x.values.plateNo?.value).toBe('鄂E3887K');
    expect(x.values.vehicleType?.value).toBe('小型轿车');
    expect(x.values.useCharacter?.value).toBe('非营运');
    expect(x.values.vin?.value).toBe('LFGGF53W0WH228343');
    expect(x.values.registerDate?.value).toBe('2013-06-17');
    expect(x.values.issueDate?.value).toBe('2013-06-18');
  });

  it('back page: quantities with units, dash placeholders, dimensions, barcode', async () => {
    const lines = [
      ...backTop(),
      piece('整备质量1750kg', 40, 220),
      piece('核定载质量', 640, 220),
      piece('——', 790, 220),
      piece('外廓尺寸5000×1858×1493mm', 40, 300),
      piece('准牵引总质量', 640, 300),
      piece('--', 830, 300),
      piece('备注', 40, 380),
      piece('检验记录', 40, 470),
      piece('检验有效期至2015年06月粤B（16）', 200, 465),
      piece('*8644658019963*', 600, 560, { h: 22 }),
    ];
    const x = await vehicleLicenseExtractor.extract(linesContext(lines), 'back');
    const v = Object.fromEntries(Object.entries(x.values).map(([k, f]) => [k, f.value]));
    expect(v).toEqual({
      plateNo: '鄂E3887K',
      fileNo: '3800299837465',
      approvedPassengers: '5人',
      grossMass: '2170kg',
      curbMass: '1750kg',
      approvedLoad: '--',
      overallDimensions: '5000×1858×1493mm',
      tractionMass: '--',
      remarks: '',
      inspectionRecord: '检验有效期至2015年06月粤B(16)',
      barcode: '8644658019963',
    });
  });

  it('back page: a printed label whose value could not be read is marked VALUE_UNREAD and doubtful, an empty 备注 is not', async () => {
    const lines = [
      ...backTop(),
      // the dash placeholder beside 核定载质量 is lost in glare: nothing beside the label
      piece('核定载质量', 640, 220),
      piece('备注', 40, 380),
    ];
    const x = await vehicleLicenseExtractor.extract(linesContext(lines), 'back');
    expect(x.values.approvedLoad?.value).toBe('');
    // the rule is core's (an always-printed field returned empty), applied when the page's result is built
    const values = Object.fromEntries(Object.entries(x.values).map(([k, v]) => [k, { value: v.value, ...(v.confidence !== undefined ? { confidence: v.confidence } : {}) }]));
    const result = pageResult({ docType: 'vehicle_license', side: 'back', values, fieldWarnings: x.fieldWarnings ?? {}, extra: {}, warnings: [] });
    expect(result.fields.approvedLoad?.warnings.map((w) => w.code)).toEqual(['VALUE_UNREAD']);
    expect(result.fields.approvedLoad?.doubtful).toBe(true);
    expect(result.fields.remarks?.value).toBe('');
    expect(result.fields.remarks?.warnings).toEqual([]);
    expect(result.fields.remarks?.doubtful).toBe(false);
    expect(result.fields.grossMass?.warnings.map((w) => w.code)).not.toContain('VALUE_UNREAD');
  });

  it('reads a slashed zero the engine saw as an unsure 8 as 0 in dimensions, masses and the file number', async () => {
    const zero8 = (p = 0.62) => [{ ch: '8', p }, { ch: '0', p: 0.3 }];
    const lines = [
      piece('号牌号码', 40, 60),
      piece('鄂E3887K', 180, 60),
      piece('档案编号', 640, 60),
      piece('380829', 780, 60, { alts: { 3: zero8() } }),
      piece('总质量', 640, 140),
      piece('2188kg', 780, 140, { alts: { 3: zero8() } }),
      // 4750×1800×1450mm with the first zero of 1800 read as an unsure 8
      piece('外廓尺寸4750×1880×1450mm', 40, 300, { alts: { 11: zero8() } }),
    ];
    const x = await vehicleLicenseExtractor.extract(linesContext(lines), 'back');
    expect(x.values.overallDimensions?.value).toBe('4750×1800×1450mm');
    expect(x.values.grossMass?.value).toBe('2180kg');
    expect(x.values.fileNo?.value).toBe('380029');
    // the repair is a choice among the engine's readings, and it is not sure
    expect(x.values.overallDimensions?.confidence).toBeLessThan(0.8);
  });

  it('keeps an 8 the engine read surely, even with a faint 0 among its alternatives', async () => {
    const lines = [
      ...backHead().slice(0, 2),
      piece('外廓尺寸4750×1880×1450mm', 40, 300, { alts: { 11: [{ ch: '8', p: 0.97 }, { ch: '0', p: 0.02 }] } }),
    ];
    const x = await vehicleLicenseExtractor.extract(linesContext(lines), 'back');
    expect(x.values.overallDimensions?.value).toBe('4750×1880×1450mm');
  });

  it('keeps a sure 8 with a clear zero among its alternatives as read, but unsure: the doubt rule marks it', async () => {
    // a tiny scan's slashed zero: 8 at 0.82, a zero at 0.08 — not enough to repair, too much to trust
    const lines = [
      ...backHead().slice(0, 2),
      piece('档案编号', 640, 60),
      piece('648299282892', 780, 60, { alts: { 7: [{ ch: '8', p: 0.82 }, { ch: '9', p: 0.09 }, { ch: '0', p: 0.08 }] } }),
    ];
    const x = await vehicleLicenseExtractor.extract(linesContext(lines), 'back');
    expect(x.values.fileNo?.value).toBe('648299282892');
    expect(x.values.fileNo?.confidence).toBeLessThan(DOUBT_BELOW);
    // a faint zero (right 8s have none above 0.01) leaves a sure reading sure
    const faint = await vehicleLicenseExtractor.extract(
      linesContext([...backHead().slice(0, 2), piece('档案编号', 640, 60), piece('648299282892', 780, 60, { alts: { 7: [{ ch: '8', p: 0.98 }, { ch: '0', p: 0.01 }] } })]),
      'back',
    );
    expect(faint.values.fileNo?.confidence).toBeGreaterThanOrEqual(DOUBT_BELOW);
  });

  it('reads dimensions on a row whose label is lost with the engine\'s alternatives too', async () => {
    const lines = [
      ...backHead(),
      piece('核定载人数5人', 40, 140),
      piece('18761×2543×3627mm', 200, 300, { alts: { 1: [{ ch: '8', p: 0.55 }, { ch: '0', p: 0.4 }] } }),
    ];
    const x = await vehicleLicenseExtractor.extract(linesContext(lines), 'back');
    expect(x.values.overallDimensions?.value).toBe('10761×2543×3627mm');
  });

  it('places the two dates of a front whose date labels are lost: the earlier, left one is the registration', async () => {
    const lines = frontRows([]).filter((l) => !/日期/.test(l.text));
    lines.push(piece('2813-85-07', 240, 500), piece('2814-11-03', 700, 500));
    const x = await extractFront(lines);
    expect(x.values.registerDate?.value).toBe('2013-05-07');
    expect(x.values.issueDate?.value).toBe('2014-11-03');
    // placed by the layout, not read beside a label: left for the user to check
    expect(x.values.registerDate?.confidence).toBeLessThan(0.8);
  });

  it('does not place label-less dates that contradict the card (a registration after the issue)', async () => {
    const lines = frontRows([]).filter((l) => !/日期/.test(l.text));
    lines.push(piece('2019-05-07', 240, 500), piece('2014-11-03', 700, 500));
    const x = await extractFront(lines);
    expect(x.values.registerDate?.value ?? '').toBe('');
  });

  it('finds the fuel type printed with no label on the back, choosing among what the engine read there', async () => {
    const back = (fuel: ReturnType<typeof piece>) => [
      ...backHead(),
      piece('检验记录', 40, 470),
      piece('检验有效期至2015年06月粤B（16）', 200, 465),
      fuel,
    ];
    const misread = piece('汽酒', 160, 540, { alts: { 1: [{ ch: '酒', p: 0.6 }, { ch: '油', p: 0.3 }] } });
    expect((await vehicleLicenseExtractor.extract(linesContext(back(misread)), 'back')).values.fuelType?.value).toBe('汽油');
    expect((await vehicleLicenseExtractor.extract(linesContext(back(piece('柴油', 160, 540))), 'back')).values.fuelType?.value).toBe('柴油');
    // a misreading the engine offered no alternative for is no fuel type
    expect((await vehicleLicenseExtractor.extract(linesContext(back(piece('汽酒', 160, 540))), 'back')).values.fuelType?.value ?? '').toBe('');
  });

  it('finds the model with its label garbled: a known brand read exactly, 牌, then the code', async () => {
    const withModel = (t: string) => frontRows([]).filter((l) => !/品牌型号|讴歌牌/.test(l.text)).concat(piece(t, 360, 290));
    const x = await extractFront(withModel('品牌票起亚牌YQZ7204A'));
    expect(x.values.model?.value).toBe('起亚牌YQZ7204A');
    expect(x.values.model?.confidence).toBeLessThan(0.8);
    // a brand no lexicon knows is no evidence of a model without its label
    expect((await extractFront(withModel('品牌票某某牌YQZ7204A'))).values.model?.value).not.toBe('某某牌YQZ7204A');
  });

  it('classifies front and back by the labels each side prints', () => {
    const front = vehicleLicenseExtractor.classify(frontRows([]));
    const back = vehicleLicenseExtractor.classify([piece('档案编号', 0, 0), piece('核定载人数', 0, 50), piece('整备质量', 0, 100), piece('外廓尺寸', 0, 150)]);
    const score = (c: typeof front, side: string) => (Array.isArray(c) ? c : [c]).find((x) => x.side === side)!.score;
    expect(score(front, 'front')).toBeGreaterThan(0.8);
    expect(score(front, 'back')).toBe(0);
    expect(score(back, 'back')).toBeGreaterThan(score(back, 'front'));
  });
});

describe('back page barcode', () => {
  it('reads the printed digits under the barcode when the engine returns them full-width', async () => {
    const lines = [
      piece('号牌号码', 40, 60),
      piece('鄂E3887K', 180, 60),
      piece('档案编号', 640, 60),
      piece('3800299837465', 780, 60),
      piece('检验记录', 40, 470),
      piece('检验有效期至2015年06月粤B（16）', 200, 465),
      piece('*４０１８6９65３６5０９', 600, 560, { h: 22 }),
    ];
    // no image behind the lines: the barcode itself cannot be decoded, the printed digits are all there is
    const x = await vehicleLicenseExtractor.extract(linesContext(lines), 'back');
    expect(x.values.barcode).toMatchObject({ value: '4018696536509', confidence: 0.9 });
    // where the digits are printed: their stretch of the piece, after the asterisk (14 characters of 22 px)
    const xs = x.values.barcode!.box!.map((p) => p[0]);
    expect(Math.min(...xs)).toBeCloseTo(600 + 22, 0);
    expect(Math.max(...xs)).toBeCloseTo(600 + 14 * 22, 0);
  });

  it('decodes the barcode, keeps it over misread printed digits and warns that the two differ', async () => {
    const card = await generateCard({ docType: 'vehicle_license', side: 'back', seed: 4242 });
    const code = card.fields.barcode!;
    const misread = code.slice(0, -1) + String((Number(code.slice(-1)) + 3) % 10);
    const ctx = linesContext([piece('号牌号码', 40, 60), piece('档案编号', 640, 60), piece('核定载人数5人', 40, 140), piece('整备质量1750kg', 40, 220), piece(`*${misread}*`, 600, 560, { h: 22 })]);
    ctx.region = { ...ctx.region, image: await decodeImage(card.image) };
    const x = await vehicleLicenseExtractor.extract(ctx, 'back');
    expect(x.values.barcode?.value).toBe(code);
    expect(x.fieldWarnings?.barcode?.map((w) => w.code)).toEqual(['BARCODE_MISMATCH']);
  });
});
