// How the mini program is packaged for a phone (issue #16): tab bar icons WeChat accepts, built from
// their SVG sources, and the administration in a subpackage that ordinary users never download.
import { mkdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterEach, describe, expect, it } from 'vitest';
import { TAB_ICON_MAX_BYTES, TAB_ICON_SIZE, tabIcons } from '../../scripts/tab-icons';
import { makeRecord } from './support/backend';
import { type Env, setupEnv } from './support/env';
import { MINI, flush, render, sourceFiles, text, until } from './support/harness';

const SCREENSHOTS = join(MINI, '..', 'test', '.output', 'screenshots');

interface AppJson {
  pages: string[];
  subPackages?: Array<{ root: string; name?: string; pages: string[] }>;
  tabBar: { color: string; selectedColor: string; list: Array<{ pagePath: string; text: string; iconPath?: string; selectedIconPath?: string }> };
}
const appJson = (): AppJson => JSON.parse(readFileSync(join(MINI, 'app.json'), 'utf8')) as AppJson;

describe('tab bar icons', () => {
  it('every tab names an icon and a selected icon, each a real 81×81 PNG within 40 KB', async () => {
    const tabs = appJson().tabBar.list;
    expect(tabs.map((t) => t.text)).toEqual(['识别', '记录', '档案']);
    for (const tab of tabs) {
      expect(tab.iconPath, tab.text).toMatch(/\.png$/);
      expect(tab.selectedIconPath, tab.text).toMatch(/\.png$/);
      expect(tab.selectedIconPath).not.toBe(tab.iconPath);
      for (const path of [tab.iconPath!, tab.selectedIconPath!]) {
        const file = join(MINI, path);
        const bytes = statSync(file).size;
        expect(bytes, path).toBeLessThanOrEqual(TAB_ICON_MAX_BYTES);
        // sharp decodes the whole file: a truncated or mislabelled file fails here.
        const meta = await sharp(file).metadata();
        expect([meta.format, meta.width, meta.height], path).toEqual(['png', TAB_ICON_SIZE, TAB_ICON_SIZE]);
        const { data } = await sharp(file).raw().toBuffer({ resolveWithObject: true });
        expect(data.length, path).toBeGreaterThan(0);
      }
    }
  });

  it('draws each icon in the tab bar colour app.json names, the selected one in its selected colour', async () => {
    const { color, selectedColor } = appJson().tabBar;
    const rgb = (hex: string): number[] => [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16));
    /** The colour of the icon's opaque pixels (the drawing), averaged. */
    const inkOf = async (path: string): Promise<number[]> => {
      const { data, info } = await sharp(join(MINI, path)).ensureAlpha().raw().toBuffer({ resolveWithObject: true });
      const sum = [0, 0, 0];
      let n = 0;
      for (let i = 0; i < data.length; i += info.channels) {
        if (data[i + 3]! < 250) continue;
        for (let c = 0; c < 3; c++) sum[c]! += data[i + c]!;
        n++;
      }
      expect(n, `${path} has a drawing`).toBeGreaterThan(100);
      return sum.map((s) => Math.round(s / n));
    };
    const sheet: Array<{ input: Buffer; left: number; top: number }> = [];
    for (const [i, icon] of tabIcons().entries()) {
      const ink = await inkOf(icon.path);
      const want = rgb(icon.path.includes('-active') ? selectedColor : color);
      ink.forEach((v, c) => expect(Math.abs(v - want[c]!), `${icon.path} channel ${c}`).toBeLessThanOrEqual(3));
      expect(icon.source).toMatch(/\.svg$/);
      sheet.push({ input: readFileSync(join(MINI, icon.path)), left: 12 + (i % 2) * 93, top: 12 + Math.floor(i / 2) * 93 });
    }
    // A look at the icons as the tab bar shows them, on white.
    mkdirSync(SCREENSHOTS, { recursive: true });
    await sharp({ create: { width: 198, height: 12 + Math.ceil(sheet.length / 2) * 93, channels: 4, background: '#ffffff' } })
      .composite(sheet)
      .png()
      .toFile(join(SCREENSHOTS, 'miniprogram-tabbar-icons.png'));
  });

  it('keeps only the SVG sources in git: the PNGs are build output', () => {
    const ignored = readFileSync(join(MINI, '..', '.gitignore'), 'utf8');
    expect(ignored).toContain('miniprogram/assets/tabbar/*.png');
    for (const icon of tabIcons()) expect(statSync(join(MINI, icon.source)).isFile()).toBe(true);
  });
});

describe('the admin subpackage', () => {
  let env: Env | undefined;
  afterEach(() => env?.restore());

  it('declares the admin page in a subpackage, not among the main pages', () => {
    const app = appJson();
    expect(app.pages.some((p) => p.includes('admin'))).toBe(false);
    const sub = app.subPackages?.find((s) => s.root === 'packageAdmin');
    expect(sub?.pages).toEqual(['pages/admin/index']);
    expect(statSync(join(MINI, 'packageAdmin/pages/admin/index.ts')).isFile()).toBe(true);
  });

  it('the main package holds no admin code: no admin page, no 导出/统计 client, nothing required from the subpackage', () => {
    const main = sourceFiles(['.ts', '.wxml', '.wxss', '.json']).filter((f) => !f.startsWith('packageAdmin/'));
    expect(main.filter((f) => /admin/i.test(f))).toEqual([]);
    for (const file of main) {
      const src = readFileSync(join(MINI, file), 'utf8');
      if (file.endsWith('.ts')) {
        expect(src, file).not.toMatch(/require\([^)]*packageAdmin|from '[^']*packageAdmin/);
        expect(src, file).not.toMatch(/action: '(export|stats)'/);
      }
    }
    // Only a link to the page (navigation), never code from it.
    const links = main.flatMap((f) => readFileSync(join(MINI, f), 'utf8').match(/\/packageAdmin\/[\w/-]+/g) ?? []);
    expect(links).toEqual(['/packageAdmin/pages/admin/index']);
  });

  it('the administrator opens it from 记录 at its subpackage path, and it renders there with its list', async () => {
    const e = setupEnv({ openid: 'admin-1', admin: true });
    env = e;
    e.backend.records.push(makeRecord({ _openid: 'user-2' }), makeRecord({ _openid: 'user-3' }));
    const history = render('pages/history/index');
    history.instance.onLoad({});
    await until(() => history.data.isAdmin === true, 'admin probe');
    await flush();
    history.querySelector('.admin-entry')!.querySelector('.van-cell')!.dispatchEvent('tap');
    await until(() => e.nav.length > 0, 'navigation');
    expect(e.nav).toEqual(['/packageAdmin/pages/admin/index']);

    const admin = render('packageAdmin/pages/admin/index');
    admin.instance.onLoad({});
    await until(() => admin.data.checking === false && !admin.data.loading, 'admin page loaded');
    await flush();
    expect(admin.querySelectorAll('.item')).toHaveLength(2);
    expect(text(admin.querySelector('.summary'))).toContain('2');
  });
});
