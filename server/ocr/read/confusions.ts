// The one table of characters the card font and the engine confuse: for each character the engine
// may output, the characters it can stand for. Cards print slashed zeros (Ø), which the recogniser
// reads as Ø, O, D, θ (and, in photos, 8, 6, 9: those appear as the engine's own alternatives, not here).
export const CONFUSIONS: Readonly<Record<string, readonly string[]>> = {
  O: ['0'],
  o: ['0'],
  D: ['0'],
  Q: ['0'],
  Ø: ['0'],
  ø: ['0'],
  Θ: ['0'],
  θ: ['0'],
  '〇': ['0'],
  I: ['1'],
  l: ['1'],
  '|': ['1'],
  Z: ['2'],
  S: ['5'],
  B: ['8'],
  g: ['9'],
};

/** Replace each confusable character by the digit it stands for (a value known to be all digits). */
export function toDigits(raw: string): string {
  return [...raw].map((c) => CONFUSIONS[c]?.find((d) => d >= '0' && d <= '9') ?? c).join('');
}
