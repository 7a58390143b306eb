// The audited reveal in the web console (issue 13, item 6): an administrator opening another user's
// record sees the ID number masked, and a button shows it in full in place, noting that the view was
// logged; the server's audit log then holds the `reveal` entry. Real Chromium against the real server.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildConsole, FIXTURES, LAPTOP, launchBrowser, startServer, waitForExpression, watchPage, type RunningServer } from './support';

const ADMIN = 'admin-reveal';
const USER = 'user-reveal';
const ID_CELL = '[data-testid=diff-table] [data-field=idNumber] .mono';

let server: RunningServer;
let browser: Browser;
const contexts: BrowserContext[] = [];
const watched: { errors: string[]; foreign: string[] }[] = [];

async function openAs(openid: string, hash: string): Promise<Page> {
  const context = await browser.newContext({ viewport: LAPTOP, locale: 'zh-CN' });
  contexts.push(context);
  // The dev identity as the sign-in screen stores it, so the page opens signed in.
  await context.addInitScript(`localStorage.setItem('licenselens.credentials', ${JSON.stringify(JSON.stringify({ kind: 'dev', openid }))})`);
  const page = await context.newPage();
  watched.push(watchPage(page, server.url));
  await page.goto(`${server.url}/#${hash}`);
  return page;
}

/** The user's own recognition of the ID card photo, through the same API the console uses. */
async function recognizeIdCard(): Promise<{ id: string; idNumber: string }> {
  const form = new FormData();
  form.append('image', new Blob([readFileSync(join(FIXTURES, 'id-card-front-01.png'))], { type: 'image/png' }), 'id-card.png');
  form.append('docType', 'id_card');
  form.append('side', 'front');
  const res = await fetch(`${server.url}/api/ocr`, { method: 'POST', headers: { 'x-licenselens-openid': USER }, body: form });
  expect(res.status).toBe(200);
  const record = (await res.json()) as { _id: string; recognized: Record<string, { value: string }> | null };
  return { id: record._id, idNumber: record.recognized?.idNumber?.value ?? '' };
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

describe('audited reveal in the web console', { timeout: 240_000 }, () => {
  it("shows another user's ID number masked, then in full on request, and logs the view", async () => {
    const { id, idNumber } = await recognizeIdCard();
    expect(idNumber.length).toBeGreaterThanOrEqual(15);

    // The owner sees the number in full and is offered no reveal.
    const owner = await openAs(USER, `/records/${id}`);
    await owner.getByTestId('detail').waitFor();
    await expect(owner.getByRole('button', { name: '显示完整号码' }).count()).resolves.toBe(0);

    const admin = await openAs(ADMIN, `/records/${id}`);
    await admin.getByTestId('detail').waitFor();
    const cell = admin.locator(ID_CELL);
    const masked = (await cell.textContent()) ?? '';
    expect(masked).toContain('*');
    expect(masked).not.toBe(idNumber);

    await admin.getByRole('button', { name: '显示完整号码' }).click();
    await waitForExpression(admin, `document.querySelector(${JSON.stringify(ID_CELL)})?.textContent === ${JSON.stringify(idNumber)}`);
    await expect(admin.getByTestId('revealed-note').textContent()).resolves.toContain('已记录');
    await expect(admin.getByRole('button', { name: '显示完整号码' }).count()).resolves.toBe(0);

    const log = await fetch(`${server.url}/api/records`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-licenselens-openid': ADMIN },
      body: JSON.stringify({ action: 'audit' }),
    });
    const entries = ((await log.json()) as { items: Array<{ action: string; target: string | null; actor: string }> }).items;
    expect(entries.filter((e) => e.action === 'reveal')).toEqual([expect.objectContaining({ actor: ADMIN, target: id })]);
  });

  it('raised no page errors and fetched nothing from anywhere but the server', () => {
    expect(watched.flatMap((w) => w.errors)).toEqual([]);
    expect(watched.flatMap((w) => w.foreign)).toEqual([]);
  });
});
