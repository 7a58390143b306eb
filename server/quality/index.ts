// Photo quality and authenticity on the server (issue #14), for every provider: the photo is decoded
// once at a bounded size and measured by core's pixel checks — the same ones the phone and the web
// console run before upload — so the three never disagree about what a blurred photo is.
import type { DecodedPixels, PreparedImage } from '../intake/index';
import { loadSharp, optionalSharp } from '../intake/sharp';
import type { RecognitionResult } from '../../core/contracts/result';
import { judgePixels, locateFindings, measurePixels, type PixelFigures, type PixelFinding } from '../../core/quality/pixels';
import { withPhotoWarnings } from '../../core/quality/result';

/** Long side the photo is measured at: enough for a screen's pixel grid, cheap to decode (a JPEG
 *  shrinks on load). The photo's own size still decides "too small". The intake keeps its pixels at
 *  this size when asked (PrepareOptions.pixelsLongSide), so the pipeline decodes a photo once. */
export const MEASURE_LONG_SIDE = 1600;

/** The figures of a photo (its own width and height, its pixels at up to MEASURE_LONG_SIDE). */
export async function measurePhoto(bytes: Buffer): Promise<PixelFigures> {
  const sharp = await loadSharp();
  const img = sharp(bytes, { failOn: 'none' }).rotate();
  const meta = await img.metadata();
  const { data, info } = await img
    .resize({ width: MEASURE_LONG_SIDE, height: MEASURE_LONG_SIDE, fit: 'inside', withoutEnlargement: true })
    .removeAlpha()
    .raw()
    .toBuffer({ resolveWithObject: true });
  const figures = measurePixels({ width: info.width, height: info.height, channels: 3, data });
  // the photo's own size, upright (EXIF orientations 5–8 swap the sides), as the reading's boxes are
  const swap = (meta.orientation ?? 1) >= 5;
  const w = (swap ? meta.height : meta.width) ?? info.width;
  const h = (swap ? meta.width : meta.height) ?? info.height;
  return { ...figures, width: w, height: h };
}

/** The figures of pixels the intake already decoded; `width`×`height` is the photo's own size. */
export function measureDecoded(pixels: DecodedPixels, size: { width: number; height: number }): PixelFigures {
  return { ...measurePixels(pixels), width: size.width, height: size.height };
}

export async function checkPhoto(bytes: Buffer): Promise<PixelFinding[]> {
  return judgePixels(await measurePhoto(bytes));
}

/** The result with the findings the figures support, each spatial one with where it lies. */
function judged(result: RecognitionResult, figures: PixelFigures): RecognitionResult {
  const findings = judgePixels(figures);
  return withPhotoWarnings(result, findings, { regions: locateFindings(figures, findings), cover: figures.cover, photoHeight: figures.height });
}

/** The result with the photo's warnings added and doubt recomputed. `image` is the photo as prepared
 *  by the intake: its pixels are measured when the intake kept them, else its bytes are decoded. A photo
 *  that cannot be measured (it was read, so this is unexpected) gets no photo warnings rather than
 *  failing the recognition. */
export async function addPhotoWarnings(result: RecognitionResult, image: Buffer | PreparedImage): Promise<RecognitionResult> {
  const pixels = Buffer.isBuffer(image) ? undefined : image.pixels;
  if (pixels && !Buffer.isBuffer(image)) return judged(result, measureDecoded(pixels, image));
  // Where sharp's binary cannot load (a cloud function's runtime), the photo goes unmeasured: the
  // phone checked it before upload with the same rules.
  if (!(await optionalSharp())) return withPhotoWarnings(result, []);
  let figures: PixelFigures;
  try {
    figures = await measurePhoto(Buffer.isBuffer(image) ? image : image.bytes);
  } catch {
    return withPhotoWarnings(result, []);
  }
  return judged(result, figures);
}
