// server/intake/jpeg.ts on real encoder output: what lets the `ocr` function check, orient and strip
// an upright JPEG without sharp.
import sharp from 'sharp';
import { beforeAll, describe, expect, it } from 'vitest';
import { isCompleteJpeg, jpegOrientation, stripJpegMetadata } from '../../server/intake/jpeg';
import { realFixturePath } from '../support/fixtures';

let photo: Buffer;
let withExif: Buffer;

beforeAll(async () => {
  photo = await sharp(realFixturePath('vehicle-licence-front-01.png')).resize(800).jpeg({ quality: 80 }).toBuffer();
  withExif = await sharp(photo).withExif({ IFD0: { Make: 'TestCam', Model: 'GPS phone', Copyright: 'private' } }).withMetadata({ orientation: 6 }).jpeg().toBuffer();
});

describe('JPEG segments without a decoder', () => {
  it('reads the EXIF orientation, 1 when there is none', async () => {
    expect(jpegOrientation(photo)).toBe(1);
    expect(jpegOrientation(withExif)).toBe(6);
    expect(jpegOrientation(withExif)).toBe((await sharp(withExif).metadata()).orientation);
  });

  it('strips EXIF losslessly: same pixels, no metadata left', async () => {
    const stripped = stripJpegMetadata(withExif)!;
    expect(stripped.length).toBeLessThan(withExif.length);
    expect(stripped.includes(Buffer.from('Exif\0\0', 'latin1'))).toBe(false);
    expect(stripped.includes(Buffer.from('TestCam', 'latin1'))).toBe(false);
    const meta = await sharp(stripped).metadata();
    expect(meta.exif).toBeUndefined();
    const [a, b] = await Promise.all([sharp(withExif).raw().toBuffer(), sharp(stripped).raw().toBuffer()]);
    expect(a.equals(b)).toBe(true);
  });

  it('tells a whole JPEG from a truncated one or one whose header is cut', () => {
    expect(isCompleteJpeg(photo)).toBe(true);
    expect(isCompleteJpeg(photo.subarray(0, Math.floor(photo.length * 0.7)))).toBe(false);
    expect(isCompleteJpeg(photo.subarray(0, 200))).toBe(false);
    expect(stripJpegMetadata(Buffer.from('not a jpeg'))).toBeNull();
  });
});
