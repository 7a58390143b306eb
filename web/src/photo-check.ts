// The cheap photo checks before upload in the web console (issue #14): core's pixel checks — the same
// the phone and the server run — on a small copy of the chosen photo, so a dark, glared, blurred, tiny
// or cut-off photo is flagged before it is sent. Authenticity (photocopy, screen) stays the server's.
import { ANALYSIS_WIDTH, judgePixels, measurePixels, type PixelFinding } from '../../core/quality/pixels';

/** The findings for a photo file. A browser that cannot decode it here finds nothing: the check never
 *  blocks a photo (the server measures it again). */
export async function checkPhoto(file: Blob): Promise<PixelFinding[]> {
  try {
    const bitmap = await createImageBitmap(file);
    const k = Math.min(1, ANALYSIS_WIDTH / bitmap.width);
    const w = Math.max(1, Math.round(bitmap.width * k));
    const h = Math.max(1, Math.round(bitmap.height * k));
    const canvas = document.createElement('canvas');
    canvas.width = w;
    canvas.height = h;
    const ctx = canvas.getContext('2d', { willReadFrequently: true });
    if (!ctx) return [];
    ctx.drawImage(bitmap, 0, 0, w, h);
    const pixels = ctx.getImageData(0, 0, w, h);
    const figures = measurePixels({ width: w, height: h, channels: 4, data: pixels.data });
    const size = { width: bitmap.width, height: bitmap.height };
    bitmap.close();
    return judgePixels({ ...figures, ...size }, { authenticity: false });
  } catch {
    return [];
  }
}
