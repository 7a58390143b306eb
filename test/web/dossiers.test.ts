// Dossiers in the web console (issue #18): a user's two licence pages grouped into one vehicle card
// with its expiry date; an administrator's due list and its export. Real Chromium, the real server and
// offline engine, real photos.
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { PHONE, screenshot, useConsole, waitForExpression } from './support';

const ADMIN = 'admin-dossier';
const USER = 'user-dossier';
const web = useConsole({ ADMIN_OPENIDS: ADMIN });

const openAs = (openid: string, hash: string, viewport?: { width: number; height: number }): Promise<Page> =>
  web.open({ as: openid, hash, ...(viewport ? { viewport } : {}) });

/** Scans a real photo as the user and submits it with the given corrections, through the console's API. */
async function scanAndSubmit(file: string, side: 'front' | 'back', fields: Record<string, string>): Promise<string> {
  const res = await web.recognize(file, { docType: 'vehicle_license', side }, USER);
  expect(res.status).toBe(200);
  const { _id } = (await res.json()) as { _id: string };
  const sub = await web.records({ action: 'submit', id: _id, fields }, USER);
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
    expect(web.problems()).toEqual([]);
  });
});
