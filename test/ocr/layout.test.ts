// The layout framework on synthetic engine output (no model involved): rows under skew, fuzzy labels,
// English sub-labels, seal ink, values cut at the next label, format-aware helpers.
import { describe, expect, it } from 'vitest';
import type { OcrLine } from '../../server/ocr/engine';
import {
  analyzeLayout,
  estimateSkew,
  isEnglishSubLabel,
  isLabelRemnant,
  labelScore,
  valueStrip,
  type LabelSpec,
} from '../../server/ocr/layout';
import { piece } from './lines';

const SPECS: LabelSpec[] = [
  { key: 'plateNo', aliases: ['号牌号码'] },
  { key: 'vehicleType', aliases: ['车辆类型'] },
  { key: 'owner', aliases: ['所有人'], spaced: true },
  { key: 'address', aliases: ['住址'], multiline: true, spaced: true },
  { key: 'vin', aliases: ['车辆识别代号'] },
  { key: 'engineNo', aliases: ['发动机号码'] },
  { key: 'registerDate', aliases: ['注册日期'] },
  { key: 'issueDate', aliases: ['发证日期'] },
  { key: 'grossMass', aliases: ['总质量'] },
  { key: 'tractionMass', aliases: ['准牵引总质量'] },
  { key: 'inspectionRecord', aliases: ['检验记录'] },
];

function card(deg = 0): OcrLine[] {
  return [
    piece('中华人民共和国机动车行驶证', 200, 20, { deg }),
    piece('号牌号码京AA5599', 100, 80, { deg }), // label and value glued into one piece
    piece('Plate No.', 100, 112, { h: 16, deg }),
    piece('车辆类型', 520, 82, { deg }),
    piece('Vehicle Type', 520, 114, { h: 16, deg }),
    piece('小型轿车', 660, 78, { deg }),
    piece('所得人王京', 100, 150, { deg }), // 所有人 misread by one character
    piece('Owner', 100, 182, { h: 16, deg }),
    piece('住', 100, 220, { deg }),
    piece('址北京市石景山区', 200, 220, { deg }),
    piece('Addres', 100, 252, { h: 16, deg }),
    piece('北京市公', 40, 290, { deg, red: 0.8 }), // boxed seal on the left, in red
    piece('车辆识别代号', 200, 290, { deg }),
    piece('VIN', 200, 322, { h: 16, deg }),
    piece('HHGHH555778802669', 400, 290, { deg }),
    piece('安局公安 发动机号码 112244', 40, 360, { deg }),
    piece('Engine No.', 200, 392, { h: 16, deg }),
    piece('注册日期2018-06-14', 200, 430, { deg }),
    piece('发证日期2018-06-14', 680, 430, { deg }),
  ];
}

