// Card geometry (a label the engine misread is found by its place on the card), both pages of one
// photo told apart by their labels, and the inspection stamp's grammar — on synthetic engine output.
import { describe, expect, it } from 'vitest';
import { vehicleLicenseExtractor } from '../../server/ocr/extract/vehicle-license';
import { findPages } from '../../server/ocr/pages';
import { readInspection } from '../../server/ocr/read/inspection';
import type { OcrLine } from '../../server/ocr/engine';
import { linesContext, piece } from './lines';

/** A vehicle licence front laid out like the real card (label at x, value after it), `scale` px per
 *  template unit; `labels` overrides how each label reads. */
function front(ox: number, oy: number, labels: Record<string, string> = {}, scale = 600, shear = 0): OcrLine[] {
  // each label: template position and printed width (first to last character centre, template units)
  const rows: [string, string, string, number, number, number][] = [
    ['plateNo', '号牌号码', '京AA5599', 0, 0, 0.19],
    ['vehicleType', '车辆类型', '小型轿车', 0.848, 0, 0.19],
    ['owner', '所有人', '王京', 0, 0.16, 0.19],
    ['address', '住址', '北京市石景山区', 0, 0.332, 0.195],
    ['useCharacter', '使用性质', '非营运', 0, 0.499, 0.193],
    ['model', '品牌型号', '讴歌牌GHA7150JAD5B', 0.704, 0.499, 0.192],
    ['vin', '车辆识别代号', 'LFV2A21K0C4012345', 0.494, 0.681, 0.306],
    ['engineNo', '发动机号码', '112244', 0.499, 0.84, 0.258],
    ['registerDate', '注册日期', '2018-06-14', 0.51, 1, 0.175],
    ['issueDate', '发证日期', '2018-06-15', 1.257, 1, 0.169],
  ];
  return rows.flatMap(([key, label, value, tx, ty, width]) => {
    const x = ox + (tx + shear * ty) * scale;
    const y = oy + ty * scale * (1 - shear);
    // the value starts where the printed label ends, however the label was read
    return [piece(labels[key] ?? label, x, y), piece(value, x + width * scale + 40, y)];
  });
}

function back(ox: number, oy: number, scale = 600): OcrLine[] {
  const at = (tx: number, ty: number): [number, number] => [ox + tx * scale, oy + ty * scale];
  const row = (label: string, value: string, tx: number, ty: number) => {
    const [x, y] = at(tx, ty);
    return [piece(label, x, y), piece(value, x + [...label].length * 30 + 20, y)];
  };
  return [
    ...row('号牌号码', '京AA5599', 0, 0),
    ...row('档案编号', '110001234567', 0.877, 0),
    ...row('核定载人数', '5人', 0.009, 0.164),
    ...row('总质量', '2170kg', 1.223, 0.164),
    ...row('整备质量', '1750kg', 0.015, 0.329),
    ...row('外廓尺寸', '5000×1858×1493mm', 0.012, 0.496),
    ...row('备注', '', 0.009, 0.657).slice(0, 1),
    ...row('检验记录', '检验有效期至2019年06月京A(01)', 0.017, 1),
  ];
}

describe('card template', () => {
  it('finds the value of a label misread beyond fuzzy matching by its place on the card', async () => {
    const ex = await vehicleLicenseExtractor.extract(linesContext(front(40, 40, { registerDate: '注日南', owner: '听有' })), 'front');
    expect(ex.values.registerDate?.value).toBe('2018-06-14');
    expect(ex.values.owner?.value).toBe('王京');
    expect(ex.values.issueDate?.value).toBe('2018-06-15');
  });

  it('places the card by an affine fit when the photo shears it (perspective)', async () => {
    const ex = await vehicleLicenseExtractor.extract(linesContext(front(40, 40, { registerDate: '注日南', owner: '听有' }, 600, 0.12)), 'front');
    expect(ex.values.registerDate?.value).toBe('2018-06-14');
    expect(ex.values.owner?.value).toBe('王京');
  });

  it('reads again where the card prints a formatted value the detector missed, and takes it only with its shape', async () => {
    const all = front(40, 40);
    const value = all.find((l) => l.text === '2018-06-14')!;
    const lines = all.filter((l) => l !== value && l.text !== '王京');
    const ctx = linesContext(lines);
    const cx = (value.box[0][0] + value.box[1][0]) / 2;
    const cy = (value.box[0][1] + value.box[3][1]) / 2;
    const asked: string[] = [];
    ctx.reread = async (quad) => {
      const qx = (quad[0][0] + quad[1][0]) / 2;
      const qy = (quad[0][1] + quad[3][1]) / 2;
      const near = Math.abs(qy - cy) < 15 && quad[0][0] < cx && quad[1][0] > cx - 60;
      asked.push(near ? 'date' : `${Math.round(qx)},${Math.round(qy)}`);
      // every strip reads as something: only the date's strip reads as a date
      return near ? piece('2018-06-14', qx, qy) : piece('Owner', qx, qy);
    };
    const ex = await vehicleLicenseExtractor.extract(ctx, 'front');
    expect(asked).toContain('date');
    expect(ex.values.registerDate?.value).toBe('2018-06-14');
    expect(ex.values.owner?.value ?? '').toBe('');
  });

  it('does not invent a value where the card shows none', async () => {
    const lines = front(40, 40).filter((l) => l.text !== '王京');
    const ex = await vehicleLicenseExtractor.extract(linesContext(lines), 'front');
    expect(ex.values.owner?.value ?? '').toBe('');
  });
});

