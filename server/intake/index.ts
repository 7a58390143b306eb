// Image intake: every image is checked here before any provider sees it (DESIGN.md "Providers").
// The type comes from magic bytes, never from a file name or a client's content type; dimensions are
// read from the header so that a decompression bomb is refused before a single pixel is decoded.
// sharp is loaded only where pixels are re-encoded (./sharp): an upright JPEG that already fits is
// checked, passed on and stored by its bytes alone.
import type { OutputInfo, Sharp as SharpImage } from 'sharp';
import { hasMarker } from '../../core/errors/brand';
import type { ImageInput } from '../providers/types';
import { MIME, readHeader } from './header';
import { isCompleteJpeg, jpegOrientation, stripJpegMetadata } from './jpeg';
import { loadSharp, optionalSharp, type Sharp } from './sharp';

export type IntakeErrorCode = 'EMPTY' | 'UNSUPPORTED_TYPE' | 'GIF' | 'CORRUPT' | 'TOO_LARGE' | 'TOO_MANY_PIXELS' | 'NEEDS_REENCODE';

const INTAKE_ERROR: unique symbol = Symbol.for('licenselens.error.IntakeError');

export class IntakeError extends Error {
  /** The brand `isInstance` recognises in any copy of this module (core/errors/brand.ts). */
  readonly [INTAKE_ERROR] = true;
  readonly code: IntakeErrorCode;
  constructor(code: IntakeErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'IntakeError';
    this.code = code;
  }
  toJSON(): { code: IntakeErrorCode; message: string } {
    return { code: this.code, message: this.message };
  }

  static isInstance(e: unknown): e is IntakeError {
    return hasMarker(e, INTAKE_ERROR);
  }
}

/** Also recognizes an IntakeError from a second copy of this module (a bundle, a test's pipeline). */
export function isIntakeError(e: unknown): e is IntakeError {
  return IntakeError.isInstance(e);
}

/** 12 MP phone photos pass; a 20 000 × 20 000 (400 MP) bomb does not. */
export const DEFAULT_MAX_PIXELS = 50_000_000;
/** Largest upload accepted at all (before recompression). */
export const DEFAULT_MAX_INPUT_BYTES = 20 * 1024 * 1024;
/** Long side after recompression: card text stays legible well below this. */
export const DEFAULT_MAX_LONG_SIDE = 2000;
/** Above this long side an image is downscaled even when it already fits the byte limit. */
const PASS_THROUGH_MAX_LONG_SIDE = 4096;
const QUALITY_STEPS = [85, 78, 70, 62, 54, 46] as const;
/** Below this long side, shrinking further would make ID digits unreadable. */
const MIN_LONG_SIDE = 1000;

export interface ImageInfo {
  mime: ImageInput['mime'];
  width: number;
  height: number;
  /** EXIF orientation (1 = upright). */
  orientation: number;
  bytes: number;
}

export interface InspectOptions {
  maxPixels?: number;
  maxInputBytes?: number;
}

export interface PrepareOptions extends InspectOptions {
  /** The target provider's limit on the file it receives. */
  maxBytes: number;
  maxLongSide?: number;
  /** Keep the pixels this path decodes anyway, at up to this long side, for the photo checks
   *  (server/quality): the photo is then decoded once, not once more to be measured. */
  pixelsLongSide?: number;
}

/** Upright RGB pixels of the prepared photo, scaled down (never up) to the long side asked for. */
export interface DecodedPixels {
  data: Buffer;
  width: number;
  height: number;
  channels: 3;
}

/** What a provider receives, with the pixels decoded on the way when they were asked for. */
export type PreparedImage = ImageInput & { pixels?: DecodedPixels };

function mb(n: number): string {
  return `${(n / 1024 / 1024).toFixed(n < 1024 * 1024 ? 2 : 1)} MB`;
}

/**
 * Checks an image without recompressing it: type by magic bytes, byte and pixel limits from the
 * header, then a decode of every byte (scaled down, so cheap) that refuses truncated or damaged data.
 */
export async function inspectImage(bytes: Buffer, opts: InspectOptions = {}): Promise<ImageInfo> {
  return inspect(bytes, opts, true);
}

