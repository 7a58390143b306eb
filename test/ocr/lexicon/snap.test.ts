// The one snapping rule all lexicons share: only unsure characters change, within a budget, and a
// closed list snaps only to its one fitting entry.
import { describe, expect, it } from 'vitest';
import { alignForm, editBudget, SNAP_MAX_SCORE, snapWhole } from '../../../server/ocr/lexicon/snap';
import { read } from './read';

describe('alignForm', () => {
  it('replaces a character scored just below SNAP_MAX_SCORE and not one scored at it', () => {
    const at = (score: number) => alignForm('遂溪县', [{ ch: '逆', score }, ...read('溪县')], 0);
    expect(at(SNAP_MAX_SCORE - 0.01)).toMatchObject({ cost: 1, consumed: 3 });
    expect(at(SNAP_MAX_SCORE)).toBeNull();
  });

  it('keeps the exact tail exact', () => {
    expect(alignForm('遂城镇', read('遂城[路]'), 0, { exactTail: 1 })).toBeNull();
    expect(alignForm('遂城镇', read('遂城[路]'), 0)).toMatchObject({ cost: 1 });
  });

  it('supplies a lost character and drops an unsure extra one, each counted against the budget', () => {
    expect(alignForm('广东省', read('东省'), 0)).toMatchObject({ cost: 1, inserted: 1, consumed: 2 });
    expect(alignForm('广东省', read('东省'), 0, { maxInserted: 0 })).toBeNull();
    expect(alignForm('阜南县', read('阜[、]南县'), 0)).toMatchObject({ cost: 1, consumed: 4 });
    expect(alignForm('阜南县', read('阜、南县'), 0)).toBeNull();
  });

  it('tolerates one edit per three characters', () => {
    expect([2, 3, 5, 6, 9].map(editBudget)).toEqual([0, 1, 1, 2, 3]);
    expect(alignForm('交通警察支队', read('[瑞特]警察支队'), 0)).toMatchObject({ cost: 2 });
    expect(alignForm('交通警察支队', read('[瑞特家]察支队'), 0)).toBeNull();
  });
});

describe('snapWhole', () => {
  const OPTIONS = ['非营运', '营运', '出租客运', '公路客运', '公交客运'];

  it('snaps to the one entry within the budget', () => {
    expect(snapWhole(read('出租[各]运'), OPTIONS)).toEqual({ value: '出租客运', changed: true, matched: '出租客运' });
  });

  it('does not snap when ambiguous (公X客运: 公路客运 or 公交客运)', () => {
    expect(snapWhole(read('公[跤]客运'), OPTIONS)).toEqual({ value: '公跤客运', changed: false, matched: '' });
    expect(snapWhole(read('公[跤|交]客运'), OPTIONS).value).toBe('公交客运');
  });

  it('does not snap a high-confidence character', () => {
    expect(snapWhole(read('出租各运'), OPTIONS)).toEqual({ value: '出租各运', changed: false, matched: '' });
  });

  it('keeps an entry read exactly', () => {
    expect(snapWhole(read('[营]运'), OPTIONS)).toEqual({ value: '营运', changed: false, matched: '营运' });
  });
});
