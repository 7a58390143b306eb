// Where a field was read (issue #14): the box a provider gives survives buildResult, the doubt marking,
// the result contract and the stored record's contract; a box off the photo is dropped, never clamped;
// the crop both clients draw is core's geometry.
import { describe, expect, it } from 'vitest';
import { RecordSchema } from '../../core/contracts/records';
import { RecognitionResultSchema } from '../../core/contracts/result';
import { boxOnPhoto, cropArea, cropFrame, cropWidth } from '../../core/result/box';
import { buildResult } from '../../core/result/build';

const BOX = { x: 0.42, y: 0.61, width: 0.4, height: 0.05 };

function built(box: { x: number; y: number; width: number; height: number }) {
  return buildResult({
    docType: 'vehicle_license',
    side: 'front',
    provider: 'local',
    values: { vin: { value: 'HHGHH555778802669', confidence: 0.97, box }, plateNo: { value: '京AA5599', confidence: 0.99 }, owner: { value: '', box } },
  });
}

describe('field boxes', () => {
  it('buildResult keeps a box on the photo beside the doubt flag; a field without one has none', () => {
    const r = built(BOX);
    expect(r.fields.vin?.box).toEqual(BOX);
    expect(r.fields.vin?.doubtful).toBe(true); // its check digit fails
    expect(r.fields.plateNo?.box).toBeUndefined();
    // an empty value has nothing to show
    expect(r.fields.owner?.box).toBeUndefined();
    expect(RecognitionResultSchema.parse(r).fields.vin?.box).toEqual(BOX);
  });

  it('a box off the photo or empty is dropped', () => {
    for (const bad of [
      { x: 0.8, y: 0.1, width: 0.3, height: 0.05 },
      { x: -0.1, y: 0.1, width: 0.3, height: 0.05 },
      { x: 0.1, y: 0.1, width: 0, height: 0.05 },
      { x: Number.NaN, y: 0.1, width: 0.1, height: 0.05 },
    ]) {
      expect(built(bad).fields.vin?.box, JSON.stringify(bad)).toBeUndefined();
      expect(boxOnPhoto(bad)).toBe(false);
    }
  });

  it('the contract refuses a box off the photo (a record or an answer is not trusted)', () => {
    const r = built(BOX);
    const bad = { ...r, fields: { ...r.fields, vin: { ...r.fields.vin!, box: { x: 0.9, y: 0, width: 0.5, height: 0.1 } } } };
    expect(RecognitionResultSchema.safeParse(bad).success).toBe(false);
  });

  it('the stored record keeps the box of each recognized field', () => {
    const r = built(BOX);
    const now = new Date().toISOString();
    const record = RecordSchema.parse({
      _id: 'r1',
      _openid: 'u1',
      docType: 'vehicle_license',
      side: 'front',
      fileID: 'f1',
      status: 'recognized',
      provider: 'local',
      attempts: [{ provider: 'local', ok: true, durationMs: 1 }],
      raw: {},
      recognized: r.fields,
      extra: {},
      submitted: null,
      corrections: {},
      warnings: [],
      error: null,
      timings: { totalMs: 1 },
      delivery: 'none',
      createdAt: now,
      submittedAt: null,
      updatedAt: now,
    });
    expect(record.recognized?.vin?.box).toEqual(BOX);
  });

  it('the crop: the box with a margin, kept on the photo, and the photo placed so the crop fills the frame', () => {
    const area = cropArea({ x: 0, y: 0.97, width: 0.5, height: 0.03 });
    expect(area.x).toBe(0);
    expect(area.y + area.height).toBeLessThanOrEqual(1);
    expect(area.y).toBeLessThan(0.97);
    const f = cropFrame({ x: 0.25, y: 0.5, width: 0.5, height: 0.1 }, 1000, 800, 200);
    // 500 photo px shown in 200 frame px: the photo drawn at 400×320, shifted by a quarter and a half
    expect(f).toEqual({ frameH: 32, imageW: 400, imageH: 320, left: -100, top: -160 });
    // a short value is not blown up past the zoom asked
    expect(cropWidth({ x: 0, y: 0, width: 0.05, height: 0.02 }, 1000, 220, 2)).toBe(100);
    expect(cropWidth({ x: 0, y: 0, width: 0.5, height: 0.02 }, 1000, 220, 2)).toBe(220);
  });
});