describe('layout: rows, labels, values', () => {
  it('cuts rows at fuzzy-matched labels and drops English sub-labels', () => {
    const L = analyzeLayout(card(), SPECS);
    const v = (k: string) => L.values.get(k)?.text;
    expect(v('plateNo')).toBe('京AA5599');
    expect(v('vehicleType')).toBe('小型轿车');
    expect(v('owner')).toBe('王京');
    expect(v('address')).toBe('北京市石景山区');
    expect(v('vin')).toBe('HHGHH555778802669');
    expect(v('engineNo')).toBe('112244');
    expect(v('registerDate')).toBe('2018-06-14');
    expect(v('issueDate')).toBe('2018-06-14');
    expect(L.values.get('owner')?.label.distance).toBe(1);
    // no English sub-label leaked into any row
    expect(L.rows.map((r) => r.text).join('')).not.toMatch(/Plate|Owner|Addres|Engine|VIN|Type/);
  });

  it('keeps seal text out of values: text before the first label of a row is an orphan', () => {
    const L = analyzeLayout(card(), SPECS);
    const orphans = L.orphans.map((o) => o.text);
    expect(orphans).toContain('北京市公');
    expect(orphans).toContain('安局公安');
    expect(L.values.get('engineNo')?.text).toBe('112244');
    expect(L.orphans.find((o) => o.text === '北京市公')!.chars.every((c) => c.red > 0.5)).toBe(true);
  });

  it.each([4, -6, 12])('groups rows and reads the same values when the photo is rotated by %d°', (deg) => {
    const lines = card(deg);
    expect((estimateSkew(lines) * 180) / Math.PI).toBeCloseTo(deg, 0);
    const L = analyzeLayout(lines, SPECS);
    expect(L.values.get('plateNo')?.text).toBe('京AA5599');
    expect(L.values.get('vehicleType')?.text).toBe('小型轿车');
    expect(L.values.get('vin')?.text).toBe('HHGHH555778802669');
    expect(L.values.get('issueDate')?.text).toBe('2018-06-14');
    expect(L.values.get('registerDate')?.text).toBe('2018-06-14');
  });

  it('prefers the longer label a misread covers (准4总质量 is 准牵引总质量, not 总质量)', () => {
    const L = analyzeLayout([piece('外廓尺寸5000×1858×1493mm', 40, 100), piece('准4总质量', 760, 100), piece('总质量', 760, 40), piece('2170kg', 880, 40)], SPECS);
    expect(L.values.get('tractionMass')?.label.alias).toBe('准牵引总质量');
    expect(L.values.get('grossMass')?.text).toBe('2170kg');
  });

  it('takes a value printed just beside its label row when the label row is empty (boxed stamps)', () => {
    const L = analyzeLayout([piece('检验有效期至2015年06月粤B(16)', 160, 200), piece('检验记录', 20, 222, { h: 24 })], SPECS);
    expect(L.values.get('inspectionRecord')?.text).toBe('检验有效期至2015年06月粤B(16)');
  });

  it('continues a multi-line value on the next label-free row in its column', () => {
    const L = analyzeLayout([piece('住址', 20, 100), piece('河北省承德市围场满族蒙', 120, 100), piece('古族自治县金车路', 120, 140)], SPECS);
    expect(L.values.get('address')?.text).toBe('河北省承德市围场满族蒙古族自治县金车路');
  });

  it('joins overlapping boxes on one centre line into one row: a spaced label split in two is still the label', () => {
    // the detector's boxes for a spaced 备　注 overlap; the value row is empty
    const specs: LabelSpec[] = [{ key: 'remarks', aliases: ['备注'], spaced: true, multiline: true }];
    const L = analyzeLayout([piece('备', 34, 412, { cw: 114, h: 40 }), piece('注', 127, 412, { cw: 58, h: 39 })], specs);
    expect(L.rows).toHaveLength(1);
    expect(L.values.get('remarks')?.text).toBe('');
  });

  it('isLabelRemnant: a piece of the field\'s own label is no value, anything else is', () => {
    const remarks: LabelSpec = { key: 'remarks', aliases: ['备注'] };
    expect(isLabelRemnant('注', remarks)).toBe(true);
    expect(isLabelRemnant('', remarks)).toBe(false);
    expect(isLabelRemnant('注销', remarks)).toBe(false);
    expect(isLabelRemnant('质量', { key: 'grossMass', aliases: ['总质量'] })).toBe(true);
  });

  it('keeps a label and the sub-label printed under it in separate rows though their boxes overlap', () => {
    const L = analyzeLayout([piece('发动机号码', 20, 100, { h: 30 }), piece('4C97A2', 20, 122, { h: 16 })], SPECS);
    expect(L.rows).toHaveLength(2);
  });

  it('a lone character of a spaced label starting a row still anchors it (faint 址)', () => {
    const L = analyzeLayout([piece('住', 20, 100), piece('山西省太原市北大街财苑巷', 120, 100)], SPECS);
    expect(L.values.get('address')?.text).toBe('山西省太原市北大街财苑巷');
  });

  it('valueStrip maps the region right of a label back to image pixels', () => {
    const lines = [piece('核定载人数', 20, 100), piece('5人', 200, 100), piece('总质量', 400, 100), piece('2170kg', 520, 100)];
    const L = analyzeLayout(lines, [...SPECS, { key: 'approvedPassengers', aliases: ['核定载人数'] }]);
    const q = valueStrip(L, L.values.get('approvedPassengers')!.label);
    expect(q[0][0]).toBeGreaterThan(160); // starts after 数
    expect(q[1][0]).toBeLessThan(400); // stops before 总质量
    expect(q[0][1]).toBeLessThan(115);
    expect(q[3][1]).toBeGreaterThan(115);
  });

  it('labelScore tells front from back by the labels present', () => {
    const front = card();
    expect(labelScore(front, SPECS.filter((s) => ['vin', 'engineNo', 'owner'].includes(s.key)))).toBe(1);
    expect(labelScore(front, [{ key: 'fileNo', aliases: ['档案编号'] }])).toBe(0);
  });
});

describe('layout: format-aware helpers', () => {
  it('isEnglishSubLabel: sub-labels, misread ones and not values', () => {
    for (const t of ['Plate No.', 'Vehicle Type', 'Owner', 'Addres', 'Addr', 'Use Character', 'Engine No.', 'Register Date', 'Issue Date', 'VIN']) {
      expect(isEnglishSubLabel(t), t).toBe(true);
    }
    for (const t of ['HHGHH555778802669', '讴歌牌GHA7150JAD5B', '京AA5599', '47CB521VL', '小型轿车']) {
      expect(isEnglishSubLabel(t), t).toBe(false);
    }
  });
});
