// The audited reveal in the web console (issue 13, item 6): an administrator opening another user's
// record sees the ID number masked, and a button shows it in full in place, noting that the view was
// logged; the server's audit log then holds the `reveal` entry. Real Chromium against the real server.
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { useConsole, waitForExpression } from './support';

const ADMIN = 'admin-reveal';
const USER = 'user-reveal';
const ID_CELL = '[data-testid=diff-table] [data-field=idNumber] .mono';
const web = useConsole({ ADMIN_OPENIDS: ADMIN });

const openAs = (openid: string, hash: string): Promise<Page> => web.open({ as: openid, hash });

/** The user's own recognition of the ID card photo, through the same API the console uses. */
async function recognizeIdCard(): Promise<{ id: string; idNumber: string }> {
  const res = await web.recognize('id-card-front-01.png', { docType: 'id_card', side: 'front' }, USER);
  expect(res.status).toBe(200);
  const record = (await res.json()) as { _id: string; recognized: Record<string, { value: string }> | null };
  return { id: record._id, idNumber: record.recognized?.idNumber?.value ?? '' };
}

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

    const log = await web.records({ action: 'audit' }, ADMIN);
    const entries = ((await log.json()) as { items: Array<{ action: string; target: string | null; actor: string }> }).items;
    expect(entries.filter((e) => e.action === 'reveal')).toEqual([expect.objectContaining({ actor: ADMIN, target: id })]);
  });

  it('raised no page errors and fetched nothing from anywhere but the server', () => {
    expect(web.problems()).toEqual([]);
  });
});
