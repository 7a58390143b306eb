// Where a doubtful field was read (issue #14), in the mini program's review page with real Vant under
// miniprogram-simulate: once the photo has loaded, a doubtful field read at a known place shows the crop
// of the photo beside it; a tap shows the whole photo with the place framed; a calm field shows none.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeRecord, recognizedFront } from './support/backend';
import { type Env, setupEnv } from './support/env';
import { type Rendered, flush, render, requireMini, until } from './support/harness';

let env: Env;
beforeEach(() => {
  env = setupEnv();
});
afterEach(() => env.restore());

const PHOTO = 'wxfile://tmp/prepared.jpg';
const VIN_BOX = { x: 0.4, y: 0.6, width: 0.45, height: 0.05 };

async function openReview(): Promise<Rendered> {
  const recognized = recognizedFront();
  recognized.vin = { ...recognized.vin!, box: VIN_BOX, doubtful: true };
  recognized.plateNo = { ...recognized.plateNo!, box: { x: 0.2, y: 0.2, width: 0.2, height: 0.05 }, doubtful: false };
  const record = makeRecord({ recognized });
  env.backend.records.push(record);
  requireMini<{ putScan(s: { record: unknown; photoPath: string }): void }>('services/session').putScan({ record, photoPath: PHOTO });
  const page = render('pages/review/index');
  page.instance.onLoad({ id: record._id });
  await until(() => page.data.loading === false, 'loaded');
  await flush();
  return page;
}

const inForm = (page: Rendered, sel: string): Rendered | undefined => page.querySelector('.form')!.querySelector(sel);
const styleOf = (el: Rendered | undefined): string => el?.dom.getAttribute('style') ?? '';

describe('review page: the crop of a doubtful field', () => {
  it('shows no crop until the photo’s size is known, then the doubtful field’s crop from the photo', async () => {
    const page = await openReview();
    expect(inForm(page, '.crop-vin')).toBeUndefined();
    // the photo loads (1600×1000 pixels)
    page.querySelector('.photo')!.dispatchEvent('load', { detail: { width: 1600, height: 1000 } });
    await flush();
    const crop = inForm(page, '.crop-vin');
    expect(crop).toBeDefined();
    // selectors start at the form component's root (they do not descend from an inner node)
    const image = inForm(page, '.crop-vin .crop-image')!;
    // the crop's image is the record's photo, handed to the form
    expect(page.querySelector('.form')!.data.photo).toBe(PHOTO);
    // (the simulator writes rpx as px) the whole photo placed behind the frame so the VIN's stretch shows: shifted left and up, larger
    // than the frame; the frame a strip
    const frame = styleOf(inForm(page, '.crop-vin .crop-frame'));
    const frameW = Number(/width: (\d+)(?:rpx|px)/.exec(frame)?.[1]);
    const frameH = Number(/height: (\d+)(?:rpx|px)/.exec(frame)?.[1]);
    expect(frameW).toBeGreaterThan(2 * frameH);
    const img = styleOf(image);
    expect(Number(/width: (\d+)(?:rpx|px)/.exec(img)?.[1])).toBeGreaterThan(frameW);
    expect(Number(/left: (-\d+)(?:rpx|px)/.exec(img)?.[1])).toBeLessThan(0);
    expect(Number(/top: (-\d+)(?:rpx|px)/.exec(img)?.[1])).toBeLessThan(0);
    // a field that is not doubtful has none, though its place is known
    expect(inForm(page, '.crop-plateNo')).toBeUndefined();
  });

  it('a tap shows the whole photo with the place framed, a second tap folds it', async () => {
    const page = await openReview();
    page.querySelector('.photo')!.dispatchEvent('load', { detail: { width: 1600, height: 1000 } });
    await flush();
    inForm(page, '.crop-vin')!.dispatchEvent('tap');
    await flush();
    const whole = inForm(page, '.crop-whole-vin');
    expect(whole).toBeDefined();
    expect(styleOf(inForm(page, '.crop-whole-vin .crop-mark'))).toContain('left: 40.00%; top: 60.00%; width: 45.00%; height: 5.00%');
    inForm(page, '.crop-vin')!.dispatchEvent('tap');
    await flush();
    expect(inForm(page, '.crop-whole-vin')).toBeUndefined();
  });

  it('a value the user corrected is theirs: its crop goes', async () => {
    const page = await openReview();
    page.querySelector('.photo')!.dispatchEvent('load', { detail: { width: 1600, height: 1000 } });
    await flush();
    page.instance.onFieldChange({ currentTarget: { dataset: { page: 0 } }, detail: { key: 'vin', value: 'LSVAB2BR9JN123456' } });
    await flush();
    expect(inForm(page, '.crop-vin')).toBeUndefined();
  });
});
