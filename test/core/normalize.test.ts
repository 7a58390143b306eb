// Canonical value formats (DESIGN.md "Canonical values"): representation changes only.
import { describe, expect, it } from 'vitest';
import {
  cleanText,
  compactUpper,
  isPlaceholder,
  normalizeDate,
  normalizeDimensions,
  normalizeMass,
  normalizePassengers,
  normalizePeriod,
  normalizeValue,
  splitPeriod,
  unify,
} from '../../core/normalize/index';

describe('dates', () => {
  it.each([
    ['2018-07-06', '2018-07-06'],
    ['20180706', '2018-07-06'],
    ['2018年07月06日', '2018-07-06'],
    ['2018年7月6日', '2018-07-06'],
    ['2018.7.6', '2018-07-06'],
    ['2018/07/06', '2018-07-06'],
    [' 2018 - 07 - 06 ', '2018-07-06'],
    ['２０１８－０７－０６', '2018-07-06'],
    ['2018-07-06T00:00:00Z', '2018-07-06'],
    ['注册日期:2018-07-06', '注册日期:2018-07-06'],
    ['20', '20'],
  ])('%s → %s', (raw, canonical) => {
    expect(normalizeDate(raw)).toBe(canonical);
  });

  it('keeps the shape of an impossible date for the validator to flag', () => {
    expect(normalizeDate('2018.2.30')).toBe('2018-02-30');
  });
});

describe('periods', () => {
  it.each([
    ['2014-11-05至2024-11-05', '2014-11-05至2024-11-05'],
    ['2014.11.05-2024.11.05', '2014-11-05至2024-11-05'],
    ['2014-11-05-2024-11-05', '2014-11-05至2024-11-05'],
    ['20141105-20241105', '2014-11-05至2024-11-05'],
    ['2014.11.05--2024.11.05', '2014-11-05至2024-11-05'],
    ['2018年03月21日至长期', '2018-03-21至长期'],
    ['2018.03.21-长期', '2018-03-21至长期'],
    ['有效期限:2014-11-05 至 2024-11-05', '2014-11-05至2024-11-05'],
    ['6年', '6年'],
    ['2014-11-05', '2014-11-05'],
    ['2014-11-05至2024-11-05至2034-11-05', '2014-11-05至2024-11-05至2034-11-05'],
  ])('%s → %s', (raw, canonical) => {
    expect(normalizePeriod(raw)).toBe(canonical);
  });

  it('splits canonical periods', () => {
    expect(splitPeriod('2014-11-05至2024-11-05')).toEqual({ start: '2014-11-05', end: '2024-11-05' });
    expect(splitPeriod('2018-03-21至长期')).toEqual({ start: '2018-03-21', end: '长期' });
    expect(splitPeriod('6年')).toBeNull();
  });
});

describe('masses, passengers, dimensions', () => {
  it.each([
    ['1820kg', '1820kg'],
    ['1820KG', '1820kg'],
    ['1820 kg', '1820kg'],
    ['1,820千克', '1820kg'],
    ['1820公斤', '1820kg'],
    ['1820', '1820kg'],
    ['1.82t', '1820kg'],
    ['2.5吨', '2500kg'],
    ['abc', 'abc'],
  ])('mass %s → %s', (raw, canonical) => {
    expect(normalizeMass(raw)).toBe(canonical);
  });

  it.each([
    ['5人', '5人'],
    ['5 人', '5人'],
    ['05', '5人'],
    ['5', '5人'],
    ['五人', '五人'],
  ])('passengers %s → %s', (raw, canonical) => {
    expect(normalizePassengers(raw)).toBe(canonical);
  });

  it.each([
    ['4750×1820×1465mm', '4750×1820×1465mm'],
    ['4750x1820x1465', '4750×1820×1465mm'],
    ['4750X1820X1465MM', '4750×1820×1465mm'],
    ['4750*1820*1465 mm', '4750×1820×1465mm'],
    ['4750 × 1820 × 1465 毫米', '4750×1820×1465mm'],
    ['4750×1820', '4750×1820'],
  ])('dimensions %s → %s', (raw, canonical) => {
    expect(normalizeDimensions(raw)).toBe(canonical);
  });
});

