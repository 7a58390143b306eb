// What an extractor of the local engine is (the list of them: ./all.ts), found by docType.
// An extractor gets the lines of one upright card region and returns raw values under canonical keys;
// server/ocr/recognize.ts picks the region/side and server/providers/local normalizes via buildResult.
import type { FieldWarning, Side } from '../../../core/contracts/result';
import type { OcrEngine, OcrLine, Quad, RecognizeOptions } from '../engine';
import type { Region } from '../preprocess';
import { EXTRACTORS } from './all';

export interface ExtractContext {
  engine: OcrEngine;
  /** The upright, rescaled card region the lines were read from. */
  region: Region;
  lines: readonly OcrLine[];
  /** Recognize one more quad of region.image (e.g. the strip right of a label whose value the
   *  detector missed). Resolves null when nothing legible is there. */
  reread(quad: Quad, opts?: RecognizeOptions): Promise<OcrLine | null>;
  /** True when the quad holds only a printed dash placeholder (faint marks the detector drops). */
  isDashPlaceholder(quad: Quad): boolean;
}

export interface Extraction {
  /** `box`: the quad of region.image the value was read from, when the extractor knows it (else the
   *  value is found among the lines: server/ocr/locate.ts). */
  values: Record<string, { value: string; confidence?: number; box?: Quad }>;
  warnings?: FieldWarning[];
  /** Per-field warnings the extractor knows better than the validators (e.g. unreadable seal). */
  fieldWarnings?: Record<string, FieldWarning[]>;
  extra?: Record<string, unknown>;
}

export interface Classification {
  /** The side these lines look like (null for one-sided documents). */
  side: Side | null;
  /** 0..1: share of the side's labels found. */
  score: number;
}

export interface DocumentExtractor {
  docType: string;
  /** [] for one-sided documents. */
  sides: readonly Side[];
  /** How much the lines look like this document: one entry per side (preferred, so a requested side
   *  can be scored on its own), or just the best side; side null for one-sided documents. */
  classify(lines: readonly OcrLine[]): Classification | Classification[];
  extract(ctx: ExtractContext, side: Side | null): Promise<Extraction>;
}

export function classifications(x: DocumentExtractor, lines: readonly OcrLine[]): Classification[] {
  const c = x.classify(lines);
  return Array.isArray(c) ? c : [c];
}

export function getExtractor(docType: string): DocumentExtractor | undefined {
  return EXTRACTORS.find((x) => x.docType === docType);
}
export function listExtractors(): DocumentExtractor[] {
  return [...EXTRACTORS];
}
