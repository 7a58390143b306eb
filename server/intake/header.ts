// Reads the image type from magic bytes and the dimensions from the header alone, so limits are
// enforced before any decoder allocates pixels.
import type { ImageInput } from '../providers/types';

export type ImageKind = 'jpeg' | 'png' | 'webp' | 'gif';

export interface ImageHeader {
  kind: ImageKind | null;
  width?: number;
  height?: number;
}

export function sniff(b: Buffer): ImageKind | null {
  if (b.length >= 3 && b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff) return 'jpeg';
  if (b.length >= 8 && b.readUInt32BE(0) === 0x89504e47 && b.readUInt32BE(4) === 0x0d0a1a0a) return 'png';
  if (b.length >= 12 && b.toString('latin1', 0, 4) === 'RIFF' && b.toString('latin1', 8, 12) === 'WEBP') return 'webp';
  if (b.length >= 6 && (b.toString('latin1', 0, 6) === 'GIF87a' || b.toString('latin1', 0, 6) === 'GIF89a')) return 'gif';
  return null;
}

/** The MIME type of each kind intake accepts (GIF is refused). */
export const MIME: Record<Exclude<ImageKind, 'gif'>, ImageInput['mime']> = {
  jpeg: 'image/jpeg',
  png: 'image/png',
  webp: 'image/webp',
};

/** The MIME type of a JPEG, PNG or WebP by its magic bytes; null for anything else (GIF included). */
export function sniffMime(b: Buffer): ImageInput['mime'] | null {
  const kind = sniff(b);
  return kind && kind !== 'gif' ? MIME[kind] : null;
}

export function readHeader(b: Buffer): ImageHeader {
  const kind = sniff(b);
  switch (kind) {
    case 'png':
      return { kind, ...png(b) };
    case 'jpeg':
      return { kind, ...jpeg(b) };
    case 'webp':
      return { kind, ...webp(b) };
    case 'gif':
      return b.length >= 10 ? { kind, width: b.readUInt16LE(6), height: b.readUInt16LE(8) } : { kind };
    default:
      return { kind: null };
  }
}

function png(b: Buffer): { width?: number; height?: number } {
  if (b.length < 24 || b.toString('latin1', 12, 16) !== 'IHDR') return {};
  return { width: b.readUInt32BE(16), height: b.readUInt32BE(20) };
}

// SOF markers carry the frame size; C4 (DHT), C8 (JPG) and CC (DAC) share the range but do not.
export const SOF: ReadonlySet<number> = new Set([0xc0, 0xc1, 0xc2, 0xc3, 0xc5, 0xc6, 0xc7, 0xc9, 0xca, 0xcb, 0xcd, 0xce, 0xcf]);

function jpeg(b: Buffer): { width?: number; height?: number } {
  let i = 2;
  while (i + 3 < b.length) {
    if (b[i] !== 0xff) return {};
    const marker = b[i + 1]!;
    if (marker === 0xff) {
      i += 1; // fill byte
      continue;
    }
    if (marker === 0xd8 || marker === 0x01 || (marker >= 0xd0 && marker <= 0xd7)) {
      i += 2;
      continue;
    }
    if (marker === 0xda || marker === 0xd9) return {}; // scan data or end before any frame header
    const len = b.readUInt16BE(i + 2);
    if (SOF.has(marker)) {
      if (i + 9 > b.length) return {};
      return { height: b.readUInt16BE(i + 5), width: b.readUInt16BE(i + 7) };
    }
    i += 2 + len;
  }
  return {};
}

function webp(b: Buffer): { width?: number; height?: number } {
  if (b.length < 30) return {};
  const chunk = b.toString('latin1', 12, 16);
  if (chunk === 'VP8 ') {
    if (b[23] !== 0x9d || b[24] !== 0x01 || b[25] !== 0x2a) return {};
    return { width: b.readUInt16LE(26) & 0x3fff, height: b.readUInt16LE(28) & 0x3fff };
  }
  if (chunk === 'VP8L') {
    if (b[20] !== 0x2f) return {};
    const b1 = b[21]!, b2 = b[22]!, b3 = b[23]!, b4 = b[24]!;
    return { width: 1 + (((b2 & 0x3f) << 8) | b1), height: 1 + (((b4 & 0x0f) << 10) | (b3 << 2) | ((b2 & 0xc0) >> 6)) };
  }
  if (chunk === 'VP8X') {
    return { width: 1 + b.readUIntLE(24, 3), height: 1 + b.readUIntLE(27, 3) };
  }
  return {};
}
