// Dossiers in the web console (issue #18): a user's two licence pages grouped into one vehicle card
// with its expiry date; an administrator's due list and its export. Real Chromium, the real server and
// offline engine, real photos.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildConsole, FIXTURES, LAPTOP, launchBrowser, PHONE, screenshot, startServer, waitForExpression, watchPage, type RunningServer } from './support';

const ADMIN = 'admin-dossier';
const USER = 'user-dossier';

let server: RunningServer;
let browser: Browser;
const contexts: BrowserContext[] = [];
const watched: { errors: string[]; foreign: string[] }[] = [];

async function openAs(openid: string, hash: string, viewport = LAPTOP): Promise<Page> {
  const context = await browser.newContext({ viewport, locale: 'zh-CN', acceptDownloads: true });
  contexts.push(context);
  await context.addInitScript(`localStorage.setItem('licenselens.credentials', ${JSON.stringify(JSON.stringify({ kind: 'dev', openid }))})`);
  const page = await context.newPage();
  watched.push(watchPage(page, server.url));
  await page.goto(`${server.url}/#${hash}`);
  return page;
}

/** Scans a real photo as the user and submits it with the given corrections, through the console's API. */
async function scanAndSubmit(file: string, side: 'front' | 'back', fields: Record<string, string>): Promise<string> {
  const form = new FormData();
  form.append('image', new Blob([readFileSync(join(FIXTURES, file))], { type: 'image/png' }), file);
  form.append('docType', 'vehicle_license');
  form.append('side', side);
  const headers = { 'x-licenselens-openid': USER };
  const res = await fetch(`${server.url}/api/ocr`, { method: 'POST', headers, body: form });
  expect(res.status).toBe(200);
  const { _id } = (await res.json()) as { _id: string };
  const sub = await fetch(`${server.url}/api/records`, {
    method: 'POST',
    headers: { ...headers, 'content-type': 'application/json' },
    body: JSON.stringify({ action: 'submit', id: _id, fields }),
  });
  expect(sub.status).toBe(200);
  return _id;
}

/** An inspection valid to the end of next month, as printed on a back page. */
function nextMonthInspection(): { text: string; lastDay: string } {
  const now = new Date(Date.now() + 8 * 3600_000); // China
  const y = now.getUTCFullYear() + (now.getUTCMonth() === 11 ? 1 : 0);
  const m = (now.getUTCMonth() + 1) % 12 + 1;
  const last = new Date(Date.UTC(y, m, 0)).toISOString().slice(0, 10);
  return { text: `检验有效期至${y}年${String(m).padStart(2, '0')}月京A(01)`, lastDay: last };
}

beforeAll(async () => {
  await buildConsole();
  server = await startServer({ ADMIN_OPENIDS: ADMIN });
  browser = await launchBrowser();
}, 300_000);

afterAll(async () => {
  for (const c of contexts) await c.close().catch(() => undefined);
  await browser?.close();
  await server?.stop();
});

describe('dossiers in the web console', { timeout: 300_000 }, () => {
  it("groups a vehicle's two pages into one card with its expiry, and lists it as due for administrators", async () => {
    const inspection = nextMonthInspection();
    await scanAndSubmit('vehicle-licence-front-01.png', 'front', { plateNo: '京AA5599', vin: 'HHGHH555778802669' });
    await scanAndSubmit('vehicle-licence-back-02.png', 'back', { plateNo: '京AA5599', inspectionRecord: inspection.text });

    const page = await openAs(USER, '/dossiers');
    await waitForExpression(page, `document.querySelectorAll('[data-testid=dossier]').length === 1`);
    const card = page.locator('[data-testid=dossier]');
    expect(await card.locator('.dossier-title').innerText()).toContain('京AA5599');
    expect(await card.locator('.dossier-docs li').count()).toBe(2);
    expect(await card.locator('[data-testid=dossier-expiries]').innerText()).toContain(inspection.lastDay);
    // The purpose changes the checklist: a rental needs the ID card and the driving licence.
    await card.locator('select[name=purpose]').selectOption('rental');
    await waitForExpression(page, `!!document.querySelector('[data-code=DOSSIER_MISSING_DOCUMENT]')`);
    expect(await page.locator('[data-code=DOSSIER_MISSING_DOCUMENT]').innerText()).toContain('驾驶证正页');
    await screenshot(page, 'dossiers-user');

    const admin = await openAs(ADMIN, '/admin/due', PHONE);
    // The end of next month is 28 to 62 days away: within 90 days.
    await admin.getByRole('radio', { name: '90 天内' }).click();
    await waitForExpression(admin, `document.querySelectorAll('[data-testid=due-table] tbody tr a').length === 1`);
    const row = await admin.locator('[data-testid=due-table] tbody tr').first().innerText();
    expect(row).toContain(inspection.lastDay);
    expect(row).toContain('京AA5599');
    const download = admin.waitForEvent('download');
    await admin.getByRole('button', { name: '导出 Excel' }).click();
    expect((await download).suggestedFilename()).toMatch(/^licenselens-due-.*\.xlsx$/);
    await screenshot(admin, 'due-list-phone');

    // Another user's dossier is not the user's to see; the administrator's list of all shows it.
    const all = await openAs(ADMIN, '/admin/dossiers');
    await waitForExpression(all, `document.querySelectorAll('[data-testid=dossier]').length === 1`);
    expect(watched.flatMap((w) => [...w.errors, ...w.foreign])).toEqual([]);
  });
});
