// Synthetic photos for the pixel checks' tests (no photo file: every pixel is known).
import type { Pixels } from '../../core/quality/pixels';

/** A 1000×700 "card photo": dark background, a pale green card in the middle with lines of dark
 *  print; `paint` may change any pixel afterwards. */
export function photo(paint?: (x: number, y: number, rgb: [number, number, number]) => [number, number, number], w = 1000, h = 700): Pixels {
  const data = new Uint8ClampedArray(w * h * 4);
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const onCard = x > 120 && x < 880 && y > 110 && y < 590;
      // print: 6-px strokes in rows of 30 px, broken into 14-px "characters"
      const print = onCard && x > 160 && x < 840 && y % 30 < 6 && x % 20 < 14 && y > 140 && y < 560;
      let rgb: [number, number, number] = onCard ? (print ? [40, 45, 42] : [200, 215, 200]) : [60, 50, 45];
      if (paint) rgb = paint(x, y, rgb);
      const i = (y * w + x) * 4;
      data[i] = rgb[0];
      data[i + 1] = rgb[1];
      data[i + 2] = rgb[2];
      data[i + 3] = 255;
    }
  }
  return { width: w, height: h, channels: 4, data };
}
