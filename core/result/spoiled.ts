// Photo warnings that say where (issue #14): glare, a cover, or the card cut off by the photo's edge
// spoil what was read there, whatever the reading's own score. A field whose box lies under one of a
// warning's regions is doubtful; core/result/doubt.ts asks this file, the only place that decides it.
import type { FieldBox, FieldWarning } from '../contracts/result';
import type { Box } from './box';

/** Share of a field's box a region must cover to spoil it: a glare patch over one character of a
 *  value can change that character, but a patch brushing the box's margin does not. */
export const SPOIL_OVERLAP = 0.08;

function overlap(a: Box, b: Box): number {
  const w = Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x);
  const h = Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y);
  return w > 0 && h > 0 ? w * h : 0;
}

/** The first photo warning whose regions cover enough of the box, if any. */
export function spoiledBy(box: FieldBox | undefined, photoWarnings: readonly FieldWarning[]): FieldWarning | undefined {
  if (!box) return undefined;
  const area = box.width * box.height;
  if (area <= 0) return undefined;
  return photoWarnings.find((w) => (w.regions ?? []).some((r) => overlap(box, r) / area >= SPOIL_OVERLAP));
}
