// 机动车行驶证 (vehicle licence): the labels each page prints, where they sit on the card, and which
// page a set of lines is.
import type { OcrLine } from '../engine';
import { labelScore, type LabelSpec } from '../layout';
import type { CardTemplate } from '../template';
import type { Classification } from './index';

export const VEHICLE_LICENSE_FRONT_LABELS: readonly LabelSpec[] = [
  { key: 'plateNo', aliases: ['号牌号码'] },
  { key: 'vehicleType', aliases: ['车辆类型'] },
  { key: 'owner', aliases: ['所有人'], spaced: true },
  { key: 'address', aliases: ['住址'], multiline: true, spaced: true },
  { key: 'useCharacter', aliases: ['使用性质'] },
  { key: 'model', aliases: ['品牌型号'] },
  { key: 'vin', aliases: ['车辆识别代号', '车架号'] },
  { key: 'engineNo', aliases: ['发动机号码', '发动机号'] },
  { key: 'registerDate', aliases: ['注册日期', '注册登记日期'] },
  { key: 'issueDate', aliases: ['发证日期'] },
];

export const VEHICLE_LICENSE_BACK_LABELS: readonly LabelSpec[] = [
  { key: 'plateNo', aliases: ['号牌号码'] },
  { key: 'fileNo', aliases: ['档案编号'] },
  { key: 'approvedPassengers', aliases: ['核定载人数'] },
  { key: 'grossMass', aliases: ['总质量'], spaced: true },
  { key: 'curbMass', aliases: ['整备质量'] },
  { key: 'approvedLoad', aliases: ['核定载质量'] },
  { key: 'overallDimensions', aliases: ['外廓尺寸'] },
  { key: 'tractionMass', aliases: ['准牵引总质量'] },
  { key: 'remarks', aliases: ['备注'], multiline: true, spaced: true },
  { key: 'inspectionRecord', aliases: ['检验记录'] },
  { key: 'fuelType', aliases: ['燃油类型', '能源类型', '燃料类型'] },
];

// Where the labels sit on the card (measured on the tuning photos: every edition since 2008 prints the
// same grid). Units: 号牌号码 at (0, 0), the last label row at y = 1 (server/ocr/template.ts).
export const FRONT_TEMPLATE: CardTemplate = [
  { key: 'plateNo', x: 0, x1: 0.19, y: 0, n: 4 },
  { key: 'vehicleType', x: 0.848, x1: 1.037, y: 0, n: 4 },
  { key: 'owner', x: 0, x1: 0.19, y: 0.16, n: 3 },
  { key: 'address', x: 0, x1: 0.195, y: 0.332, n: 2 },
  { key: 'useCharacter', x: 0, x1: 0.193, y: 0.499, n: 4 },
  { key: 'model', x: 0.704, x1: 0.896, y: 0.499, n: 4 },
  { key: 'vin', x: 0.494, x1: 0.8, y: 0.681, n: 6 },
  { key: 'engineNo', x: 0.499, x1: 0.757, y: 0.84, n: 5 },
  { key: 'registerDate', x: 0.51, x1: 0.685, y: 1, n: 4 },
  { key: 'issueDate', x: 1.257, x1: 1.426, y: 1, n: 4 },
];
export const BACK_TEMPLATE: CardTemplate = [
  { key: 'plateNo', x: 0, x1: 0.189, y: 0, n: 4 },
  { key: 'fileNo', x: 0.877, x1: 1.05, y: 0, n: 4 },
  { key: 'approvedPassengers', x: 0.009, x1: 0.195, y: 0.164, n: 5 },
  { key: 'grossMass', x: 1.223, x1: 1.325, y: 0.164, n: 3 },
  { key: 'curbMass', x: 0.015, x1: 0.208, y: 0.329, n: 4 },
  { key: 'approvedLoad', x: 1.225, x1: 1.462, y: 0.329, n: 5 },
  { key: 'overallDimensions', x: 0.012, x1: 0.205, y: 0.496, n: 4 },
  { key: 'tractionMass', x: 1.239, x1: 1.477, y: 0.496, n: 6 },
  { key: 'remarks', x: 0.009, x1: 0.2, y: 0.657, n: 2 },
  { key: 'inspectionRecord', x: 0.017, x1: 0.212, y: 1, n: 4 },
];

// Labels that only one side prints (号牌号码 is on both).
const FRONT_ONLY = VEHICLE_LICENSE_FRONT_LABELS.filter((l) => l.key !== 'plateNo');
const BACK_ONLY = VEHICLE_LICENSE_BACK_LABELS.filter((l) => l.key !== 'plateNo' && l.key !== 'fuelType');

/** What only one page prints besides its labels, for a page whose labels are too small, masked or
 *  blurred to read (a low-resolution photo of both pages): the front's title (中华人民共和国机动车
 *  行驶证 — the driving licence's title says 驾驶证), the back's masses, outer dimensions, approved
 *  passengers and inspection stamp. Each is matched per line (a page split follows the lines). */
const FRONT_MARKS: readonly RegExp[] = [/行驶证|机动车行驶/];
const BACK_MARKS: readonly RegExp[] = [/\d{3,6}\s*[kK][gG]/, /\d{3,5}\s*[×xX*]\s*\d{3,5}/, /检验有效期|有效期至\d/, /(?:^|[^\d])\d{1,2}人$/];
/** The score the front's title alone gives: a page (pages.ts takes 0.4), as sure as half its labels. */
const TITLE_SCORE = 0.5;
/** The score each back mark gives: two of them make a page. */
const BACK_MARK_SCORE = 0.2;

function marks(lines: readonly OcrLine[], patterns: readonly RegExp[]): number {
  return patterns.filter((re) => lines.some((l) => re.test(l.text.replace(/\s/g, '')))).length;
}

/** Each side's score: the share of its own labels found, or what its markers show when that is more. */
export function classifyVehicleLicense(lines: readonly OcrLine[]): Classification[] {
  return [
    { side: 'front', score: Math.max(labelScore(lines, FRONT_ONLY), marks(lines, FRONT_MARKS) > 0 ? TITLE_SCORE : 0) },
    { side: 'back', score: Math.max(labelScore(lines, BACK_ONLY), Math.min(1, marks(lines, BACK_MARKS) * BACK_MARK_SCORE)) },
  ];
}
