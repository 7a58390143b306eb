// Two cards whose text formed one cluster are told apart by geometry alone (no model here): an empty
// band across the middle with a card's proportions on each side. One card never splits.
import { describe, expect, it } from 'vitest';
import { isCardShaped, splitCardPair } from '../../server/ocr/card-pair';
import type { Quad } from '../../server/ocr/types';

const box = (x: number, y: number, w: number, h = 10): Quad => [
  [x, y],
  [x + w, y],
  [x + w, y + h],
  [x, y + h],
];

/** A page's text: 6 rows of two columns (label + value), 200 wide and about 130 high, at (x, y). */
function page(x: number, y: number): Quad[] {
  const out: Quad[] = [];
  for (let r = 0; r < 6; r++) {
    out.push(box(x, y + 24 * r, 80));
    out.push(box(x + 110, y + 24 * r, 90));
  }
  return out;
}

describe('two cards in one cluster of text', () => {
  it('splits pages side by side with a narrow gap between them, left page first', () => {
    const left = page(0, 0);
    const right = page(215, 3);
    const split = splitCardPair([...right, ...left])?.cards;
    expect(split).not.toBeNull();
    expect(split![0]).toHaveLength(left.length);
    expect(split![0]).toEqual(expect.arrayContaining(left));
    expect(split![1]).toEqual(expect.arrayContaining(right));
  });

  it('splits pages stacked one above the other, the top page first', () => {
    const top = page(0, 0);
    const bottom = page(4, 150);
    const split = splitCardPair([...top, ...bottom])?.cards;
    expect(split).not.toBeNull();
    expect(split![0]).toEqual(expect.arrayContaining(top));
    expect(split![1]).toEqual(expect.arrayContaining(bottom));
  });

  it('keeps one card whole, even with an empty band across it (a blank remarks stretch)', () => {
    const card = [...page(0, 0), box(0, 200, 200), box(0, 224, 120)];
    expect(splitCardPair(card)).toBeNull();
    // columns with a wide gutter between labels and values: still one card
    const wide = Array.from({ length: 6 }, (_, r) => [box(0, 24 * r, 60), box(200, 24 * r, 100)]).flat();
    expect(splitCardPair(wide)).toBeNull();
  });

  it('keeps a card and a strip of text beside it together when the strip is not card-shaped', () => {
    const strip = Array.from({ length: 6 }, (_, r) => box(220, 24 * r, 30));
    expect(splitCardPair([...page(0, 0), ...strip])).toBeNull();
  });

  it('does not split two clusters of very different heights (a card and a caption row)', () => {
    const caption = [box(215, 0, 200), box(215, 14, 200), box(215, 28, 200), box(215, 42, 200)];
    expect(splitCardPair([...page(0, 0), ...caption])).toBeNull();
  });

  it('knows a card-shaped region by its proportions', () => {
    expect(isCardShaped({ width: 300, height: 200 })).toBe(true);
    expect(isCardShaped({ width: 900, height: 100 })).toBe(false);
    expect(isCardShaped({ width: 100, height: 300 })).toBe(false);
  });
});
