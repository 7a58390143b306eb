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
  i: ['1'],
  z: ['2'],
  s: ['5'],
  G: ['6'],
  b: ['6'],
};

/** Digits a photo of the card font turns into one another (the slashed zero above all): a reading
 *  that differs from another only by these may be the same printed digits. */
const DIGIT_LOOKALIKES: readonly (readonly [string, string])[] = [
  ['0', '6'], ['0', '8'], ['0', '9'], ['6', '8'], ['3', '8'], ['5', '6'], ['1', '7'],
];

export function lookalikeDigits(a: string, b: string): boolean {
  return DIGIT_LOOKALIKES.some(([x, y]) => (a === x && b === y) || (a === y && b === x));
}

/** The digit a confusable character stands for, or null. */
export function digitOf(ch: string): string | null {
  return CONFUSIONS[ch]?.find((d) => d >= '0' && d <= '9') ?? null;
}

/** Replace each confusable character by the digit it stands for (a value known to be all digits). */
export function toDigits(raw: string): string {
  return [...raw].map((c) => digitOf(c) ?? c).join('');
}

/** Confusable characters touching a digit replaced by theirs (free text holding numbers: dates in a
 *  record, an ID number after its label); slashed zeros (Ø, θ) everywhere. */
export function digitsInText(raw: string): string {
  const cs = [...raw];
  const isD = (c: string | undefined) => c !== undefined && c >= '0' && c <= '9';
  return cs
    .map((c, i) => {
      const d = digitOf(c);
      if (d === null) return c;
      return /[ØøθΘ〇]/.test(c) || isD(cs[i - 1]) || isD(cs[i + 1]) || isD(digitOf(cs[i + 1] ?? '') ?? undefined) ? d : c;
    })
    .join('');
}
