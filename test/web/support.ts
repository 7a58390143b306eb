// Harness for the web console's end-to-end tests: builds the console, starts the real local server
// (`licenselens serve --dev`) on loopback with a temporary data folder, and drives Chromium through
// playwright-core: the machine's, or the one an npm package ships (never a browser a tool downloads).
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, expect } from 'vitest';
import { ensureWebBuilt } from '../../web/scripts/ensure-built.mjs';
import { resolveChromium } from '../support/browser';

export const REPO = fileURLToPath(new URL('../..', import.meta.url));
export const SCREENSHOTS = join(REPO, 'test/.output/screenshots');
import { REAL_FIXTURES } from '../support/fixtures';
export { REAL_FIXTURES as FIXTURES };

export const LAPTOP = { width: 1366, height: 900 };
export const PHONE = { width: 390, height: 844 };

/** Builds web/dist when stale, under the same lock as `npm start`'s prestart (test files run in parallel). */
export async function buildConsole(): Promise<void> {
  await ensureWebBuilt({ log: () => undefined });
}

export interface RunningServer {
  url: string;
  dataDir: string;
  output: () => string;
  stop: () => Promise<void>;
}

/** Starts the server the way `npm start` does (dev mode unless told otherwise), but on an ephemeral
 *  port and a throwaway DATA_DIR. */
