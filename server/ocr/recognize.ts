// One recognition with the local engine: prepare the photo, read card regions, pick the document and
// side, extract. Runs inside an OCR service's job (server/ocr/service.ts queues it); returns raw values for buildResult.
import { hasMarker } from '../../core/errors/brand';
import type { FieldBox, FieldWarning, Side } from '../../core/contracts/result';
import type { OcrEngine } from './engine';
import { looksLikeDashes } from './image';
import type { Quad } from './types';
import { getExtractor, listExtractors, type DocumentExtractor, type Extraction } from './extract/index';
import { findPages, type Page, type ReadRegion } from './pages';
import { missingPageSign } from './page-missing';
import { locateValue, photoBox } from './locate';
import { sideLabel } from '../../core/documents/labels';
import { warning } from '../../core/validate/warnings';
import { prepareImage, readRegion, StageTimings, type Prepared } from './preprocess';
import { setOwn } from '../../core/result/own';

export interface LocalRecognizeRequest {
  /** A registered docType, or 'auto' to let the engine pick among the registered ones. */
  docType: string;
  side?: Side | 'auto' | undefined;
  signal?: AbortSignal | undefined;
}

/** One page of a photo: a document side with its own extraction, each value with where it was read
 *  on the stored photo when found. */
export interface LocalPage extends Omit<Extraction, 'values'> {
  docType: string;
  side: Side | null;
  values: Record<string, { value: string; confidence?: number; box?: FieldBox }>;
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
    /** The pages found when the photo holds more than one. */
    pages?: { side: Side | null; score: number; region: { x: number; y: number; width: number; height: number } }[];
    lines: { text: string; score: number; box: Quad }[];
    timingsMs: Record<string, number>;
  };
}

const LOCAL_RECOGNITION_ERROR: unique symbol = Symbol.for('licenselens.error.LocalRecognitionError');

export class LocalRecognitionError extends Error {
  /** The brand `isInstance` recognises in any copy of this module (core/errors/brand.ts). */
  readonly [LOCAL_RECOGNITION_ERROR] = true;
  static isInstance(e: unknown): e is LocalRecognitionError {
    return hasMarker(e, LOCAL_RECOGNITION_ERROR);
  }
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
/** A further region this large (in text boxes, relative to the largest) may be a second page. */
const SECOND_PAGE_SHARE = 0.25;

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
  const stages = new StageTimings();
  stages.add('decode', prepared.timings.decodeMs);
  stages.add('detect', prepared.timings.detectMs);
  stages.add('orient', prepared.timings.orientMs);
  stages.add('regions', prepared.timings.regionsMs);
  // Read regions largest first. Stop once one is clearly the document, unless a next region is large
  // enough to be a second page of it (both pages photographed side by side).
  const reads: ReadRegion[] = [];
  const regions = prepared.regions.slice(0, 3);
  for (let i = 0; i < regions.length; i++) {
    req.signal?.throwIfAborted();
    const region = regions[i]!;
    reads.push({ region, lines: await readRegion(engine, region, stages) });
    const best = findPages(reads, candidates, wanted)[0];
    const next = regions[i + 1];
    if (best && best.score >= 0.5 && !(next && next.boxCount >= SECOND_PAGE_SHARE * regions[0]!.boxCount)) break;
  }
  const pages = findPages(reads, candidates, wanted);
  const t2 = performance.now();
  const main = pages.find((p) => p.side === wanted) ?? pages[0];
  if (!main || main.lines.length === 0) throw new LocalRecognitionError('NOT_FOUND_IN_IMAGE', '图片中未找到文字，请对准证件重新拍摄');

  const warnings: FieldWarning[] = [];
  if (main.score < MIN_SCORE) {
    if (req.docType === 'auto') throw new LocalRecognitionError('NOT_FOUND_IN_IMAGE', '未能识别证件类型，请选择证件类型后重试');
    warnings.push({ code: 'DOCUMENT_MISMATCH', message: '图片看起来不是所选证件（或所选的一面），请核对' });
  }
  // One page came back, yet the photo shows signs of the other: say so, or its fields go missing
  // silently. Also when the page itself read poorly (a document asked for, its labels too small to
  // score): a second card beside it is still a page the user must photograph apart.
  const missing = missingPageSign(pages, reads, prepared.regions);
  if (missing) warnings.push(warning('PAGE_MISSING', `未识别：${sideLabel(main.x.docType, missing.side)}`));
  const extracted: LocalPage[] = [];
  // Rereads may run at once: the stage counts the wall time while any is in flight, not their sum.
  let inFlight = 0;
  let since = 0;
  for (const page of pages) {
    const side = page.x.sides.length ? (pages.length > 1 ? page.side : (wanted ?? page.side)) ?? page.x.sides[0]! : null;
    const { region } = page;
    const extraction = await page.x.extract(
      {
        engine,
        region,
        lines: page.lines,
        reread: async (quad, opts) => {
          // A strip holding only a printed dash placeholder (an empty mass on the back page) has nothing
          // the recogniser can read (it turns dashes into noise): no model pass for it. The placeholder
          // itself is found by isDashPlaceholder.
          if (inFlight++ === 0) since = performance.now();
          try {
            if (opts?.ink !== 'red' && looksLikeDashes(region.image, quad)) return null;
            const [line] = await engine.recognize(region.image, [quad], opts ?? { enhance: true });
            return line && line.score >= 0.5 ? line : null;
          } finally {
            if (--inFlight === 0) stages.add('reread', performance.now() - since);
          }
        },
        isDashPlaceholder: (quad) => looksLikeDashes(region.image, quad),
      },
      side,
    );
    extracted.push({ ...extraction, values: withBoxes(extraction.values, page, prepared), docType: page.x.docType, side });
  }
  const t3 = performance.now();
  const first = extracted[pages.indexOf(main)]!;
  return {
    ...first,
    warnings: [...warnings, ...(first.warnings ?? [])],
    ...(extracted.length > 1 ? { pages: extracted } : {}),
    raw: {
      engine: 'pp-ocrv4',
      rotation: prepared.rotation,
      region: { ...main.region.bounds, scale: round(main.region.scale) },
      regions: prepared.regions.length,
      classification: { docType: main.x.docType, side: main.side, score: round(main.score) },
      ...(pages.length > 1 ? { pages: pages.map((p) => ({ side: p.side, score: round(p.score), region: p.region.bounds })) } : {}),
      lines: reads.flatMap((r) => r.lines).map((l) => ({ text: l.text, score: round(l.score), box: l.box.map(([px, py]) => [Math.round(px), Math.round(py)]) as Quad })),
      timingsMs: {
        prepare: Math.round(t1 - t0),
        read: Math.round(t2 - t1),
        extract: Math.round(t3 - t2),
        total: Math.round(t3 - t0),
        // per stage (decode, detect, orient, regions, regionDetect, recognize, reread): where the time goes
        ...stages.rounded(),
      },
    },
  };
}

/** Each value with where it was read on the stored photo: the extractor's quad, or the value found
 *  among the page's lines; a value found nowhere has no box. */
function withBoxes(values: Extraction['values'], page: Page, prepared: Pick<Prepared, 'image' | 'rotation'>): LocalPage['values'] {
  const out: LocalPage['values'] = {};
  for (const [key, v] of Object.entries(values)) {
    const { box: quad, ...rest } = v;
    const found = quad ?? locateValue(v.value, page.lines);
    const box = found ? photoBox(found, page.region, prepared) : undefined;
    setOwn(out, key, box ? { ...rest, box } : rest);
  }
  return out;
}

function round(x: number): number {
  return Math.round(x * 1000) / 1000;
}
