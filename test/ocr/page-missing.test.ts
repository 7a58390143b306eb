// A photo of both pages that yields one page says so (issue #14): the signs of the other page are
// judged on the lines and regions the engine read, with no model here (test/ocr/lines.ts).
import { describe, expect, it } from 'vitest';
import { driverLicenseExtractor } from '../../server/ocr/extract/driver-license';
import { vehicleLicenseExtractor } from '../../server/ocr/extract/vehicle-license';
import { missingPageSign } from '../../server/ocr/page-missing';
import type { Page, ReadRegion } from '../../server/ocr/pages';
import type { Region } from '../../server/ocr/preprocess';
import { piece } from './lines';

const image = { data: new Uint8Array(3), width: 1, height: 1 };
const region = (x: number, y: number, width: number, height: number, boxCount: number): Region => ({ image, bounds: { x, y, width, height }, scale: 1, boxCount });

const front = [
  piece('中华人民共和国机动车行驶证', 100, 20),
  piece('号牌号码 京AA5599', 0, 80),
  piece('车辆类型 小型轿车', 500, 80),
  piece('所有人 张三', 0, 130),
  piece('使用性质 非营运', 0, 230),
  piece('品牌型号 大众汽车牌', 500, 230),
  piece('车辆识别代号 LSVAB2BR9JN123456', 200, 280),
  piece('注册日期 2018-07-06', 200, 380),
];
const back = [piece('档案编号 110105123456', 500, 20), piece('核定载人数 5人', 0, 80), piece('整备质量 1500kg', 0, 130), piece('外廓尺寸 4750×1820×1465mm', 0, 180)];

const frontRegion = region(0, 0, 900, 420, front.length);
const frontPage = (lines = front): Page => ({ region: frontRegion, lines, x: vehicleLicenseExtractor, side: 'front', score: 0.8 });

describe('a page missing from a photo of two pages', () => {
  it('is signalled when the other page’s labels are among the lines read', () => {
    const reads: ReadRegion[] = [{ region: frontRegion, lines: [...front, ...back] }];
    expect(missingPageSign([frontPage()], reads)).toEqual({ sign: 'other-labels', side: 'back' });
  });

  it('is signalled when a card’s worth of text lies apart from the page found, with a mark of the other page', () => {
    // the second page too blurred to be read as a page: one of its quantities still reads
    const blurred = [piece('整各质量1l65kg', 950, 130), piece('号牌码', 950, 20), piece('小一', 950, 80), piece('口口', 950, 180), piece('日', 950, 230), piece('检验', 950, 280)];
    const reads: ReadRegion[] = [{ region: frontRegion, lines: front }, { region: region(950, 0, 900, 420, 6), lines: blurred }];
    expect(missingPageSign([frontPage()], reads)).toEqual({ sign: 'other-region', side: 'back' });
  });

  it('is not signalled for a photo of one page, with a caption, a sleeve’s print or an app’s text beside it', () => {
    const caption = region(950, 0, 200, 40, 1);
    const app = region(0, 500, 900, 400, 8);
    const appLines = ['电子证照', '查看详情', '扫一扫', '我的', '设置', '帮助', '关于', '退出'].map((t, i) => piece(t, 0, 500 + 40 * i));
    const reads: ReadRegion[] = [{ region: frontRegion, lines: front }, { region: caption, lines: [piece('样本', 950, 0)] }, { region: app, lines: appLines }];
    expect(missingPageSign([frontPage()], reads)).toBeNull();
  });

  it('is not signalled by labels both sides print (a driving licence’s 证号 and 姓名)', () => {
    const lines = [piece('中华人民共和国机动车驾驶证', 100, 20), piece('证号 110101199003071234', 0, 80), piece('姓名 张三', 0, 130), piece('性别 男', 500, 130), piece('国籍 中国', 700, 130), piece('住址 北京市朝阳区', 0, 180), piece('出生日期 1990-03-07', 0, 230), piece('初次领证日期 2010-05-06', 0, 280), piece('准驾车型 C1', 0, 330), piece('有效期限 2016-05-06至2026-05-06', 0, 380)];
    const page: Page = { region: frontRegion, lines, x: driverLicenseExtractor, side: 'front', score: 0.9 };
    expect(missingPageSign([page], [{ region: frontRegion, lines }])).toBeNull();
  });

  it('is not signalled by the other page’s evidence on a single line', () => {
    const reads: ReadRegion[] = [{ region: frontRegion, lines: [...front, piece('核定载人数5人整备质量1500kg', 0, 420)] }];
    expect(missingPageSign([frontPage()], reads)).toBeNull();
  });

  it('is signalled by a second card-shaped region beside the page whose text could not be read at all', () => {
    // both pages photographed small: the back page's print is a blur the recogniser scores low
    const blur = ['A3424', '182N7524', '人', 'tacaueFo', 'TT', '850'].map((t, i) => piece(t, 950, 40 * i, { score: 0.35 }));
    const second = region(950, 0, 800, 400, 10);
    const reads: ReadRegion[] = [{ region: frontRegion, lines: front }, { region: second, lines: blur }];
    expect(missingPageSign([frontPage()], reads)).toEqual({ sign: 'other-card', side: 'back' });
    // the same card found but never read (more regions than the engine reads)
    expect(missingPageSign([frontPage()], [{ region: frontRegion, lines: front }], [frontRegion, second])).toEqual({ sign: 'other-card', side: 'back' });
  });

  it('is not signalled by a second region that is not a card: a banner, a much smaller label, or text read cleanly', () => {
    const banner = region(0, 500, 1800, 120, 8);
    const label = region(950, 0, 200, 130, 8);
    const clean = region(950, 0, 800, 400, 8);
    const cleanLines = ['电子证照', '查看详情', '扫一扫', '我的', '设置', '帮助'].map((t, i) => piece(t, 950, 40 * i));
    const reads: ReadRegion[] = [{ region: frontRegion, lines: front }, { region: clean, lines: cleanLines }];
    expect(missingPageSign([frontPage()], reads, [frontRegion, banner, label, clean])).toBeNull();
  });

  it('is not signalled when both pages were found, or for a one-sided document', () => {
    const backPage: Page = { region: region(950, 0, 900, 420, 4), lines: back, x: vehicleLicenseExtractor, side: 'back', score: 0.8 };
    const reads: ReadRegion[] = [{ region: frontRegion, lines: [...front, ...back] }];
    expect(missingPageSign([frontPage(), backPage], reads)).toBeNull();
    const oneSided = { ...vehicleLicenseExtractor, docType: 'business_license', sides: [] as const };
    expect(missingPageSign([{ ...frontPage(), x: oneSided, side: null }], reads)).toBeNull();
  });
});
