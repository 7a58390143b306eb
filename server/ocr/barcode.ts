// The back page's 证芯编号 barcode, decoded with zxing-wasm (ZXing-C++ built to WebAssembly), and
// checked against the digits printed under it.
//
// Public API:
//   decodeBarcode(image)        the digits of the first Code 128 / Code 39 / ITF barcode in an RGB
//                               region (the engine's RgbImage), or null when none decodes
//   checkPrinted(decoded, printed)  which number to keep and whether the two readings agree
//
// zxing-wasm fetches its .wasm from a CDN by default; this module hands it the file shipped in
// node_modules instead, so decoding never touches the network (the machine reaches none at run time).
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { prepareZXingModule, readBarcodes, type ReaderOptions } from 'zxing-wasm/reader';
import type { RgbImage } from './engine';

/** The symbologies cards print the 证芯编号 in; the others are not searched (speed, no false hits). */
const FORMATS: ReaderOptions['formats'] = ['Code128', 'Code39', 'ITF'];

/** A 证芯编号 is a run of digits; anything shorter is a fragment, not the number. */
const BARCODE_DIGITS = /^\d{8,20}$/;

const READER_OPTIONS: ReaderOptions = {
  formats: FORMATS,
  // the page is already upright (preprocess.ts): no 90° turns; small tilts are within a linear
  // reader's scan lines
  tryRotate: false,
  tryInvert: false,
  tryHarder: true,
  maxNumberOfSymbols: 1,
};

let reader: Promise<unknown> | null = null;

/** Loads the reader's WebAssembly from node_modules, once per process. */
function loadReader(): Promise<unknown> {
  reader ??= (async () => {
    const file = createRequire(import.meta.url).resolve('zxing-wasm/reader/zxing_reader.wasm');
    const bytes = await readFile(file);
    const wasmBinary = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
    // locateFile points at the local file too, so nothing can fall back to the CDN
    return prepareZXingModule({ overrides: { wasmBinary, locateFile: () => file }, fireImmediately: true });
  })().catch((e: unknown) => {
    reader = null; // a later call may retry
    throw e;
  });
  return reader;
}

function toRgba(image: RgbImage): Uint8ClampedArray {
  const n = image.width * image.height;
  const out = new Uint8ClampedArray(n * 4);
  for (let i = 0, j = 0; i < n * 3; i += 3, j += 4) {
    out[j] = image.data[i]!;
    out[j + 1] = image.data[i + 1]!;
    out[j + 2] = image.data[i + 2]!;
    out[j + 3] = 255;
  }
  return out;
}

/** The digits of the first barcode ZXing decodes in the region (its checks passed), or null. */
export async function decodeBarcode(image: RgbImage): Promise<string | null> {
  if (image.width === 0 || image.height === 0) return null;
  await loadReader();
  // zxing-wasm takes an ImageData-shaped object: RGBA pixels, width, height
  const results = await readBarcodes({ data: toRgba(image), width: image.width, height: image.height, colorSpace: 'srgb' }, READER_OPTIONS);
  for (const r of results) {
    const text = r.text.replace(/\s+/g, '');
    if (r.isValid && BARCODE_DIGITS.test(text)) return text;
  }
  return null;
}

export interface PrintedCheck {
  /** The number to keep: the decoded barcode when there is one (the symbology carries its own
   *  structure checks, OCR of small spaced digits does not), else the printed digits. */
  value: string;
  /** agrees: both read the same; differs: both read, not the same (worth a warning);
   *  decoded-only / printed-only: one reading to go on; none: neither. */
  status: 'agrees' | 'differs' | 'decoded-only' | 'printed-only' | 'none';
}

/**
 * Compare the decoded barcode with the digits the engine read under it. The printed form is
 * "*8644658019963*" with spaces between the digits: asterisks and spaces are not part of the number.
 */
export function checkPrinted(decoded: string | null, printed: string | null): PrintedCheck {
  const p = (printed ?? '').replace(/[*\s]/g, '');
  const printedDigits = /^\d+$/.test(p) ? p : '';
  if (decoded && printedDigits) return { value: decoded, status: decoded === printedDigits ? 'agrees' : 'differs' };
  if (decoded) return { value: decoded, status: 'decoded-only' };
  if (printedDigits) return { value: printedDigits, status: 'printed-only' };
  return { value: '', status: 'none' };
}
