// Lexicon snaps repair misread names, never a real name as read (vendor specimens print impossible
// chains of real names: 广东省日照市).
import { describe, expect, it } from 'vitest';
import { keepRealNames } from '../../../server/ocr/lexicon/guard';

describe('keepRealNames', () => {
  it('keeps a real province as read while the snap repairs the ending', () => {
    const read = '广东省日照市公安局交通管察支队';
    const r = keepRealNames(read, { value: '山东省日照市公安局交通警察支队', changed: true, matched: '山东省日照市' });
    expect(r.value).toBe('广东省日照市公安局交通警察支队');
    expect(r.changed).toBe(true);
  });

  it('lets a snap repair a name that is not real as read', () => {
    const r = keepRealNames('安微省阜南县', { value: '安徽省阜南县', changed: true, matched: '安徽省阜南县' });
    expect(r.value).toBe('安徽省阜南县');
  });

  it('returns an unchanged snap as it is', () => {
    const s = { value: '北京市石景山区', changed: false, matched: '北京市石景山区' };
    expect(keepRealNames('北京市石景山区', s)).toBe(s);
  });
});
