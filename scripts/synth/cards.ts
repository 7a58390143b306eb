// Card layouts, modelled on the real documents (see ../shared/fixtures/real): title and English
// subtitle, labels with English sub-labels, values on dotted lines, seals, photos. Every position is
// jittered per card so nothing downstream can rely on one layout's exact pixels.
import type { Rng } from './prng';
import { Sheet, pickFonts } from './draw';
import { label, span, union, value, type Box } from './print';
import {
  driverRecord,
  driverValidity,
  firstIssue,
  idValidity,
  idAuthority,
  iso,
  LICENSE_CLASSES,
  pad,
  person,
  randomDate,
  trafficAuthority,
  type YMD,
} from './values';

export type SynthDocType = 'vehicle_license' | 'id_card' | 'driver_license' | 'e_driver_license';
export type SynthSide = 'front' | 'back';

export interface DrawnCard {
  sheet: Sheet;
  /** Ground truth under canonical keys, canonical formats. '' = printed empty or not legible by design. */
  fields: Record<string, string>;
  /** Notes on how a field was drawn (e.g. a round seal) for people reading a failure. */
  notes: string[];
  /** Where each field's value is printed (mm). Only layouts that record them can be cut off or covered. */
  boxes?: Record<string, Box>;
}

// ---------------- ID card ----------------

function idDate(t: YMD): string {
  return `${t.y}.${pad(t.m)}.${pad(t.d)}`;
}

export function idCard(rng: Rng, side: SynthSide): DrawnCard {
  const p = person(rng.fork('values'));
  const vr = rng.fork('values2');
  const f = pickFonts(rng.fork('fonts'));
  const r = rng.fork('layout');
  const s = new Sheet(85.6, 54, 1280);
  s.background(r, ['#eaf2f8', '#f6edf1', '#e6eff7'], 'rgba(120,160,200,0.16)');
  const j = () => r.float(-0.5, 0.5);
  const blue = r.pick(['#3b6fa6', '#2f6ea8', '#4479ad']);
  const ls = r.float(2.4, 2.7);
  const vs = r.float(3.0, 3.4);
  if (side === 'front') {
    const fields: Record<string, string> = {
      name: p.name,
      sex: p.male ? '男' : '女',
      ethnicity: p.ethnicity,
      birthDate: iso(p.birth),
      address: p.address,
      idNumber: p.idNumber,
    };
    const x = 6 + j();
    const xv = x + ls * 2 + 3.8;
    const yN = 10 + j();
    const boxes: Record<string, Box> = {};
    const lab = (t: string, lx: number, y: number) => s.text(t, lx, y, { size: ls, font: f.value, color: blue, spacing: ls * 0.6 });
    lab('姓名', x, yN);
    boxes.name = span(xv, s.text(p.name, xv, yN, { size: vs * 1.05, font: f.value, color: '#111' }), yN, vs * 1.05);
    const yS = yN + 6.5 + j() * 0.4;
    lab('性别', x, yS);
    boxes.sex = span(xv, s.text(fields.sex!, xv, yS, { size: vs, font: f.value, color: '#111' }), yS, vs);
    const xe = xv + 11 + j();
    lab('民族', xe, yS);
    const xev = xe + ls * 2 + 3.3;
    boxes.ethnicity = span(xev, s.text(p.ethnicity, xev, yS, { size: vs, font: f.value, color: '#111' }), yS, vs);
    const yB = yS + 6.5 + j() * 0.4;
    lab('出生', x, yB);
    let bx = s.text(String(p.birth.y), xv, yB, { size: vs, font: f.digits, color: '#111' });
    bx = s.text('年', bx + 1.4, yB, { size: ls, font: f.value, color: blue });
    bx = s.text(String(p.birth.m), bx + 1.4, yB, { size: vs, font: f.digits, color: '#111' });
    bx = s.text('月', bx + 1.4, yB, { size: ls, font: f.value, color: blue });
    bx = s.text(String(p.birth.d), bx + 1.4, yB, { size: vs, font: f.digits, color: '#111' });
    boxes.birthDate = span(xv, s.text('日', bx + 1.4, yB, { size: ls, font: f.value, color: blue }), yB, vs);
    const yA = yB + 6.5 + j() * 0.4;
    lab('住址', x, yA);
    // the address wraps at a fixed width, up to three lines
    const perLine = 11;
    const chars = [...p.address];
    const lines: Box[] = [];
    for (let i = 0, line = 0; i < chars.length && line < 3; i += perLine, line++) {
      const t = chars.slice(i, line === 2 ? undefined : i + perLine).join('');
      lines.push(value(s, f, t, xv, yA + line * (vs * 1.45), vs, 50 - xv + 4));
    }
    boxes.address = union(...lines);
    const yI = 47.5 + j() * 0.5;
    s.text('公民身份号码', x, yI, { size: ls, font: f.value, color: blue, spacing: ls * 0.15 });
    const xi = x + ls * 6.9 + 5;
    boxes.idNumber = span(xi, s.text(p.idNumber, xi, yI, { size: vs * 1.1, font: f.digits, color: '#111', spacing: 0.45 }), yI, vs * 1.1);
    s.photo(55 + j(), 6 + j(), 25, 32, r, false);
    s.roundCorners(3);
    return { sheet: s, fields, notes: [], boxes };
  }
  const { start: issue, end: until } = idValidity(vr, p.birth);
  const validPeriod = until ? `${iso(issue)}至${iso(until)}` : `${iso(issue)}至长期`;
  const fields: Record<string, string> = { issuingAuthority: idAuthority(p.district), validPeriod };
  s.emblem(13 + j(), 13 + j(), 7.5);
  s.text('中华人民共和国', 53 + j(), 14 + j(), { size: 4.6, font: f.value, bold: true, align: 'center', spacing: 1.3, color: '#222' });
  s.text('居民身份证', 53 + j(), 27 + j(), { size: 6.8, font: f.value, bold: true, align: 'center', spacing: 1.8, color: '#222' });
  const x = 16 + j();
  const xv = x + ls * 4 + 4;
  const y1 = 41.5 + j() * 0.5;
  s.text('签发机关', x, y1, { size: ls, font: f.value, color: '#222', spacing: 0.4 });
  const boxes: Record<string, Box> = { issuingAuthority: value(s, f, fields.issuingAuthority!, xv, y1, vs * 0.95, 82 - xv) };
  const y2 = y1 + 6.5;
  s.text('有效期限', x, y2, { size: ls, font: f.value, color: '#222', spacing: 0.4 });
  const printed = until ? `${idDate(issue)}-${idDate(until)}` : `${idDate(issue)}-长期`;
  boxes.validPeriod = value(s, f, printed, xv, y2, vs * 0.95, 82 - xv);
  s.roundCorners(3);
  return { sheet: s, fields, notes: [], boxes };
}

