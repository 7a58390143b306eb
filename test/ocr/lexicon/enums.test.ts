// Registry enumerations as lexicons: 车辆类型, 使用性质, 燃料种类 snapped only where the recogniser
// was unsure and one entry fits best.
import { describe, expect, it } from 'vitest';
import { FUEL_TYPES, VEHICLE_TYPES } from '../../../core/documents/enums';
import { ENUM_LEXICONS, readClosed, snapField } from '../../../server/ocr/lexicon/enums';
import { read } from './read';

describe('snapField', () => {
  it('snaps an unsure character of a vehicle type (小型轿牟 → 小型轿车)', () => {
    expect(snapField('vehicleType', read('小型轿[牟]'))).toEqual({ value: '小型轿车', changed: true, matched: '小型轿车' });
  });

  it('snaps a longer vehicle type with two unsure characters (轻型[晋]通货[牟] → 轻型普通货车)', () => {
    expect(snapField('vehicleType', read('轻型[晋]通货[牟]')).value).toBe('轻型普通货车');
  });

  it('snaps a use character (出租转[菲] → 出租转非) and supplies nothing for a sure misreading', () => {
    expect(snapField('useCharacter', read('出租转[菲]')).value).toBe('出租转非');
    expect(snapField('useCharacter', read('出租转菲'))).toEqual({ value: '出租转菲', changed: false, matched: '' });
  });

  it('does not snap a high-confidence character', () => {
    expect(snapField('vehicleType', read('小型轿牟')).changed).toBe(false);
  });

  it('does not snap when ambiguous ([太]型普通客车: 大/中/小/微; 重型[箱]式货车: 厢式 or 罐式)', () => {
    expect(snapField('vehicleType', read('中型[晋]通客车')).value).toBe('中型普通客车');
    expect(snapField('vehicleType', read('[太]型普通客车'))).toEqual({ value: '太型普通客车', changed: false, matched: '' });
    expect(snapField('vehicleType', read('重型[箱]式货车')).value).toBe('重型箱式货车');
    expect(snapField('vehicleType', read('重型[箱|厢]式货车')).value).toBe('重型厢式货车');
  });

  it('keeps an entry read exactly even when unsure', () => {
    expect(snapField('useCharacter', read('[非]营运'))).toEqual({ value: '非营运', changed: false, matched: '非营运' });
  });

  it('snaps a two-character entry only to the character the recogniser itself listed at an unsure place (汽[酒|油] → 汽油)', () => {
    expect(snapField('fuelType', read('汽[酒|油]'))).toEqual({ value: '汽油', changed: true, matched: '汽油' });
    expect(readClosed(read('汽[酒|油]'), FUEL_TYPES).value).toBe('汽油');
    // listed, but read surely: kept
    expect(snapField('fuelType', [{ ch: '汽', score: 0.99 }, { ch: '酒', score: 0.99, alts: ['油'] }]).changed).toBe(false);
    // two entries the candidates allow (汽油 and 柴油 both one listed character away): kept
    expect(snapField('fuelType', read('[汔|汽柴]油')).changed).toBe(false);
  });

  it('never snaps a two-character entry (汽油 / 柴油: one change would be a guess)', () => {
    expect(snapField('fuelType', read('[汔]油')).changed).toBe(false);
  });

  it('maps each field to the registry list (one definition in core)', () => {
    expect(ENUM_LEXICONS.vehicleType).toBe(VEHICLE_TYPES);
    expect(ENUM_LEXICONS.fuelType).toBe(FUEL_TYPES);
  });
});

describe('readClosed (a field whose value is always an entry)', () => {
  it('takes the snap rule first, then the one nearest entry even over sure characters', () => {
    expect(readClosed(read('小型轿[牟]'), VEHICLE_TYPES).value).toBe('小型轿车');
    expect(readClosed(read('非营远'), ['非营运', '营运'])).toEqual({ value: '非营运', changed: true, matched: '非营运' });
  });

  it('leaves a reading far from every entry, or equally near two, unchanged', () => {
    expect(readClosed(read('穆高寒'), ['非营运', '营运'])).toMatchObject({ value: '穆高寒', changed: false, matched: '' });
    expect(readClosed(read('中型普通车车'), ['中型普通客车', '中型普通货车'])).toMatchObject({ value: '中型普通车车', matched: '' });
  });
});
