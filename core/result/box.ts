// Where a field was read on the photo (issue #14): the one check that a box lies on the photo, and the
// crop both clients show beside a doubtful field, worked out once here for the web console's CSS and
// the mini program's clipped image alike.

/** A rectangle in 0..1 of the stored photo's width and height. */
export interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** Rounding slack for x + width (a box that ends exactly at the edge). */
const EDGE = 1e-6;

/** True when the box is a real area on the photo. */
export function boxOnPhoto(b: Box): boolean {
  const finite = [b.x, b.y, b.width, b.height].every((n) => Number.isFinite(n) && n >= 0 && n <= 1);
  return finite && b.width > 0 && b.height > 0 && b.x + b.width <= 1 + EDGE && b.y + b.height <= 1 + EDGE;
}

/** Share of the box's size added around it: a value alone, cut at its ink, is hard to compare. */
const MARGIN = 0.25;

/** The box grown by a margin on every side, kept on the photo. */
export function cropArea(b: Box): Box {
  const mx = b.height * MARGIN * 2 + b.width * 0.02;
  const my = b.height * MARGIN;
  const x = Math.max(0, b.x - mx);
  const y = Math.max(0, b.y - my);
  return { x, y, width: Math.min(1, b.x + b.width + mx) - x, height: Math.min(1, b.y + b.height + my) - y };
}

/**
 * How to show `area` of a photo whose pixels are `photoW`×`photoH` in a frame `frameW` wide: the frame's
 * height, and the size and offset of the whole photo inside that frame (the frame clips the rest).
 * The same numbers serve CSS (background-size/position, or an img in an overflow-hidden box) and a
 * mini program `image` inside a clipped view.
 */
export function cropFrame(area: Box, photoW: number, photoH: number, frameW: number): { frameH: number; imageW: number; imageH: number; left: number; top: number } {
  const scale = frameW / Math.max(1e-9, area.width * photoW);
  const imageW = photoW * scale;
  const imageH = photoH * scale;
  return {
    frameH: Math.round(area.height * photoH * scale),
    imageW: Math.round(imageW),
    imageH: Math.round(imageH),
    left: -Math.round(area.x * imageW),
    top: -Math.round(area.y * imageH),
  };
}

/** The frame width for a crop: `widest` at most, and no more than `maxZoom` frame units per photo pixel
 *  (a short value is not blown up into a blur). */
export function cropWidth(area: Box, photoW: number, widest: number, maxZoom: number): number {
  return Math.max(1, Math.min(widest, Math.round(area.width * photoW * maxZoom)));
}