describe('identifiers', () => {
  it('upper-cases plates, VINs and engine numbers and drops separators', () => {
    expect(normalizeValue('plate', '粤b·12345')).toBe('粤B12345');
    expect(normalizeValue('plate', '京A D12345')).toBe('京AD12345');
    expect(normalizeValue('plate', '鄂E3887k')).toBe('鄂E3887K');
    expect(normalizeValue('plate', '粤Ｂ１２３４５')).toBe('粤B12345');
    expect(normalizeValue('vin', 'latpab071w1005301')).toBe('LATPAB071W1005301');
    expect(normalizeValue('vin', 'LATPA B071-W100 5301')).toBe('LATPAB071W1005301');
    expect(normalizeValue('engineNo', ' j3-xx xx3 ')).toBe('J3XXXX3');
    expect(normalizeValue('idNumber', '11010519491231002x')).toBe('11010519491231002X');
  });

  it('never turns O into 0 or I into 1 (that is a suggestion, not normalization)', () => {
    expect(normalizeValue('vin', 'LATPAB07IW1OO53O1')).toBe('LATPAB07IW1OO53O1');
    expect(normalizeValue('plate', '京AO1234')).toBe('京AO1234');
  });

  it('keeps masking asterisks visible', () => {
    expect(compactUpper('粤A4****')).toBe('粤A4****');
    expect(normalizeValue('text', '彭*')).toBe('彭*');
  });

  it('strips the print decoration of barcode numbers', () => {
    expect(normalizeValue('digits', '*8644658019963*')).toBe('8644658019963');
    expect(normalizeValue('digits', '3800 2998 37465')).toBe('3800299837465');
  });

  it('reads sex as 男/女', () => {
    expect(normalizeValue('sex', '男')).toBe('男');
    expect(normalizeValue('sex', 'F')).toBe('女');
    expect(normalizeValue('sex', '男/M')).toBe('男');
  });
});

describe('placeholders and text', () => {
  it.each(['--', '——', '一一', '-', '－－', '—', ' -- '])('%s is the placeholder --', (raw) => {
    expect(isPlaceholder(raw)).toBe(true);
    expect(normalizeValue('mass', raw)).toBe('--');
    expect(normalizeValue('text', raw)).toBe('--');
  });

  it('a single 一 is text, except where a number is expected', () => {
    expect(isPlaceholder('一')).toBe(false);
    expect(normalizeValue('text', '一')).toBe('一');
    expect(normalizeValue('mass', '一')).toBe('--');
    expect(normalizeValue('passengers', '一')).toBe('--');
  });

  it('trims stray punctuation and whitespace but keeps content', () => {
    expect(cleanText(' ：北京市石景山区， ')).toBe('北京市石景山区');
    expect(cleanText('"王京"')).toBe('王京');
    expect(cleanText('有限责任公司(自然人投资或控股)')).toBe('有限责任公司(自然人投资或控股)');
    expect(cleanText('检验有效期至2015年06月粤B(16)')).toBe('检验有效期至2015年06月粤B(16)');
    expect(cleanText('自2014年09月12日至有效起始日期有效。')).toBe('自2014年09月12日至有效起始日期有效。');
    expect(cleanText('广东省深圳市公安局交通警察支队)')).toBe('广东省深圳市公安局交通警察支队');
    expect(cleanText('北京市 石景山区')).toBe('北京市石景山区');
    expect(cleanText('ZHANG  SAN')).toBe('ZHANG SAN');
    expect(cleanText('经营活\n动。')).toBe('经营活动。');
  });

  it('maps CJK radical look-alikes and full-width forms to ordinary characters', () => {
    expect(unify('小型普通客⻋')).toBe('小型普通客车');
    expect(unify('（ＡＢ１２）')).toBe('(AB12)');
  });
});
