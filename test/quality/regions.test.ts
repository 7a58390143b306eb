// Photo warnings that say where (issue #14): glare, a cover and a cut-off edge carry regions of the
// photo (0..1, like field boxes), and a field read under one is doubtful through core's one doubt rule.
import { describe, expect, it } from 'vitest';
import { FieldWarningSchema, RecognitionResultSchema, type FieldBox, type RecognitionResult } from '../../core/contracts/result';
import { RecordSchema } from '../../core/contracts/records';
import { CUT_STRIP, judgePixels, locateFindings, measurePixels, type Pixels } from '../../core/quality/pixels';
import { withPhotoWarnings } from '../../core/quality/result';
import { isDoubtful } from '../../core/result/doubt';
import { spoiledBy } from '../../core/result/spoiled';
import { warning } from '../../core/validate/warnings';
import { photo } from './support';

const inside = (b: FieldBox, x: number, y: number) => x >= b.x && x <= b.x + b.width && y >= b.y && y <= b.y + b.height;

/** A vehicle licence front as the offline engine returns it: every field with a box in rows down the card. */
function reading(over: Partial<Record<string, { value: string; box?: FieldBox }>> = {}): RecognitionResult {
  const keys = ['plateNo', 'vehicleType', 'owner', 'address', 'useCharacter', 'model', 'vin', 'engineNo', 'registerDate', 'issueDate'];
  const fields: RecognitionResult['fields'] = {};
  keys.forEach((k, i) => {
    const row = { value: `值${i}`, box: { x: 0.2, y: 0.2 + i * 0.06, width: 0.5, height: 0.03 } };
    const f = { ...row, ...over[k] };
    fields[k] = { value: f.value, warnings: f.value ? [] : [warning('REQUIRED_MISSING')], confidence: 0.97, ...(f.box ? { box: f.box } : {}) };
  });
  return RecognitionResultSchema.parse({ docType: 'vehicle_license', side: 'front', provider: 'local', fields, extra: {}, warnings: [] });
}

function judged(px: Pixels, result: RecognitionResult): RecognitionResult {
  const f = measurePixels(px);
  const findings = judgePixels(f);
  return withPhotoWarnings(result, findings, { regions: locateFindings(f, findings), cover: f.cover });
}

describe('where a photo warning lies', () => {
  it('glare carries the region of the bright patch, and only the field read under it turns doubtful', () => {
    // a reflection over the print around (500, 250): 0.5 × 0.357 of the photo
    const px = photo((x, y, rgb) => ((x - 500) ** 2 + (y - 250) ** 2 < 60 ** 2 ? [250, 252, 250] : rgb));
    const boxOf = (y: number): FieldBox => ({ x: 0.3, y, width: 0.4, height: 0.03 });
    const result = judged(px, reading({ vehicleType: { value: '小型轿车', box: boxOf(0.345) }, vin: { value: 'LSGPC54R0HF123456', box: boxOf(0.75) } }));
    const glare = result.warnings.find((w) => w.code === 'PHOTO_GLARE');
    expect(glare?.regions?.some((r) => inside(r, 0.5, 250 / 700))).toBe(true);
    expect(result.fields.vehicleType!.doubtful).toBe(true);
    expect(result.fields.vin!.doubtful).toBe(false);
  });

  it('a bright patch away from the text (white background beside the card) raises no glare', () => {
    const px = photo((x, y, rgb) => (x > 880 && y > 200 && y < 500 ? [252, 252, 252] : rgb));
    const result = judged(px, reading());
    expect(result.warnings.map((w) => w.code)).not.toContain('PHOTO_GLARE');
  });

  it('a card cut off at the top: the strip along that edge is the region, and a value read in it is doubtful', () => {
    const px = photo((x, y, rgb) => (y < 40 && x % 20 < 14 && y % 30 < 6 ? [40, 45, 42] : y < 40 ? [200, 215, 200] : rgb));
    const atTop: FieldBox = { x: 0.2, y: 0.01, width: 0.4, height: 0.03 };
    const result = judged(px, reading({ plateNo: { value: '粤B123', box: atTop } }));
    const cut = result.warnings.find((w) => w.code === 'PHOTO_CUT_OFF');
    expect(cut?.regions).toEqual([{ x: 0, y: 0, width: 1, height: CUT_STRIP }]);
    expect(result.fields.plateNo!.doubtful).toBe(true);
    expect(result.fields.owner!.doubtful).toBe(false);
  });

  it('fields missing under a flat patch unlike the paper (a finger) are PHOTO_COVERED with its region', () => {
    // a skin-coloured thumb over the rows around y 0.32–0.45 of the photo
    const px = photo((x, y, rgb) => (x > 400 && x < 470 && y > 110 && y < 320 ? [224, 176, 142] : rgb));
    const result = judged(px, reading({ owner: { value: '' }, address: { value: '' } }));
    const covered = result.warnings.find((w) => w.code === 'PHOTO_COVERED');
    expect(covered?.message).toContain('所有人');
    expect(covered?.regions?.some((r) => inside(r, 0.435, 0.3))).toBe(true);
  });

  it('fields missing without anything over the card are not called covered', () => {
    const result = judged(photo(), reading({ owner: { value: '' }, address: { value: '' } }));
    expect(result.warnings.map((w) => w.code)).not.toContain('PHOTO_COVERED');
  });

  it('without boxes (a cloud provider) the missing fields alone still raise PHOTO_COVERED, with no region', () => {
    const bare = reading({ owner: { value: '' } });
    for (const f of Object.values(bare.fields)) delete f.box;
    const result = withPhotoWarnings(bare, []);
    const covered = result.warnings.find((w) => w.code === 'PHOTO_COVERED');
    expect(covered).toBeDefined();
    expect(covered?.regions).toBeUndefined();
  });
});

