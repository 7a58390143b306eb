// Text direction (PP-OCR mobile v2 direction classifier, PaddleOCR's predict_cls): the probability
// that each box's text is upside down, all boxes in one batch.
import * as ort from 'onnxruntime-node';
import { cropQuad } from '../image';
import type { Quad, RgbImage } from '../types';

const W = 192;
const H = 48;

export async function upsideDownScores(session: ort.InferenceSession, image: RgbImage, boxes: Quad[]): Promise<number[]> {
  if (boxes.length === 0) return [];
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
  const out = await session.run({ [session.inputNames[0]!]: new ort.Tensor('float32', input, [boxes.length, 3, H, W]) });
  const data = out[session.outputNames[0]!]!.data as Float32Array;
  return boxes.map((_, i) => data[i * 2 + 1]!);
}