export async function startServer(env: Record<string, string>, opts: { dev?: boolean } = {}): Promise<RunningServer> {
  const dataDir = mkdtempSync(join(tmpdir(), 'licenselens-web-'));
  const args = [join(REPO, 'bin/licenselens.mjs'), 'serve', ...(opts.dev === false ? [] : ['--dev'])];
  const child: ChildProcess = spawn(process.execPath, args, {
    cwd: REPO,
    env: { ...process.env, PORT: '0', HOST: '127.0.0.1', DATA_DIR: dataDir, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let log = '';
  child.stdout?.on('data', (d: Buffer) => (log += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (log += d.toString()));
  const url = await new Promise<string>((res, rej) => {
    const timer = setTimeout(() => rej(new Error(`server did not print its URL within 150 s:\n${log}`)), 150_000);
    const check = (): void => {
      const m = /http:\/\/(?:127\.0\.0\.1|localhost|\[::1\]):\d+/.exec(log);
      if (m) {
        clearTimeout(timer);
        res(m[0]);
      }
    };
    child.stdout?.on('data', check);
    child.stderr?.on('data', check);
    child.once('exit', (code) => {
      clearTimeout(timer);
      rej(new Error(`server exited with ${code}:\n${log}`));
    });
  });
  return {
    url,
    dataDir,
    output: () => log,
    stop: async () => {
      if (child.exitCode === null) {
        const exited = new Promise((r) => child.once('exit', r));
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
        await exited;
        clearTimeout(timer);
      }
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** The machine's Chromium, or the one from npm when it has none (test/support/browser.ts). */
export async function launchBrowser(): Promise<Browser> {
  const { executablePath, args, env } = await resolveChromium();
  return chromium.launch({ executablePath, args, env: { ...process.env, ...env } as Record<string, string> });
}

export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  // From the top: a full-page capture of a scrolled page draws the sticky header mid-page.
  await page.evaluate('scrollTo(0, 0)');
  await page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), fullPage: true });
}

/** Waits until a page expression is truthy. Playwright's waitForFunction compiles a string predicate
 *  with `new Function` inside the page, which the console's CSP (no 'unsafe-eval') refuses; evaluate
 *  goes through the debugging protocol and is not subject to it. */
export async function waitForExpression(page: Page, expression: string, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await page.evaluate<unknown>(expression))) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for: ${expression}`);
    await new Promise((ok) => setTimeout(ok, 100));
  }
}

/** Fails the test on any uncaught error in the page, anything the server's Content-Security-Policy
 *  blocked (Chromium reports it on the console), or a request to a host other than the server. */
export function watchPage(page: Page, origin: string): { errors: string[]; foreign: string[] } {
  const errors: string[] = [];
  const foreign: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('console', (m) => {
    if (m.type() === 'error' && /Content Security Policy/i.test(m.text())) errors.push(m.text());
  });
  page.on('request', (r) => {
    const u = r.url();
    if (!u.startsWith(origin) && !u.startsWith('blob:') && !u.startsWith('data:')) foreign.push(u);
  });
  return { errors, foreign };
}

/** The console checks each photo before upload (core's pixel checks) and holds a flagged one for the
 *  user: uploads every held photo anyway, as a user who knows the photo is what they have. */
export async function uploadHeldPhotos(page: Page, timeoutMs = 60_000): Promise<void> {
  await waitForExpression(page, "![...document.querySelectorAll('.queue-item')].some((li) => li.dataset.state === 'checking')", timeoutMs);
  const held = page.locator('.queue-item[data-state=held]');
  while ((await held.count()) > 0) {
    await held.first().locator('.queue-select').click();
    await page.getByTestId('photo-upload-anyway').click();
  }
}

/** Signs in through the dev identity picker (a user by any id, an administrator from ADMIN_OPENIDS). */
export async function signIn(page: Page, role: 'user' | 'admin', openid: string): Promise<void> {
  await page.getByRole('heading', { name: /控制台/ }).waitFor();
  if (role === 'admin') {
    await page.getByLabel('管理员', { exact: false }).first().check();
    await page.selectOption('select[name=admin]', openid);
  } else {
    await page.getByLabel('普通用户').check();
    await page.fill('input[name=openid]', openid);
  }
  await page.getByRole('button', { name: '进入控制台' }).click();
  await page.getByRole('navigation', { name: '主导航' }).waitFor();
}

/** The page never scrolls sideways: wide content (tables) scrolls inside its own box. */
export async function noHorizontalOverflow(page: Page): Promise<void> {
  // Expressions run in the page (this project's Node typings have no DOM).
  const { scroll, width } = await page.evaluate<{ scroll: number; width: number }>(
    '({ scroll: document.documentElement.scrollWidth, width: innerWidth })',
  );
  expect(scroll).toBeLessThanOrEqual(width);
}

export interface ConsoleHarness {
  /** The running server (set once the file's beforeAll has run). */
  readonly server: RunningServer;
  readonly browser: Browser;
  /** Opens the console in a fresh browser context: signed in as `as` (the dev identity the sign-in
   *  screen stores) when given, at `hash`; every page is watched for errors and foreign requests. */
  open(opts?: { as?: string; hash?: string; viewport?: { width: number; height: number }; touch?: boolean }): Promise<Page>;
  /** A records-API call as `openid`, the way the console makes it. */
  records(body: unknown, openid: string): Promise<Response>;
  /** A recognition of a real fixture photo as `openid`, through the console's upload endpoint. */
  recognize(file: string, form: { docType: string; side?: string; provider?: string }, openid: string): Promise<Response>;
  /** Page errors, CSP violations and foreign requests of every page opened so far. */
  problems(): string[];
}

/** One console test file's setup: builds the console, starts a server with `env` (or what `env()`
 *  returns, e.g. after seeding a data folder) and a browser before the file's tests, and closes them
 *  after (then `afterStop`, e.g. removing that folder). Registers the file's beforeAll/afterAll hooks, so call it at the top level of a test file. */
export function useConsole(
  env: Record<string, string> | (() => Promise<Record<string, string>>) = {},
  opts: { afterStop?: () => void } = {},
): ConsoleHarness {
  let server: RunningServer | undefined;
  let browser: Browser | undefined;
  const contexts: BrowserContext[] = [];
  const watched: { errors: string[]; foreign: string[] }[] = [];
  const must = <T>(x: T | undefined, what: string): T => {
    if (x === undefined) throw new Error(`${what} is not running: useConsole's beforeAll has not run`);
    return x;
  };
  beforeAll(async () => {
    const vars = typeof env === 'function' ? await env() : env;
    await buildConsole();
    server = await startServer(vars);
    browser = await launchBrowser();
  }, 300_000);
  afterAll(async () => {
    for (const c of contexts) await c.close().catch(() => undefined);
    await browser?.close();
    await server?.stop();
    opts.afterStop?.();
  });
  const harness: ConsoleHarness = {
    get server() {
      return must(server, 'the server');
    },
    get browser() {
      return must(browser, 'the browser');
    },
    async open({ as, hash = '', viewport = LAPTOP, touch = false } = {}) {
      const context = await harness.browser.newContext({
        viewport,
        locale: 'zh-CN',
        ...(touch ? { hasTouch: true, isMobile: true } : {}),
      });
      contexts.push(context);
      if (as !== undefined) {
        await context.addInitScript(`localStorage.setItem('licenselens.credentials', ${JSON.stringify(JSON.stringify({ kind: 'dev', openid: as }))})`);
      }
      const page = await context.newPage();
      watched.push(watchPage(page, harness.server.url));
      await page.goto(hash ? `${harness.server.url}/#${hash}` : harness.server.url);
      return page;
    },
    records: (body, openid) =>
      fetch(`${harness.server.url}/api/records`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-licenselens-openid': openid },
        body: JSON.stringify(body),
      }),
    recognize(file, fields, openid) {
      const form = new FormData();
      form.append('image', new Blob([readFileSync(join(REAL_FIXTURES, file))], { type: file.endsWith('.png') ? 'image/png' : 'image/jpeg' }), file);
      for (const [k, v] of Object.entries(fields)) if (v !== undefined) form.append(k, v);
      return fetch(`${harness.server.url}/api/ocr`, { method: 'POST', headers: { 'x-licenselens-openid': openid }, body: form });
    },
    problems: () => watched.flatMap((w) => [...w.errors, ...w.foreign]),
  };
  return harness;
}
