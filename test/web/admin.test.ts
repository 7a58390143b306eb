// The web console's administration in real headless Chromium against the real local server, over a
// database seeded before the server starts: search by engine number, file number and a whole ID number
// (shown masked), export of exactly the search on screen (read back with exceljs), the audit log
// filtered by person, action and date with export details, statistics with summary figures and Chart.js
// charts (records per photo warning too), the list filtered by a warning and exported, and the phone layout (390×844, touch): no "drag here", folded filters, the result scrolled
// into view. Screenshots go to test/.output/screenshots.
import { mkdtempSync, rmSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { openSqlStore, type SeedRecord } from '../../server/stores/sql/index';
import { FIXTURES, LAPTOP, noHorizontalOverflow, PHONE, screenshot, signIn, useConsole, waitForExpression } from './support';

const ADMIN = 'admin-web-a';
const OTHER_ADMIN = 'admin-web-b';
const ID = '11010119900307123X';
const MASKED = '1****************X';

function seed(over: Partial<SeedRecord> & Pick<SeedRecord, 'recognized' | 'createdAt'>): SeedRecord {
  return {
    _openid: 'o-driver',
    docType: 'vehicle_license',
    side: 'front',
    fileID: null,
    status: 'recognized',
    provider: 'local',
    attempts: [{ provider: 'local', ok: true, durationMs: 500 }],
    raw: null,
    extra: {},
    warnings: [],
    error: null,
    timings: { totalMs: 1000 },
    ...over,
  };
}
const f = (value: string) => ({ value, warnings: [] });

const RECORDS: SeedRecord[] = [
  seed({
    createdAt: '2026-11-18T02:00:00.000Z',
    status: 'submitted',
    recognized: { plateNo: f('粤B11111'), owner: f('张三'), vin: f('LSVAM4187C2184847'), engineNo: f('EN7Q93K') },
    submitted: { plateNo: '粤B11111', owner: '张三丰', vin: 'LSVAM4187C2184847', engineNo: 'EN7Q93K' },
    corrections: { owner: { from: '张三', to: '张三丰' } },
    submittedAt: '2026-11-18T02:05:00.000Z',
    timings: { totalMs: 800 },
  }),
  seed({
    createdAt: '2026-11-20T03:00:00.000Z',
    side: 'back',
    recognized: { plateNo: f('鄂E3887K'), fileNo: f('420100123456') },
    warnings: [
      { code: 'PHOTO_GLARE', message: '照片有反光' },
      { code: 'PHOTO_BLUR', message: '照片模糊' },
    ],
    timings: { totalMs: 1200 },
  }),
  seed({
    createdAt: '2026-11-20T04:00:00.000Z',
    docType: 'id_card',
    side: 'front',
    provider: 'juhe',
    status: 'submitted',
    recognized: { name: f('王五'), idNumber: f(ID) },
    submitted: { name: '王五', idNumber: ID },
    corrections: {},
    submittedAt: '2026-11-20T04:01:00.000Z',
    timings: { totalMs: 600 },
  }),
  seed({
    createdAt: '2026-11-21T05:00:00.000Z',
    status: 'failed',
    provider: null,
    recognized: null,
    error: { code: 'NOT_FOUND_IN_IMAGE', message: '未在图片中找到证件' },
    warnings: [{ code: 'PHOTO_BLUR', message: '照片模糊' }],
    timings: { totalMs: 5000 },
  }),
];

let dataDir: string;

/** Seeded before the server starts: an embedded database has one user at a time. */
async function seededDataDir(): Promise<Record<string, string>> {
  dataDir = mkdtempSync(join(tmpdir(), 'licenselens-web-admin-'));
  const store = await openSqlStore({ dataDir });
  await store.insertMany(RECORDS);
  await store.appendAudit({
    actor: OTHER_ADMIN,
    action: 'export',
    target: null,
    details: { filter: { docType: 'id_card' }, count: 3, full: false },
    at: '2026-11-20T06:00:00.000Z',
  });
  await store.appendAudit({ actor: OTHER_ADMIN, action: 'view', target: 'r-1', details: null, at: '2026-11-21T06:00:00.000Z' });
  await store.close();
  return { ADMIN_OPENIDS: `${ADMIN},${OTHER_ADMIN}`, DATA_DIR: dataDir };
}

const web = useConsole(seededDataDir, { afterStop: () => rmSync(dataDir, { recursive: true, force: true }) });
const open = (viewport = LAPTOP, touch = false): Promise<Page> => web.open({ viewport, touch });

const pagerIs = (n: number) => `document.querySelector('[data-testid=pager-status]')?.textContent?.endsWith('共 ${n} 条')`;

/** Applies a search and waits for its own answer: the first row's number, or the empty-list row (the
 *  previous answer may have had as many rows). */
async function search(page: Page, q: string, expected: number, firstNumber?: string): Promise<void> {
  await page.fill('input[name=q]', q);
  await page.getByRole('button', { name: '查询' }).click();
  await waitForExpression(
    page,
    expected === 0
      ? "document.querySelector('[data-testid=records-table] td.empty')?.textContent === '没有符合条件的记录'"
      : `document.querySelector('[data-testid=records-table] tbody tr[data-id] td[data-label=号码]')?.textContent === ${JSON.stringify(firstNumber)}`,
  );
  await waitForExpression(page, pagerIs(expected));
  await waitForExpression(page, `document.querySelectorAll('[data-testid=records-table] tbody tr[data-id]').length === ${expected}`);
}

describe('web console administration', { timeout: 90_000 }, () => {
  let admin: Page;

  it('finds records by engine number, file number and a whole ID number, and shows the ID number masked in the number column', async () => {
    admin = await open();
    await signIn(admin, 'admin', ADMIN);
    await admin.getByRole('link', { name: '全部记录' }).click();
    await waitForExpression(admin, pagerIs(4));

    await search(admin, 'n7q93', 1, '粤B11111');
    await search(admin, '0100123', 1, '鄂E3887K');

    await search(admin, ID.toLowerCase(), 1, MASKED);
    const row = admin.locator('[data-testid=records-table] tbody tr[data-id]');
    await expect(row.locator('td[data-label=号码]').textContent()).resolves.toBe(MASKED);
    await expect(row.locator('td[data-label=所有人]').textContent()).resolves.toBe('王五');
    // Part of the number finds nothing: masked digits cannot be guessed one at a time.
    await search(admin, ID.slice(0, 10), 0);
    await search(admin, ID, 1, MASKED);
    await expect(admin.content()).resolves.not.toContain(ID.slice(1, -1));
    await screenshot(admin, 'admin-search-id-laptop');
  });

  it('exports exactly the search on screen', async () => {
    await search(admin, '粤B11111', 1, '粤B11111');
    const [download] = await Promise.all([admin.waitForEvent('download'), admin.getByRole('button', { name: /导出当前结果/ }).click()]);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load((await readFile(await download.path())) as unknown as ArrayBuffer);
    const ws = wb.worksheets[0]!;
    expect(ws.rowCount).toBe(2); // the header and the one record listed
    const header = (ws.getRow(1).values as unknown[]).map(String);
    const plateCol = header.indexOf('号牌号码');
    expect(String(ws.getRow(2).getCell(plateCol).value)).toBe('粤B11111');
    await expect(admin.getByTestId('list-export-message').textContent()).resolves.toBe('已导出 1 条记录');

    // The filter being edited but not applied is not what gets exported.
    await admin.fill('input[name=q]', '鄂E');
    const [again] = await Promise.all([admin.waitForEvent('download'), admin.getByRole('button', { name: /导出当前结果/ }).click()]);
    const wb2 = new ExcelJS.Workbook();
    await wb2.xlsx.load((await readFile(await again.path())) as unknown as ArrayBuffer);
    expect(String(wb2.worksheets[0]!.getRow(2).getCell(plateCol).value)).toBe('粤B11111');
  });

  it('filters the audit log by person, action and date, shows what an export held, and lists no list views', async () => {
    await admin.getByRole('link', { name: '统计与导出' }).click();
    const audit = admin.getByTestId('audit');
    await audit.locator('tbody tr:not([aria-hidden])').first().waitFor();
    // Two seeded entries and this administrator's two exports: the searches and page views added none.
    await waitForExpression(admin, "document.querySelector('[data-testid=audit] .pager')?.textContent?.includes('共 4 条')");
    await expect(audit.locator('tbody').textContent()).resolves.not.toMatch(/查看全部记录|查看统计|查看审计日志/);

    await admin.fill('input[name=actor]', OTHER_ADMIN);
    await admin.getByRole('button', { name: '筛选' }).click();
    await waitForExpression(admin, "document.querySelector('[data-testid=audit] .pager')?.textContent?.includes('共 2 条')");
    await admin.selectOption('select[name=auditAction]', 'export');
    await admin.getByRole('button', { name: '筛选' }).click();
    await waitForExpression(admin, "document.querySelector('[data-testid=audit] .pager')?.textContent?.includes('共 1 条')");
    const details = audit.locator('tbody tr:not([aria-hidden]) td[data-label=详情]');
    await expect(details.textContent()).resolves.toBe('3 条；证件 居民身份证；证件号码已遮盖');

    await admin.fill('input[name=actor]', '');
    await admin.selectOption('select[name=auditAction]', '');
    await admin.fill('input[name=auditFrom]', '2026-11-21');
    await admin.fill('input[name=auditTo]', '2026-11-21');
    await admin.getByRole('button', { name: '筛选' }).click();
    // The previous answer also had one entry: wait for this one's.
    await waitForExpression(admin, "document.querySelector('[data-testid=audit] tbody td[data-label=操作]')?.textContent === '查看他人记录'");
    await waitForExpression(admin, "document.querySelector('[data-testid=audit] .pager')?.textContent?.includes('共 1 条')");
    await screenshot(admin, 'admin-audit-filtered-laptop');
  });

  it('sums the records up and draws the daily trend with Chart.js', async () => {
    const summary = admin.getByTestId('stats-summary');
    await summary.waitFor();
    await expect(admin.getByTestId('figure-total').textContent()).resolves.toMatch(/识别总数4/);
    await expect(admin.getByTestId('figure-submit-rate').textContent()).resolves.toBe('提交率50.0%2 / 4');
    await expect(admin.getByTestId('figure-failure-rate').textContent()).resolves.toBe('失败率25.0%1 / 4');
    // 600, 800 and 1200 ms; the failed recognition's 5 s is no recognition time.
    await expect(admin.getByTestId('figure-median').textContent()).resolves.toBe('识别耗时中位数800 毫秒样本 3 条');
    const owner = admin.locator('[data-testid=field-corrections] tbody tr', { hasText: '所有人' });
    await expect(owner.textContent()).resolves.toMatch(/所有人1 \/ 1100\.0%（样本较少）/);

    const trend = admin.locator('[data-testid=trend-chart] canvas');
    // Every day of the range, an empty one as 0 (China days: 11-18 … 11-21).
    await expect(trend.getAttribute('aria-label')).resolves.toBe('每日识别量：11-18：1，11-19：0，11-20：2，11-21：1');
    // Chart.js drew on it (a blank canvas has only transparent pixels).
    await waitForExpression(
      admin,
      `(() => { const c = document.querySelector('[data-testid=trend-chart] canvas'); const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
         let n = 0; for (let i = 3; i < d.length; i += 4) if (d[i] > 0) n++; return n > 500; })()`,
    );
    await screenshot(admin, 'admin-stats-laptop');
    await admin.setViewportSize(PHONE);
    await noHorizontalOverflow(admin);
    await screenshot(admin, 'admin-stats-phone');
    await admin.setViewportSize(LAPTOP);
  });

  it('counts the records per photo warning in a chart, filters the list by a warning and exports that list', async () => {
    // Still on the statistics screen of the previous test.
    const chart = admin.locator('[data-testid=photo-warning-chart] canvas');
    await expect(chart.getAttribute('aria-label')).resolves.toBe('照片问题（记录数）：照片模糊：2，照片反光：1');

    await admin.getByRole('link', { name: '全部记录' }).click();
    await admin.getByRole('button', { name: '重置' }).click();
    await waitForExpression(admin, pagerIs(4));
    await admin.selectOption('select[name=warning]', 'PHOTO_BLUR');
    await admin.getByRole('button', { name: '查询' }).click();
    await waitForExpression(admin, pagerIs(2));
    const numbers = await admin.locator('[data-testid=records-table] tbody tr[data-id] td[data-label=证件]').allTextContents();
    expect(numbers).toHaveLength(2);
    const [download] = await Promise.all([admin.waitForEvent('download'), admin.getByRole('button', { name: /导出当前结果/ }).click()]);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load((await readFile(await download.path())) as unknown as ArrayBuffer);
    expect(wb.worksheets[0]!.rowCount).toBe(3); // the header and the two records listed
    await expect(admin.getByTestId('list-export-message').textContent()).resolves.toBe('已导出 2 条记录');
    await screenshot(admin, 'admin-list-warning-filter-laptop');
  });

  it('on a phone: says tap rather than drag, folds the filters away, and scrolls a new result into view', { timeout: 240_000 }, async () => {
    const phone = await open(PHONE, true);
    await signIn(phone, 'admin', ADMIN);

    await phone.getByRole('link', { name: '全部记录' }).click();
    await waitForExpression(phone, pagerIs(4));
    const status = phone.locator('select[name=status]');
    const toggle = phone.getByRole('button', { name: /更多筛选/ });
    expect(await status.isVisible()).toBe(false);
    expect(await phone.locator('input[name=q]').isVisible()).toBe(true);
    await expect(toggle.getAttribute('aria-expanded')).resolves.toBe('false');
    await screenshot(phone, 'admin-list-filters-folded-phone');
    await toggle.click();
    expect(await status.isVisible()).toBe(true);
    await expect(phone.getByRole('button', { name: '收起筛选' }).getAttribute('aria-expanded')).resolves.toBe('true');
    await noHorizontalOverflow(phone);
    await screenshot(phone, 'admin-list-filters-open-phone');

    await phone.getByRole('navigation', { name: '主导航' }).getByRole('link', { name: '扫描识别' }).click();
    await phone.locator('.dropzone').waitFor();
    expect(await phone.getByText('点击拍照或选择照片').isVisible()).toBe(true);
    expect(await phone.getByText('拖放照片到这里，或点击选择').isVisible()).toBe(false);
    await screenshot(phone, 'scan-touch-phone');

    await phone.setInputFiles('[data-testid=file-input]', join(FIXTURES, 'vehicle-licence-front-01.png'));
    // The review, or the reason it failed (a busy engine on a loaded machine): either is the outcome
    // the user waited for, and is brought into view.
    const outcome = '[data-testid=scan-result], [data-testid=scan-error]';
    await phone.locator(outcome).first().waitFor({ timeout: 200_000 });
    // Wait for the (smooth) scroll to settle: the outcome's top is then in the upper two thirds of the screen.
    await waitForExpression(
      phone,
      `(() => { const t = document.querySelector('${outcome}').getBoundingClientRect().top; return t >= 0 && t <= innerHeight * 0.66; })()`,
      10_000,
    );
    await screenshot(phone, 'scan-result-phone');
  });

  it('raised no page errors and fetched nothing from anywhere but the server', () => {
    expect(web.problems()).toEqual([]);
  });
});
