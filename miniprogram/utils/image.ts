// Photo preparation before upload: crop to the card frame the user aimed at, then compress to the
// target size (≤ 300 KB keeps uploads quick on mobile networks and stays far below every provider's
// limit) while keeping enough pixels to read small print.
export const TARGET_BYTES = 300 * 1024;
/** Above this even after compression the upload is refused locally (providers accept 2–3 MB). */
export const MAX_BYTES = 2 * 1024 * 1024;
/** Long side of the uploaded image: enough for 行驶证 small print, small enough to compress well. */
export const MAX_SIDE = 1600;

export interface Rect {
  left: number;
  top: number;
  width: number;
  height: number;
}

/** The card frame inside the camera view: as wide as fits (86 % of the width, or 60 % of the height
 *  for tall documents such as phone screenshots), centred slightly above the middle. */
export function frameRect(viewWidth: number, viewHeight: number, aspect: number): Rect {
  let width = viewWidth * 0.86;
  let height = width / aspect;
  const maxHeight = viewHeight * 0.6;
  if (height > maxHeight) {
    height = maxHeight;
    width = height * aspect;
  }
  return {
    left: Math.round((viewWidth - width) / 2),
    top: Math.round((viewHeight - height) * 0.42),
    width: Math.round(width),
    height: Math.round(height),
  };
}

/** Maps the on-screen frame to photo pixels. The camera preview fills the view (aspect fill, centred),
 *  so the photo is scaled by the larger ratio and cropped evenly; a small margin keeps card edges. */
export function cropRect(photo: { width: number; height: number }, view: { width: number; height: number }, frame: Rect, margin = 0.04): Rect {
  const scale = Math.max(view.width / photo.width, view.height / photo.height);
  const offsetX = (photo.width * scale - view.width) / 2;
  const offsetY = (photo.height * scale - view.height) / 2;
  const mx = frame.width * margin;
  const my = frame.height * margin;
  const left = Math.max(0, (frame.left - mx + offsetX) / scale);
  const top = Math.max(0, (frame.top - my + offsetY) / scale);
  const right = Math.min(photo.width, (frame.left + frame.width + mx + offsetX) / scale);
  const bottom = Math.min(photo.height, (frame.top + frame.height + my + offsetY) / scale);
  return { left: Math.round(left), top: Math.round(top), width: Math.round(right - left), height: Math.round(bottom - top) };
}

/** Output size: the crop scaled so its long side is at most MAX_SIDE. */
export function outputSize(crop: { width: number; height: number }, maxSide = MAX_SIDE): { width: number; height: number } {
  const k = Math.min(1, maxSide / Math.max(crop.width, crop.height));
  return { width: Math.max(1, Math.round(crop.width * k)), height: Math.max(1, Math.round(crop.height * k)) };
}

function fileSize(filePath: string): Promise<number> {
  return new Promise((resolve, reject) => {
    wx.getFileSystemManager().getFileInfo({
      filePath,
      success: (r) => resolve(r.size),
      fail: reject,
    });
  });
}

function imageInfo(src: string): Promise<{ width: number; height: number }> {
  return new Promise((resolve, reject) => {
    wx.getImageInfo({ src, success: (r) => resolve({ width: r.width, height: r.height }), fail: reject });
  });
}

async function render(src: string, crop: Rect, size: { width: number; height: number }, quality: number): Promise<string> {
  const canvas = wx.createOffscreenCanvas({ type: '2d', width: size.width, height: size.height });
  const ctx = canvas.getContext('2d') as {
    drawImage(img: unknown, sx: number, sy: number, sw: number, sh: number, dx: number, dy: number, dw: number, dh: number): void;
  };
  const img = canvas.createImage();
  await new Promise<void>((resolve, reject) => {
    img.onload = () => resolve();
    img.onerror = (e: unknown) => reject(e);
    img.src = src;
  });
  ctx.drawImage(img, crop.left, crop.top, crop.width, crop.height, 0, 0, size.width, size.height);
  const res = await new Promise<{ tempFilePath: string }>((resolve, reject) => {
    wx.canvasToTempFilePath({
      canvas: canvas as unknown as WechatMiniprogram.Canvas,
      fileType: 'jpg',
      quality,
      destWidth: size.width,
      destHeight: size.height,
      success: resolve,
      fail: reject,
    } as WechatMiniprogram.CanvasToTempFilePathOption);
  });
  return res.tempFilePath;
}

