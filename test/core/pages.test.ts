// Several pages in one photo: joining per-page results into one result (core/result/pages).
import { describe, expect, it } from 'vitest';
import { RecognitionResultSchema } from '../../core/contracts/result';
import { buildResult } from '../../core/result/build';
import { joinPages, pickPage, resultPages } from '../../core/result/pages';

const NOW = new Date('2026-06-01T00:00:00Z');
const front = (plate: string) =>
  buildResult({ docType: 'vehicle_license', side: 'front', provider: 'local', now: NOW, values: { plateNo: { value: plate }, owner: { value: '张三' } } });
const back = (plate: string) =>
  buildResult({ docType: 'vehicle_license', side: 'back', provider: 'local', now: NOW, values: { plateNo: { value: plate }, fileNo: { value: '420100123456' } } });

describe('pages of one photo', () => {
  it('a single page stays a plain result without pages', () => {
    const one = joinPages([front('鄂E3887K')]);
    expect(one.pages).toBeUndefined();
    expect(resultPages(one)).toHaveLength(1);
    expect(resultPages(one)[0]).toMatchObject({ side: 'front', fields: { owner: { value: '张三' } } });
  });

  it('two pages: the top level is the primary page and pages lists both in reading order', () => {
    const joined = joinPages([front('鄂E3887K'), back('鄂E3887K')], 1);
    expect(joined.side).toBe('back');
    expect(joined.fields.fileNo?.value).toBe('420100123456');
    expect(joined.pages?.map((p) => p.side)).toEqual(['front', 'back']);
    expect(joined.pages?.[0]?.fields.owner?.value).toBe('张三');
    expect(resultPages(joined)).toBe(joined.pages);
    expect(RecognitionResultSchema.parse(joined)).toEqual(joined);
  });

  it('front and back plates that disagree warn on both pages', () => {
    const joined = joinPages([front('鄂E3887K'), back('京AA5599')]);
    expect(joined.warnings.map((w) => w.code)).toContain('PLATE_MISMATCH');
    for (const p of joined.pages ?? []) expect(p.warnings.map((w) => w.code)).toContain('PLATE_MISMATCH');
    const agreeing = joinPages([front('鄂E3887K'), back('鄂E3887K')]);
    expect(agreeing.pages?.flatMap((p) => p.warnings.map((w) => w.code))).not.toContain('PLATE_MISMATCH');
  });

  it('picks the page asked for, else the first', () => {
    const pages = [{ docType: 'vehicle_license', side: 'front' as const }, { docType: 'vehicle_license', side: 'back' as const }];
    expect(pickPage(pages, 'vehicle_license', 'back')).toBe(1);
    expect(pickPage(pages, 'id_card', 'front')).toBe(0);
  });

  it('the contract refuses a pages list of one page (a one-page result has no pages)', () => {
    const one = front('鄂E3887K');
    const { provider: _p, ...page } = one;
    expect(RecognitionResultSchema.safeParse({ ...one, pages: [page] }).success).toBe(false);
  });
});
