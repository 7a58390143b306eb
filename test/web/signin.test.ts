// Sign-in follows the server's mode: the dev identity picker exists only for a dev server bound to
// loopback; a production server (or a dev server on a public address) takes its own signed session
// token and ignores the dev header.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signSession } from '../../server/identity/session';
import { buildConsole, LAPTOP, launchBrowser, screenshot, startServer, type RunningServer } from './support';

const SECRET = 'web-e2e-session-secret-of-32-bytes';
const ADMIN = 'admin-prod';

let browser: Browser;
const servers: RunningServer[] = [];

beforeAll(async () => {
  await buildConsole();
  browser = await launchBrowser();
}, 300_000);

afterAll(async () => {
  await browser?.close();
  for (const s of servers) await s.stop();
});

async function page(url: string): Promise<Page> {
  const context = await browser.newContext({ viewport: LAPTOP, locale: 'zh-CN' });
  const p = await context.newPage();
  await p.goto(url);
  return p;
}

describe('sign-in in production mode', () => {
  let server: RunningServer;

  beforeAll(async () => {
    server = await startServer({ ADMIN_OPENIDS: ADMIN, SESSION_SECRET: SECRET }, { dev: false });
    servers.push(server);
  }, 300_000);

  it('ignores the dev identity header and reports no identity picker', async () => {
    const info = await (await fetch(`${server.url}/api/session/info`, { headers: { 'x-licenselens-openid': ADMIN } })).json();
    // No provider key here: the offline engine is the one service this server offers.
    expect(info).toEqual({ mode: 'production', devIdentity: false, user: null, providers: ['local'] });
    const res = await fetch(`${server.url}/api/records`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-licenselens-openid': ADMIN },
      body: JSON.stringify({ action: 'list', scope: 'all' }),
    });
    expect(res.status).toBe(401);
  });

  it('signs in with a session token the server issued, refuses a forged one, and signs out', async () => {
    const p = await page(server.url);
    await p.getByRole('button', { name: '登录' }).waitFor();
    await expect(p.getByText('选择身份').count()).resolves.toBe(0);
    await expect(p.locator('input[name=openid]').count()).resolves.toBe(0);
    await screenshot(p, 'signin-production-laptop');

    const forged = signSession(ADMIN, 'not-the-server-secret').token;
    await p.fill('textarea[name=token]', forged);
    await p.getByRole('button', { name: '登录' }).click();
    await expect(p.getByRole('alert').textContent()).resolves.toContain('登录已失效');
    await expect(p.getByRole('navigation', { name: '主导航' }).count()).resolves.toBe(0);

    await p.fill('textarea[name=token]', signSession(ADMIN, SECRET).token);
    await p.getByRole('button', { name: '登录' }).click();
    const nav = p.getByRole('navigation', { name: '主导航' });
    await nav.waitFor();
    await expect(nav.getByRole('link').allTextContents()).resolves.toEqual(['扫描识别', '我的记录', '我的档案', '全部记录', '统计与导出', '全部档案', '到期提醒']);
    await expect(p.locator('.who-name').textContent()).resolves.toBe(ADMIN);
    await expect(p.locator('.tag-dev').count()).resolves.toBe(0);

    // The session survives a reload (kept in this browser only) and ends with 退出.
    await p.reload();
    await nav.waitFor();
    await p.getByRole('button', { name: '退出' }).click();
    await p.getByRole('button', { name: '登录' }).waitFor();
    await expect(p.evaluate<string | null>("localStorage.getItem('licenselens.credentials')")).resolves.toBeNull();
  });

  it('returns to the sign-in screen when the session expires in use', async () => {
    const p = await page(server.url);
    await p.fill('textarea[name=token]', signSession(ADMIN, SECRET, { ttlSeconds: 2 }).token);
    await p.getByRole('button', { name: '登录' }).click();
    const nav = p.getByRole('navigation', { name: '主导航' });
    await nav.waitFor();
    await p.waitForTimeout(2_500);
    await nav.getByRole('link', { name: '全部记录' }).click();
    await p.getByRole('button', { name: '登录' }).waitFor();
    await expect(nav.count()).resolves.toBe(0);
  });
});

describe('sign-in of a dev server that is not bound to loopback', () => {
  it('offers no identity picker and explains why', async () => {
    const server = await startServer({ HOST: '0.0.0.0', SESSION_SECRET: SECRET });
    servers.push(server);
    const info = await (await fetch(`${server.url}/api/session/info`)).json();
    expect(info).toMatchObject({ mode: 'dev', devIdentity: false, user: null });
    expect(info).not.toHaveProperty('adminOpenids');

    const p = await page(server.url);
    await p.getByRole('button', { name: '登录' }).waitFor();
    await expect(p.getByText('未绑定在本机回环地址上').count()).resolves.toBe(1);
    await expect(p.locator('input[name=openid]').count()).resolves.toBe(0);
  }, 300_000);
});
