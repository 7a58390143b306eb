// Realistic values for synthetic cards. These lists belong to the generator only: the extractors must
// never import them (the project is measured on cards with values outside any list).
import type { Rng } from './prng';

// ---------- places: a real administrative code per district, so ID numbers match addresses ----------

export interface District {
  code: string; // GB/T 2260
  province: string; // printed prefix, '' for municipalities (the city carries it)
  city: string;
  district: string;
  plate: string; // province abbreviation + authority letter
}

const D = (code: string, province: string, city: string, district: string, plate: string): District => ({
  code,
  province,
  city,
  district,
  plate,
});

export const DISTRICTS: readonly District[] = [
  D('110101', '', '北京市', '东城区', '京A'),
  D('110105', '', '北京市', '朝阳区', '京N'),
  D('110108', '', '北京市', '海淀区', '京Q'),
  D('110107', '', '北京市', '石景山区', '京F'),
  D('120101', '', '天津市', '和平区', '津A'),
  D('310104', '', '上海市', '徐汇区', '沪A'),
  D('310115', '', '上海市', '浦东新区', '沪D'),
  D('500103', '', '重庆市', '渝中区', '渝A'),
  D('130102', '河北省', '石家庄市', '长安区', '冀A'),
  D('130828', '河北省', '承德市', '围场满族蒙古族自治县', '冀H'),
  D('140105', '山西省', '太原市', '小店区', '晋A'),
  D('150102', '内蒙古自治区', '呼和浩特市', '新城区', '蒙A'),
  D('210102', '辽宁省', '沈阳市', '和平区', '辽A'),
  D('210204', '辽宁省', '大连市', '沙河口区', '辽B'),
  D('220102', '吉林省', '长春市', '南关区', '吉A'),
  D('230103', '黑龙江省', '哈尔滨市', '南岗区', '黑A'),
  D('320102', '江苏省', '南京市', '玄武区', '苏A'),
  D('320506', '江苏省', '苏州市', '吴中区', '苏E'),
  D('330106', '浙江省', '杭州市', '西湖区', '浙A'),
  D('330212', '浙江省', '宁波市', '鄞州区', '浙B'),
  D('340104', '安徽省', '合肥市', '蜀山区', '皖A'),
  D('350203', '福建省', '厦门市', '思明区', '闽D'),
  D('360102', '江西省', '南昌市', '东湖区', '赣A'),
  D('370102', '山东省', '济南市', '历下区', '鲁A'),
  D('370212', '山东省', '青岛市', '崂山区', '鲁B'),
  D('410105', '河南省', '郑州市', '金水区', '豫A'),
  D('420106', '湖北省', '武汉市', '武昌区', '鄂A'),
  D('420502', '湖北省', '宜昌市', '西陵区', '鄂E'),
  D('430105', '湖南省', '长沙市', '开福区', '湘A'),
  D('440106', '广东省', '广州市', '天河区', '粤A'),
  D('440305', '广东省', '深圳市', '南山区', '粤B'),
  D('440304', '广东省', '深圳市', '福田区', '粤B'),
  D('441900', '广东省', '东莞市', '', '粤S'),
  D('450103', '广西壮族自治区', '南宁市', '青秀区', '桂A'),
  D('460106', '海南省', '海口市', '龙华区', '琼A'),
  D('510107', '四川省', '成都市', '武侯区', '川A'),
  D('520102', '贵州省', '贵阳市', '南明区', '贵A'),
  D('530102', '云南省', '昆明市', '五华区', '云A'),
  D('540102', '西藏自治区', '拉萨市', '城关区', '藏A'),
  D('610113', '陕西省', '西安市', '雁塔区', '陕A'),
  D('620102', '甘肃省', '兰州市', '城关区', '甘A'),
  D('630102', '青海省', '西宁市', '城东区', '青A'),
  D('640104', '宁夏回族自治区', '银川市', '兴庆区', '宁A'),
  D('650102', '新疆维吾尔自治区', '乌鲁木齐市', '天山区', '新A'),
];

