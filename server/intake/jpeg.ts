// JPEG marker segments read and rewritten byte by byte, so that an upright JPEG that already fits
// (what the mini program sends) is checked, oriented and stripped of metadata without a decoder.
// Layout: FFD8, then segments FFxx + 16-bit length up to the first scan (FFDA), entropy data, FFD9.
import { SOF } from './header';

const SOI = 0xd8;
const EOI = 0xd9;
const SOS = 0xda;
const APP1 = 0xe1;
/** Kept when stripping: JFIF (APP0), the ICC colour profile (APP2) and Adobe's colour transform
 *  (APP14) change how pixels look; every other APPn and COM is metadata (EXIF, XMP, IPTC, comments). */
const KEPT_APP = new Set([0xe0, 0xe2, 0xee]);

interface Segment {
  marker: number;
  /** Offset of the FF byte. */
  start: number;
  /** Offset just past the segment. */
  end: number;
}

/** The header segments up to and including the first SOS, or null when they do not parse. */
function headerSegments(b: Buffer): Segment[] | null {
  if (b.length < 4 || b[0] !== 0xff || b[1] !== SOI) return null;
  const out: Segment[] = [];
  let i = 2;
  while (i + 3 < b.length) {
    if (b[i] !== 0xff) return null;
    const marker = b[i + 1]!;
    if (marker === 0xff) {
      i += 1; // fill byte
      continue;
    }
    if (marker === EOI) return null; // ends before any scan
    const len = b.readUInt16BE(i + 2);
    if (len < 2 || i + 2 + len > b.length) return null;
    out.push({ marker, start: i, end: i + 2 + len });
    if (marker === SOS) return out;
    i += 2 + len;
  }
  return null;
}

/**
 * Whether the file is a whole JPEG: header segments consistent, a frame header, a scan, and an end
 * marker after the scan. Catches a truncated upload; damage inside the scan data needs a decoder.
 */
export function isCompleteJpeg(b: Buffer): boolean {
  const segments = headerSegments(b);
  if (!segments || !segments.some((s) => SOF.has(s.marker))) return false;
  const scanStart = segments[segments.length - 1]!.end;
  // Some cameras append data after FFD9, so the end marker is looked for, not required last.
  return b.lastIndexOf(Buffer.from([0xff, EOI])) >= scanStart;
}

/** EXIF orientation (1–8) from the APP1 Exif segment; 1 when there is none or it cannot be read. */
export function jpegOrientation(b: Buffer): number {
  for (const s of headerSegments(b) ?? []) {
    if (s.marker !== APP1) continue;
    const o = exifOrientation(b.subarray(s.start + 4, s.end));
    if (o !== null) return o;
  }
  return 1;
}

function exifOrientation(app1: Buffer): number | null {
  if (app1.length < 14 || app1.toString('latin1', 0, 6) !== 'Exif\0\0') return null;
  const tiff = app1.subarray(6);
  const order = tiff.toString('latin1', 0, 2);
  if (order !== 'II' && order !== 'MM') return null;
  const le = order === 'II';
  const u16 = (o: number) => (le ? tiff.readUInt16LE(o) : tiff.readUInt16BE(o));
  const u32 = (o: number) => (le ? tiff.readUInt32LE(o) : tiff.readUInt32BE(o));
  const ifd = u32(4);
  if (ifd + 2 > tiff.length) return null;
  const count = u16(ifd);
  for (let k = 0; k < count; k++) {
    const entry = ifd + 2 + k * 12;
    if (entry + 12 > tiff.length) return null;
    // Tag 0x0112 Orientation, type SHORT: the value sits in the first two bytes of the value field.
    if (u16(entry) === 0x0112) {
      const v = u16(entry + 8);
      return v >= 1 && v <= 8 ? v : null;
    }
  }
  return null;
}

/**
 * The same JPEG without its metadata segments (EXIF with camera, time and GPS; XMP; IPTC; comments):
 * a lossless copy, the pixels untouched. Null when the header does not parse.
 */
export function stripJpegMetadata(b: Buffer): Buffer | null {
  const segments = headerSegments(b);
  if (!segments) return null;
  const kept = segments.filter((s) => !((s.marker >= 0xe0 && s.marker <= 0xef && !KEPT_APP.has(s.marker)) || s.marker === 0xfe));
  const scanStart = segments[segments.length - 1]!.end;
  return Buffer.concat([b.subarray(0, 2), ...kept.map((s) => b.subarray(s.start, s.end)), b.subarray(scanStart)]);
}
