// Text recognition (PP-OCRv4 rec, PaddleOCR's predict_rec): each box cropped upright to the model's
// height, run through the CTC model (shared with a helper thread when there is one), decoded with its
// per-character scores, positions and red-ink shares.
import * as ort from 'onnxruntime-node';
import { cropQuad, cropWidth, redInk, redShare, stretchContrast } from '../image';
import type { OcrLine, Quad, RecognizeOptions, RgbImage } from '../types';
import { ctcDecode } from './ctc';
import type { HelperResult, RecHelper } from './rec-helper';

export const REC_HEIGHT = 48;
const REC_MIN_WIDTH = 32;
const REC_MAX_WIDTH = 2400;

/** One box waiting to be recognised: cropped only when a lane takes it, so the helper thread is
 *  already running a crop while the main thread cuts the next. */
interface Task {
  image: RgbImage;
  box: Quad;
  opts: RecognizeOptions;
  /** Width of the box's crop, known before cropping: the widest crops go first. */
  width: number;
  done(line: OcrLine | null): void;
  fail(e: unknown): void;
}

export class TextRecognizer {
  /** Boxes of every recognize() call not yet taken by a lane. Calls made at the same time (the
   *  extractors' second looks, a seal's lines) share it, so one call's single crop runs on the main
   *  thread while another's runs on the helper instead of all waiting for the main thread in turn. */
  private readonly waiting: Task[] = [];
  /** Lanes currently draining `waiting`: the main thread's, and up to two to the helper (two crops in
   *  flight, so the helper never idles waiting for the next message). */
  private localLane = false;
  private helperLanes = 0;

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
  recognize(image: RgbImage, boxes: Quad[], opts: RecognizeOptions = {}): Promise<OcrLine[]> {
    if (boxes.length === 0) return Promise.resolve([]);
    return new Promise((resolve, reject) => {
      const results: (OcrLine | null)[] = new Array(boxes.length).fill(null);
      let left = boxes.length;
      let failed = false;
      const tasks = boxes.map(
        (box, i): Task => ({
          image,
          box,
          opts,
          width: cropWidth(box, REC_HEIGHT, REC_MAX_WIDTH),
          done: (line) => {
            results[i] = line;
            if (--left === 0 && !failed) resolve(results.filter((r): r is OcrLine => r !== null && r.text.trim().length > 0));
          },
          fail: (e) => {
            if (failed) return;
            failed = true;
            // the call's other boxes are not worth the engine's time any more
            for (const t of tasks) {
              const k = this.waiting.indexOf(t);
              if (k >= 0) this.waiting.splice(k, 1);
            }
            reject(e);
          },
        }),
      );
      // One crop per run: padding crops of different widths into a batch measured slower (more CPU per
      // crop at batch 4, 8 and 16), since the model's cost grows with the padded width. The rec model
      // does not speed up with intra-op threads, so with a helper thread both sides take the next crop,
      // widest first, whenever they are free: the faster side (or the one not slowed by other work on
      // the machine) takes more, and neither waits for the other's share.
      this.waiting.push(...tasks.sort((x, y) => y.width - x.width));
      this.startLanes();
    });
  }

  private startLanes(): void {
    if (!this.localLane) {
      this.localLane = true;
      void this.drainLocal();
    }
    const helper = this.helper?.alive ? this.helper : null;
    while (helper && this.helperLanes < 2 && this.waiting.length > 0) {
      this.helperLanes++;
      void this.drainHelper(helper);
    }
  }

  // A lane leaves in the same tick it finds nothing waiting (not in a later .finally), so a call
  // arriving just then always finds a lane to start.
  private async drainLocal(): Promise<void> {
    for (let t = this.waiting.shift(); t; t = this.waiting.shift()) {
      try {
        const crop = cropFor(t);
        const input = recInput(crop);
        const out = await this.session.run({
          [this.session.inputNames[0]!]: new ort.Tensor('float32', input.data, [1, 3, REC_HEIGHT, input.width]),
        });
        const o = out[this.session.outputNames[0]!]!;
        const [, steps, classes] = o.dims as [number, number, number];
        t.done(this.toLine(crop, t.box, { data: o.data as Float32Array, steps, classes, width: input.width }));
      } catch (e) {
        t.fail(e);
      }
    }
    this.localLane = false;
  }

  private async drainHelper(h: RecHelper): Promise<void> {
    for (let t = this.waiting.shift(); t; t = this.waiting.shift()) {
      let crop: RgbImage;
      let out: HelperResult;
      try {
        crop = cropFor(t);
        out = await h.run(recInput(crop));
      } catch (e) {
        if (h.alive) {
          t.fail(e);
          continue;
        }
        // the helper is gone: its crop goes back to the main thread's lane
        this.waiting.unshift(t);
        this.helperLanes--;
        this.startLanes();
        return;
      }
      try {
        t.done(this.toLine(crop, t.box, out));
      } catch (e) {
        t.fail(e);
      }
    }
    this.helperLanes--;
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

function cropFor(t: Task): RgbImage {
  const c = cropQuad(t.image, t.box, REC_HEIGHT, REC_MAX_WIDTH);
  if (t.opts.ink === 'red') return redInk(c);
  return t.opts.enhance ? stretchContrast(c) : c;
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
