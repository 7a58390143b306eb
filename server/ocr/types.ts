// The engine's data types: images, boxes and recognized text pieces, shared by every stage and by the
// layout/extraction layers above.

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
