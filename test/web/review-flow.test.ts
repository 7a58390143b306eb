// The console's scan-and-review flow as a demanding user meets it (issue #16), in real headless Chromium
// against the real local server and offline engine: 自动判断 by default, a running scan shows its time
// and can be cancelled, the same photo is re-read as the other side, doubtful fields are coloured, long
// values are multi-line, the photo zooms in place, trivial fixes are offered, open warnings are
// confirmed before submitting, the success says what next, and the queue belongs to one identity.
import { join } from 'node:path';
import type { Browser, Page, Request } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildConsole, FIXTURES, LAPTOP, launchBrowser, screenshot, startServer, watchPage, type RunningServer } from './support';

const USER_A = 'user-flow-a';
const USER_B = 'user-flow-b';
const PHOTO = join(FIXTURES, 'vehicle-licence-front-01.png');

let server: RunningServer;
let browser: Browser;
let page: Page;
let watched: { errors: string[]; foreign: string[] };
/** The upload forms sent so far: the photo's size and the text fields. */
const ocrForms = (): Promise<Array<{ image: number; side?: string; docType?: string }>> => page.evaluate('window.__forms');
const submits: string[] = [];

async function signIn(openid: string): Promise<void> {
  await page.getByRole('heading', { name: /控制台/ }).waitFor();
  await page.getByLabel('普通用户').check();
  await page.fill('input[name=openid]', openid);
  await page.getByRole('button', { name: '进入控制台' }).click();
  await page.getByRole('navigation', { name: '主导航' }).waitFor();
}

/** Whether a reload or tab close would be held back (the page's own beforeunload answer). */
const leavingIsGuarded = (): Promise<boolean> =>
  page.evaluate<boolean>("(() => { const e = new Event('beforeunload', { cancelable: true }); dispatchEvent(e); return e.defaultPrevented; })()");

beforeAll(async () => {
  await buildConsole();
  server = await startServer({ ADMIN_OPENIDS: 'admin-flow' });
  browser = await launchBrowser();
  const context = await browser.newContext({ viewport: LAPTOP, locale: 'zh-CN' });
  // What the console puts in each upload form (request bodies of blobs are not visible to the
  // browser's request events): recorded in the page, read back with evaluate.
  await context.addInitScript(`{
    const append = FormData.prototype.append;
    window.__forms = [];
    FormData.prototype.append = function (name, value, file) {
      if (name === 'image') window.__forms.push({ image: value.size });
      else if (window.__forms.length) window.__forms[window.__forms.length - 1][name] = value;
      return file === undefined ? append.call(this, name, value) : append.call(this, name, value, file);
    };
  }`);
  page = await context.newPage();
  watched = watchPage(page, server.url);
  page.on('request', (r: Request) => {
    if (r.url().endsWith('/api/records') && /"action":"submit"/.test(r.postData() ?? '')) submits.push(r.postData() ?? '');
  });
  await page.goto(server.url);
  await signIn(USER_A);
}, 300_000);

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

