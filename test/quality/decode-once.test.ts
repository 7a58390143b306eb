// The photo checks on the server measure the pixels the intake decoded anyway (issue #14): the photo
// is decoded once per recognition. Real photos (test/fixtures/real) through the real intake and sharp.
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { buildResult } from '../../core/result/build';
import { prepareImage } from '../../server/intake/index';
import { addPhotoWarnings, measureDecoded, measurePhoto, MEASURE_LONG_SIDE } from '../../server/quality/index';
import { realFixture } from '../support/fixtures';

const result = () => buildResult({ docType: 'vehicle_license', side: 'front', provider: 'local', values: { plateNo: { value: '京AA5599', confidence: 0.99 } } });
const codes = (ws: { code: string }[]) => ws.map((w) => w.code).filter((c) => c.startsWith('PHOTO_')).sort();

describe('photo checks on the intake’s own decode', () => {
  it('an upright JPEG passed through: the pixels kept by the intake measure as a fresh decode of the photo', async () => {
    const { bytes } = realFixture('vehicle-licence-front-01');
    const jpeg = await sharp(bytes).jpeg({ quality: 90 }).toBuffer();
    const prepared = await prepareImage(jpeg, { maxBytes: 5 * 1024 * 1024, pixelsLongSide: MEASURE_LONG_SIDE });
    expect(prepared.bytes).toBe(jpeg); // passed through untouched
    expect(prepared.pixels).toBeDefined();
    const kept = measureDecoded(prepared.pixels!, prepared);
    const fresh = await measurePhoto(jpeg);
    expect(kept).toEqual(fresh);
  });

  it('a photo the intake re-encodes: the pixels come from that decode and judge the photo alike', async () => {
    const { bytes } = realFixture('vehicle-licence-front-01'); // a PNG: always re-encoded
    const prepared = await prepareImage(bytes, { maxBytes: 5 * 1024 * 1024, pixelsLongSide: MEASURE_LONG_SIDE });
    expect(prepared.mime).toBe('image/jpeg');
    const fromIntake = await addPhotoWarnings(result(), prepared);
    const decodedAgain = await addPhotoWarnings(result(), prepared.bytes);
    expect(codes(fromIntake.warnings)).toEqual(codes(decodedAgain.warnings));
  });

  it('with the pixels kept, the photo’s bytes are not decoded again', async () => {
    const { bytes } = realFixture('vehicle-licence-front-01');
    const prepared = await prepareImage(bytes, { maxBytes: 5 * 1024 * 1024, pixelsLongSide: MEASURE_LONG_SIDE });
    const expected = codes((await addPhotoWarnings(result(), prepared)).warnings);
    // bytes no decoder could read: the warnings still come, from the kept pixels
    const warned = await addPhotoWarnings(result(), { ...prepared, bytes: Buffer.from('not an image') });
    expect(codes(warned.warnings)).toEqual(expected);
    // and without kept pixels the same unreadable bytes give no photo warnings (nothing was measured)
    const { pixels: _dropped, ...bare } = prepared;
    expect(codes((await addPhotoWarnings(result(), { ...bare, bytes: Buffer.from('not an image') })).warnings)).toEqual([]);
  });

  it('without pixelsLongSide the intake keeps no pixels (other callers pay nothing)', async () => {
    const { bytes } = realFixture('vehicle-licence-front-01');
    const prepared = await prepareImage(bytes, { maxBytes: 5 * 1024 * 1024 });
    expect(prepared.pixels).toBeUndefined();
  });
});
