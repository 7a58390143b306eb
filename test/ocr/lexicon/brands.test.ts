// The brand part of 品牌型号: snapped to a known brand only where the recogniser was unsure and one
// brand fits; the model code after 牌 is never touched.
import { describe, expect, it } from 'vitest';
import { VEHICLE_BRANDS } from '../../../server/ocr/lexicon/brand-names';
import { knownBrand, snapBrand } from '../../../server/ocr/lexicon/brands';
import { read } from './read';

describe('snapBrand', () => {
  it('fixes an unsure character of a brand (起巫牌 → 起亚牌) and keeps the model code', () => {
    expect(snapBrand(read('起[巫]牌YQZ7204A'))).toEqual({ value: '起亚牌YQZ7204A', changed: true, matched: '起亚牌' });
  });

  it('fixes a rare character read as a common one (讴歌 read 沤歌)', () => {
    expect(snapBrand(read('[沤]歌牌GHA7150JAD5B')).value).toBe('讴歌牌GHA7150JAD5B');
  });

  it('fixes a longer brand (大众汽车牌 read 大众汽牟牌)', () => {
    expect(snapBrand(read('大众汽[牟]牌SVW71612RS')).value).toBe('大众汽车牌SVW71612RS');
  });

  it('does not snap a high-confidence character', () => {
    expect(snapBrand(read('起巫牌YQZ7204A'))).toEqual({ value: '起巫牌YQZ7204A', changed: false, matched: '' });
  });

  it('does not snap when ambiguous (X田牌: 丰田 or 本田)', () => {
    expect(snapBrand(read('[车]田牌HG7183'))).toEqual({ value: '车田牌HG7183', changed: false, matched: '' });
    expect(snapBrand(read('[车|丰]田牌HG7183')).value).toBe('丰田牌HG7183');
  });

  it('never touches the model code, however unsure', () => {
    expect(snapBrand(read('别克牌[SGM7247ATA]')).value).toBe('别克牌SGM7247ATA');
    expect(snapBrand(read('别[売]牌[SGM7247ATA]')).value).toBe('别克牌SGM7247ATA');
  });

  it('needs 牌 read exactly: without it there is no brand part to snap', () => {
    expect(snapBrand(read('起[巫][脾]YQZ7204A')).changed).toBe(false);
  });

  it('finds the known brand a model starts with', () => {
    expect(knownBrand('大众汽车牌SVW71612RS')).toBe('大众汽车');
    expect(knownBrand('宝骏牌LZW6465UVF')).toBe('宝骏');
    expect(knownBrand('某某牌X1')).toBeNull();
  });

  it('lists each brand once', () => {
    expect(new Set(VEHICLE_BRANDS).size).toBe(VEHICLE_BRANDS.length);
  });
});