const STREETS = [
  '人民路', '中山路', '解放路', '建设大街', '科技园路', '长江路', '和平路', '新华街', '文化路', '金车路',
  '北大街', '南京东路', '胜利路', '幸福路', '朝阳路', '学府路', '滨江大道', '东风路', '黄河路', '迎宾大道',
  '光明街', '青年路', '工业大道', '振兴路', '团结路', '花园街', '西北旺东路', '财苑巷', '巡道街', '体育路',
];
const ESTATES = ['幸福小区', '阳光花园', '翠苑', '锦绣家园', '金色港湾', '丽景苑', '民安小区', '书香门第', '枫林苑'];
const TOWNS = ['城关镇', '新华镇', '东关镇', '石桥镇', '高桥乡', '河口镇'];
const VILLAGES = ['王家村', '李庄村', '前进村', '东沟村', '新河村', '三里屯村'];

export function addressOf(rng: Rng, d: District): string {
  const head = d.province + d.city + d.district;
  const kind = rng.int(0, 5);
  if (kind === 0) return `${head}${rng.pick(TOWNS)}${rng.pick(VILLAGES)}${rng.int(1, 12)}组${rng.int(1, 99)}号`;
  if (kind === 1) return `${head}${rng.pick(STREETS)}${rng.int(1, 399)}号${rng.pick(ESTATES)}${rng.int(1, 30)}栋${rng.int(101, 2605)}室`;
  if (kind === 2) return `${head}${rng.pick(STREETS)}${rng.int(1, 999)}号`;
  if (kind === 3) return `${head}${rng.pick(STREETS)}${rng.int(1, 120)}号${rng.int(1, 9)}单元${rng.int(1, 30)}0${rng.int(1, 4)}`;
  if (kind === 4) return `${head}${rng.pick(ESTATES)}${rng.int(1, 40)}号楼`;
  return `${head}${rng.pick(STREETS)}`;
}

// ---------- people ----------

const SURNAMES = [
  ...'王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤穆',
  '欧阳', '司马', '上官', '诸葛',
];
const GIVEN = [
  ...'伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超兰霞平刚桂华建国志海燕晓东红梅文博涵浩然宇轩欣怡思远雨萱俊嘉梓睿泽辰瑶琳鹏飞宏亮玉婷丹凯斌晨阳雪峰楠蓝寒',
];
export const ETHNICITIES = ['汉', '汉', '汉', '汉', '汉', '满', '回', '蒙古', '壮', '维吾尔', '藏', '苗', '彝', '土家', '朝鲜', '侗', '瑶', '白', '哈尼', '黎', '傣'];

export function personName(rng: Rng): string {
  const n = rng.chance(0.25) ? 1 : 2;
  let s = rng.pick(SURNAMES);
  for (let i = 0; i < n; i++) s += rng.pick(GIVEN);
  return s;
}

const COMPANY_KINDS = ['汽车租赁有限公司', '物流有限公司', '运输有限公司', '出租汽车有限公司', '科技有限公司', '客运有限公司'];
const COMPANY_WORDS = ['顺达', '通达', '鸿运', '恒信', '安吉', '华联', '长城', '万通', '新华', '宏远', '金桥'];

export function companyName(rng: Rng, d: District): string {
  return `${d.city}${rng.pick(COMPANY_WORDS)}${rng.pick(COMPANY_KINDS)}`;
}

// ---------- dates ----------

/** The generator's "today": documents are issued before it and valid after it, whatever the clock says,
 *  so the same seed gives the same card on every day. Tests validate against it. */
export const SYNTH_TODAY = '2026-06-01';
const TODAY = { y: 2026, m: 6, d: 1 };
const before = (a: { y: number; m: number; d: number }, b: { y: number; m: number; d: number }) =>
  a.y * 10000 + a.m * 100 + a.d < b.y * 10000 + b.m * 100 + b.d;

export interface YMD {
  y: number;
  m: number;
  d: number;
}

const pad = (n: number, w = 2) => String(n).padStart(w, '0');
export const iso = (t: YMD) => `${t.y}-${pad(t.m)}-${pad(t.d)}`;
const daysIn = (y: number, m: number) => new Date(Date.UTC(y, m, 0)).getUTCDate();