// ---------------- driving licence ----------------

export function driverLicense(rng: Rng, side: SynthSide): DrawnCard {
  const p = person(rng.fork('values'));
  const vr = rng.fork('values2');
  const f = pickFonts(rng.fork('fonts'));
  const r = rng.fork('layout');
  const s = new Sheet(88, 60, 1280);
  s.background(r, ['#e4f2e3', '#eef6e6', '#dcefdf'], 'rgba(90,150,100,0.16)');
  const j = () => r.float(-0.5, 0.5);
  const ls = r.float(2.3, 2.6);
  const vs = r.float(3.1, 3.5);
  const first = firstIssue(vr, p.birth);
  const validity = driverValidity(first);
  const start = validity.start;
  const end = validity.end ? iso(validity.end) : '长期';
  const authority = trafficAuthority(p.district);
  const fileNo = Array.from({ length: 12 }, () => String(vr.int(0, 9))).join('');
  const boxedLabel = (y: number) => {
    s.rect(24 + j() * 0.3, y - ls * 1.05, ls * 2 + 2.2, ls * 1.35, { fill: 'rgba(120,130,120,0.75)' });
    s.text('证号', 25, y - 0.15, { size: ls * 1.05, font: f.value, color: '#f4f4f4', bold: true, spacing: 0.3 });
  };
  if (side === 'front') {
    const fields: Record<string, string> = {
      licenseNo: p.idNumber,
      name: p.name,
      sex: p.male ? '男' : '女',
      nationality: '中国',
      address: p.address,
      birthDate: iso(p.birth),
      firstIssueDate: iso(first),
      licenseClass: vr.pick(LICENSE_CLASSES),
      validPeriod: `${iso(start)}至${end}`,
      issuingAuthority: authority,
    };
    s.text('中华人民共和国机动车驾驶证', 47 + j(), 7 + j() * 0.4, { size: r.float(3.6, 4.0), font: f.title, bold: true, align: 'center', spacing: 0.15 });
    s.text("Driving License of the People's Republic of China", 47 + j(), 10.1, { size: 1.95, font: f.english, align: 'center', color: '#333' });
    const yz = 14.6 + j() * 0.3;
    boxedLabel(yz);
    const boxes: Record<string, Box> = {};
    const xz = 24 + ls * 2 + 3.5;
    boxes.licenseNo = span(xz, s.text(p.idNumber, xz, yz, { size: vs, font: f.digits, italic: r.chance(0.5), color: '#151515' }), yz, vs);
    const x1 = 7 + j();
    const xv1 = x1 + ls * 2 + 4;
    const y1 = 21 + j() * 0.5;
    label(s, f, '姓名', 'Name', x1, y1, ls * 0.9);
    boxes.name = value(s, f, p.name, xv1, y1, vs, 20);
    s.dottedLine(xv1, 41, y1 + 1.2);
    const xs = 44 + j();
    label(s, f, '性别', 'Sex', xs, y1, ls * 0.9);
    boxes.sex = value(s, f, fields.sex!, xs + ls * 2 + 2, y1, vs, 8);
    const xn = 60 + j();
    label(s, f, '国籍', 'Nationality', xn, y1, ls * 0.9);
    boxes.nationality = value(s, f, '中国', xn + ls * 2 + 2.2, y1, vs, 14);
    const y2 = 27.5 + j() * 0.5;
    label(s, f, '住址', 'Address', x1, y2, ls * 0.9);
    const addr = [...p.address];
    const maxChars = Math.floor((85 - xv1) / vs);
    const lines = addr.length > maxChars ? [addr.slice(0, maxChars).join(''), addr.slice(maxChars).join('')] : [p.address];
    boxes.address = union(
      ...lines.map((t, i) => {
        const b = value(s, f, t, xv1, y2 + i * 4.3, vs, 85 - xv1);
        s.dottedLine(xv1, 86, y2 + i * 4.3 + 1.2);
        return b;
      }),
    );
    const sealRound = r.chance(0.3);
    if (sealRound) {
      s.roundSeal(authority, 16, 45, 8.5, f.value, r);
      fields.issuingAuthority = '';
    } else {
      const sx = 7 + j() * 0.4;
      const sy = 36 + j() * 0.4;
      s.boxedSeal(authority, sx, sy, 17.5, 17, f.value, r);
      boxes.issuingAuthority = { x: sx, y: sy, w: 17.5, h: 17 };
    }
    const photoX = 66 + j();
    s.photo(photoX, 33 + j(), 18.5, 22, r, true);
    const xl = 27 + j();
    const rowsY = [40, 46, 52].map((y) => y + j() * 0.4) as [number, number, number];
    label(s, f, '出生日期', 'Date of Birth', xl, rowsY[0], ls * 0.9);
    boxes.birthDate = value(s, f, fields.birthDate!, xl + ls * 3.6 + 1.5, rowsY[0], vs, photoX - xl - ls * 3.6 - 2.5);
    s.dottedLine(xl + ls * 3.6 + 1.5, photoX - 1, rowsY[0] + 1.2);
    label(s, f, '初次领证日期', 'Date of First Issue', xl, rowsY[1], ls * 0.9);
    boxes.firstIssueDate = value(s, f, fields.firstIssueDate!, xl + ls * 5.4 + 1.2, rowsY[1], vs, photoX - xl - ls * 5.4 - 2);
    s.dottedLine(xl + ls * 5.4 + 1.2, photoX - 1, rowsY[1] + 1.2);
    label(s, f, '准驾车型', 'Class', xl, rowsY[2], ls * 0.9);
    const cx = xl + ls * 3.6 + 1.5;
    s.rect(cx, rowsY[2] - vs * 1.05, photoX - cx - 3, vs * 1.4, { stroke: '#333', width: 0.2 });
    boxes.licenseClass = { x: cx, y: rowsY[2] - vs * 1.05, w: photoX - cx - 3, h: vs * 1.4 };
    s.text(fields.licenseClass!, cx + (photoX - cx - 3) / 2, rowsY[2], { size: vs, font: f.digits, align: 'center', spacing: 0.6 });
    const yv = 57.5 + j() * 0.3;
    const notes: string[] = sealRound ? ['round seal: issuingAuthority not legible, truth is empty'] : [];
    if (r.chance(0.3)) {
      // the other edition: a start date and a length ("6年", "10年", "长期")
      const length = end === '长期' ? '长期' : `${Number(end.slice(0, 4)) - start.y}年`;
      label(s, f, '有效起始日期', 'Valid From', x1, yv - 0.8, ls * 0.9);
      const xv = x1 + ls * 5.4 + 1.5;
      const from = value(s, f, iso(start), xv, yv - 0.8, vs, 40 - xv);
      label(s, f, '有效期限', 'Valid For', 42, yv - 0.8, ls * 0.9);
      boxes.validPeriod = union(from, value(s, f, length, 42 + ls * 3.6 + 2, yv - 0.8, vs, photoX - 42 - ls * 3.6 - 3));
      notes.push('validity printed as start date + length');
    } else {
      label(s, f, '有效期限', 'Valid Period', x1, yv - 0.8, ls * 0.9);
      const sep = r.chance(0.7) ? ' 至 ' : '至';
      boxes.validPeriod = value(s, f, `${iso(start)}${sep}${end}`, x1 + ls * 3.6 + 2, yv - 0.8, vs, photoX - x1 - ls * 3.6 - 3);
    }
    s.roundCorners(2.5);
    return { sheet: s, fields, notes, boxes };
  }
  const record = driverRecord(vr, first);
  const fields: Record<string, string> = { licenseNo: p.idNumber, name: p.name, fileNo, record };
  s.text('中华人民共和国机动车驾驶证副页', 44 + j(), 7.5 + j() * 0.4, { size: r.float(3.5, 3.9), font: f.title, bold: true, align: 'center', spacing: 0.1 });
  const yz = 14 + j() * 0.3;
  boxedLabel(yz);
  const boxes: Record<string, Box> = {};
  const xz = 24 + ls * 2 + 3.5;
  boxes.licenseNo = span(xz, s.text(p.idNumber, xz, yz, { size: vs, font: f.digits, italic: r.chance(0.5), color: '#151515' }), yz, vs);
  const x1 = 5 + j();
  const y1 = 20.5 + j() * 0.4;
  s.text('姓名', x1, y1, { size: ls * 0.85, font: f.label, color: '#222' });
  boxes.name = value(s, f, p.name, x1 + ls * 2 + 2.5, y1, vs * 1.05, 22);
  s.dottedLine(x1 + ls * 2, 44, y1 + 1.2);
  const xf = 47 + j();
  s.text('档案编号', xf, y1, { size: ls * 0.85, font: f.label, color: '#222' });
  boxes.fileNo = value(s, f, fileNo, xf + ls * 3.4 + 1.5, y1, vs, 85 - xf - ls * 3.4 - 1.5);
  s.dottedLine(xf + ls * 3.4 + 1, 86, y1 + 1.2);
  const y2 = 28.5 + j() * 0.4;
  s.text('记录', x1, y2, { size: ls * 0.85, font: f.label, color: '#222' });
  if (record) boxes.record = value(s, f, record, x1 + ls * 2 + 3.5, y2 - 1, vs * 0.95, 86 - x1 - ls * 2 - 4);
  for (const dy of [1.2, 8, 15, 22, 29]) s.dottedLine(x1 + ls * 2 + 1, 86, y2 + dy);
  s.roundCorners(2.5);
  return { sheet: s, fields, notes: [], boxes };
}

