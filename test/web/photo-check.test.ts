// The web console's photo checks before upload (web/src/photo-check.ts, core's pixel checks), in real
// headless Chromium against the real local server: a dark, blurred photo is held with the reasons in
// Chinese before anything is sent; "移除，重新拍摄" drops it, "仍然上传" sends it; a good photo goes
// straight through, and its review marks the doubtful fields by core's rule.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildConsole, FIXTURES, LAPTOP, launchBrowser, startServer, waitForExpression, watchPage, type RunningServer } from './support';

const USER = 'user-photo-check';
const GOOD = readFileSync(join(FIXTURES, 'vehicle-licence-front-01.png'));
let dark: Buffer;
let server: RunningServer;
let browser: Browser;
let context: BrowserContext;
let page: Page;
let watched: { errors: string[]; foreign: string[] };

beforeAll(async () => {
  dark = await sharp(GOOD).blur(4).linear(0.15, 0).png().toBuffer();
  await buildConsole();
  server = await startServer({});
  browser = await launchBrowser();
  context = await browser.newContext({ viewport: LAPTOP, locale: 'zh-CN' });
  await context.addInitScript(`localStorage.setItem('licenselens.credentials', ${JSON.stringify(JSON.stringify({ kind: 'dev', openid: USER }))})`);
  page = await context.newPage();
  watched = watchPage(page, server.url);
  await page.goto(`${server.url}/#/scan`);
}, 300_000);
afterAll(async () => {
  await context?.close();
  await browser?.close();
  await server?.stop();
});

const uploads = async (): Promise<number> => {
  const res = await fetch(`${server.url}/api/records`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-licenselens-openid': USER },
    body: JSON.stringify({ action: 'list' }),
  });
  return ((await res.json()) as { total: number }).total;
};

describe('web console: photo checks before upload', () => {
  it('holds a dark, blurred photo with its reasons and sends nothing; removing it leaves the queue empty', { timeout: 120_000 }, async () => {
    await page.setInputFiles('[data-testid=file-input]', { name: 'dark.png', mimeType: 'image/png', buffer: dark });
    const held = page.getByTestId('photo-held');
    await held.waitFor({ timeout: 60_000 });
    await expect(held.locator('[data-code=PHOTO_TOO_DARK]').textContent()).resolves.toContain('照片过暗');
    await expect(held.locator('[data-code=PHOTO_BLUR]').textContent()).resolves.toContain('照片模糊');
    await expect(page.locator('.queue-item').getAttribute('data-state')).resolves.toBe('held');
    await expect(uploads()).resolves.toBe(0);
    await page.getByTestId('photo-retake').click();
    await expect(page.locator('.queue-item').count()).resolves.toBe(0);
  });

  it('"仍然上传" sends the held photo', { timeout: 240_000 }, async () => {
    await page.setInputFiles('[data-testid=file-input]', { name: 'dark.png', mimeType: 'image/png', buffer: dark });
    await page.getByTestId('photo-upload-anyway').click({ timeout: 60_000 });
    await waitForExpression(page, "['done', 'failed'].includes(document.querySelector('.queue-item')?.dataset.state)", 200_000);
    await expect(uploads()).resolves.toBe(1);
    await page.locator('.queue-remove').click();
  });

  it('a good photo goes straight to recognition and its review marks the doubtful VIN', { timeout: 240_000 }, async () => {
    await page.selectOption('select[name=provider]', 'local');
    await page.setInputFiles('[data-testid=file-input]', { name: 'good.png', mimeType: 'image/png', buffer: GOOD });
    const review = page.getByTestId('review');
    await review.waitFor({ timeout: 200_000 });
    await expect(page.getByTestId('photo-held').count()).resolves.toBe(0);
    // the sample card's VIN fails its check digit: a warning, so doubtful by core's rule
    await expect(review.locator('[data-field=vin]').getAttribute('data-doubtful')).resolves.toBe('true');
    await expect(review.locator('[data-field=vin] .tag-doubtful').textContent()).resolves.toBe('存疑');
  });

  it('raised no page errors and fetched nothing from anywhere but the server', () => {
    expect(watched.errors).toEqual([]);
    expect(watched.foreign).toEqual([]);
  });
});
