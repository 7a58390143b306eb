// The geometry kinds real photos show, as named requests of the generator: a card at an angle, a small
// whole-card photo, both pages scanned at low resolution (about 500 px a page, or tiny at about 220),
// and both pages stacked on a table. Each is an ordinary generateCard request (same truth, same ids),
// kept here so the benchmark and the tests ask for the same thing by one name.
import { generateCard, type SynthCard, type SynthTwoPageCard } from './index';

export const GEOMETRY_KINDS = ['perspective', 'small_card', 'two_page_scan', 'tiny_two_page_scan', 'stacked_on_table'] as const;
export type GeometryKind = (typeof GEOMETRY_KINDS)[number];

/** Width of a flat scan of both pages side by side: about 500 px a page, or about 220 (tiny). */
const SCAN_WIDTH = { two_page_scan: 1000, tiny_two_page_scan: 450 } as const;

export function generateGeometryCard(kind: GeometryKind, seed: number, side: 'front' | 'back' = 'front'): Promise<SynthCard | SynthTwoPageCard> {
  const docType = 'vehicle_license' as const;
  switch (kind) {
    case 'perspective':
      // the phone held at an angle: one edge of the card 12–40 % shorter than the opposite one
      return generateCard({ docType, side, seed, defects: [{ defect: 'perspective', strength: 1 }], slashedZero: true });
    case 'small_card':
      // the whole photo 600×450 (strength ≤ 0.5 picks 600 px)
      return generateCard({ docType, side, seed, defects: [{ defect: 'small', strength: 0.4 }], slashedZero: true });
    case 'two_page_scan':
    case 'tiny_two_page_scan':
      // a flat scan of both pages side by side, saved small
      return generateCard({ docType, side: 'both', seed, layout: 'side_by_side', perturbed: false, width: SCAN_WIDTH[kind], slashedZero: true });
    case 'stacked_on_table':
      // both pages one above the other, photographed on a table (the photo model's background)
      return generateCard({ docType, side: 'both', seed, layout: 'stacked', defects: [], slashedZero: true });
  }
}
