// Grammar-constrained readers: they choose among the engine's own alternatives, never invent.
import { describe, expect, it } from 'vitest';
import { readIdNumber, readVin } from '../../server/ocr/read/checked';
import type { ReadChar } from '../../server/ocr/read/choices';
import { findDate, findDates, fixDatesInText, readDate } from '../../server/ocr/read/date';
import { lookalikeDigits, toDigits } from '../../server/ocr/read/confusions';
import { readPlate } from '../../server/ocr/read/plate';
import { idCheckChar } from '../../core/validate/id-number';
import { vinCheckDigit } from '../../core/validate/vin';

/** Characters as the engine gives them: "2[8:.6,0:.3]1" lists alternatives with probabilities. */
function chars(spec: string): ReadChar[] {
  const out: ReadChar[] = [];
  const re = /(.)(?:\[([^\]]*)\])?/gu;
  for (const m of spec.matchAll(re)) {
    const ch = m[1]!;
    const alts = m[2]
      ? m[2].split(',').map((a) => {
          const [c, p] = a.split(':');
          return { ch: c!, p: Number(p) };
        })
      : [{ ch, p: 0.99 }];
    out.push({ ch, score: alts[0]!.p, alts });
  }
  return out;
}

const NOW = new Date('2026-12-03T00:00:00Z');

describe('readDate', () => {
  it('reads a plain date as printed', () => {
    expect(readDate(chars('2018-06-14'), { now: NOW })).toMatchObject({ value: '2018-06-14', changed: false });
  });

  it('takes the zero the engine also saw when the first choice is not a real date (slashed zero read as 8)', () => {
    const r = readDate(chars('2013-8[8:.6,0:.05]5-07'), { now: NOW });
    expect(r).toMatchObject({ value: '2013-05-07', changed: true });
  });

  it('reads a year misread as 28xx from the alternatives, never from nothing', () => {
    expect(readDate(chars('28[8:.5,0:.2]16-01-15'), { now: NOW })?.value).toBe('2016-01-15');
    // without a 0 among the alternatives there is no real date to choose
    expect(readDate(chars('2816-01-15'), { now: NOW })).toBeNull();
  });

  it('refuses dates in the future', () => {
    expect(readDate(chars('2031-01-15'), { now: NOW })).toBeNull();
  });

  it('reads 年月日 separators and eight digits without separators', () => {
    expect(readDate(chars('2015年05月07日'), { now: NOW })?.value).toBe('2015-05-07');
    expect(readDate(chars('20150507'), { now: NOW })?.value).toBe('2015-05-07');
  });

  it('keeps only its own date when another value follows on the row', () => {
    expect(readDate(chars('2009-08-05'), { now: NOW })?.value).toBe('2009-08-05');
  });

  it('lowers the confidence of a one-digit day on a document that prints two (a digit was lost)', () => {
    const full = readDate(chars('2015-08-21'), { now: NOW, padded: true })!;
    const short = readDate(chars('2015-08-2'), { now: NOW, padded: true })!;
    expect(short.value).toBe('2015-08-02');
    expect(short.confidence).toBeLessThan(0.5);
    expect(full.confidence).toBeGreaterThan(0.9);
  });
});

/** A valid VIN / ID number built with core's own check functions. */
function validVin(body: string): string {
  return body.slice(0, 8) + vinCheckDigit(body.slice(0, 8) + '0' + body.slice(9))! + body.slice(9);
}
function validId(first17: string): string {
  return first17 + idCheckChar(first17)!;
}
/** Characters with alternatives at chosen positions: { index: [[ch, p], …] } (first = engine's choice). */
function withAlts(text: string, alts: Record<number, [string, number][]>): ReadChar[] {
  return [...text].map((ch, i) => {
    const a = alts[i];
    return a ? { ch: a[0]![0], score: a[0]![1], alts: a.map(([c, p]) => ({ ch: c, p })) } : { ch, score: 0.99, alts: [{ ch, p: 0.99 }] };
  });
}

describe('readVin', () => {
  const VIN = validVin('LFV2A21K0C4012345');

  it('keeps a VIN that passes its check digit', () => {
    expect(readVin(chars(VIN))).toMatchObject({ value: VIN, changed: false });
  });

  it('fixes a misread character when exactly one alternative passes the check digit', () => {
    const r = readVin(withAlts(VIN, { 11: [['8', 0.6], ['0', 0.3]] }));
    expect(r).toMatchObject({ value: VIN, changed: true });
    expect(r!.confidence).toBeLessThan(0.99);
  });

  it('keeps the first reading when it fails and no alternative passes (the user sees the check-digit warning)', () => {
    expect(readVin(chars('HHGHH555778802669'))).toMatchObject({ value: 'HHGHH555778802669', changed: false });
  });

  it('maps O and slashed zeros into the VIN alphabet', () => {
    expect(readVin(chars(VIN.replace(/0/g, 'Ø')))?.value).toBe(VIN);
  });

  it('does not let look-alikes the engine never offered (G for 6) rival the alternative it did offer', () => {
    // A real photo: "LFGGF…" read as "LFGCF…" with G a close second at the 4th character. G→6 at the
    // 3rd and C→6 at the 4th would pass the check digit as well; they are not the engine's readings.
    const read = readVin(withAlts('LFGCF53W0WH228343', { 3: [['C', 0.46], ['G', 0.44], ['6', 0.04]] }));
    expect(read).toMatchObject({ value: 'LFGGF53W0WH228343', changed: true });
  });

  it('returns null when the length is not 17', () => {
    expect(readVin(chars(VIN.slice(1)))).toBeNull();
  });
});

