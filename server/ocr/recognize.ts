// One recognition with the local engine: prepare the photo, read card regions, pick the document and
// side, extract. Runs inside withEngine() (the caller queues it); returns raw values for buildResult.
import type { FieldWarning, Side } from '../../core/contracts/result';
import { looksLikeDashes, type OcrEngine, type OcrLine, type Quad } from './engine';
import { classifications, getExtractor, listExtractors, type DocumentExtractor, type Extraction } from './extract/index';
import './extract/all';
import { prepareImage, readRegion, type Region } from './preprocess';

export interface LocalRecognizeRequest {
  /** A registered docType, or 'auto' to let the engine pick among the registered ones. */
  docType: string;
  side?: Side | 'auto' | undefined;
  signal?: AbortSignal | undefined;
}

/** One page of a photo: a document side with its own extraction. */
export interface LocalPage extends Extraction {
  docType: string;
  side: Side | null;
}

export interface LocalRecognition extends LocalPage {
  /** Every page found when the photo holds more than one (both pages of a licence, side by side or
   *  stacked), in reading order; the top-level values are those of the page asked for (or the first).
   *  Absent for a photo of one page. */
  pages?: LocalPage[];
  /** What the engine saw, stored as the provider's raw response. */
  raw: {
    engine: 'pp-ocrv4';
    rotation: number;
    region: { x: number; y: number; width: number; height: number; scale: number };
    regions: number;
    classification: { docType: string; side: Side | null; score: number };
    lines: { text: string; score: number; box: Quad }[];
    timingsMs: Record<string, number>;
  };
}

export class LocalRecognitionError extends Error {
  constructor(
    readonly code: 'BAD_IMAGE' | 'NOT_FOUND_IN_IMAGE' | 'UNSUPPORTED',
    message: string,
  ) {
    super(message);
    this.name = 'LocalRecognitionError';
  }
}

/** Below this share of a side's labels, the region is not that document. */
const MIN_SCORE = 0.2;

export async function recognizeLocal(engine: OcrEngine, bytes: Buffer, req: LocalRecognizeRequest): Promise<LocalRecognition> {
  const t0 = performance.now();
  const candidates: DocumentExtractor[] =
    req.docType === 'auto' ? listExtractors() : [getExtractor(req.docType)].filter((x): x is DocumentExtractor => !!x);
  if (candidates.length === 0) throw new LocalRecognitionError('UNSUPPORTED', `离线识别暂不支持该证件类型（${req.docType}）`);

  let prepared;
  try {
    prepared = await prepareImage(engine, bytes);
  } catch (e) {
    throw new LocalRecognitionError('BAD_IMAGE', '图片无法解码，请重新拍摄或选择其他图片');
  }
  req.signal?.throwIfAborted();
  if (prepared.regions.length === 0) throw new LocalRecognitionError('NOT_FOUND_IN_IMAGE', '图片中未找到文字，请对准证件重新拍摄');

  const wanted: Side | null = req.side === 'front' || req.side === 'back' ? req.side : null;
  const t1 = performance.now();
  // Read regions largest first; stop at the first that is the wanted document (and side).
  let best: { region: Region; lines: OcrLine[]; x: DocumentExtractor; side: Side | null; score: number } | null = null;
  for (const region of prepared.regions.slice(0, 3)) {
    req.signal?.throwIfAborted();
    const lines = await readRegion(engine, region);
    for (const x of candidates) {
      for (const c of classifications(x, lines)) {
        if (wanted && x.sides.includes(wanted) && c.side !== wanted) continue;
        if (!best || c.score > best.score) best = { region, lines, x, side: c.side, score: c.score };
      }
    }
    if (best && best.score >= 0.5) break;
  }
  const t2 = performance.now();
  if (!best || best.lines.length === 0) throw new LocalRecognitionError('NOT_FOUND_IN_IMAGE', '图片中未找到文字，请对准证件重新拍摄');

  const warnings: FieldWarning[] = [];
  if (best.score < MIN_SCORE) {
    if (req.docType === 'auto') throw new LocalRecognitionError('NOT_FOUND_IN_IMAGE', '未能识别证件类型，请选择证件类型后重试');
    warnings.push({ code: 'DOCUMENT_MISMATCH', message: '图片看起来不是所选证件（或所选的一面），请核对' });
  }
  const { region, lines, x } = best;
  const side = x.sides.length ? (wanted ?? best.side ?? x.sides[0]!) : null;
  const extraction = await x.extract(
    {
      engine,
      region,
      lines,
      reread: async (quad, opts) => {
        const [line] = await engine.recognize(region.image, [quad], opts ?? { enhance: true });
        return line && line.score >= 0.5 ? line : null;
      },
      isDashPlaceholder: (quad) => looksLikeDashes(region.image, quad),
    },
    side,
  );
  const t3 = performance.now();
  return {
    ...extraction,
    warnings: [...warnings, ...(extraction.warnings ?? [])],
    docType: x.docType,
    side,
    raw: {
      engine: 'pp-ocrv4',
      rotation: prepared.rotation,
      region: { ...region.bounds, scale: round(region.scale) },
      regions: prepared.regions.length,
      classification: { docType: x.docType, side: best.side, score: round(best.score) },
      lines: lines.map((l) => ({ text: l.text, score: round(l.score), box: l.box.map(([px, py]) => [Math.round(px), Math.round(py)]) as Quad })),
      timingsMs: {
        prepare: Math.round(t1 - t0),
        read: Math.round(t2 - t1),
        extract: Math.round(t3 - t2),
        total: Math.round(t3 - t0),
      },
    },
  };
}

function round(x: number): number {
  return Math.round(x * 1000) / 1000;
}
