// Where each value was picked (issue #12): the vehicle-licence extractor gives every value the quad of
// the piece, or the stretch of a piece, it read it from, in region pixels, on synthetic engine output
// (no model). A row read as one piece yields the value's stretch only, not its label's.
import { describe, expect, it } from 'vitest';
import { vehicleLicenseExtractor } from '../../server/ocr/extract/vehicle-license';
import { quadOfChars } from '../../server/ocr/locate';
import type { Quad } from '../../server/ocr/types';
import { linesContext, piece } from './lines';

const front = (deg = 0) => [
  piece('号牌号码京AA5599', 100, 80, { deg }),
  piece('车辆类型', 520, 82, { deg }),
  piece('小型轿车', 660, 80, { deg }),
  piece('所有人王京', 100, 150, { deg }),
  piece('住址北京市石景山区', 100, 220, { deg }),
  piece('使用性质非营运', 100, 290, { deg }),
  piece('品牌型号', 360, 290, { deg }),
  piece('讴歌牌GHA7150JAD5B', 500, 290, { deg }),
  piece('车辆识别代号', 240, 360, { deg }),
  piece('HHGHH555778802669', 440, 360, { deg }),
  piece('发动机号码', 240, 430, { deg }),
  piece('112244', 440, 430, { deg }),
  piece('注册日期2018-06-14', 240, 500, { deg }),
  piece('发证日期2018-06-20', 700, 500, { deg }),
  piece('北京市公', 20, 362, { red: 0.8, deg }),
  piece('安局公安', 20, 432, { red: 0.8, deg }),
  piece('交通管理局', 10, 502, { red: 0.8, deg }),
];

const xs = (q: Quad) => q.map((p) => p[0]);
const ys = (q: Quad) => q.map((p) => p[1]);

describe('value boxes set by the extractor', () => {
  it('gives a value read after its label on one piece the stretch of that piece it stands on', async () => {
    const x = await vehicleLicenseExtractor.extract(linesContext(front()), 'front');
    // "号牌号码京AA5599": 11 characters of 30 px from x = 100; the plate is characters 4 to 10
    const plate = x.values.plateNo?.box;
    expect(x.values.plateNo?.value).toBe('京AA5599');
    expect(plate).toBeDefined();
    expect(Math.min(...xs(plate!))).toBeCloseTo(100 + 4 * 30, 0);
    expect(Math.max(...xs(plate!))).toBeCloseTo(100 + 11 * 30, 0);
    expect(Math.min(...ys(plate!))).toBeCloseTo(80, 0);
    expect(Math.max(...ys(plate!))).toBeCloseTo(110, 0);
  });

  it('gives a value read as its own piece that piece’s quad, and each of two dates on one row its own', async () => {
    const lines = front();
    const x = await vehicleLicenseExtractor.extract(linesContext(lines), 'front');
    expect(x.values.vin?.box).toEqual(lines[9]!.box);
    expect(x.values.engineNo?.box).toEqual(lines[11]!.box);
    const register = x.values.registerDate!.box!;
    const issue = x.values.issueDate!.box!;
    expect(x.values.registerDate?.value).toBe('2018-06-14');
    expect(Math.min(...xs(register))).toBeGreaterThanOrEqual(240 + 4 * 30 - 1);
    expect(Math.max(...xs(register))).toBeLessThanOrEqual(700);
    expect(Math.min(...xs(issue))).toBeGreaterThanOrEqual(700 + 4 * 30 - 1);
  });

  it('gives the issuing authority the box around the seal lines it was read from', async () => {
    const x = await vehicleLicenseExtractor.extract(linesContext(front()), 'front');
    expect(x.values.issuingAuthority?.value).toBe('北京市公安局公安交通管理局');
    const b = x.values.issuingAuthority!.box!;
    expect(Math.min(...xs(b))).toBeCloseTo(10, 0);
    expect(Math.min(...ys(b))).toBeCloseTo(362, 0);
    expect(Math.max(...ys(b))).toBeCloseTo(532, 0);
  });

  it('on a turned card, the box turns with the text (a stretch of the turned piece, not an upright rectangle)', async () => {
    const lines = front(8);
    const x = await vehicleLicenseExtractor.extract(linesContext(lines), 'front');
    const plate = x.values.plateNo!.box!;
    const [tl, tr] = plate;
    // the top edge runs at the piece's angle
    expect((Math.atan2(tr[1] - tl[1], tr[0] - tl[0]) * 180) / Math.PI).toBeCloseTo(8, 1);
    // and starts where the plate starts along the piece: 4 of its 11 characters in
    const [ptl, ptr] = lines[0]!.box;
    expect(tl[0]).toBeCloseTo(ptl[0] + (4 / 11) * (ptr[0] - ptl[0]), 0);
    expect(tl[1]).toBeCloseTo(ptl[1] + (4 / 11) * (ptr[1] - ptl[1]), 0);
  });

  it('gives a value over two pieces the box around both, and none to text with no piece behind it', () => {
    const a = piece('北京市石景山区', 0, 0);
    const b = piece('八角街道', 0, 40);
    const chars = [a, b].flatMap((line) => [...line.text].map((ch, k) => ({ ch, src: { line, k } })));
    const q = quadOfChars('北京市石景山区八角街道', chars)!;
    expect(Math.min(...ys(q))).toBeCloseTo(0, 0);
    expect(Math.max(...ys(q))).toBeCloseTo(70, 0);
    expect(Math.max(...xs(q))).toBeCloseTo(7 * 30, 0);
    expect(quadOfChars('京AA5599', [...'京AA5599'].map((ch) => ({ ch })))).toBeUndefined();
  });
});