describe('readIdNumber', () => {
  const ID = validId('11010519491231002');

  it('keeps a valid number unchanged', () => {
    expect(readIdNumber(chars(ID))).toMatchObject({ value: ID, changed: false });
  });

  it('repairs a digit from the alternatives when the checksum and birth date agree', () => {
    const r = readIdNumber(withAlts(ID, { 15: [['6', 0.6], ['0', 0.3]] }));
    expect(r).toMatchObject({ value: ID, changed: true });
  });

  it('does not choose when two different repairs pass about equally well', () => {
    // another valid number differing in two sequence digits: a reading between the two is ambiguous
    let other: string | null = null;
    let pos: [number, number] = [0, 0];
    for (let i = 14; i < 16 && !other; i++) {
      for (let j = i + 1; j < 17 && !other; j++) {
        for (let d = 0; d < 100 && !other; d++) {
          const a = [...ID.slice(0, 17)];
          a[i] = String(d % 10);
          a[j] = String(Math.floor(d / 10));
          const w = validId(a.join(''));
          if (w !== ID && a[i] !== ID[i] && a[j] !== ID[j] && w[17] === ID[17]) {
            other = w;
            pos = [i, j];
          }
        }
      }
    }
    expect(other).not.toBeNull();
    const [i, j] = pos;
    const r = readIdNumber(withAlts(ID, { [i]: [[other![i]!, 0.5], [ID[i]!, 0.4]], [j]: [[ID[j]!, 0.5], [other![j]!, 0.4]] }));
    expect(r).toMatchObject({ changed: false });
  });
});

describe('readPlate', () => {
  it('reads an ordinary plate after label text glued in front of it', () => {
    expect(readPlate(chars('号牌号码京AA5599'))).toMatchObject({ value: '京AA5599', changed: false });
  });

  it('takes the province the engine offered as runner-up for a look-alike character', () => {
    expect(readPlate(chars('奥[奥:.6,粤:.3]B12345'))).toMatchObject({ value: '粤B12345', changed: true });
    // no province among the alternatives: no plate is read
    expect(readPlate(chars('奥B12345'))).toBeNull();
  });

  it('reads slashed zeros read as O in the serial as zeros', () => {
    expect(readPlate(chars('粤JO2OVO'))?.value).toBe('粤J020V0');
  });

  it('does not take a stray character after an ordinary plate as a sixth serial character', () => {
    expect(readPlate(chars('浙BC9188T'))?.value).toBe('浙BC9188');
  });

  it('reads a new-energy plate with six serial characters', () => {
    expect(readPlate(chars('京AD12345'))?.value).toBe('京AD12345');
  });
});

describe('readVin on a specimen printed with a wrong check digit', () => {
  it('keeps it as printed when only a faint alternative would make it pass', () => {
    // 0 read at 0.52 with A at 0.05: the A passes the check digit by chance, and is not taken
    const r = readVin(withAlts('HHGHH555778802669', { 12: [['0', 0.52], ['e', 0.16], ['A', 0.05]] }));
    expect(r).toMatchObject({ value: 'HHGHH555778802669', changed: false });
  });
});

describe('findDate / findDates (plain text, no per-character scores)', () => {
  it('reads separators, Chinese dates, slashed zeros read as Ø/O/8, glued seal text', () => {
    expect(findDate('2018-06-14')).toBe('2018-06-14');
    expect(findDate('2Ø18-Ø6-14')).toBe('2018-06-14');
    expect(findDate('2O18-O6-14')).toBe('2018-06-14');
    expect(findDate('2018-86-14')).toBe('2018-06-14');
    expect(findDate('2013年6月7日')).toBe('2013-06-07');
    expect(findDate('2023-11-21专用章')).toBe('2023-11-21');
    expect(findDate('20180614')).toBe('2018-06-14');
  });

  it('finds nothing where no real date is written', () => {
    expect(findDate('2018-02-30')).toBeNull();
    expect(findDate('小型轿车')).toBeNull();
    expect(findDate('0098-03-03')).toBeNull();
  });

  it('lists every date of a period in order', () => {
    expect(findDates('2015.03.12-2025.O3.12')).toEqual(['2015-03-12', '2025-03-12']);
  });

  it('repairs dates inside a record and leaves the rest as read', () => {
    expect(fixDatesInText('增驾B2，2Ø19年98月3I日')).toBe('增驾B2，2019年08月31日');
  });
});

describe('the confusion table', () => {
  it('maps letters the engine reads for digits, and knows which digits a photo confuses', () => {
    expect(toDigits('2O1B-G5')).toBe('2018-65');
    expect(lookalikeDigits('0', '8')).toBe(true);
    expect(lookalikeDigits('8', '0')).toBe(true);
    expect(lookalikeDigits('1', '8')).toBe(false);
  });
});