export function randomDate(rng: Rng, fromYear: number, toYear: number): YMD {
  const y = rng.int(fromYear, toYear);
  const m = rng.int(1, 12);
  return { y, m, d: rng.int(1, daysIn(y, m)) };
}

export function addDays(t: YMD, days: number): YMD {
  const dt = new Date(Date.UTC(t.y, t.m - 1, t.d + days));
  return { y: dt.getUTCFullYear(), m: dt.getUTCMonth() + 1, d: dt.getUTCDate() };
}

export function addYears(t: YMD, years: number): YMD {
  const y = t.y + years;
  return { y, m: t.m, d: Math.min(t.d, daysIn(y, t.m)) };
}

// ---------- citizen ID (GB 11643) ----------

const ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const ID_CHECK = '10X98765432';

export function idCheckChar(first17: string): string {
  let s = 0;
  for (let i = 0; i < 17; i++) s += Number(first17[i]) * (ID_WEIGHTS[i] as number);
  return ID_CHECK[s % 11] as string;
}

export function citizenId(rng: Rng, d: District, birth: YMD, male: boolean): string {
  let seq = rng.int(0, 99) * 10 + rng.int(0, 9);
  if ((seq % 2 === 1) !== male) seq = (seq + 1) % 1000;
  const body = `${d.code}${birth.y}${pad(birth.m)}${pad(birth.d)}${pad(seq, 3)}`;
  return body + idCheckChar(body);
}

// ---------- VIN (GB 16735 / ISO 3779) ----------

const VIN_CHARS = 'ABCDEFGHJKLMNPRSTUVWXYZ0123456789';
const VIN_VALUES: Record<string, number> = {
  A: 1, B: 2, C: 3, D: 4, E: 5, F: 6, G: 7, H: 8, J: 1, K: 2, L: 3, M: 4, N: 5, P: 7, R: 9,
  S: 2, T: 3, U: 4, V: 5, W: 6, X: 7, Y: 8, Z: 9,
};
const VIN_WEIGHTS = [8, 7, 6, 5, 4, 3, 2, 10, 0, 9, 8, 7, 6, 5, 4, 3, 2];
const YEAR_CODES = 'ABCDEFGHJKLMNPRSTVWXY123456789';

export function vinCheckChar(vin: string): string {
  let s = 0;
  for (let i = 0; i < 17; i++) {
    const c = vin[i] as string;
    const v = /\d/.test(c) ? Number(c) : (VIN_VALUES[c] ?? 0);
    s += v * (VIN_WEIGHTS[i] as number);
  }
  const r = s % 11;
  return r === 10 ? 'X' : String(r);
}

export function vin(rng: Rng, wmi: string, year: number): string {
  let v = wmi;
  for (let i = 0; i < 5; i++) v += rng.pick([...VIN_CHARS]);
  v += '0';
  v += YEAR_CODES[(year - 2010 + 30 * 10) % 30];
  v += rng.pick([...VIN_CHARS]);
  for (let i = 0; i < 6; i++) v += String(rng.int(0, 9));
  return v.slice(0, 8) + vinCheckChar(v) + v.slice(9);
}

// ---------- plates ----------

const PLATE_LETTERS = 'ABCDEFGHJKLMNPQRSTUVWXYZ';
const DIGITS = '0123456789';

export function plate(rng: Rng, prefix: string, newEnergy: boolean, large: boolean): string {
  // (trailer 挂 plates have their own 4-character format and are not generated)
  if (newEnergy) {
    // GA 36-2018: small NEV D/F + letter-or-digit + 4 digits; large NEV 5 digits + D/F.
    const df = rng.pick(['D', 'F']);
    if (large) return prefix + Array.from({ length: 5 }, () => rng.pick([...DIGITS])).join('') + df;
    const second = rng.chance(0.4) ? rng.pick([...PLATE_LETTERS]) : rng.pick([...DIGITS]);
    return prefix + df + second + Array.from({ length: 4 }, () => rng.pick([...DIGITS])).join('');
  }
  // Ordinary plates: 5 chars, at most two letters.
  const chars = Array.from({ length: 5 }, () => rng.pick([...DIGITS]));
  const letters = rng.int(0, 2);
  for (let i = 0; i < letters; i++) chars[rng.int(0, 4)] = rng.pick([...PLATE_LETTERS]);
  return prefix + chars.join('');
}

