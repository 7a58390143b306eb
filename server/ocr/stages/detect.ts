// Text detection (PP-OCRv4 det, PaddleOCR's predict_det): the image scaled to a working size, the DB
// model's probability map, boxes mapped back to image pixels.
import * as ort from 'onnxruntime-node';
import { resizeRgb } from '../image';
import type { DetectOptions, Point, Quad, RgbImage } from '../types';
import { dbPostprocess } from './db-postprocess';

const DET_MEAN = [0.485, 0.456, 0.406];
const DET_STD = [0.229, 0.224, 0.225];
/** Per channel (B, G, R as the model takes them), each byte value already normalised: three table
 *  reads per pixel instead of three divisions (the loop runs over every pixel of every detection). */
const DET_LUT = [0, 1, 2].map((c) => Float32Array.from({ length: 256 }, (_, v) => (v / 255 - DET_MEAN[c]!) / DET_STD[c]!));

/** The detector's input size for an image: longest side at `limit`, both sides multiples of 32. */
export function detectionSize(image: { width: number; height: number }, limit: number): { width: number; height: number } {
  const s = limit / Math.max(image.width, image.height);
  return {
    width: Math.max(32, Math.round((image.width * s) / 32) * 32),
    height: Math.max(32, Math.round((image.height * s) / 32) * 32),
  };
}

export async function detectText(session: ort.InferenceSession, image: RgbImage, opts: DetectOptions = {}): Promise<Quad[]> {
  const { width: w, height: h } = detectionSize(image, opts.limit ?? 960);
  const resized = await resizeRgb(image, w, h);
  const input = new Float32Array(3 * w * h);
  const n = w * h;
  const px = resized.data;
  // BGR planes, ImageNet mean/std, as PaddleOCR's det preprocessing.
  const [lb, lg, lr] = DET_LUT as [Float32Array, Float32Array, Float32Array];
  for (let i = 0, p = 0; i < n; i++, p += 3) {
    input[i] = lb[px[p + 2]!]!;
    input[n + i] = lg[px[p + 1]!]!;
    input[2 * n + i] = lr[px[p]!]!;
  }
  const out = await session.run({ [session.inputNames[0]!]: new ort.Tensor('float32', input, [1, 3, h, w]) });
  const prob = out[session.outputNames[0]!]!.data as Float32Array;
  const quads = dbPostprocess(prob, w, h, {
    threshold: opts.threshold ?? 0.3,
    boxThreshold: opts.boxThreshold ?? 0.5,
    unclip: opts.unclip ?? 1.6,
  });
  const sx = image.width / w;
  const sy = image.height / h;
  return quads.map((q) => q.map(([x, y]) => [x * sx, y * sy] as Point) as Quad);
}