async function inspect(bytes: Buffer, opts: InspectOptions, verify: boolean): Promise<ImageInfo> {
  const maxPixels = opts.maxPixels ?? DEFAULT_MAX_PIXELS;
  const maxInputBytes = opts.maxInputBytes ?? DEFAULT_MAX_INPUT_BYTES;
  if (!bytes || bytes.length === 0) throw new IntakeError('EMPTY', '图片为空，请重新拍摄或选择照片');
  const header = readHeader(bytes);
  if (header.kind === 'gif') throw new IntakeError('GIF', '不支持 GIF 动图，请上传 JPG、PNG 或 WebP 格式的照片');
  if (header.kind === null) throw new IntakeError('UNSUPPORTED_TYPE', '文件不是可识别的图片，请上传 JPG、PNG 或 WebP 格式的照片');
  if (bytes.length > maxInputBytes) {
    throw new IntakeError('TOO_LARGE', `图片过大（${mb(bytes.length)}），最大允许 ${mb(maxInputBytes)}`);
  }
  if (header.width === undefined || header.height === undefined || header.width < 1 || header.height < 1) {
    throw new IntakeError('CORRUPT', '图片已损坏或不完整（无法读取图片尺寸），请重新拍摄');
  }
  if (header.width * header.height > maxPixels) {
    throw new IntakeError(
      'TOO_MANY_PIXELS',
      `图片尺寸过大（${header.width}×${header.height}），最多 ${Math.round(maxPixels / 1e6)} 百万像素`,
    );
  }
  // A JPEG's orientation is in its EXIF segment; PNG and WebP are always re-encoded, so sharp reads theirs.
  let orientation = 1;
  if (header.kind === 'jpeg') orientation = jpegOrientation(bytes);
  else {
    const sharp = await sharpFor('读取图片方向');
    try {
      orientation = (await sharp(bytes, { limitInputPixels: maxPixels }).metadata()).orientation ?? 1;
    } catch (e) {
      throw corrupt(e);
    }
  }
  const info: ImageInfo = { mime: MIME[header.kind], width: header.width, height: header.height, orientation, bytes: bytes.length };
  if (verify) await verifyDecode(bytes, info, maxPixels);
  return info;
}

/**
 * Decodes every byte, scaled down (JPEG shrink-on-load still reads all entropy-coded data). Where
 * sharp cannot load, a JPEG is checked for completeness instead: a truncated upload is still refused.
 */
async function verifyDecode(bytes: Buffer, info: ImageInfo, maxPixels: number, pixelsLongSide?: number): Promise<DecodedPixels | undefined> {
  const sharp = info.mime === 'image/jpeg' ? await optionalSharp() : await sharpFor('检查图片');
  if (!sharp) {
    if (!isCompleteJpeg(bytes)) throw corrupt(new Error('JPEG markers incomplete'));
    return undefined;
  }
  try {
    if (pixelsLongSide === undefined) {
      await decoder(sharp, bytes, maxPixels).resize(256, 256, { fit: 'inside' }).raw().toBuffer();
      return undefined;
    }
    // the one decode: checks every byte and yields the pixels the photo checks measure
    const { data, info: out } = await decoder(sharp, bytes, maxPixels)
      .resize({ width: pixelsLongSide, height: pixelsLongSide, fit: 'inside', withoutEnlargement: true })
      .removeAlpha()
      .raw()
      .toBuffer({ resolveWithObject: true });
    return { data, width: out.width, height: out.height, channels: 3 };
  } catch (e) {
    throw corrupt(e);
  }
}

/** sharp for a step that cannot do without it; where it cannot load, a clear refusal of this photo. */
async function sharpFor(step: string): Promise<Sharp> {
  try {
    return await loadSharp();
  } catch (e) {
    throw new IntakeError(
      'NEEDS_REENCODE',
      `此环境无法${step}（图片处理组件未能加载），请在小程序内重新拍摄或选择照片：小程序会先把照片压缩为 300 KB 以内的 JPG`,
      { cause: e },
    );
  }
}

function corrupt(cause: unknown): IntakeError {
  return new IntakeError('CORRUPT', '图片已损坏或不完整，请重新拍摄或重新选择照片', { cause });
}

/** sharp options shared by every decode: 'warning' also catches a JPEG damaged mid-stream. */
function decoder(sharp: Sharp, bytes: Buffer, maxPixels: number): SharpImage {
  return sharp(bytes, { limitInputPixels: maxPixels, failOn: 'warning' });
}

/**
 * Checks an image and makes it fit a provider: EXIF orientation applied, anything that is not an
 * upright JPEG within the limits re-encoded as JPEG (mozjpeg), long side ≤ 2000 px, quality stepped
 * down (then size) until it fits `maxBytes`.
 */
export async function prepareImage(bytes: Buffer, opts: PrepareOptions): Promise<PreparedImage> {
  const maxPixels = opts.maxPixels ?? DEFAULT_MAX_PIXELS;
  // Header checks first; the decode check comes with whichever path decodes anyway.
  const info = await inspect(bytes, opts, false);
  const longSide = Math.max(info.width, info.height);
  const passThrough =
    info.mime === 'image/jpeg' && info.orientation === 1 && bytes.length <= opts.maxBytes && longSide <= PASS_THROUGH_MAX_LONG_SIDE;
  if (passThrough) {
    // A truncated or damaged file is refused here, not by a paid provider.
    const pixels = await verifyDecode(bytes, info, maxPixels, opts.pixelsLongSide);
    return { bytes, mime: info.mime, width: info.width, height: info.height, ...(pixels ? { pixels } : {}) };
  }
  return recompress(bytes, info, opts.maxBytes, opts.maxLongSide ?? DEFAULT_MAX_LONG_SIDE, maxPixels, opts.pixelsLongSide);
}