// ---------- vehicles ----------

export interface VehicleSpec {
  kind: 'car' | 'bus' | 'truck' | 'tractor';
  brand: string;
  codePrefix: string;
  wmi: string;
  nev: boolean;
}

const VEHICLES: readonly VehicleSpec[] = [
  { kind: 'car', brand: '大众汽车牌', codePrefix: 'SVW7', wmi: 'LSV', nev: false },
  { kind: 'car', brand: '大众汽车牌', codePrefix: 'FV7', wmi: 'LFV', nev: false },
  { kind: 'car', brand: '丰田牌', codePrefix: 'GTM7', wmi: 'LVG', nev: false },
  { kind: 'car', brand: '本田牌', codePrefix: 'HG7', wmi: 'LHG', nev: false },
  { kind: 'car', brand: '别克牌', codePrefix: 'SGM7', wmi: 'LSG', nev: false },
  { kind: 'car', brand: '吉利牌', codePrefix: 'MR7', wmi: 'L6T', nev: false },
  { kind: 'car', brand: '长安牌', codePrefix: 'SC7', wmi: 'LS5', nev: false },
  { kind: 'car', brand: '哈弗牌', codePrefix: 'CC6', wmi: 'LGW', nev: false },
  { kind: 'car', brand: '宝马牌', codePrefix: 'BMW7', wmi: 'LBV', nev: false },
  { kind: 'car', brand: '奔驰牌', codePrefix: 'BJ7', wmi: 'LE4', nev: false },
  { kind: 'car', brand: '日产牌', codePrefix: 'DFL7', wmi: 'LGB', nev: false },
  { kind: 'car', brand: '讴歌牌', codePrefix: 'GHA7', wmi: 'LVH', nev: false },
  { kind: 'car', brand: '五菱牌', codePrefix: 'LZW6', wmi: 'LZW', nev: false },
  { kind: 'car', brand: '比亚迪牌', codePrefix: 'BYD7', wmi: 'LGX', nev: true },
  { kind: 'car', brand: '特斯拉牌', codePrefix: 'TSL7', wmi: 'LRW', nev: true },
  { kind: 'car', brand: '蔚来牌', codePrefix: 'HFC7', wmi: 'LJ1', nev: true },
  { kind: 'bus', brand: '宇通牌', codePrefix: 'ZK6', wmi: 'LZY', nev: false },
  { kind: 'bus', brand: '金龙牌', codePrefix: 'XMQ6', wmi: 'LA6', nev: false },
  { kind: 'truck', brand: '东风牌', codePrefix: 'DFH5', wmi: 'LGA', nev: false },
  { kind: 'truck', brand: '福田牌', codePrefix: 'BJ5', wmi: 'LVB', nev: false },
  { kind: 'tractor', brand: '解放牌', codePrefix: 'CA4', wmi: 'LFW', nev: false },
  { kind: 'tractor', brand: '重汽牌', codePrefix: 'ZZ4', wmi: 'LZZ', nev: false },
];

const TYPES: Record<VehicleSpec['kind'], readonly string[]> = {
  car: ['小型轿车', '小型轿车', '小型普通客车', '小型越野客车', '微型轿车', '小型专用客车'],
  bus: ['大型普通客车', '中型普通客车', '大型专用校车', '中型卧铺客车'],
  truck: ['重型厢式货车', '轻型普通货车', '中型仓栅式货车', '重型自卸货车', '轻型封闭货车'],
  tractor: ['重型半挂牵引车', '中型半挂牵引车'],
};
const USES: Record<VehicleSpec['kind'], readonly string[]> = {
  car: ['非营运', '非营运', '非营运', '租赁', '出租客运', '预约出租客运', '营转非', '警用', '教练', '预约出租转非'],
  bus: ['公路客运', '公交客运', '旅游客运', '幼儿校车', '小学生校车', '非营运'],
  truck: ['货运', '货运', '非营运', '危化品运输', '工程救险', '消防'],
  tractor: ['货运', '危化品运输'],
};

export interface Vehicle {
  front: Record<string, string>;
  back: Record<string, string>;
  district: District;
}

