// The document registry: ids, sides, canonical keys of DESIGN.md, Juhe card types.
import { describe, expect, it } from 'vitest';
import { PROVIDER_NAMES } from '../../core/contracts/result';
import { DOCUMENTS, allFieldDefs, fieldDefs, findField, getDocument } from '../../core/documents/registry';
import { USE_CHARACTERS, VEHICLE_TYPES } from '../../core/documents/enums';
import { JUHE_CARD_TYPES, juheCardTypeFor } from '../../core/providers/index';

describe('document registry', () => {
  it('has the vehicle licence with the exact canonical keys of DESIGN.md, in display order', () => {
    expect(fieldDefs('vehicle_license', 'front').map((f) => f.key)).toEqual([
      'plateNo', 'vehicleType', 'owner', 'address', 'useCharacter', 'model', 'vin', 'engineNo', 'registerDate', 'issueDate', 'issuingAuthority',
    ]);
    expect(fieldDefs('vehicle_license', 'back').map((f) => f.key)).toEqual([
      'plateNo', 'fileNo', 'approvedPassengers', 'grossMass', 'curbMass', 'approvedLoad', 'overallDimensions', 'tractionMass', 'remarks',
      'inspectionRecord', 'fuelType', 'barcode',
    ]);
  });

  it('has the ID card and driving licence keys of DESIGN.md', () => {
    expect(fieldDefs('id_card', 'front').map((f) => f.key)).toEqual(['name', 'sex', 'ethnicity', 'birthDate', 'address', 'idNumber']);
    expect(fieldDefs('id_card', 'back').map((f) => f.key)).toEqual(['issuingAuthority', 'validPeriod']);
    expect(fieldDefs('driver_license', 'front').map((f) => f.key)).toEqual([
      'licenseNo', 'name', 'sex', 'nationality', 'address', 'birthDate', 'firstIssueDate', 'licenseClass', 'validPeriod', 'issuingAuthority',
    ]);
    expect(fieldDefs('driver_license', 'back').map((f) => f.key)).toEqual(['licenseNo', 'name', 'fileNo', 'record']);
  });

  it('lists every document DESIGN.md names', () => {
    for (const id of [
      'vehicle_license', 'e_vehicle_license', 'vehicle_registration_certificate', 'e_driver_license', 'driver_license', 'id_card',
      'business_license', 'bank_card', 'passport', 'plate', 'vin', 'household_register',
    ]) {
      expect(getDocument(id), id).toBeDefined();
    }
    expect(getDocument('e_driver_license')?.sides).toEqual(['front', 'back']);
  });

  it('maps every Juhe cardType to a registered document and side', () => {
    const documented = [1, 2, 3, 4, 5, 6, 7, 9, 10, 11, 12, 13, 14, 15, 16, 17, 22, 25, 26, 28, 29, 30, 31, 32, 33, 101, 102, 103, 104, 1000, 1001, 1002, 1003, 2008, 3038];
    expect(Object.keys(JUHE_CARD_TYPES).map(Number).sort((a, b) => a - b)).toEqual(documented);
    for (const [n, t] of Object.entries(JUHE_CARD_TYPES)) {
      const doc = getDocument(t.docType);
      expect(doc, `cardType ${n}`).toBeDefined();
      if (t.side) expect(doc?.sides, `cardType ${n}`).toContain(t.side);
      if (t.side === null) expect(doc?.sides, `cardType ${n}`).toEqual([]);
    }
  });

  it('tells the provider which cardType to ask for', () => {
    expect(juheCardTypeFor('vehicle_license', 'front')).toBe(6);
    expect(juheCardTypeFor('vehicle_license', 'back')).toBe(30);
    expect(juheCardTypeFor('vehicle_license', 'auto')).toBe(103);
    expect(juheCardTypeFor('id_card', 'front')).toBe(2);
    expect(juheCardTypeFor('id_card', 'back')).toBe(3);
    expect(juheCardTypeFor('driver_license', 'back')).toBe(28);
    expect(juheCardTypeFor('business_license')).toBe(2008);
    expect(juheCardTypeFor('e_vehicle_license')).toBe(3038);
    expect(juheCardTypeFor('plate')).toBeUndefined();
  });

  it('keeps every definition well-formed', () => {
    const ids = new Set<string>();
    for (const doc of DOCUMENTS) {
      expect(doc.id).toMatch(/^[a-z][a-z0-9_]*$/);
      expect(ids.has(doc.id)).toBe(false);
      ids.add(doc.id);
      expect(doc.name).toMatch(/[\u4e00-\u9fff]/);
      expect(doc.aspect).toBeGreaterThan(0);
      expect(doc.providers.length).toBeGreaterThan(0);
      if (doc.sides.length === 0) expect(Object.keys(doc.fields)).toEqual(['single']);
      else expect(Object.keys(doc.fields).sort()).toEqual([...doc.sides].sort());
      for (const f of allFieldDefs(doc.id)) {
        expect(f.key, doc.id).toMatch(/^[a-z][A-Za-z0-9]*$/);
        expect(f.label).toMatch(/[\u4e00-\u9fff]/);
        for (const p of f.providers) expect(PROVIDER_NAMES).toContain(p);
        if (f.format === 'enum') expect(f.options?.length, `${doc.id}.${f.key}`).toBeGreaterThan(0);
      }
      for (const side of [...doc.sides, 'single' as const]) {
        const keys = (doc.fields[side] ?? []).map((f) => f.key);
        expect(new Set(keys).size, `${doc.id} ${side}`).toBe(keys.length);
      }
    }
  });

  it('finds fields across sides and answers unknown documents with nothing', () => {
    expect(findField('vehicle_license', 'grossMass', 'front')?.label).toBe('总质量');
    expect(fieldDefs('nope', 'front')).toEqual([]);
    expect(getDocument('nope')).toBeUndefined();
    expect(fieldDefs('vehicle_license', null).length).toBe(22);
  });

  it('carries the enumerations of DESIGN.md', () => {
    for (const v of ['非营运', '营运', '公路客运', '公交客运', '出租客运', '旅游客运', '货运', '租赁', '警用', '消防', '救护', '工程救险', '营转非', '出租转非', '教练', '危化品运输', '预约出租客运', '预约出租转非']) {
      expect(USE_CHARACTERS).toContain(v);
    }
    expect(USE_CHARACTERS.some((v) => v.endsWith('校车'))).toBe(true);
    for (const v of ['小型普通客车', '小型轿车', '重型半挂牵引车', '轻型厢式货车', '重型集装箱半挂车']) expect(VEHICLE_TYPES).toContain(v);
  });
});