describe('web console review flow', () => {
  it('starts on 自动判断 for a two-sided document', async () => {
    await expect(page.locator('input[name=side][value=auto]').isChecked()).resolves.toBe(true);
    await page.selectOption('select[name=docType]', 'id_card');
    await expect(page.locator('input[name=side][value=auto]').isChecked()).resolves.toBe(true);
    await page.selectOption('select[name=docType]', 'vehicle_license');
  });

  it('offers only the recognition services the server has configured (here the offline engine)', async () => {
    const offered = await page.locator('select[name=provider] option').evaluateAll((els) => els.map((e) => (e as unknown as { value: string }).value));
    expect(offered).toEqual(['auto', 'local']);
  });

  it('shows the elapsed time of a running scan, guards leaving, and reviews the result with doubtful fields coloured', { timeout: 300_000 }, async () => {
    await page.selectOption('select[name=provider]', 'local');
    await page.setInputFiles('[data-testid=file-input]', PHOTO);
    const running = page.getByTestId('scan-running');
    await running.waitFor({ timeout: 30_000 });
    await expect(running.textContent()).resolves.toMatch(/已用时 \d+ 秒/);
    await expect(running.getByRole('button', { name: '取消识别' }).count()).resolves.toBe(1);
    await expect(leavingIsGuarded()).resolves.toBe(true);

    const review = page.getByTestId('review');
    await review.waitFor({ timeout: 280_000 });
    await expect(leavingIsGuarded()).resolves.toBe(false);
    expect((await ocrForms())[0]).toMatchObject({ side: 'auto', docType: 'vehicle_license' });
    await expect(page.inputValue('#f-plateNo')).resolves.toBe('京AA5599');
    // The VIN fails its check digit: doubtful by core's rule, coloured and tagged.
    const vin = page.locator('[data-field=vin]');
    await expect(vin.getAttribute('data-doubtful')).resolves.toBe('true');
    await expect(vin.locator('.tag-doubtful').textContent()).resolves.toBe('存疑');
    // An address is a multi-line box showing the whole value.
    await expect(page.locator('#f-address').evaluate((e) => e.tagName)).resolves.toBe('TEXTAREA');
    const fits = await page.locator('#f-address').evaluate((e) => (e as unknown as { scrollHeight: number; clientHeight: number }).scrollHeight <= (e as unknown as { clientHeight: number }).clientHeight + 2);
    expect(fits).toBe(true);
  });

  it('zooms the photo in place and back', async () => {
    const zoom = page.getByTestId('review').getByRole('button', { name: '放大照片' });
    await zoom.click({ position: { x: 40, y: 40 } });
    const img = page.getByTestId('review').locator('.photo-img');
    await expect(img.evaluate((e) => (e as unknown as { style: { transform: string } }).style.transform)).resolves.toMatch(/scale\(2\.5\)/);
    await screenshot(page, 'review-photo-zoomed-laptop');
    await page.getByTestId('review').getByRole('button', { name: '还原照片' }).click();
    await expect(img.evaluate((e) => (e as unknown as { style: { transform: string } }).style.transform)).resolves.toBe('');
  });

  it('offers the canonical spelling for a lower-case plate and a slashed date, applied only on a tap', async () => {
    await page.fill('#f-plateNo', '京aa5599');
    const plateFix = page.locator('[data-field=plateNo] .btn-suggest');
    await expect(plateFix.textContent()).resolves.toContain('京AA5599');
    await expect(page.inputValue('#f-plateNo')).resolves.toBe('京aa5599');
    await plateFix.click();
    await expect(page.inputValue('#f-plateNo')).resolves.toBe('京AA5599');

    const original = await page.inputValue('#f-registerDate');
    await page.fill('#f-registerDate', '2013/6/17');
    await page.locator('[data-field=registerDate] .btn-suggest', { hasText: '2013-06-17' }).click();
    await expect(page.inputValue('#f-registerDate')).resolves.toBe('2013-06-17');
    await page.fill('#f-registerDate', original);
  });

  it('asks for confirmation listing the open warnings, then submits once and offers the next step', async () => {
    for (const id of await page.locator('.review :is(input, textarea)[aria-required=true]').evaluateAll((els) => els.map((e) => e.id))) {
      if (!(await page.inputValue(`#${id}`)).trim()) await page.fill(`#${id}`, '待补充');
    }
    await page.getByTestId('submit').click();
    const confirm = page.getByTestId('confirm-warnings');
    await confirm.waitFor();
    await expect(confirm.textContent()).resolves.toMatch(/车辆识别代号：.*校验/);
    expect(submits).toHaveLength(0);
    await screenshot(page, 'review-confirm-warnings-laptop');

    await confirm.getByRole('button', { name: '返回修改' }).click();
    await expect(confirm.count()).resolves.toBe(0);
    await page.getByTestId('submit').click();
    await page.getByTestId('confirm-warnings').getByRole('button', { name: '仍然提交' }).click();
    const success = page.getByTestId('submit-success');
    await success.waitFor();
    expect(submits).toHaveLength(1);
    await expect(success.textContent()).resolves.toContain('提交成功');
    await expect(success.getByRole('button', { name: '继续扫描' }).count()).resolves.toBe(1);
    const recordId = (JSON.parse(submits[0] ?? '{}') as { id: string }).id;
    await expect(success.getByRole('link', { name: '查看记录' }).getAttribute('href')).resolves.toContain(recordId);
    await screenshot(page, 'review-submit-success-laptop');
    // The submitted VIN keeps its warning in the read-only review.
    await expect(page.locator('[data-field=vin] .field-warnings li').count()).resolves.toBeGreaterThan(0);
  });

  it('cancels a running scan, offers 重试, and re-reads the same photo as the other side in one tap', { timeout: 300_000 }, async () => {
    await page.setInputFiles('[data-testid=file-input]', PHOTO);
    const running = page.getByTestId('scan-running');
    await running.waitFor({ timeout: 30_000 });
    await running.getByRole('button', { name: '取消识别' }).click();
    const error = page.getByTestId('scan-error');
    await error.waitFor();
    await expect(error.textContent()).resolves.toContain('已取消识别');
    await screenshot(page, 'scan-cancelled-laptop');

    await error.getByRole('button', { name: '重试' }).click();
    await page.getByTestId('review').waitFor({ timeout: 280_000 });
    const before = (await ocrForms()).length;
    await page.getByTestId('reread').getByRole('button', { name: '按反面重新识别' }).click();
    // Sent again by the console itself, as the back, with the same photo bytes.
    for (let i = 0; i < 300 && (await ocrForms()).length === before; i++) await new Promise((ok) => setTimeout(ok, 100));
    await page.locator('.queue-item-on[data-state=done], .queue-item-on[data-state=failed]').waitFor({ timeout: 280_000 });
    const forms = await ocrForms();
    expect(forms).toHaveLength(before + 1);
    expect(forms.at(-1)).toMatchObject({ side: 'back', image: forms[0]?.image });
  });

  it('says the same plate was submitted before, with a link to that record, follows edits of the plate, and says so before submitting', { timeout: 300_000 }, async () => {
    const asked: string[] = [];
    page.on('request', (r: Request) => {
      if (r.url().endsWith('/api/records') && /"action":"duplicates"/.test(r.postData() ?? '')) asked.push(r.postData() ?? '');
    });
    const earlier = (JSON.parse(submits[0] ?? '{}') as { id: string }).id;
    expect(earlier).not.toBe('');
    // 自动选择 this time: the services this server lacks are skipped on the way to the engine.
    await page.selectOption('select[name=provider]', 'auto');
    const queued = await page.locator('.queue-item').count();
    await page.setInputFiles('[data-testid=file-input]', PHOTO);
    await page.locator(`.queue-item:nth-child(${queued + 1})[data-state=done]`).waitFor({ timeout: 280_000 });
    // Shown whatever the earlier items' states (a batch keeps the selection on an unfinished one).
    await page.locator('.queue-item').nth(queued).locator('.queue-select').click();
    const hint = page.getByTestId('review').getByTestId('duplicate-hint');
    await hint.waitFor({ timeout: 10_000 });
    await expect(hint.textContent()).resolves.toContain('已提交过相同号牌/车架号的记录');
    await expect(hint.getByRole('link', { name: '查看' }).first().getAttribute('href')).resolves.toBe(`#/records/${earlier}`);
    await screenshot(page, 'review-duplicate-hint-laptop');

    // Another plate and another VIN: nothing matches any more, the hint goes.
    const before = asked.length;
    await page.fill('#f-plateNo', '京AB1234');
    await page.fill('#f-vin', 'LSVAM4187C2184847');
    await hint.waitFor({ state: 'detached', timeout: 10_000 });
    // Typing is debounced: one question for the settled values, not one per keystroke.
    expect(asked.length - before).toBeLessThanOrEqual(2);
    expect(JSON.parse(asked.at(-1) ?? '{}')).toMatchObject({ plateNo: '京AB1234', vin: 'LSVAM4187C2184847' });
    await page.fill('#f-plateNo', '京aa 5599');
    await hint.waitFor({ timeout: 10_000 });

    for (const id of await page.locator('.review :is(input, textarea)[aria-required=true]').evaluateAll((els) => els.map((e) => e.id))) {
      if (!(await page.inputValue(`#${id}`)).trim()) await page.fill(`#${id}`, '待补充');
    }
    const submitted = submits.length;
    await page.getByTestId('submit').click();
    const confirm = page.getByTestId('confirm-warnings');
    await confirm.waitFor();
    await expect(confirm.getByTestId('confirm-duplicates').textContent()).resolves.toContain('已提交过相同号牌/车架号的记录');
    await screenshot(page, 'review-confirm-duplicate-laptop');
    await confirm.getByRole('button', { name: '返回修改' }).click();
    expect(submits.length).toBe(submitted);

    // Its record lists the services it skipped as not enabled, never as failed.
    const current = (JSON.parse(asked.at(-1) ?? '{}') as { id: string }).id;
    await page.goto(`${server.url}/#/records/${current}`);
    const attempts = page.getByTestId('detail').locator('details.attempts');
    await attempts.locator('summary').click();
    const lines = await attempts.locator('li').allTextContents();
    expect(lines.some((l) => l.includes('未启用，已跳过'))).toBe(true);
    expect(lines.filter((l) => l.includes('失败'))).toEqual([]);
    expect(lines.at(-1)).toMatch(/成功/);
    await page.goto(`${server.url}/#/scan`);
    await page.getByRole('heading', { name: '扫描识别' }).waitFor();
  });

  it('keeps the queue across a reload, clears it when another identity signs in, and brings it back for its owner', { timeout: 120_000 }, async () => {
    const count = await page.locator('.queue-item').count();
    expect(count).toBeGreaterThanOrEqual(2);
    await page.reload();
    await page.getByTestId('queue').waitFor({ timeout: 30_000 });
    await expect(page.locator('.queue-item').count()).resolves.toBeGreaterThanOrEqual(1);
    await expect(page.locator('.queue-item').first().textContent()).resolves.toContain('vehicle-licence-front-01.png');

    await page.getByRole('button', { name: '切换身份' }).click();
    await signIn(USER_B);
    await page.getByRole('heading', { name: '扫描识别' }).waitFor();
    await expect(page.getByTestId('queue').count()).resolves.toBe(0);
    await expect(page.getByTestId('review').count()).resolves.toBe(0);
    await expect(page.locator('img.queue-thumb, .photo-img').count()).resolves.toBe(0);
    await screenshot(page, 'scan-other-identity-laptop');

    await page.getByRole('button', { name: '切换身份' }).click();
    await signIn(USER_A);
    await page.getByTestId('queue').waitFor({ timeout: 30_000 });
    await expect(page.locator('.queue-item').count()).resolves.toBeGreaterThanOrEqual(1);
    expect(watched.errors).toEqual([]);
    expect(watched.foreign).toEqual([]);
  });
});