function engineNo(rng: Rng): string {
  const len = rng.int(6, 10);
  let s = '';
  for (let i = 0; i < len; i++) s += rng.chance(0.7) ? rng.pick([...DIGITS]) : rng.pick([...PLATE_LETTERS]);
  return s;
}

function modelCode(rng: Rng, spec: VehicleSpec): string {
  let s = spec.codePrefix;
  while (s.length < 7) s += String(rng.int(0, 9));
  const tail = rng.int(0, 4);
  for (let i = 0; i < tail; i++) s += rng.chance(0.6) ? rng.pick([...'ABCDEFGHJKLMNPRSTVWXYZ']) : String(rng.int(0, 9));
  if (spec.nev && rng.chance(0.5)) s += rng.pick(['BEV', 'ST', 'EV']);
  return s;
}

/** Who issues vehicle and driving licences: 支队 for provincial cities, 管理局 for municipalities. */
export function trafficAuthority(d: District): string {
  if (!d.province) return `${d.city}公安局公安交通管理局`;
  return `${d.province}${d.city}公安局交通警察支队`;
}

export function vehicle(rng: Rng): Vehicle {
  const spec = rng.pick(VEHICLES);
  const dist = rng.pick(DISTRICTS);
  const regDate = randomDate(rng, 2008, TODAY.y - 1);
  const later = addDays(regDate, rng.int(0, 400));
  const issue = rng.chance(0.6) || before(TODAY, later) ? regDate : later;
  const large = spec.kind !== 'car';
  const nev = spec.nev || (spec.kind === 'bus' && rng.chance(0.3));
  const plateNo = plate(rng, dist.plate, nev && regDate.y >= 2017, large);
  const owner = rng.chance(0.75) ? personName(rng) : companyName(rng, dist);
  const vehicleType = rng.pick(TYPES[spec.kind]);
  const front: Record<string, string> = {
    plateNo,
    vehicleType,
    owner,
    address: addressOf(rng, dist),
    useCharacter: rng.pick(USES[spec.kind]),
    model: spec.brand + modelCode(rng, spec),
    vin: vin(rng, spec.wmi, regDate.y),
    engineNo: engineNo(rng),
    registerDate: iso(regDate),
    issueDate: iso(issue),
    issuingAuthority: trafficAuthority(dist),
  };
  let passengers: number, curb: number, gross: number, load: string, traction: string, dims: string;
  if (spec.kind === 'car') {
    passengers = rng.pick([5, 5, 5, 7, 4, 2]);
    curb = rng.int(900, 2400);
    gross = curb + passengers * 75 + rng.int(0, 120);
    load = '--';
    traction = '--';
    dims = `${rng.int(3600, 5200)}×${rng.int(1550, 1990)}×${rng.int(1380, 1900)}mm`;
  } else if (spec.kind === 'bus') {
    passengers = rng.int(19, 56);
    curb = rng.int(5000, 13000);
    gross = curb + passengers * 65 + rng.int(0, 800);
    load = '--';
    traction = '--';
    dims = `${rng.int(7000, 12000)}×${rng.int(2200, 2550)}×${rng.int(2800, 3800)}mm`;
  } else if (spec.kind === 'truck') {
    passengers = rng.pick([2, 3, 3, 6]);
    curb = rng.int(2000, 12000);
    const l = rng.int(800, 18000);
    gross = curb + l + passengers * 65;
    load = `${l}kg`;
    traction = '--';
    dims = `${rng.int(5000, 11990)}×${rng.int(1800, 2550)}×${rng.int(2200, 4000)}mm`;
  } else {
    passengers = 2;
    curb = rng.int(7500, 9800);
    gross = curb + rng.int(0, 300);
    load = '--';
    traction = `${rng.int(35000, 40000)}kg`;
    dims = `${rng.int(6000, 7200)}×${rng.int(2490, 2550)}×${rng.int(3000, 3900)}mm`;
  }
  const inspYear = Math.min(regDate.y + rng.int(2, 6), 2030);
  const back: Record<string, string> = {
    plateNo,
    fileNo: Array.from({ length: 12 }, () => String(rng.int(0, 9))).join(''),
    approvedPassengers: `${passengers}人`,
    grossMass: `${gross}kg`,
    curbMass: `${curb}kg`,
    approvedLoad: load,
    overallDimensions: dims,
    tractionMass: traction,
    remarks: '',
    inspectionRecord: `检验有效期至${inspYear}年${pad(regDate.m)}月${dist.plate}`,
    barcode: Array.from({ length: 13 }, () => String(rng.int(0, 9))).join(''),
  };
  // the inspection stamp ends in the station's number or city, as on the real backs: 粤B(16), 苏E(苏州)
  const stamp = rng.fork('stamp');
  if (stamp.chance(0.7)) back.inspectionRecord += stamp.chance(0.7) ? `(${pad(stamp.int(1, 40))})` : `(${dist.city.replace(/市$/, '')})`;
  // fuelType is printed only on some newer backs: these cards follow the older back, which has none.
  return { front, back, district: dist };
}