describe('the doubt rule reads the regions', () => {
  const glare = { ...warning('PHOTO_GLARE'), regions: [{ x: 0.4, y: 0.4, width: 0.2, height: 0.2 }] };
  const field = (box?: FieldBox) => ({ value: '粤B12345', warnings: [], confidence: 0.99, ...(box ? { box } : {}) });

  it('a confident value under a region is doubtful; beside it, or without a box, it is not', () => {
    expect(isDoubtful(field({ x: 0.45, y: 0.45, width: 0.1, height: 0.03 }), [glare])).toBe(true);
    expect(isDoubtful(field({ x: 0.1, y: 0.1, width: 0.1, height: 0.03 }), [glare])).toBe(false);
    expect(isDoubtful(field(), [glare])).toBe(false);
  });

  it('a region that only brushes the edge of a value does not spoil it', () => {
    // 1 % of the box's width under the region
    expect(spoiledBy({ x: 0.2, y: 0.45, width: 0.205, height: 0.03 }, [glare])).toBeUndefined();
  });
});

describe('regions at the boundaries', () => {
  it('a warning with regions parses, and a region off the photo is refused', () => {
    expect(FieldWarningSchema.parse({ code: 'PHOTO_GLARE', message: 'x', regions: [{ x: 0.1, y: 0.1, width: 0.2, height: 0.2 }] }).regions).toHaveLength(1);
    expect(FieldWarningSchema.safeParse({ code: 'PHOTO_GLARE', message: 'x', regions: [{ x: 0.9, y: 0.1, width: 0.2, height: 0.2 }] }).success).toBe(false);
  });

  it('a stored record keeps the regions of its photo warnings', () => {
    const result = judged(
      photo((x, y, rgb) => ((x - 500) ** 2 + (y - 250) ** 2 < 60 ** 2 ? [250, 252, 250] : rgb)),
      reading(),
    );
    const now = new Date().toISOString();
    const record = RecordSchema.parse({
      _id: 'r1', _openid: 'u1', docType: 'vehicle_license', side: 'front', fileID: 'f', status: 'recognized', provider: 'local',
      attempts: [], raw: {}, recognized: result.fields, extra: {}, submitted: null, corrections: {}, warnings: result.warnings,
      error: null, timings: {}, delivery: 'none', createdAt: now, submittedAt: null, updatedAt: now,
    });
    expect(record.warnings.find((w) => w.code === 'PHOTO_GLARE')?.regions?.length).toBeGreaterThan(0);
  });
});

describe('too small is about the print, when the reading knows its size', () => {
  // a vehicle licence whose every line is `h` of the photo's height
  const lines = (h: number) => {
    const r = reading();
    for (const f of Object.values(r.fields)) if (f.box) f.box = { ...f.box, height: h };
    return r;
  };
  const codes = (r: RecognitionResult) => r.warnings.map((w) => w.code);

  it('a 600-px photo filled by the card (lines 30 px tall) is not too small; the same photo with 15-px lines is', () => {
    expect(codes(withPhotoWarnings(lines(30 / 450), ['PHOTO_TOO_SMALL'], { photoHeight: 450 }))).not.toContain('PHOTO_TOO_SMALL');
    expect(codes(withPhotoWarnings(lines(15 / 450), ['PHOTO_TOO_SMALL'], { photoHeight: 450 }))).toContain('PHOTO_TOO_SMALL');
  });

  it('without boxes or the photo size the pixel finding stands', () => {
    expect(codes(withPhotoWarnings(lines(30 / 450), ['PHOTO_TOO_SMALL']))).toContain('PHOTO_TOO_SMALL');
  });
});
