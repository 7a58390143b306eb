// Builds what WeChat DevTools and miniprogram-ci need next to the sources, then runs miniprogram-ci's
// offline code-quality check (npm run build:miniprogram):
//   1. Vant into miniprogram/miniprogram_npm (packNpmManually), core into miniprogram/core (esbuild), the
//      tab bar icons into miniprogram/assets/tabbar (sharp, from their SVG sources);
//   2. with `--target device` (a real phone: DevTools 预览/真机调试, or the upload), the project staged in
//      dist/miniprogram-device/ (MINIPROGRAM_OUT names another folder) with a config.ts pointing at the
//      backend of the deploy file (scripts/miniprogram-target.ts); without one it exits 2 saying what
//      to add. Without --target the repository itself is the (development) project;
//   3. checkCodeQuality on the project; any failed check fails the build.
// The .ts sources are compiled by DevTools itself ("useCompilerPlugins": ["typescript"]).
import { cpSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type DeviceConfig, MissingDeviceConfig, deployFilePath, loadDeviceConfig, renderConfig } from './miniprogram-target';
import { MINIPROGRAM, ROOT, bundleCore, packNpm } from './pack-npm';
import { buildTabIcons } from './tab-icons';

const require = createRequire(import.meta.url);

interface QualityItem {
  name: string;
  success: boolean;
  text?: string;
  detail?: unknown;
  docURL?: string;
}

/** `new ci.Project` insists on a key even for offline work; nothing is sent anywhere by this check. */
const OFFLINE_KEY = '-----BEGIN RSA PRIVATE KEY-----\noffline-code-quality-check\n-----END RSA PRIVATE KEY-----\n';

export async function checkCodeQuality(projectPath = ROOT): Promise<QualityItem[]> {
  const ci = require('miniprogram-ci') as {
    Project: new (o: Record<string, unknown>) => unknown;
    checkCodeQuality(project: unknown): Promise<QualityItem[]>;
  };
  const projectConfig = JSON.parse(readFileSync(join(projectPath, 'project.config.json'), 'utf8')) as { appid: string };
  const project = new ci.Project({
    appid: process.env.WECHAT_APPID || projectConfig.appid,
    type: 'miniProgram',
    projectPath,
    privateKey: OFFLINE_KEY,
    ignores: ['node_modules/**/*'],
  });
  return ci.checkCodeQuality(project);
}

/** Where a device build is staged (gitignored dist/). */
export function deviceProjectPath(env: NodeJS.ProcessEnv = process.env): string {
  return resolve(ROOT, env.MINIPROGRAM_OUT?.trim() || 'dist/miniprogram-device');
}

/** Copies the mini program's sources (not what the build generates) and the project file into `out`,
 *  with config.ts pointing at `backend`; the appid is WECHAT_APPID's when set. The build then
 *  generates miniprogram_npm, core and the icons inside `out`, so the repository's own generated
 *  folders (which DevTools and the tests use) are never removed mid-use. */
export function stageDeviceProject(out: string, backend: DeviceConfig, env: NodeJS.ProcessEnv = process.env): string {
  rmSync(out, { recursive: true, force: true });
  mkdirSync(out, { recursive: true });
  const generated = [join(MINIPROGRAM, 'miniprogram_npm'), join(MINIPROGRAM, 'core'), join(MINIPROGRAM, 'node_modules')];
  cpSync(MINIPROGRAM, join(out, 'miniprogram'), { recursive: true, filter: (src) => !generated.some((g) => src === g || src.startsWith(`${g}/`)) });
  cpSync(join(ROOT, 'tsconfig.base.json'), join(out, 'tsconfig.base.json'));
  const projectConfig = JSON.parse(readFileSync(join(ROOT, 'project.config.json'), 'utf8')) as Record<string, unknown>;
  const appid = env.WECHAT_APPID?.trim();
  writeFileSync(join(out, 'project.config.json'), `${JSON.stringify({ ...projectConfig, ...(appid ? { appid } : {}) }, null, 2)}\n`);
  const config = join(out, 'miniprogram', 'config.ts');
  writeFileSync(config, renderConfig(readFileSync(config, 'utf8'), backend));
  return join(out, 'miniprogram');
}

/** The whole build; `device` stages a project for a phone and checks that one. Returns the project path. */
export async function buildMiniprogram(target: 'dev' | 'device', env: NodeJS.ProcessEnv = process.env): Promise<string> {
  // The backend first: a device build without one stops before anything is built.
  const backend = target === 'device' ? loadDeviceConfig(deployFilePath(env)) : null;
  let projectPath = ROOT;
  let miniprogram = MINIPROGRAM;
  if (backend) {
    projectPath = deviceProjectPath(env);
    miniprogram = stageDeviceProject(projectPath, backend, env);
    const where = backend.transport === 'cloud' ? `cloud environment ${backend.cloudEnv}` : backend.serverUrl;
    console.log(`device build: ${projectPath} → ${where} (真机构建：${backend.transport === 'cloud' ? `云开发环境 ${backend.cloudEnv}` : backend.serverUrl})`);
  }
  const npm = await packNpm(miniprogram);
  const core = await bundleCore(miniprogram);
  const icons = await buildTabIcons(miniprogram);
  console.log(`miniprogram_npm: ${npm.miniProgramPackNum} package(s); miniprogram/core: ${core.modules.length} module(s), ${(core.bytes / 1024).toFixed(1)} KB; tab bar icons: ${icons.length}`);
  const items = await checkCodeQuality(projectPath);
  let failed = 0;
  for (const item of items) {
    if (!item.success) failed++;
    console.log(`${item.success ? 'ok  ' : 'FAIL'} ${item.name}${item.text ? ` — ${item.text}` : ''}`);
    if (!item.success && item.detail) console.log(`     ${JSON.stringify(item.detail).slice(0, 600)}`);
  }
  if (failed > 0) throw new Error(`code quality: ${failed} check(s) failed`);
  console.log(`code quality: ${items.length} checks passed`);
  return projectPath;
}

function targetArg(argv: string[]): 'dev' | 'device' {
  const i = argv.indexOf('--target');
  const value = i >= 0 ? argv[i + 1] : argv.find((a) => a.startsWith('--target='))?.slice('--target='.length);
  if (value === undefined || value === 'dev') return 'dev';
  if (value === 'device' || value === 'upload') return 'device';
  console.error(`--target 只能是 dev 或 device / --target must be dev or device (got "${value}")`);
  process.exit(2);
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const target = targetArg(process.argv.slice(2));
  // miniprogram-ci leaves a file watcher running: exit explicitly either way.
  buildMiniprogram(target).then(
    () => process.exit(0),
    (e: unknown) => {
      if (e instanceof MissingDeviceConfig) {
        console.error(e.message);
        process.exit(2);
      }
      console.error(e instanceof Error ? e.message : e);
      process.exit(1);
    },
  );
}