// ---------- people with documents ----------

export interface Person {
  name: string;
  male: boolean;
  ethnicity: string;
  birth: YMD;
  district: District;
  address: string;
  idNumber: string;
}

export function person(rng: Rng): Person {
  const district = rng.pick(DISTRICTS);
  const birth = randomDate(rng, 1950, TODAY.y - 19);
  const male = rng.chance(0.5);
  return {
    name: personName(rng),
    male,
    ethnicity: rng.pick(ETHNICITIES),
    birth,
    district,
    address: addressOf(rng, district),
    idNumber: citizenId(rng, district, birth, male),
  };
}

/** The public security bureau that issues ID cards for a district. */
export function idAuthority(d: District): string {
  if (!d.district) return `${d.city}公安局`;
  if (d.district.endsWith('县')) return `${d.district}公安局`;
  return `${d.city}公安局${d.district.replace(/区$/, '')}分局`;
}

export const LICENSE_CLASSES = ['C1', 'C1', 'C1', 'C2', 'C1E', 'B1', 'B2', 'A1', 'A2', 'C1D', 'A1A2', 'B2E', 'D'];

export function driverRecord(rng: Rng, firstIssue: YMD): string {
  const p = addYears(firstIssue, 1);
  const t = `${p.y}年${pad(p.m)}月${pad(p.d)}日`;
  const k = rng.int(0, 3);
  if (k === 0) return `实习期至${t}`;
  if (k === 1) return `自${firstIssue.y}年${pad(firstIssue.m)}月${pad(firstIssue.d)}日至有效起始日期有效。`;
  if (k === 2) return `${firstIssue.y}年${pad(firstIssue.m)}月${pad(firstIssue.d)}日增驾${rng.pick(['A2', 'B2', 'A1'])}实习期至${t}`;
  return '';
}

export { pad };

/** A driving licence's current validity window: 6 years from first issue, then 10, then long-term. */
export function driverValidity(first: YMD): { start: YMD; end: YMD | null } {
  if (before(TODAY, addYears(first, 6))) return { start: first, end: addYears(first, 6) };
  if (before(TODAY, addYears(first, 16))) return { start: addYears(first, 6), end: addYears(first, 16) };
  return { start: addYears(first, 16), end: null };
}

/** First issue of a driving licence: at 18 or later, at least a year before today. */
export function firstIssue(rng: Rng, birth: YMD): YMD {
  const from = Math.max(1990, birth.y + 18);
  return randomDate(rng, from, Math.max(from, TODAY.y - 1));
}

/** An ID card's current validity by age at issue (GB: <16 → 5 y, 16–25 → 10 y, 26–45 → 20 y, else long-term). */
export function idValidity(rng: Rng, birth: YMD): { start: YMD; end: YMD | null } {
  for (let tries = 0; tries < 50; tries++) {
    const start = randomDate(rng, TODAY.y - 20, TODAY.y - 1);
    const age = start.y - birth.y;
    if (age < 16) continue;
    const years = age <= 25 ? 10 : age <= 45 ? 20 : 0;
    const end = years ? addYears(start, years) : null;
    if (!end || before(TODAY, end)) return { start, end };
  }
  const start = addYears(birth, 46);
  return { start, end: null };
}
