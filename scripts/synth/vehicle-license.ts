// The vehicle licence (行驶证) main page and back page, modelled on the real cards in
// ../shared/fixtures/real: labels with English sub-labels on the front, Chinese labels only on the
// back, dash placeholders for empty masses, the inspection stamp in a box, a Code 128 barcode with its
// number printed under it as spaced digits between asterisks. Every value's box is recorded so a photo
// that cuts or covers part of the card knows which truths it hid.
import type { Rng } from './prng';
import { Sheet, pickFonts } from './draw';
import { drawCode128 } from './barcode';
import { label, value, type Box } from './print';
import { vehicle } from './values';
import type { DrawnCard, SynthSide } from './cards';

export interface VehicleLicenseOptions {
  /** Print zeros as Ø, as the real licence printers do (VIN, engine and file numbers, dates, masses). */
  slashedZero?: boolean;
}

/** How an empty mass is printed: real cards use an ASCII, an em or a CJK dash pair (truth is '--'). */
const DASHES = ['--', '——', '一一'] as const;

export function vehicleLicense(rng: Rng, side: SynthSide, o: VehicleLicenseOptions = {}): DrawnCard {
  const v = vehicle(rng.fork('values'));
  const f = pickFonts(rng.fork('fonts'));
  const r = rng.fork('layout');
  // print choices draw from their own stream so the layout of a seed does not move when they change
  const pr = rng.fork('print');
  const s = new Sheet(88, 60, 1280);
  const boxes: Record<string, Box> = {};
  const put = (key: string, text: string, x: number, y: number, size: number, maxWidth: number) => {
    boxes[key] = value(s, f, text, x, y, size, maxWidth, { slashedZero: o.slashedZero });
  };
  const tint = r.pick<[string, string, string]>([
    ['#eef3fb', '#f6eef4', '#e9f1f8'],
    ['#f3f6fb', '#fbf0f3', '#eef4f9'],
    ['#e8f0f8', '#f1f1f7', '#f8eef2'],
  ]);
  s.background(r, tint, 'rgba(200,160,190,0.18)');
  const j = () => r.float(-0.5, 0.5);
  const ls = r.float(2.3, 2.7); // label size (mm)
  const vs = r.float(3.0, 3.5); // value size (mm)
  const notes: string[] = o.slashedZero ? ['zeros printed slashed (Ø)'] : [];
  if (side === 'front') {
    const fields = { ...v.front };
    s.text('中华人民共和国机动车行驶证', 46 + j(), 8 + j() * 0.5, { size: r.float(3.8, 4.3), font: f.title, bold: true, align: 'center' });
    s.text("Vehicle License of the People's Republic of China", 46 + j(), 11.2, { size: 2.0, font: f.english, align: 'center', color: '#333' });
    const x1 = 3.5 + j();
    const xv1 = x1 + ls * 4 + 1.2;
    const x2 = 44 + j();
    const xv2 = x2 + ls * 4 + 1.2;
    const rows = [16.5, 23, 29.5, 36].map((y) => y + j() * 0.6);
    const [y1, y2, y3, y4] = rows as [number, number, number, number];
    label(s, f, '号牌号码', 'Plate No.', x1, y1, ls);
    put('plateNo', fields.plateNo!, xv1, y1, vs, x2 - xv1 - 1);
    s.dottedLine(xv1, x2 - 1, y1 + 1.2);
    label(s, f, '车辆类型', 'Vehicle Type', x2, y1, ls);
    put('vehicleType', fields.vehicleType!, xv2, y1, vs, 85 - xv2);
    s.dottedLine(xv2, 85, y1 + 1.2);
    label(s, f, '所有人', 'Owner', x1, y2, ls, ls / 2);
    put('owner', fields.owner!, xv1, y2, vs, 85 - xv1);
    s.dottedLine(xv1, 85, y2 + 1.2);
    label(s, f, '住　　址', 'Address', x1, y3, ls);
    put('address', fields.address!, xv1, y3, vs, 85 - xv1);
    s.dottedLine(xv1, 85, y3 + 1.2);
    const x4 = 34 + j();
    const xv4 = x4 + ls * 4 + 1.2;
    label(s, f, '使用性质', 'Use Character', x1, y4, ls);
    put('useCharacter', fields.useCharacter!, xv1, y4, vs, x4 - xv1 - 0.5);
    s.dottedLine(xv1, x4 - 0.5, y4 + 1.2);
    label(s, f, '品牌型号', 'Model', x4, y4, ls);
    put('model', fields.model!, xv4, y4, vs, 85 - xv4);
    s.dottedLine(xv4, 85, y4 + 1.2);
    // seal on the left; data rows to its right
    const sealKind = r.chance(0.7) ? 'boxed' : 'round';
    const sx = 3.5 + j() * 0.5;
    const sy = 39.5 + j() * 0.5;
    const xr = sx + 19;
    const xrv = xr + ls * 6 + 1.5;
    const rows2 = [43, 50, 56.5].map((y) => y + j() * 0.5);
    const [y5, y6, y7] = rows2 as [number, number, number];
    label(s, f, '车辆识别代号', 'VIN', xr, y5, ls);
    put('vin', fields.vin!, xrv, y5, vs, 85 - xrv);
    s.dottedLine(xrv, 85, y5 + 1.2);
    label(s, f, '发动机号码', 'Engine No.', xr, y6, ls);
    put('engineNo', fields.engineNo!, xr + ls * 5 + 1.5, y6, vs, 85 - xr - ls * 5);
    s.dottedLine(xr + ls * 5 + 1.5, 85, y6 + 1.2);
    const xd = xr + ls * 4 + 1;
    const x7 = 55 + j();
    label(s, f, '注册日期', 'Register Date', xr, y7, ls);
    put('registerDate', fields.registerDate!, xd, y7, vs, x7 - xd - 0.6);
    s.dottedLine(xd, x7 - 0.5, y7 + 1.2);
    label(s, f, '发证日期', 'Issue Date', x7, y7, ls);
    put('issueDate', fields.issueDate!, x7 + ls * 4 + 1, y7, vs, 86 - x7 - ls * 4 - 1);
    s.dottedLine(x7 + ls * 4 + 1, 86, y7 + 1.2);
    if (sealKind === 'boxed') {
      s.boxedSeal(fields.issuingAuthority!, sx, sy, 17.5, 18, f.value, r);
      boxes.issuingAuthority = { x: sx, y: sy, w: 17.5, h: 18 };
    } else {
      s.roundSeal(fields.issuingAuthority!, sx + 8.5, sy + 9, 8.5, f.value, r);
      notes.push('round seal: issuingAuthority not legible, truth is empty');
      fields.issuingAuthority = '';
    }
    s.roundCorners(2.5);
    return { sheet: s, fields, notes, boxes };
  }
  // back (副页): Chinese labels only, as on the real cards
  const fields = { ...v.back };
  const bl = ls * 0.92;
  const x1 = 3 + j();
  const xv1 = x1 + bl * 5 + 1;
  const x2 = 44 + j();
  const xv2 = x2 + bl * 6 + 1;
  const ys = [8, 15, 22, 29, 36].map((y) => y + j() * 0.6);
  const rowsDef: [string, string, string, string][] = [
    ['号牌号码', 'plateNo', '档案编号', 'fileNo'],
    ['核定载人数', 'approvedPassengers', '总 质 量', 'grossMass'],
    ['整备质量', 'curbMass', '核定载质量', 'approvedLoad'],
    ['外廓尺寸', 'overallDimensions', '准牵引总质量', 'tractionMass'],
  ];
  const dash = pr.pick(DASHES);
  const printed = (t: string) => (t === '--' ? dash : t);
  rowsDef.forEach(([l1, k1, l2, k2], i) => {
    const y = ys[i]!;
    s.text(l1, x1, y, { size: bl, font: f.label, color: '#222', spacing: l1.length < 5 ? (bl * 5 - bl * l1.length) / (l1.length - 1) : 0 });
    put(k1, printed(fields[k1]!), xv1, y, vs * 0.95, x2 - xv1 - 1);
    s.dottedLine(xv1, x2 - 1, y + 1.2);
    const l2t = l2.replace(/ /g, '');
    s.text(l2t, x2, y, { size: bl, font: f.label, color: '#222', spacing: l2t.length < 6 ? (bl * 6 - bl * l2t.length) / (l2t.length - 1) : 0 });
    put(k2, printed(fields[k2]!), xv2, y, vs * 0.95, 86 - xv2);
    s.dottedLine(xv2, 86, y + 1.2);
  });
  if (dash !== '--' && Object.values(fields).includes('--')) notes.push(`empty masses printed as ${dash}`);
  s.text('备注', x1, ys[4]!, { size: bl, font: f.label, color: '#222', spacing: bl * 3 });
  if (fields.remarks) put('remarks', fields.remarks, xv1, ys[4]!, vs * 0.95, 80 - xv1);
  s.dottedLine(xv1, 86, ys[4]! + 1.2);
  s.dottedLine(xv1, 86, ys[4]! + 6);
  const yi = 48 + j() * 0.5;
  s.text('检验记录', x1, yi, { size: bl, font: f.label, color: '#222', spacing: bl / 3 });
  const rec = fields.inspectionRecord!;
  // the stamp spaces the year and month apart on some cards: "检验有效期至2015 年06 月粤B(16)"
  const recPrinted = rec.replace(/(\d{4}年)(\d{2}月)/, r.chance(0.5) ? '$1$2' : '$1 $2 ');
  const bx = xv1 + 2;
  const bw = Math.min(58, s.measure(recPrinted, vs * 0.9, f.value) + 3);
  s.rect(bx, yi - vs * 0.95, bw, vs * 1.35, { stroke: '#333', width: 0.25 });
  put('inspectionRecord', recPrinted, bx + 1.2, yi, vs * 0.9, bw - 2);
  const barX = 42 + j();
  // the layout stream is not drawn from here on: the barcode once took random bars from it
  drawCode128(s, fields.barcode!, barX, 51.5, 40, 4.5);
  s.text(`*${fields.barcode}*`, barX + 20, 58.3, { size: 1.9, font: f.digits, align: 'center', spacing: 1.0 });
  boxes.barcode = { x: barX, y: 51.5, w: 40, h: 7.5 };
  s.roundCorners(2.5);
  return { sheet: s, fields, notes, boxes };
}
