// core's cheap pixel checks (core/quality/pixels.ts) on images built pixel by pixel: each finding
// from the one property it is about, and none on an ordinary card-like picture.
import { describe, expect, it } from 'vitest';
import { judgePixels, measurePixels, THRESHOLDS, type Pixels } from '../../core/quality/pixels';
import { photo } from './support';

const judge = (px: Pixels, opts?: { authenticity?: boolean }) => judgePixels(measurePixels(px), opts);

describe('pixel checks shared by the phone, the console and the server', () => {
  it('an ordinary well-lit sharp card photo raises nothing', () => {
    expect(judge(photo())).toEqual([]);
  });

  it('too dark and too bright', () => {
    expect(judge(photo((_x, _y, [r, g, b]) => [r / 5, g / 5, b / 5]))).toContain('PHOTO_TOO_DARK');
    expect(judge(photo((_x, _y, [r, g, b]) => [Math.min(255, r + 200), Math.min(255, g + 200), Math.min(255, b + 190)]))).toContain('PHOTO_TOO_BRIGHT');
  });

  it('a bright patch over the print is glare; the same card without it is not', () => {
    const glare = photo((x, y, rgb) => ((x - 500) ** 2 + (y - 350) ** 2 < 80 ** 2 ? [250, 252, 250] : rgb));
    expect(judge(glare)).toContain('PHOTO_GLARE');
  });

  it('a blurred photo (3×3 box blur applied twelve times) is blurred', () => {
    const px = photo();
    const d = px.data as Uint8ClampedArray;
    for (let pass = 0; pass < 12; pass++) {
      const src = Uint8ClampedArray.from(d);
      for (let y = 1; y < px.height - 1; y++) {
        for (let x = 1; x < px.width - 1; x++) {
          for (let c = 0; c < 3; c++) {
            let s = 0;
            for (let dy = -1; dy <= 1; dy++) for (let dx = -1; dx <= 1; dx++) s += src[((y + dy) * px.width + x + dx) * 4 + c]!;
            d[(y * px.width + x) * 4 + c] = s / 9;
          }
        }
      }
    }
    expect(judge(px)).toContain('PHOTO_BLUR');
  });

  it('print running into the photo edge means the card is cut off', () => {
    const cut = photo((x, y, rgb) => (y < 40 && x % 20 < 14 && y % 30 < 6 ? [40, 45, 42] : y < 40 ? [200, 215, 200] : rgb));
    expect(judge(cut)).toContain('PHOTO_CUT_OFF');
  });

  it('a small photo is too small', () => {
    expect(judge(photo(undefined, 600, 450))).toContain('PHOTO_TOO_SMALL');
    expect(judge(photo(undefined, THRESHOLDS.minLongSide, 560))).not.toContain('PHOTO_TOO_SMALL');
  });

  it('a greyscale photo is a photocopy, not too bright; the phone leaves authenticity out', () => {
    const grey = photo((_x, _y, [r, g, b]) => {
      const v = Math.round(0.299 * r + 0.587 * g + 0.114 * b);
      return [v, v, v];
    });
    expect(judge(grey)).toEqual(['PHOTO_PHOTOCOPY']);
    expect(judge(grey, { authenticity: false })).toEqual([]);
  });

  it('an RGB subpixel grid with dark scanlines is a photo of a screen', () => {
    const screen = photo((x, y, [r, g, b]) => {
      const line = y % 3 === 2 ? 0.7 : 1;
      const sub = x % 3;
      return [r * line * (sub === 0 ? 1 : 0.7), g * line * (sub === 1 ? 1 : 0.7), b * line * (sub === 2 ? 1 : 0.7)];
    });
    expect(judge(screen)).toContain('PHOTO_SCREEN');
    expect(judge(screen)).not.toContain('PHOTO_GLARE');
  });
});
