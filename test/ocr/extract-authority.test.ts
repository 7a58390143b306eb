// Issuing authorities (server/ocr/extract/authority.ts) and the driving licence's printed seal.
import { describe, expect, it } from 'vitest';
import { readAuthority, snapAuthorityUnit } from '../../server/ocr/extract/authority';
import { extractDriverFront } from '../../server/ocr/extract/driver-license';
import { piece } from './lines';

describe('issuing authority units', () => {
  it('snaps a unit read one character wrong to the only unit it can be', () => {
    expect(snapAuthorityUnit('广东省东莞市公安局交通酱察支队')).toBe('广东省东莞市公安局交通警察支队');
    expect(snapAuthorityUnit('广东省中山市公安局交遵警察支队')).toBe('广东省中山市公安局交通警察支队');
    expect(snapAuthorityUnit('杭州市公安局交通管埋局')).toBe('杭州市公安局交通管理局');
  });

  it('keeps a unit printed exactly, even one edit from another unit (大队 is not 支队)', () => {
    expect(snapAuthorityUnit('广州市公安局交通警察大队')).toBe('广州市公安局交通警察大队');
    expect(snapAuthorityUnit('北京市公安局东城分局')).toBe('北京市公安局东城分局');
  });

  it('leaves a tail that is one edit from several units as read', () => {
    expect(snapAuthorityUnit('某某县公安局交通警察X队')).toBe('某某县公安局交通警察X队');
  });

  it('drops a leading printed rule and non-CJK noise', () => {
    expect(readAuthority('一北京市公安局交通管理局 ')).toBe('北京市公安局交通管理局');
  });
});

describe('driving licence printed seal', () => {
  it('keeps a label under the seal\'s edge (read in red) out of the authority', async () => {
    const lines = [
      piece('中华人民共和国机动车驾驶证', 210, 40),
      piece('证号', 257, 140, { red: 0.86 }),
      piece('姓名', 60, 205),
      piece('性别', 535, 205),
      piece('国籍', 750, 205),
      piece('住址', 60, 280),
      piece('出生日期', 340, 440),
      piece('西壮族自治区', 97, 456, { red: 1 }),
      piece('初次领证日期', 340, 508),
      piece('柳州市公安局', 68, 515, { red: 1 }),
      piece('准驾车型', 340, 574),
      piece('交通警察支队', 69, 577, { red: 1 }),
    ];
    const got = await extractDriverFront(lines);
    expect(got.values.issuingAuthority?.value).toBe('西壮族自治区柳州市公安局交通警察支队');
  });
});
