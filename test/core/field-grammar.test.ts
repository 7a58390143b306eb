// Field grammars as doubt (issue #14): the length and shape each field must have on the card, checked
// in core for every provider's values (buildResult), so a wrong reading with a high confidence is
// still marked.
import { describe, expect, it } from 'vitest';
import { buildResult } from '../../core/result/build';
import { plausibleDimensions } from '../../core/validate/index';

const NOW = new Date('2026-06-01T00:00:00Z');
const back = (o: Record<string, string>, confidence = 0.99) =>
  buildResult({
    docType: 'vehicle_license', side: 'back', provider: 'local', now: NOW,
    values: Object.fromEntries(Object.entries({
      plateNo: '粤B12345', fileNo: '440300123456', approvedPassengers: '5人', grossMass: '2170kg', curbMass: '1750kg',
      approvedLoad: '--', overallDimensions: '5000×1858×1493mm', tractionMass: '--', inspectionRecord: '检验有效期至2027年06月粤B(16)',
      barcode: '8644658019963', ...o,
    }).map(([k, v]) => [k, { value: v, confidence }])),
  });
const codes = (f: { warnings: { code: string }[] } | undefined) => f?.warnings.map((w) => w.code) ?? [];

describe('field grammars', () => {
  it('a clean back page with every grammar met carries no warning and no doubt', () => {
    const r = back({});
    for (const [k, f] of Object.entries(r.fields)) {
      expect([k, codes(f)]).toEqual([k, []]);
      expect([k, f.doubtful]).toEqual([k, false]);
    }
  });

  it('a 证芯编号 of 14 or 12 digits is doubtful whatever its confidence; 13 digits is its length', () => {
    for (const barcode of ['87164614494774', '326177291755']) {
      const f = back({ barcode }).fields.barcode;
      expect(codes(f)).toEqual(['DIGITS_LENGTH']);
      expect(f?.warnings[0]?.message).toContain(`应为13位，识别到${barcode.length}位`);
      expect(f?.doubtful).toBe(true);
    }
  });

  it('a 档案编号 of other than 12 digits is doubtful, on the vehicle and the driving licence', () => {
    expect(codes(back({ fileNo: '5470060611076' }).fields.fileNo)).toEqual(['DIGITS_LENGTH']);
    const dl = buildResult({ docType: 'driver_license', side: 'back', provider: 'local', now: NOW, values: { fileNo: { value: '7727', confidence: 0.99 } } });
    expect(codes(dl.fields.fileNo)).toEqual(['DIGITS_LENGTH']);
    expect(dl.fields.fileNo?.doubtful).toBe(true);
  });

  it('外廓尺寸 must be a vehicle’s: length at least the width, each within the registered bounds', () => {
    expect(plausibleDimensions('4750×1820×1465mm')).toBe(true);
    expect(plausibleDimensions('1960×720×1080mm')).toBe(true); // a motorcycle
    expect(plausibleDimensions('13700×2550×3900mm')).toBe(true); // a coach
    expect(plausibleDimensions('18761×2545×3627mm')).toBe(false); // 1 read as 8: longer than any vehicle
    expect(plausibleDimensions('1820×4750×1465mm')).toBe(false); // width before length
    expect(plausibleDimensions('4750×1820×8465mm')).toBe(false);
    const f = back({ overallDimensions: '18761×2545×3627mm' }).fields.overallDimensions;
    expect(codes(f)).toEqual(['DIMENSIONS_IMPLAUSIBLE']);
    expect(f?.doubtful).toBe(true);
  });

  it('an inspection stamp read without the plate prefix of where it was inspected is doubtful', () => {
    const f = back({ inspectionRecord: '检验有效期至2019年03月' }).fields.inspectionRecord;
    expect(codes(f)).toEqual(['INSPECTION_FORMAT']);
    expect(f?.doubtful).toBe(true);
    expect(codes(back({ inspectionRecord: '检验有效期至2016年03月苏E(苏州)' }).fields.inspectionRecord)).toEqual([]);
    expect(codes(back({ inspectionRecord: '检验有效期至2018年07月鄂A' }).fields.inspectionRecord)).toEqual([]);
  });
});