// ---------------- electronic driving licence (交管12123 screenshot) ----------------

const STATUSES = ['正常', '正常', '正常', '正常', '超分', '逾期未换证'];

export function eDriverLicense(rng: Rng, side: SynthSide): DrawnCard {
  const p = person(rng.fork('values'));
  const vr = rng.fork('values2');
  const f = pickFonts(rng.fork('fonts'));
  const r = rng.fork('layout');
  // a phone screenshot: 375 × 812 pt at 2×, drawn in "mm" = pt
  const s = new Sheet(375, 812, 750);
  const { ctx, k } = s;
  ctx.fillStyle = r.pick(['#f5f6f8', '#ffffff', '#eef1f5']);
  ctx.fillRect(0, 0, s.canvas.width, s.canvas.height);
  s.text(`${r.int(8, 22)}:${pad(r.int(0, 59))}`, 28, 30, { size: 15, font: f.digits, color: '#111', bold: true });
  s.text('电子驾驶证', 187, 78, { size: 18, font: f.value, color: '#111', bold: true, align: 'center' });
  const first = firstIssue(vr, p.birth);
  const validity = driverValidity(first);
  const start = validity.start;
  const end = validity.end ? iso(validity.end) : '长期';
  const stacked = r.chance(0.5); // label above value, or label left of value
  const card = (y0: number, h: number) => {
    const g = ctx.createLinearGradient(0, y0 * k, 0, (y0 + h) * k);
    g.addColorStop(0, r.pick(['#e3f1ff', '#e6f6ec', '#fff4e3']));
    g.addColorStop(1, '#ffffff');
    ctx.fillStyle = g;
    ctx.beginPath();
    ctx.roundRect(16 * k, y0 * k, 343 * k, h * k, 12 * k);
    ctx.fill();
  };
  const rowsOut: [string, string][] = [];
  let fields: Record<string, string>;
  if (side === 'front') {
    fields = {
      name: p.name,
      licenseNo: p.idNumber,
      sex: p.male ? '男' : '女',
      nationality: '中国',
      birthDate: iso(p.birth),
      licenseClass: vr.pick(LICENSE_CLASSES),
      firstIssueDate: iso(first),
      validPeriod: `${iso(start)}至${end}`,
      fileNo: Array.from({ length: 12 }, () => String(vr.int(0, 9))).join(''),
      points: `${vr.pick([0, 0, 0, 2, 3, 6])}分`,
      status: vr.pick(STATUSES),
    };
    card(100, stacked ? 600 : 470);
    s.text('中华人民共和国机动车驾驶证', 187, 132, { size: 15, font: f.title, bold: true, align: 'center', color: '#1d3d6b' });
    s.photo(262, 150, 80, 100, r, true);
    rowsOut.push(
      ['姓名', fields.name!], ['性别', fields.sex!], ['国籍', fields.nationality!], ['证号', fields.licenseNo!],
      ['出生日期', fields.birthDate!], ['初次领证日期', fields.firstIssueDate!], ['准驾车型', fields.licenseClass!],
      ['有效期限', `${iso(start)}至${end}`], ['档案编号', fields.fileNo!], ['累积记分', fields.points!], ['状态', fields.status!],
    );
  } else {
    const record = driverRecord(vr, first);
    fields = { address: p.address, issuingAuthority: trafficAuthority(p.district), record };
    card(100, 420);
    s.text('机动车驾驶证副页', 187, 132, { size: 15, font: f.title, bold: true, align: 'center', color: '#1d3d6b' });
    rowsOut.push(['住址', fields.address!], ['发证机关', fields.issuingAuthority!], ['记录', record || '无']);
    if (!record) fields.record = '无';
  }
  let y = 175;
  const labelW = 96;
  for (const [lab, val] of rowsOut) {
    const maxW = lab === '姓名' || lab === '性别' || lab === '国籍' || lab === '证号' ? 205 - (stacked ? 0 : labelW) : 320 - (stacked ? 0 : labelW);
    // long values wrap, as the app does
    const perLine = Math.max(4, Math.floor(maxW / 14.5));
    const chars = [...val];
    const lines: string[] = [];
    for (let i = 0; i < chars.length; i += /^[\x20-\x7e至-]+$/.test(val) ? 40 : perLine) lines.push(chars.slice(i, i + (/^[\x20-\x7e至-]+$/.test(val) ? 40 : perLine)).join(''));
    if (stacked) {
      s.text(lab, 32, y, { size: 12, font: f.value, color: '#8a8f99' });
      y += 20;
      for (const l of lines) {
        value(s, f, l, 32, y, 15, maxW, { color: '#111' });
        y += 21;
      }
      y += 10;
    } else {
      s.text(lab, 32, y, { size: 13, font: f.value, color: '#8a8f99' });
      for (const l of lines) {
        value(s, f, l, 32 + labelW, y, 15, maxW, { color: '#111' });
        y += 22;
      }
      y += 12;
    }
  }
  // footer: QR code block and an update time (a date that belongs to no field)
  const qy = Math.max(y + 20, 600);
  for (let i = 0; i < 21; i++) for (let jj = 0; jj < 21; jj++) if (r.chance(0.5)) s.rect(150 + i * 3.6, qy + jj * 3.6, 3.6, 3.6, { fill: '#111' });
  const upd = randomDate(r, 2024, 2025);
  s.text(`更新时间 ${iso(upd)} ${pad(r.int(0, 23))}:${pad(r.int(0, 59))}:${pad(r.int(0, 59))}`, 187, qy + 100, { size: 11, font: f.value, color: '#8a8f99', align: 'center' });
  return { sheet: s, fields, notes: [stacked ? 'labels above values' : 'labels left of values'] };
}