async function recompress(
  bytes: Buffer,
  info: ImageInfo,
  maxBytes: number,
  maxLongSide: number,
  maxPixels: number,
  pixelsLongSide: number | undefined,
): Promise<PreparedImage> {
  // Candidate long sides: the target first, then 20 % smaller steps down to the legibility floor.
  const sides: number[] = [Math.min(maxLongSide, Math.max(info.width, info.height))];
  while (sides[sides.length - 1]! * 0.8 >= MIN_LONG_SIDE) sides.push(Math.floor(sides[sides.length - 1]! * 0.8));
  const sharp = await sharpFor('压缩或旋转这张照片');
  // Decode once per size; only the encode is repeated while quality steps down.
  for (const side of sides) {
    let raw: { data: Buffer; info: OutputInfo };
    try {
      raw = await decoder(sharp, bytes, maxPixels)
        .rotate()
        .resize({ width: side, height: side, fit: 'inside', withoutEnlargement: true })
        .flatten({ background: '#ffffff' })
        .toColourspace('srgb')
        .raw()
        .toBuffer({ resolveWithObject: true });
    } catch (e) {
      throw corrupt(e);
    }
    const input = { raw: { width: raw.info.width, height: raw.info.height, channels: raw.info.channels } } as const;
    const encode = (i: number) => sharp(raw.data, input).jpeg({ quality: QUALITY_STEPS[i]!, mozjpeg: true }).toBuffer();
    // the pixels for the photo checks come from this decode (scaled, not decoded again)
    const keep = async (): Promise<DecodedPixels | undefined> => {
      if (pixelsLongSide === undefined) return undefined;
      const { data, info: out } = await sharp(raw.data, input)
        .resize({ width: pixelsLongSide, height: pixelsLongSide, fit: 'inside', withoutEnlargement: true })
        .removeAlpha()
        .raw()
        .toBuffer({ resolveWithObject: true });
      return { data, width: out.width, height: out.height, channels: 3 };
    };
    const done = async (out: Buffer): Promise<PreparedImage> => {
      const pixels = await keep();
      return { bytes: out, mime: 'image/jpeg', width: raw.info.width, height: raw.info.height, ...(pixels ? { pixels } : {}) };
    };
    // Best quality first; if even the lowest step is too big go straight to the next size; otherwise
    // binary-search the highest step that fits (size falls as quality falls).
    const first = await encode(0);
    if (first.length <= maxBytes) return done(first);
    let hi = QUALITY_STEPS.length - 1;
    let best = await encode(hi);
    if (best.length > maxBytes) continue;
    let lo = 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      const out = await encode(mid);
      if (out.length <= maxBytes) {
        hi = mid;
        best = out;
      } else {
        lo = mid + 1;
      }
    }
    return done(best);
  }
  throw new IntakeError('TOO_LARGE', `图片无法在保持文字清晰的前提下压缩到 ${mb(maxBytes)} 以内，请拍摄时靠近证件或降低分辨率`);
}

/** Quality of the kept copy: the administrators compare it with the fields, so it stays sharp. */
const STORED_JPEG_QUALITY = 90;

/**
 * The copy of a photo that is stored and served: EXIF orientation applied to the pixels, then written
 * without any metadata (EXIF camera, time and GPS, XMP, IPTC, comments). sharp writes none unless asked.
 * Call it on an image that passed intake.
 */
export async function storableCopy(bytes: Buffer, mime: string, opts: InspectOptions = {}): Promise<{ bytes: Buffer; mime: ImageInput['mime'] }> {
  // An upright JPEG loses its metadata segments byte for byte: lossless, and no decoder needed.
  if (mime === 'image/jpeg' && jpegOrientation(bytes) === 1) {
    const stripped = stripJpegMetadata(bytes);
    if (stripped) return { bytes: stripped, mime: 'image/jpeg' };
  }
  const sharp = await sharpFor('保存这张照片');
  const image = decoder(sharp, bytes, opts.maxPixels ?? DEFAULT_MAX_PIXELS).rotate();
  try {
    if (mime === 'image/png') return { bytes: await image.png().toBuffer(), mime: 'image/png' };
    if (mime === 'image/webp') return { bytes: await image.webp({ quality: STORED_JPEG_QUALITY }).toBuffer(), mime: 'image/webp' };
    return { bytes: await image.jpeg({ quality: STORED_JPEG_QUALITY, mozjpeg: true }).toBuffer(), mime: 'image/jpeg' };
  } catch (e) {
    throw corrupt(e);
  }
}
