// The web console end to end, in real headless Chromium against the real local server (dev mode on
// loopback, offline OCR engine, temporary data folder): a user scans the real vehicle-licence photo,
// reviews and corrects it, submits once; an administrator finds it and sees the difference; a normal
// user cannot reach the administrator views. Screenshots of each screen go to test/.output/screenshots.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { FIXTURES, LAPTOP, noHorizontalOverflow, PHONE, screenshot, signIn, uploadHeldPhotos, useConsole, waitForExpression } from './support';

const ADMIN = 'admin-e2e';
const USER = 'user-e2e';
const PHOTO = join(FIXTURES, 'vehicle-licence-front-01.png');
const ONE_RESULT = "document.querySelector('[data-testid=pager-status]')?.textContent === '第 1 / 1 页，共 1 条'";
const CORRECTED_ADDRESS = '北京市石景山区八角北路1号';

const web = useConsole({ ADMIN_OPENIDS: ADMIN });
const open = (viewport = LAPTOP): Promise<Page> => web.open({ viewport });
const api = (body: unknown, openid: string): Promise<Response> => web.records(body, openid);

describe('web console', { timeout: 60_000 }, () => {
  let user: Page;
  let admin: Page;
  let recordId = '';

  it('is served at the root URL with everything from the server itself', async () => {
    const res = await fetch(web.server.url);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/text\/html/);
    const html = await res.text();
    expect(html).toContain('LicenseLens');
    // The whole run below happens under the server's CSP (violations fail the last test).
    expect(res.headers.get('content-security-policy')).toMatch(/script-src 'self'.*frame-ancestors 'none'/);
    const info = (await (await fetch(`${web.server.url}/api/session/info`)).json()) as { mode: string; devIdentity: boolean; user: unknown };
    expect(info).toMatchObject({ mode: 'dev', devIdentity: true, user: null });
  });

  it('signs a user in with the dev identity picker', async () => {
    const phone = await open(PHONE);
    await phone.getByRole('button', { name: '进入控制台' }).waitFor();
    await screenshot(phone, 'signin-phone');
    await noHorizontalOverflow(phone);

    user = await open();
    await user.getByRole('button', { name: '进入控制台' }).waitFor();
    await screenshot(user, 'signin-laptop');
    await signIn(user, 'user', USER);
    const nav = user.getByRole('navigation', { name: '主导航' });
    await expect(nav.getByRole('link').allTextContents()).resolves.toEqual(['扫描识别', '我的记录', '我的档案']);
    await expect(user.locator('.who-name').textContent()).resolves.toBe(USER);

    // Keyboard: the first Tab reaches the skip link; from the document picker, Tab walks the side,
    // the provider and then the photo picker (the drop zone's file input).
    await user.keyboard.press('Tab');
    await expect(user.evaluate<string>('document.activeElement.textContent')).resolves.toBe('跳到主要内容');
    await user.focus('select[name=docType]');
    for (let i = 0; i < 3; i++) await user.keyboard.press('Tab');
    await expect(user.evaluate<string>("document.activeElement.getAttribute('data-testid')")).resolves.toBe('file-input');
  });

  // The offline engine loads on the first scan; on two shared cores that can take a while.
  it('scans the real vehicle licence photo and shows the plate and the flagged VIN', { timeout: 240_000 }, async () => {
    await user.selectOption('select[name=docType]', 'vehicle_license');
    await expect(user.locator('input[name=side][value=auto]').isChecked()).resolves.toBe(true); // the default
    await user.locator('label.seg-option', { hasText: '正面' }).click();
    await expect(user.locator('input[name=side][value=front]').isChecked()).resolves.toBe(true);
    await user.selectOption('select[name=provider]', 'local');
    await user.setInputFiles('[data-testid=file-input]', PHOTO);

    // While the photo is uploaded and read, the review's place is held by a skeleton of the same layout.
    const skeleton = user.getByTestId('review-skeleton');
    await skeleton.waitFor();
    const photoWhileLoading = await skeleton.getByTestId('photo').boundingBox();
    await expect(user.getByTestId('queue').locator('.queue-item').count()).resolves.toBe(1);
    await screenshot(user, 'scan-progress-laptop');

    const review = user.getByTestId('review');
    await review.waitFor({ timeout: 200_000 });
    const photoReady = await review.getByTestId('photo').boundingBox();
    expect(photoReady).toEqual(photoWhileLoading); // no layout jump when the result arrives

    await expect(user.inputValue('#f-plateNo')).resolves.toBe('京AA5599');
    await expect(user.inputValue('#f-vin')).resolves.toBe('HHGHH555778802669');
    const vin = user.locator('[data-field=vin]');
    await expect(vin.locator('.field-warnings li').count()).resolves.toBeGreaterThan(0);
    await expect(vin.locator('input').getAttribute('aria-invalid')).resolves.toBe('true');
    await expect(vin.locator('.field-warnings').textContent()).resolves.toMatch(/校验/);
    await expect(user.locator('[data-field=plateNo] .field-warnings li').count()).resolves.toBe(0);
    await expect(user.locator('.queue-item').getAttribute('data-state')).resolves.toBe('done');
    await screenshot(user, 'scan-review-laptop');

    await user.setViewportSize(PHONE);
    await noHorizontalOverflow(user);
    await screenshot(user, 'scan-review-phone');
    await user.setViewportSize(LAPTOP);
  });

  it('enforces required fields, then submits a correction exactly once', async () => {
    const submits: string[] = [];
    user.on('request', (r) => {
      if (r.url().endsWith('/api/records') && r.method() === 'POST' && /"action":"submit"/.test(r.postData() ?? '')) submits.push(r.postData() ?? '');
    });

    await user.fill('#f-owner', '');
    await user.getByTestId('submit').click();
    await expect(user.locator('[data-field=owner] .field-error').textContent()).resolves.toBe('必填');
    await expect(user.evaluate<string>('document.activeElement && document.activeElement.id')).resolves.toBe('f-owner');
    await expect(user.getByRole('alert').first().textContent()).resolves.toContain('必填字段未填写');
    expect(submits).toHaveLength(0);
    await screenshot(user, 'scan-required-laptop');

    // Restore the recognized owner with the field's own button, correct the address.
    await user.locator('[data-field=owner]').getByRole('button', { name: '还原' }).click();
    await expect(user.inputValue('#f-owner')).resolves.not.toBe('');
    const recognizedAddress = await user.inputValue('#f-address');
    await user.fill('#f-address', CORRECTED_ADDRESS);
    await expect(user.locator('[data-field=address] .field-note').textContent()).resolves.toContain(recognizedAddress || '（空）');

    // Every other required field must hold a value for the submit to go through.
    for (const id of await user.locator('.review :is(input, textarea)[aria-required=true]').evaluateAll((els) => els.map((e) => e.id))) {
      if (!(await user.inputValue(`#${id}`)).trim()) await user.fill(`#${id}`, '待补充');
    }

    // The VIN's warning is still open: confirmed first. Two clicks in the same task: the second must
    // not send another submit.
    await user.getByTestId('submit').click();
    await user.getByTestId('confirm-warnings').waitFor();
    expect(submits).toHaveLength(0);
    await user.evaluate("{ const b = [...document.querySelectorAll('[data-testid=confirm-warnings] button')].find((x) => x.textContent === '仍然提交'); b.click(); b.click(); }");
    await user.getByTestId('submitted-badge').waitFor();
    expect(submits).toHaveLength(1);
    const sent = JSON.parse(submits[0] ?? '{}') as { id: string; fields: Record<string, string> };
    expect(sent.fields.address).toBe(CORRECTED_ADDRESS);
    expect(sent.fields.plateNo).toBe('京AA5599');
    recordId = sent.id;
    await expect(user.getByTestId('submit').count()).resolves.toBe(0);
    await expect(user.locator('#f-address').getAttribute('readonly')).resolves.not.toBeNull();
    await expect(user.locator('.queue-item').textContent()).resolves.toContain('已提交');
    await screenshot(user, 'scan-submitted-laptop');
  });

  it("lists the submission in the user's history and opens it", async () => {
    await user.getByRole('link', { name: '我的记录' }).click();
    const row = user.locator(`tr[data-id="${recordId}"]`);
    await row.waitFor();
    await expect(row.textContent()).resolves.toMatch(/京AA5599[\s\S]*已提交/);
    await expect(user.getByTestId('pager-status').textContent()).resolves.toBe('第 1 / 1 页，共 1 条');
    await screenshot(user, 'history-laptop');
    await user.setViewportSize(PHONE);
    await noHorizontalOverflow(user);
    await screenshot(user, 'history-phone');
    await user.setViewportSize(LAPTOP);

    await row.getByRole('link').click();
    await user.getByTestId('detail').waitFor();
    await expect(user.locator('[data-field=address] [data-testid=correction]').textContent()).resolves.toBe(CORRECTED_ADDRESS);
  });

  it('says so when an answer is not what the contract describes, and shows the list again once it is', async () => {
    const p = await web.open({ as: USER });
    // A proxy or an older server answering 200 with another shape: the screen must not render it.
    let malformed = true;
    await p.route('**/api/records', async (route) => {
      if (!malformed) return route.continue();
      await route.fulfill({ status: 200, contentType: 'application/json', body: JSON.stringify({ items: [{ _id: 1 }], total: 'many' }) });
    });
    await p.getByRole('link', { name: '我的记录' }).click();
    const alert = p.getByRole('alert');
    await alert.waitFor();
    await expect(alert.textContent()).resolves.toContain('服务器返回了无法识别的内容');
    await expect(p.locator('tr[data-id]').count()).resolves.toBe(0);
    malformed = false;
    await alert.getByRole('button', { name: '重试' }).click();
    await p.locator(`tr[data-id="${recordId}"]`).waitFor();
  });

  it('keeps a normal user out of the administrator views', async () => {
    const nav = user.getByRole('navigation', { name: '主导航' });
    await expect(nav.getByRole('link', { name: '全部记录' }).count()).resolves.toBe(0);
    await expect(nav.getByRole('link', { name: '统计与导出' }).count()).resolves.toBe(0);

    await user.goto(`${web.server.url}/#/admin/records`);
    await user.getByTestId('forbidden').waitFor();
    await expect(user.getByTestId('records-table').count()).resolves.toBe(0);
    await screenshot(user, 'forbidden-laptop');
    await user.goto(`${web.server.url}/#/admin/stats`);
    await user.getByTestId('forbidden').waitFor();

    // The server refuses too: hiding the menu is not the protection.
    expect((await api({ action: 'list', scope: 'all' }, USER)).status).toBe(403);
    expect((await api({ action: 'list', scope: 'all' }, ADMIN)).status).toBe(200);
  });

  it('lets the administrator find the record by plate and see the recognized → submitted difference', async () => {
    admin = await open();
    await signIn(admin, 'admin', ADMIN);
    await admin.getByRole('link', { name: '全部记录' }).click();
    await admin.locator(`tr[data-id="${recordId}"]`).waitFor();
    await screenshot(admin, 'all-records-laptop');

    // Filters and search. Each query waits for its own list response, then checks what it sent and
    // what the table shows.
    const row = admin.locator(`tr[data-id="${recordId}"]`);
    const query = async (trigger: () => Promise<void>): Promise<{ body: Record<string, unknown>; status: string }> => {
      const [res] = await Promise.all([
        admin.waitForResponse((r) => r.url().endsWith('/api/records') && /"action":"list"/.test(r.request().postData() ?? '')),
        trigger(),
      ]);
      await admin.locator('section.table-panel[aria-busy=false]').waitFor();
      const body = JSON.parse(res.request().postData() ?? '{}') as Record<string, unknown>;
      return { body, status: (await admin.getByTestId('pager-status').textContent()) ?? '' };
    };
    const search = (): Promise<void> => admin.getByRole('button', { name: '查询' }).click();
    const ONE = '第 1 / 1 页，共 1 条';
    const NONE = '第 1 / 1 页，共 0 条';

    await admin.selectOption('select[name=docType]', 'id_card');
    await expect(query(search)).resolves.toMatchObject({ body: { scope: 'all', docType: 'id_card' }, status: NONE });
    await admin.getByText('没有符合条件的记录').waitFor();
    // Reset reloads the list: wait for that response, or it could be taken for the next query's.
    const reset = await query(() => admin.getByRole('button', { name: '重置' }).click());
    expect(reset.body).not.toHaveProperty('docType');

    await admin.fill('input[name=q]', '京AA5599');
    await admin.selectOption('select[name=status]', 'submitted');
    // The filter form submits from the keyboard.
    await expect(query(() => admin.press('input[name=q]', 'Enter'))).resolves.toMatchObject({
      body: { q: '京AA5599', status: 'submitted' },
      status: ONE,
    });
    await expect(row.textContent()).resolves.toContain(USER);
    await admin.selectOption('select[name=status]', 'recognized');
    await expect(query(search)).resolves.toMatchObject({ body: { status: 'recognized' }, status: NONE });
    await admin.selectOption('select[name=status]', '');

    await admin.fill('input[name=q]', 'HHGHH555778802669');
    await expect(query(search)).resolves.toMatchObject({ body: { q: 'HHGHH555778802669' }, status: ONE });
    await admin.fill('input[name=q]', '王京');
    await expect(query(search)).resolves.toMatchObject({ body: { q: '王京' }, status: ONE });
    await admin.fill('input[name=q]', '沪Z00000');
    await expect(query(search)).resolves.toMatchObject({ status: NONE });
    await admin.fill('input[name=q]', '京AA5599');

    // Date range on the creation date: a range that starts after today is empty, one around it is not.
    const day = (offset: number): string => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);
    await admin.fill('input[name=from]', day(2));
    await expect(query(search)).resolves.toMatchObject({ body: { from: day(2) }, status: NONE });
    await admin.fill('input[name=from]', day(-2));
    await admin.fill('input[name=to]', day(2));
    await expect(query(search)).resolves.toMatchObject({ body: { from: day(-2), to: day(2) }, status: ONE });
    await row.waitFor();

    await admin.setViewportSize(PHONE);
    await noHorizontalOverflow(admin);
    await screenshot(admin, 'all-records-phone');
    await admin.setViewportSize(LAPTOP);

    // Open it from the keyboard.
    await row.getByRole('link').focus();
    await admin.keyboard.press('Enter');
    const detail = admin.getByTestId('detail');
    await detail.waitFor();
    await expect(detail.getAttribute('data-status')).resolves.toBe('submitted');
    await expect(admin.getByTestId('owner').textContent()).resolves.toBe(USER);
    await expect(admin.getByTestId('diff-summary').textContent()).resolves.toContain('修改了 1 个字段');
    const changed = admin.locator('[data-testid=diff-table] [data-field=address]');
    await expect(changed.locator('ins').textContent()).resolves.toBe(CORRECTED_ADDRESS);
    await expect(changed.locator('del').count()).resolves.toBe(1);
    await expect(admin.locator('[data-testid=diff-table] [data-field=plateNo]').textContent()).resolves.toContain('京AA5599');
    await expect(admin.locator('[data-testid=diff-table] [data-field=vin] .field-warnings li').count()).resolves.toBeGreaterThan(0);
    // The photo next to the fields, loaded through the record's temporary URL.
    const img = admin.getByTestId('photo').locator('img');
    await img.waitFor();
    await waitForExpression(admin, "document.querySelector('[data-testid=photo] img')?.naturalWidth > 0");
    await screenshot(admin, 'detail-laptop');
    await admin.setViewportSize(PHONE);
    await noHorizontalOverflow(admin);
    await screenshot(admin, 'detail-phone');
    await admin.setViewportSize(LAPTOP);
  });

  it('shows the administrator statistics and the audit log, and exports the history as .xlsx', async () => {
    await admin.getByRole('link', { name: '统计与导出' }).click();
    const stats = admin.getByTestId('stats');
    await stats.waitFor();
    // The breakdowns are Chart.js drawings; their canvases say what they show.
    const charts = await admin.evaluate<string>(
      "[...document.querySelectorAll('[data-testid=stats] canvas')].map((c) => c.getAttribute('aria-label')).join('|')",
    );
    expect(charts).toMatch(/机动车行驶证[\s\S]*离线识别[\s\S]*已提交/);
    // The correction made by the user counts against the provider that read the field.
    const accuracy = admin.locator('section[aria-labelledby=acc-title] tbody tr', { hasText: '住址' });
    await expect(accuracy.textContent()).resolves.toMatch(/离线识别住址1 \/ 1100\.0%/);
    const audit = admin.getByTestId('audit');
    // Skeleton rows are aria-hidden; wait for real entries.
    await audit.locator('tbody tr:not([aria-hidden])').first().waitFor();
    // Opening someone else's record is logged; the masked list views before it are not.
    await expect(audit.textContent()).resolves.toMatch(/查看他人记录/);
    await expect(audit.locator('tbody').textContent()).resolves.not.toMatch(/查看全部记录/);
    await screenshot(admin, 'stats-laptop');

    const [download] = await Promise.all([admin.waitForEvent('download'), admin.getByRole('button', { name: '导出 .xlsx' }).click()]);
    expect(download.suggestedFilename()).toMatch(/\.xlsx$/);
    const file = await download.path();
    expect(readFileSync(file).subarray(0, 2).toString('latin1')).toBe('PK'); // a zip container: a real workbook
    await expect(admin.getByTestId('export-message').textContent()).resolves.toBe('已导出 1 条记录');

    await admin.setViewportSize(PHONE);
    await noHorizontalOverflow(admin);
    await screenshot(admin, 'stats-phone');
    await admin.setViewportSize(LAPTOP);
  });

  it('takes several photos at once, refuses what is not a photo and shows why a recognition failed', { timeout: 240_000 }, async () => {
    await user.getByRole('navigation', { name: '主导航' }).getByRole('link', { name: '扫描识别' }).click();
    await user.setInputFiles('[data-testid=file-input]', [
      { name: 'animation.gif', mimeType: 'image/gif', buffer: Buffer.from('GIF89a') },
      { name: 'broken.png', mimeType: 'image/png', buffer: Buffer.from('this is not a PNG at all') },
      { name: 'vehicle-licence-front-02.png', mimeType: 'image/png', buffer: readFileSync(join(FIXTURES, 'vehicle-licence-front-02.png')) },
    ]);
    // the small sample photo is flagged before upload (core's photo checks); the user sends it anyway
    await uploadHeldPhotos(user);
    await expect(user.getByRole('status').filter({ hasText: '已忽略' }).textContent()).resolves.toContain('animation.gif');
    const items = user.locator('.queue-item');
    // The earlier, submitted photo stays in the queue; the two accepted ones are added after it.
    await expect(items.count()).resolves.toBe(3);
    await waitForExpression(
      user,
      "[...document.querySelectorAll('.queue-item')].slice(1).every((li) => ['done', 'failed'].includes(li.dataset.state))",
      200_000,
    );
    await expect(items.nth(1).getAttribute('data-state')).resolves.toBe('failed');
    await expect(items.nth(2).getAttribute('data-state')).resolves.toBe('done');

    await items.nth(1).locator('.queue-select').click();
    const error = user.getByTestId('scan-error');
    await expect(error.textContent()).resolves.toMatch(/broken\.png：[\u4e00-\u9fff]/); // the server's reason, in Chinese
    await screenshot(user, 'scan-failed-laptop');

    await items.nth(2).locator('.queue-select').click();
    await user.getByTestId('review').waitFor();
    await expect(user.inputValue('#f-plateNo')).resolves.toMatch(/^鄂E/);
    await screenshot(user, 'scan-batch-laptop');
  });

  it('reviews a record left unsubmitted from its detail page, and lets its owner delete it', async () => {
    await user.getByRole('navigation', { name: '主导航' }).getByRole('link', { name: '我的记录' }).click();
    await waitForExpression(user, "document.querySelector('[data-testid=pager-status]')?.textContent === '第 1 / 1 页，共 2 条'");
    const pending = user.locator('tr', { hasText: '待提交' });
    await pending.getByRole('link').click();
    await user.getByTestId('detail').waitFor();
    // The owner's unsubmitted record opens as the review form, beside its photo.
    await user.getByTestId('review').waitFor();
    await expect(user.inputValue('#f-plateNo')).resolves.toMatch(/^鄂E/);
    await waitForExpression(user, "document.querySelector('[data-testid=photo] img')?.naturalWidth > 0");

    user.once('dialog', (d) => void d.accept());
    await user.getByRole('button', { name: '删除记录' }).click();
    await waitForExpression(user, "location.hash === '#/history'");
    await waitForExpression(user, ONE_RESULT);
    await expect(user.locator('tbody').textContent()).resolves.not.toMatch(/鄂E/);
  });

  it('raised no page errors and fetched nothing from anywhere but the server', () => {
    expect(web.problems()).toEqual([]);
  });
});
