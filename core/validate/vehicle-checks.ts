// Cross-checks between a vehicle's fields that only a wrong reading breaks (issue #14): the VIN's
// model-year character against the register date, the VIN's manufacturer code against the brand, the
// approved passengers against the vehicle type, the approved load against the masses. Each adds a
// field warning; the doubt rule (core/result/doubt.ts) decides what a warning is worth.
import { add, val, type Fields } from './cross-field';
import { isValidVin } from './vin';
import { warning } from './warnings';


/** VIN position 10 (GB 16735 / ISO 3779): the model year, in a 30-year cycle from 1980 (A) / 2010 (A). */
const YEAR_CODES = 'ABCDEFGHJKLMNPRSTVWXY123456789';

/** The model years a VIN's 10th character may stand for (two cycles: 1980–2009 and 2010–2039). */
export function vinModelYears(vin: string): number[] {
  const i = YEAR_CODES.indexOf(vin[9] ?? '');
  return i < 0 ? [] : [1980 + i, 2010 + i];
}

/** A car is registered at the earliest one year before its model year (a model year starts in the
 *  previous autumn) and rarely more than a few years after it (stock, imports). */
const YEAR_BEFORE = 1;
const YEAR_AFTER = 4;

/** World manufacturer identifiers (VIN positions 1–3) of the makers most common on Chinese cards, with
 *  the brand names (as printed before 牌 in 品牌型号) each makes. Only a known WMI with a known
 *  brand of another maker is a conflict: a brand this table does not know says nothing. */
export const WMI_BRANDS: Readonly<Record<string, readonly string[]>> = {
  LSV: ['大众', '斯柯达'],
  LFV: ['大众', '奥迪', '捷达'],
  LVG: ['丰田'],
  LFM: ['丰田'],
  LTV: ['丰田'],
  LHG: ['本田', '讴歌', '理念'],
  LVH: ['本田', '讴歌', '思铭'],
  LSG: ['别克', '雪佛兰', '凯迪拉克'],
  L6T: ['吉利', '领克', '几何'],
  LB3: ['吉利', '领克'],
  LS5: ['长安'],
  LGW: ['长城', '哈弗', '魏', '坦克', '欧拉'],
  LBV: ['宝马', '华晨宝马'],
  LE4: ['奔驰', '梅赛德斯'],
  LGB: ['日产', '启辰'],
  LZW: ['五菱', '宝骏'],
  LGX: ['比亚迪'],
  LC0: ['比亚迪'],
  LRW: ['特斯拉'],
  LJ1: ['江淮', '蔚来'],
  LZY: ['宇通'],
  LA6: ['金龙'],
  LGA: ['东风'],
  LVB: ['福田'],
  LFW: ['解放'],
  LZZ: ['重汽', '豪沃', '汕德卡'],
  LVS: ['福特', '长安福特'],
  LDC: ['标致', '雪铁龙', '东风'],
  LBE: ['现代'],
  LJD: ['起亚'],
  LVV: ['奇瑞', '星途'],
  LSJ: ['荣威', '名爵', 'MG'],
};

const KNOWN_BRANDS: ReadonlyMap<string, ReadonlySet<string>> = (() => {
  const m = new Map<string, Set<string>>();
  for (const [wmi, brands] of Object.entries(WMI_BRANDS)) for (const b of brands) m.set(b, (m.get(b) ?? new Set()).add(wmi));
  return m;
})();

/** The brand printed in 品牌型号 ("别克牌SGM7247ATA" → 别克), when the table knows it. */
function brandOf(model: string): string | null {
  const m = /^([\u3400-\u9fffA-Z]+?)(?:汽车)?牌/u.exec(model);
  const name = m?.[1];
  if (!name) return null;
  if (KNOWN_BRANDS.has(name)) return name;
  for (const b of KNOWN_BRANDS.keys()) if (name.startsWith(b)) return b;
  return null;
}

/** Plausible approved passengers per vehicle type (GA 802: 大型 ≥ 20, 中型 10–19, 小型/微型 ≤ 9;
 *  trucks and tractors seat their crew: at most two rows). */
function passengerRange(vehicleType: string): readonly [number, number] | null {
  if (/客车|轿车|面包车|校车/u.test(vehicleType)) {
    if (vehicleType.startsWith('大型')) return [20, 120];
    if (vehicleType.startsWith('中型')) return [10, 19];
    if (vehicleType.startsWith('小型') || vehicleType.startsWith('微型')) return [1, 9];
    return null;
  }
  if (/牵引车/u.test(vehicleType)) return [1, 3];
  if (/货车/u.test(vehicleType)) return [1, 6];
  return null;
}

function kg(value: string): number | null {
  const m = /^(\d+(?:\.\d+)?)kg$/.exec(value);
  return m ? Number(m[1]) : null;
}

/** Runs the vehicle cross-checks on validated fields (one page, or both pages' fields merged by the
 *  caller), adding warnings in place. `now` bounds the issue date. */
export function crossCheckVehicle(fields: Fields, now: Date): void {
  const vin = val(fields, 'vin');
  const register = val(fields, 'registerDate');
  const issue = val(fields, 'issueDate');

  // registerDate ≤ issueDate ≤ today (the order is checked by crossCheck; today here too, for both).
  const today = now.toISOString().slice(0, 10);
  if (/^\d{4}-\d{2}-\d{2}$/.test(issue) && issue > today) add(fields, 'issueDate', warning('DATE_FUTURE'));

  // Only a VIN that passes its check digit is trusted to speak about other fields.
  if (/^[A-HJ-NPR-Z0-9]{17}$/.test(vin) && isValidVin(vin)) {
    const year = /^\d{4}/.test(register) ? Number(register.slice(0, 4)) : null;
    const years = vinModelYears(vin);
    if (year !== null && years.length > 0 && !years.some((y) => year >= y - YEAR_BEFORE && year <= y + YEAR_AFTER)) {
      const w = warning('VIN_MODEL_YEAR', `第10位表示${years.filter((y) => y <= now.getFullYear() + 1).join('或')}年款`);
      add(fields, 'vin', w);
      add(fields, 'registerDate', w);
    }
    const known = WMI_BRANDS[vin.slice(0, 3)];
    const brand = brandOf(val(fields, 'model'));
    if (known && brand && !known.includes(brand)) {
      const w = warning('VIN_BRAND_MISMATCH', `${vin.slice(0, 3)}不是${brand}的厂商代码`);
      add(fields, 'vin', w);
      add(fields, 'model', w);
    }
  }

  // Passengers plausible for the vehicle type.
  const type = val(fields, 'vehicleType');
  const people = /^(\d+)人$/u.exec(val(fields, 'approvedPassengers'));
  const range = type ? passengerRange(type) : null;
  if (people && range) {
    const n = Number(people[1]);
    if (n < range[0] || n > range[1]) {
      const w = warning('PASSENGERS_TYPE', `${type}一般为${range[0]}–${range[1]}人`);
      add(fields, 'approvedPassengers', w);
      add(fields, 'vehicleType', w);
    }
  }

  // Masses ordered: the approved load fits between the gross and the curb mass.
  const gross = kg(val(fields, 'grossMass'));
  const curb = kg(val(fields, 'curbMass'));
  const load = kg(val(fields, 'approvedLoad'));
  if (gross !== null && load !== null && load > gross) add(fields, 'approvedLoad', warning('LOAD_ORDER', '核定载质量大于总质量'));
  if (gross !== null && curb !== null && load !== null && gross >= curb && load > gross - curb + 1) {
    add(fields, 'approvedLoad', warning('LOAD_ORDER', '核定载质量大于总质量减整备质量'));
  }
}
