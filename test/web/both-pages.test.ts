// The web console on a photo holding both pages of a vehicle licence, in real headless Chromium against
// the real local server and offline engine: the review shows one titled section per page (正页, 副页),
// each editable, submitted together; the record's detail shows both pages' differences.
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GetResponse } from '../../core/contracts/records';
import { buildConsole, FIXTURES, launchBrowser, screenshot, startServer, uploadHeldPhotos, watchPage, type RunningServer } from './support';

const USER = 'user-pages';
const PHOTO = join(FIXTURES, 'vehicle-licence-both-pages-02.png');
let server: RunningServer;
let browser: Browser;

beforeAll(async () => {
  await buildConsole();
  server = await startServer({ ADMIN_OPENIDS: 'admin-pages' });
  browser = await launchBrowser();
}, 300_000);
afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

describe('web console: both pages in one photo', () => {
  it('reviews both pages in their own sections, submits them together and shows both in the detail', { timeout: 300_000 }, async () => {
    const context = await browser.newContext({ viewport: { width: 1366, height: 900 }, locale: 'zh-CN' });
    const page: Page = await context.newPage();
    const watched = watchPage(page, server.url);
    await page.goto(server.url);
    await page.getByLabel('普通用户').check();
    await page.fill('input[name=openid]', USER);
    await page.getByRole('button', { name: '进入控制台' }).click();
    await page.getByRole('navigation', { name: '主导航' }).waitFor();

    await page.selectOption('select[name=docType]', 'vehicle_license');
    await page.locator('label.seg-option', { hasText: '自动判断' }).click();
    await page.selectOption('select[name=provider]', 'local');
    await page.setInputFiles('[data-testid=file-input]', PHOTO);
    // the photo is flagged before upload (core's photo checks); the user sends it anyway
    await uploadHeldPhotos(page);

    const review = page.locator('[data-testid=review][data-pages="2"]');
    // A failed recognition says why at once instead of running into the timeout.
    const failed = page.getByTestId('scan-error');
    await Promise.race([review.waitFor({ timeout: 240_000 }), failed.waitFor({ timeout: 240_000 }).then(async () => expect.fail((await failed.textContent()) ?? "scan failed"))]);
    await expect(review.locator('.review-page-title').allTextContents()).resolves.toEqual(['机动车行驶证正页', '机动车行驶证副页']);
    const front = review.locator('[data-page=front]');
    const back = review.locator('[data-page=back]');
    await expect(front.locator('[data-field=owner] input').inputValue()).resolves.toBe('穆高寒');
    await expect(back.locator('[data-field=fileNo] input').inputValue()).resolves.toBe('3800299837465');
    // The plate is on both pages, each its own input.
    await expect(review.locator('[data-field=plateNo] input').count()).resolves.toBe(2);
    await back.locator('[data-field=remarks] textarea').fill('副页备注');
    await front.locator('[data-field=owner] input').fill('穆高');
    await screenshot(page, 'scan-review-both-pages');
    await page.getByTestId('submit').click();
    // Open warnings (if the engine left any) are confirmed first.
    const confirm = page.getByTestId('confirm-warnings').getByRole('button', { name: '仍然提交' });
    await Promise.race([page.getByTestId('submitted-badge').waitFor(), confirm.waitFor().then(() => confirm.click())]);
    await page.getByTestId('submitted-badge').waitFor();

    const id = await page.evaluate<string>(
      `fetch('/api/records', { method: 'POST', headers: { 'content-type': 'application/json', 'x-licenselens-openid': '${USER}' }, body: JSON.stringify({ action: 'list' }) }).then((r) => r.json()).then((r) => r.items[0]._id)`,
    );
    const rec = (await (
      await fetch(`${server.url}/api/records`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-licenselens-openid': USER },
        body: JSON.stringify({ action: 'get', id }),
      })
    ).json()) as GetResponse;
    expect(rec.status).toBe('submitted');
    expect(rec.pages?.find((p) => p.side === 'back')?.corrections.remarks).toEqual({ from: '', to: '副页备注' });
    expect(rec.pages?.find((p) => p.side === 'front')?.corrections.owner).toEqual({ from: '穆高寒', to: '穆高' });

    await page.goto(`${server.url}/#/records/${id}`);
    await page.getByTestId('detail').waitFor();
    await expect(page.getByTestId('diff-table').count()).resolves.toBe(2);
    await expect(page.locator('[data-testid=diff-table][data-page=back] [data-field=remarks] ins').textContent()).resolves.toBe('副页备注');
    await expect(page.locator('[data-testid=diff-table][data-page=front] [data-field=owner] ins').textContent()).resolves.toBe('穆高');
    await expect(page.getByTestId('diff-summary').textContent()).resolves.toContain('修改了 2 个字段');
    expect(watched.errors).toEqual([]);
    await context.close();
  });
});