export interface PreparedImage {
  filePath: string;
  size: number;
  width: number;
  height: number;
}

/** wx.compressImage: no crop, but no canvas either (the path that works where the canvas export does
 *  not). The long side is limited through compressedWidth/Height (base library 2.26+). */
function compress(src: string, photo: { width: number; height: number }, quality: number): Promise<string> {
  const landscape = photo.width >= photo.height;
  const limit = Math.min(MAX_SIDE, Math.max(photo.width, photo.height));
  return new Promise((resolve, reject) => {
    wx.compressImage({
      src,
      quality,
      ...(landscape ? { compressedWidth: limit } : { compressedHeight: limit }),
      success: (r: { tempFilePath: string }) => resolve(r.tempFilePath),
      fail: reject,
    } as WechatMiniprogram.CompressImageOption);
  });
}

/** When the canvas cannot export (OffscreenCanvas + canvasToTempFilePath is reported not to on iOS):
 *  the whole photo compressed by wx.compressImage, or the original when that fails and it is within
 *  the upload limit. The server finds the card in an uncropped photo too. */
async function withoutCanvas(src: string, photo: { width: number; height: number }, originalSize: number, cause: unknown): Promise<PreparedImage> {
  try {
    const filePath = await compress(src, photo, 80);
    const size = await fileSize(filePath);
    if (size <= MAX_BYTES || size < originalSize) return { filePath, size, ...(await imageInfo(filePath).catch(() => photo)) };
  } catch {
    // compressImage failed too: the original below, if small enough
  }
  if (originalSize <= MAX_BYTES) return { filePath: src, size: originalSize, ...photo };
  throw cause;
}

/** Crops (when the photo came from the camera frame) and re-encodes, lowering JPEG quality and then
 *  resolution until the file is at most TARGET_BYTES. Keeps the smallest attempt if none gets there.
 *  Where the canvas fails, falls back to wx.compressImage or the original (withoutCanvas). */
export async function prepareImage(src: string, framing?: { view: { width: number; height: number }; frame: Rect }): Promise<PreparedImage> {
  const photo = await imageInfo(src);
  const crop = framing ? cropRect(photo, framing.view, framing.frame) : { left: 0, top: 0, width: photo.width, height: photo.height };
  const originalSize = await fileSize(src);
  // An uncropped photo that is already small is sent as it is (no needless re-encoding loss).
  if (!framing && originalSize <= TARGET_BYTES && Math.max(photo.width, photo.height) <= MAX_SIDE) {
    return { filePath: src, size: originalSize, ...photo };
  }
  let best: PreparedImage | null = null;
  const attempts: Array<{ maxSide: number; quality: number }> = [
    { maxSide: MAX_SIDE, quality: 0.85 },
    { maxSide: MAX_SIDE, quality: 0.7 },
    { maxSide: 1280, quality: 0.7 },
    { maxSide: 1024, quality: 0.6 },
  ];
  for (const a of attempts) {
    const size = outputSize(crop, a.maxSide);
    let filePath: string;
    try {
      filePath = await render(src, crop, size, a.quality);
    } catch (e) {
      if (best) break; // an earlier attempt exported: keep it
      return withoutCanvas(src, photo, originalSize, e);
    }
    const bytes = await fileSize(filePath);
    if (!best || bytes < best.size) best = { filePath, size: bytes, ...size };
    if (bytes <= TARGET_BYTES) break;
  }
  return best as PreparedImage;
}
