// Which Chromium the browser tests get: CHROMIUM_PATH, then the usual install paths, then the one the
// @sparticuz/chromium package ships — and that one really starts here.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { CHROMIUM_ARGS, findSystemChromium, resolveChromium, SYSTEM_CHROMIUM_PATHS } from './browser';

const only =
  (...paths: string[]) =>
  (p: string): boolean =>
    paths.includes(p);

describe('choosing a Chromium', () => {
  it('takes CHROMIUM_PATH when it names a file', () => {
    expect(findSystemChromium({ CHROMIUM_PATH: '/opt/chrome/chrome' }, only('/opt/chrome/chrome', '/usr/bin/chromium'))).toEqual({ source: 'CHROMIUM_PATH', path: '/opt/chrome/chrome' });
  });

  it('falls back to the usual install paths when CHROMIUM_PATH names nothing', () => {
    expect(findSystemChromium({ CHROMIUM_PATH: '/nowhere/chromium' }, only('/usr/bin/google-chrome'))).toEqual({ source: 'system', path: '/usr/bin/google-chrome' });
    expect(SYSTEM_CHROMIUM_PATHS).toContain('/usr/bin/chromium');
  });

  it('answers null (use npm) when the machine has no browser, or when told to skip it', () => {
    expect(findSystemChromium({}, only())).toBeNull();
    expect(findSystemChromium({ CHROMIUM_PATH: '/usr/bin/chromium', LICENSELENS_BROWSER: 'npm' }, only('/usr/bin/chromium'))).toBeNull();
  });

  it('refuses to fall back to npm when LICENSELENS_BROWSER=system and there is none', async () => {
    await expect(resolveChromium({ LICENSELENS_BROWSER: 'system' }, only())).rejects.toThrow(/no Chromium found/);
  });

  it('starts the npm-shipped Chromium, on the shared libraries the package ships, and renders Chinese text', { timeout: 120_000 }, async () => {
    const r = await resolveChromium({ CHROMIUM_PATH: '/nowhere/chromium' }, only());
    expect(r.source).toBe('npm');
    expect(r.args).toEqual(CHROMIUM_ARGS);
    // the machine's NSS must not be what makes it start: the bundled copy comes first
    const lib = r.env.LD_LIBRARY_PATH?.split(':')[0] ?? '';
    expect(existsSync(join(lib, 'libnss3.so'))).toBe(true);
    const browser = await chromium.launch({ executablePath: r.executablePath, args: r.args, env: { ...process.env, ...r.env } as Record<string, string> });
    try {
      const page = await browser.newPage();
      await page.setContent('<p id="t">机动车行驶证</p>');
      expect(await page.textContent('#t')).toBe('机动车行驶证');
      expect(browser.version()).toMatch(/^138\./);
    } finally {
      await browser.close();
    }
  });
});