describe('reading order', () => {
  it('keeps a value after its label when the value\'s box also spans the label (merged by the detector)', async () => {
    const lines = front(40, 40).filter((l) => l.text !== '2018-06-14');
    const label = lines.find((l) => l.text === '注册日期')!;
    // the value's box starts left of the label, its characters sit right of it
    const v = piece('2018-06-14', label.box[0][0] - 10, label.box[0][1], { cw: 20 });
    const w = v.box[1][0] - v.box[0][0];
    v.box[1][0] = v.box[2][0] = v.box[0][0] + w + 200;
    v.chars = v.chars.map((c, i) => ({ ...c, pos: (210 + (i + 0.5) * 20) / (w + 200) }));
    const ex = await vehicleLicenseExtractor.extract(linesContext([...lines, v]), 'front');
    expect(ex.values.registerDate?.value).toBe('2018-06-14');
  });
});

describe('seal without red ink', () => {
  it('reads the seal of a greyscale scan from where the card prints it, and keeps a standard ending as read', async () => {
    const blank = front(40, 40).filter((l, i) => i % 2 === 0); // labels only: a blank card
    const seal = [piece('江苏省苏州', 40, 40 + 0.7 * 600), piece('市公安局交通', 40, 40 + 0.8 * 600), piece('巡逻警察支队', 40, 40 + 0.9 * 600)];
    const ex = await vehicleLicenseExtractor.extract(linesContext([...blank, ...seal]), 'front');
    expect(ex.values.issuingAuthority?.value).toBe('江苏省苏州市公安局交通巡逻警察支队');
    expect(ex.values.owner?.value ?? '').toBe('');
  });
});

describe('pages of one photo', () => {
  const region = (lines: OcrLine[], x: number) => ({
    region: { image: { data: new Uint8Array(3), width: 1, height: 1 }, bounds: { x, y: 0, width: 1000, height: 700 }, scale: 1, boxCount: lines.length },
    lines,
  });

  it('returns both pages when two regions hold the two sides, in reading order', () => {
    const pages = findPages([region(back(0, 0), 1100), region(front(0, 0), 0)], [vehicleLicenseExtractor], null);
    expect(pages.map((p) => p.side)).toEqual(['front', 'back']);
  });

  it('splits one region holding both sides stacked one above the other', () => {
    const both = [...back(40, 40), ...front(40, 900)];
    const pages = findPages([region(both, 0)], [vehicleLicenseExtractor], null);
    expect(pages.map((p) => p.side)).toEqual(['back', 'front']);
    expect(pages[1]!.lines.some((l) => l.text === '王京')).toBe(true);
    expect(pages[0]!.lines.some((l) => l.text === '王京')).toBe(false);
  });

  it('finds both pages of a low-resolution photo whose labels could not be read: the front by its title, the back by its values', () => {
    const valuesOnly = (lines: OcrLine[]) => lines.filter((l) => !/[号码类型所有人住址使用性质品牌车辆识别发动机注册发证档案核定整备外廓检验]{2}/.test(l.text));
    const frontLines = [piece('中华人民共和国机动车行驶证', 200, -120), ...valuesOnly(front(0, 0))];
    const backLines = valuesOnly(back(0, 0));
    const pages = findPages([region(frontLines, 0), region(backLines, 1100)], [vehicleLicenseExtractor], null);
    expect(pages.map((p) => p.side)).toEqual(['front', 'back']);
  });

  it('does not take a driving licence title or one stray mass for a page', () => {
    const cls = (lines: OcrLine[]) => Object.fromEntries([vehicleLicenseExtractor.classify(lines)].flat().map((c) => [c.side, c.score]));
    expect(cls([piece('中华人民共和国机动车驾驶证', 0, 0)]).front).toBe(0);
    expect(cls([piece('1750kg', 0, 0)]).back).toBeLessThan(0.4);
  });

  it('returns one page for a photo of one side', () => {
    const pages = findPages([region(front(0, 0), 0)], [vehicleLicenseExtractor], null);
    expect(pages).toHaveLength(1);
    expect(pages[0]!.side).toBe('front');
  });
});

describe('readInspection', () => {
  it('restores the printed form of a stamp whose bracket was lost', () => {
    expect(readInspection('检验有效期至2016年03月苏E苏州)')).toBe('检验有效期至2016年03月苏E(苏州)');
  });
  it('reads slashed zeros in the date and a misread head character', () => {
    expect(readInspection('检验有效期至2Ø15年Ø6月粤B(16)')).toBe('检验有效期至2015年06月粤B(16)');
    expect(readInspection('检验有効期至2015年06月粤B(16)')).toBe('检验有效期至2015年06月粤B(16)');
  });
  it('chooses the month among the engine\'s alternatives when the first reading is no month', () => {
    const chars = [...'检验有效期至2015年65月鲁L(11)'].map((ch, i) =>
      i === 11 ? { ch: '6', score: 0.6, alts: [{ ch: '6', p: 0.6 }, { ch: '0', p: 0.3 }] } : { ch, score: 0.95 },
    );
    expect(readInspection(chars)).toBe('检验有效期至2015年05月鲁L(11)');
    expect(readInspection('检验有效期至2015年65月鲁L(11)')).toBeNull();
  });
  it('finds nothing in text that is not a stamp', () => {
    expect(readInspection('北京市石景山区')).toBeNull();
  });
});
