// The crop of a doubtful field beside it in the console's review (issue #14), in real headless Chromium
// against the real local server and offline engine: the VIN of this photo fails its check digit, so it
// is doubtful; its crop shows the stretch of the photo it was read from, and a click frames it on the
// whole photo.
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { FIXTURES, screenshot, uploadHeldPhotos, useConsole } from './support';

const PHOTO = join(FIXTURES, 'vehicle-licence-front-01.png');

const web = useConsole();
let page: Page;

beforeAll(async () => {
  page = await web.open({ as: 'user-crop' });
}, 300_000);

describe('web console: where a doubtful field was read', () => {
  it('shows the photo crop beside a doubtful field, and only beside doubtful ones', { timeout: 300_000 }, async () => {
    await page.selectOption('select[name=docType]', 'vehicle_license');
    await page.selectOption('select[name=provider]', 'local');
    await page.setInputFiles('[data-testid=file-input]', PHOTO);
    await uploadHeldPhotos(page);
    await page.getByTestId('review').waitFor({ timeout: 280_000 });
    const vin = page.locator('[data-field=vin]');
    await expect(vin.getAttribute('data-doubtful')).resolves.toBe('true');
    const crop = vin.getByTestId('field-crop');
    const img = crop.locator('img');
    await expect.poll(() => img.evaluate((e) => (e as unknown as { naturalWidth: number }).naturalWidth), { timeout: 20_000 }).toBeGreaterThan(0);
    await expect.poll(() => img.evaluate((e) => (globalThis as unknown as { getComputedStyle(x: unknown): { visibility: string } }).getComputedStyle(e).visibility)).toBe('visible');
    // the frame is a strip (a value's line), the photo inside it larger than the frame and shifted
    const frame = await crop.locator('.field-crop-frame').boundingBox();
    const inner = await img.boundingBox();
    expect(frame && inner).toBeTruthy();
    expect(frame!.width).toBeGreaterThan(2 * frame!.height);
    expect(inner!.width).toBeGreaterThan(frame!.width);
    // not every field: a field that is not doubtful has no crop
    const calm = page.locator('[data-field][data-doubtful=false]');
    expect(await calm.count()).toBeGreaterThan(0);
    await expect(calm.getByTestId('field-crop').count()).resolves.toBe(0);
    await screenshot(page, 'review-field-crop-laptop');
  });

  it('a click frames the value on the whole photo, a second click folds it away', async () => {
    const crop = page.locator('[data-field=vin]').getByTestId('field-crop');
    await crop.getByRole('button').click();
    const whole = crop.getByTestId('field-crop-whole');
    await whole.waitFor();
    const mark = await whole.locator('.field-crop-mark').boundingBox();
    const all = await whole.boundingBox();
    expect(mark && all).toBeTruthy();
    // the VIN's place lies inside the photo, a thin stretch of it
    expect(mark!.x).toBeGreaterThanOrEqual(all!.x);
    expect(mark!.x + mark!.width).toBeLessThanOrEqual(all!.x + all!.width + 1);
    expect(mark!.height).toBeLessThan(all!.height / 4);
    await screenshot(page, 'review-field-crop-whole-laptop');
    await crop.getByRole('button').click();
    await expect(whole.count()).resolves.toBe(0);
    expect(web.problems()).toEqual([]);
  });
});
