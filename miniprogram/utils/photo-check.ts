// The cheap photo checks before upload (issue #14): core's pixel checks (core/quality/pixels.ts), the
// same the server runs, on a small copy of the prepared photo — so the user learns that a photo is too
// dark, glared, blurred, too small or cut off without waiting for a server round trip. Authenticity
// (photocopy, screen) is the server's and the reviewer's business, not the phone's.
import { ANALYSIS_WIDTH, judgePixels, measurePixels, type PixelFinding } from '../core/quality/pixels';
import { WARNING_MESSAGES } from '../core/validate/warnings';

interface Canvas2D {
  drawImage(img: unknown, dx: number, dy: number, dw: number, dh: number): void;
  getImageData?(x: number, y: number, w: number, h: number): { data: ArrayLike<number>; width: number; height: number };
}

/** The findings for a prepared photo of `size` (its real pixels decide "too small"). A check that
 *  cannot run on this device (no canvas pixels) finds nothing: it never blocks a photo. */
export async function checkPhoto(filePath: string, size: { width: number; height: number }): Promise<PixelFinding[]> {
  try {
    const k = Math.min(1, ANALYSIS_WIDTH / size.width);
    const w = Math.max(1, Math.round(size.width * k));
    const h = Math.max(1, Math.round(size.height * k));
    const canvas = wx.createOffscreenCanvas({ type: '2d', width: w, height: h });
    const ctx = canvas.getContext('2d') as Canvas2D;
    if (typeof ctx.getImageData !== 'function') return [];
    const img = canvas.createImage();
    await new Promise<void>((resolve, reject) => {
      img.onload = () => resolve();
      img.onerror = (e: unknown) => reject(e);
      img.src = filePath;
    });
    ctx.drawImage(img, 0, 0, w, h);
    const pixels = ctx.getImageData(0, 0, w, h);
    const figures = measurePixels({ width: pixels.width, height: pixels.height, channels: 4, data: pixels.data });
    return judgePixels({ ...figures, width: size.width, height: size.height }, { authenticity: false });
  } catch {
    return [];
  }
}

/** The prompt's text: one line per finding, in Chinese. */
export function findingsText(findings: readonly PixelFinding[]): string {
  return findings.map((f) => WARNING_MESSAGES[f]).join('\n');
}
