// Text recognition (PP-OCRv4 rec, PaddleOCR's predict_rec): each box cropped upright to the model's
// height, run through the CTC model (shared with a helper thread when there is one), decoded with its
// per-character scores, positions and red-ink shares.
import * as ort from 'onnxruntime-node';
import { cropQuad, redInk, redShare, stretchContrast } from '../image';
import type { OcrLine, Quad, RecognizeOptions, RgbImage } from '../types';
import { ctcDecode } from './ctc';
import type { HelperResult, RecHelper } from './rec-helper';

export const REC_HEIGHT = 48;
const REC_MIN_WIDTH = 32;
const REC_MAX_WIDTH = 2400;

export class TextRecognizer {
  constructor(
    private readonly session: ort.InferenceSession,
    /** Class index → character; class 0 is the CTC blank. */
    private readonly dict: string[],
    private readonly helper: RecHelper | null,
  ) {}

  /** Whether a helper thread shares the work. */
  get parallel(): boolean {
    return this.helper?.alive === true;
  }

  /** Recognize the text inside each box (boxes in image pixels, reading order TL,TR,BR,BL). Lines
   *  that read as nothing are dropped. */
  async recognize(image: RgbImage, boxes: Quad[], opts: RecognizeOptions = {}): Promise<OcrLine[]> {
    const crops = boxes.map((b) => {
      const c = cropQuad(image, b, REC_HEIGHT, REC_MAX_WIDTH);
      if (opts.ink === 'red') return redInk(c);
      return opts.enhance ? stretchContrast(c) : c;
    });
    // One crop per run: padding crops of different widths into a batch measured slower (more CPU per
    // crop at batch 4, 8 and 16), since the model's cost grows with the padded width. The rec model
    // does not speed up with intra-op threads, so with a helper thread both sides take the next crop,
    // widest first, whenever they are free: the faster side (or the one not slowed by other work on
    // the machine) takes more, and neither waits for the other's share.
    const order = crops.map((_, i) => i).sort((x, y) => crops[y]!.width - crops[x]!.width);
    const results: (OcrLine | null)[] = new Array(boxes.length).fill(null);
    let next = 0;
    const take = (): number | undefined => (next < order.length ? order[next++] : undefined);
    const local = (async () => {
      for (let ci = take(); ci !== undefined; ci = take()) {
        const input = recInput(crops[ci]!);
        const out = await this.session.run({
          [this.session.inputNames[0]!]: new ort.Tensor('float32', input.data, [1, 3, REC_HEIGHT, input.width]),
        });
        const t = out[this.session.outputNames[0]!]!;
        const [, steps, classes] = t.dims as [number, number, number];
        results[ci] = this.toLine(crops[ci]!, boxes[ci]!, { data: t.data as Float32Array, steps, classes, width: input.width });
      }
    })();
    const helper = this.helper?.alive ? this.helper : null;
    // the helper keeps up to two crops in flight, so it never idles waiting for the next message
    const lane = async (h: RecHelper) => {
      for (let ci = take(); ci !== undefined; ci = take()) {
        results[ci] = this.toLine(crops[ci]!, boxes[ci]!, await h.run(recInput(crops[ci]!)));
      }
    };
    await Promise.all([local, ...(helper ? [lane(helper), lane(helper)] : [])]);
    return results.filter((r): r is OcrLine => r !== null && r.text.trim().length > 0);
  }

  private toLine(crop: RgbImage, box: Quad, out: HelperResult): OcrLine {
    const decoded = ctcDecode(out.data, 0, out.steps, out.classes, this.dict);
    const cropW = crop.width;
    const xs = decoded.chars.map((ch) => Math.min(cropW, (ch.step + 0.5) * (out.width / out.steps)));
    const chars = decoded.chars.map((ch, k) => {
      // the character spans halfway to its neighbours (or ~half a text height at the ends)
      const left = k > 0 ? (xs[k - 1]! + xs[k]!) / 2 : xs[k]! - REC_HEIGHT / 2;
      const right = k + 1 < xs.length ? (xs[k]! + xs[k + 1]!) / 2 : xs[k]! + REC_HEIGHT / 2;
      return { score: ch.score, pos: xs[k]! / cropW, red: redShare(crop, left, right), alts: ch.alts };
    });
    return { text: decoded.text, score: decoded.score, box, chars, red: redShare(crop) };
  }
}

/** A crop as the rec model's input: BGR planes scaled to [-1, 1], at least REC_MIN_WIDTH wide. */
export function recInput(c: RgbImage): { data: Float32Array; width: number } {
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
