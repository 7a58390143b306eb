// Renders the tab bar icons (npm run pack:npm / build:miniprogram): WeChat wants PNG (or JPG) files of
// at most 40 KB, 81×81 px recommended, and takes no SVG there. The sources are SVG drawn in
// currentColor next to where the PNGs go (miniprogram/assets/tabbar/<name>.svg); each tab's iconPath
// is rendered in tabBar.color and its selectedIconPath in tabBar.selectedColor, so app.json stays the
// one place that names the colours. The PNGs are built, not committed.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { MINIPROGRAM } from './pack-npm';

/** WeChat's limit on a tab bar icon file. */
export const TAB_ICON_MAX_BYTES = 40 * 1024;
/** WeChat's recommended size of a tab bar icon. */
export const TAB_ICON_SIZE = 81;

const Colour = z.string().regex(/^#[0-9a-fA-F]{6}$/, 'tabBar 颜色须为 #RRGGBB');
const IconPath = z.string().regex(/^[\w/-]+\.png$/, 'tabBar 图标须为 miniprogram 下的 .png 相对路径');
const AppJsonSchema = z.object({
  tabBar: z.object({
    color: Colour,
    selectedColor: Colour,
    list: z.array(z.object({ pagePath: z.string(), text: z.string(), iconPath: IconPath, selectedIconPath: IconPath })).min(2).max(5),
  }),
});

export interface TabIcon {
  /** Path of the PNG, relative to the mini program root (as app.json names it). */
  path: string;
  source: string;
  colour: string;
}

/** Every PNG app.json's tab bar names, with the SVG it is drawn from and its colour. */
export function tabIcons(root = MINIPROGRAM): TabIcon[] {
  const app = AppJsonSchema.parse(JSON.parse(readFileSync(join(root, 'app.json'), 'utf8')));
  const { color, selectedColor, list } = app.tabBar;
  return list.flatMap((tab) => [
    { path: tab.iconPath, colour: color },
    { path: tab.selectedIconPath, colour: selectedColor },
  ]).map(({ path, colour }) => ({ path, colour, source: path.replace(/(-active)?\.png$/, '.svg') }));
}

/** Renders every tab bar icon; throws when one comes out over WeChat's size limit. */
export async function buildTabIcons(root = MINIPROGRAM): Promise<Array<TabIcon & { bytes: number }>> {
  // sharp is loaded here only: the rest of the pack script runs without it.
  const { default: sharp } = await import('sharp');
  const built: Array<TabIcon & { bytes: number }> = [];
  for (const icon of tabIcons(root)) {
    const svg = readFileSync(join(root, icon.source), 'utf8').replaceAll('currentColor', icon.colour);
    const png = await sharp(Buffer.from(svg))
      .resize(TAB_ICON_SIZE, TAB_ICON_SIZE, { fit: 'contain', background: { r: 0, g: 0, b: 0, alpha: 0 } })
      .png({ palette: true, compressionLevel: 9 })
      .toBuffer();
    if (png.length > TAB_ICON_MAX_BYTES) throw new Error(`${icon.path}: ${png.length} bytes, WeChat accepts at most ${TAB_ICON_MAX_BYTES}`);
    writeFileSync(join(root, icon.path), png);
    built.push({ ...icon, bytes: png.length });
  }
  return built;
}
