// Issuing authorities: "<place><standard ending>", the place snapped to a real chain of divisions and
// the ending to a standard one, only where the recogniser was unsure and one reading fits.
import { describe, expect, it } from 'vitest';
import { AUTHORITY_ENDINGS, snapAuthority } from '../../../server/ocr/lexicon/authority';
import { read } from './read';

describe('snapAuthority', () => {
  it('supplies a lost first character and fixes an unsure character of the ending', () => {
    const r = snapAuthority(read('东省东莞市公安局交通[酱]察支队'));
    expect(r).toEqual({ value: '广东省东莞市公安局交通警察支队', changed: true, matched: '广东省东莞市公安局交通警察支队' });
  });

  it('fixes several unsure characters of a long ending (交瑞特家支队 → 交通警察支队)', () => {
    expect(snapAuthority(read('山东省济南市公安局交[瑞特家]支队')).value).toBe('山东省济南市公安局交通警察支队');
  });

  it('restores two characters an ending lost after a real place (河北省承德市公安局交察支队 → …交通警察支队)', () => {
    expect(snapAuthority(read('河北省承德市公安局交察支队')).value).toBe('河北省承德市公安局交通警察支队');
  });

  it('restores no more than one lost character when no real place comes before the ending', () => {
    expect(snapAuthority(read('某某某公安局交察支队')).value).toBe('某某某公安局交察支队');
  });

  it('does not snap high-confidence characters', () => {
    const r = snapAuthority(read('山东省济南市公安局交瑞特家支队'));
    expect(r.value).toBe('山东省济南市公安局交瑞特家支队');
    expect(r.changed).toBe(false);
  });

  it('drops a label glued in front when what follows is a real place (证号西壮族… → 广西壮族…)', () => {
    expect(snapAuthority(read('证号西壮族自治区柳州市公安局交通警察支队')).value).toBe('广西壮族自治区柳州市公安局交通警察支队');
  });

  it('never changes the kind of authority (an unsure 大 of 大队 stays)', () => {
    expect(snapAuthority(read('遂溪县公安局交通警察[大]队')).value).toBe('遂溪县公安局交通警察大队');
  });

  it('does not snap when ambiguous: 东省 may be 广东省 or 山东省', () => {
    const r = snapAuthority(read('东省公安局交通警察总队'));
    expect(r.value).toBe('东省公安局交通警察总队');
    expect(r.changed).toBe(false);
  });

  it('keeps a correct authority unchanged and reports it matched', () => {
    for (const t of ['北京市公安局公安交通管理局', '遂溪县公安局交通警察大队', '广东省东莞市公安局交通警察支队']) {
      expect(snapAuthority(read(t))).toEqual({ value: t, changed: false, matched: t });
    }
  });

  it('snaps only the place of an authority without a standard ending (an ID card\'s 公安局)', () => {
    const r = snapAuthority(read('广东省东[完]市公安局'));
    expect(r).toEqual({ value: '广东省东莞市公安局', changed: true, matched: '广东省东莞市' });
  });

  it('exports the standard endings the extractors share', () => {
    expect(AUTHORITY_ENDINGS).toContain('公安局交通警察支队');
    expect(AUTHORITY_ENDINGS).toContain('车辆管理所');
  });
});
