// Addresses and issuing authorities of the person documents (server/ocr/extract/places.ts): cleaned
// character by character, then snapped by the divisions lexicon where the recogniser was unsure.
import { describe, expect, it } from 'vitest';
import { cleanPlaceChars, readAddress, readAuthority } from '../../server/ocr/extract/places';
import { extractDriverFront } from '../../server/ocr/extract/driver-license';
import { read } from './lexicon/read';
import { piece } from './lines';

// a found value carries the engine's characters: each alternative as a candidate with a probability
const found = (spec: string) => {
  const chars = read(spec).map((c) => ({ ch: c.ch, score: c.score, ...(c.alts ? { alts: c.alts.map((ch) => ({ ch, p: 0.1 })) } : {}) }));
  return { value: chars.map((c) => c.ch).join(''), chars };
};

describe('addresses and authorities through the divisions lexicon', () => {
  it('snaps an unsure character of an address\'s province (安微省 → 安徽省), the street untouched', () => {
    expect(readAddress(found('安[微]省阜南县人民路88号'))).toBe('安徽省阜南县人民路88号');
  });

  it('leaves a surely read address as read', () => {
    expect(readAddress(found('安微省阜南县人民路88号'))).toBe('安微省阜南县人民路88号');
  });

  it('supplies a seal\'s lost first character when one province fits, and fixes its ending', () => {
    expect(readAuthority(found('东省中山市公安局交[遵]警察支队'))).toBe('广东省中山市公安局交通警察支队');
    expect(readAuthority(found('西壮族自治区柳州市公安局交通警察支队'))).toBe('广西壮族自治区柳州市公安局交通警察支队');
  });

  it('reads no address from text that names no kind of place (a masked address leaves "花")', () => {
    expect(readAddress({ value: '花', confidence: 0.9 })).toBeNull();
    expect(readAddress({ value: '新河村3组58号', confidence: 0.9 })).toBe('新河村3组58号');
  });

  it('cleans character by character: a leading rule, stray punctuation and (for authorities) non-CJK dropped', () => {
    const cs = cleanPlaceChars(read('：一北京市公安局 A1。'), true);
    expect(cs.map((c) => c.ch).join('')).toBe('北京市公安局');
    expect(readAddress({ value: '一北京市海淀区中关村大街1号', confidence: 0.99 })).toBe('北京市海淀区中关村大街1号');
  });
});

describe('driving licence printed seal', () => {
  const frame = [
    piece('中华人民共和国机动车驾驶证', 210, 40),
    piece('姓名', 60, 205),
    piece('性别', 535, 205),
    piece('国籍', 750, 205),
    piece('住址', 60, 280),
    piece('出生日期', 340, 440),
    piece('初次领证日期', 340, 508),
    piece('准驾车型', 340, 574),
  ];

  it('keeps a label under the seal\'s edge (read in red) out of the authority', async () => {
    const lines = [
      ...frame,
      piece('证号', 257, 140, { red: 0.86 }),
      piece('西壮族自治区', 97, 456, { red: 1 }),
      piece('柳州市公安局', 68, 515, { red: 1 }),
      piece('交通警察支队', 69, 577, { red: 1 }),
    ];
    const got = await extractDriverFront(lines);
    expect(got.values.issuingAuthority?.value).toBe('广西壮族自治区柳州市公安局交通警察支队');
  });

  it('snaps an unsure character of the seal\'s ending, read line by line', async () => {
    const lines = [
      ...frame,
      piece('证号', 257, 140),
      piece('广东省中山', 97, 456, { red: 1 }),
      piece('市公安局交', 68, 515, { red: 1 }),
      piece('遵警察支队', 69, 577, { red: 1, score: 0.5 }),
    ];
    const got = await extractDriverFront(lines);
    expect(got.values.issuingAuthority?.value).toBe('广东省中山市公安局交通警察支队');
  });
});
