// Builds what WeChat DevTools and miniprogram-ci need next to the sources, then runs miniprogram-ci's
// offline code-quality check (npm run build:miniprogram):
//   1. Vant into miniprogram/miniprogram_npm (packNpmManually) and core into miniprogram/core (esbuild);
//   2. checkCodeQuality on the project; any failed check fails the build.
// The .ts sources are compiled by DevTools itself ("useCompilerPlugins": ["typescript"]).
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ROOT, bundleCore, packNpm } from './pack-npm';

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

export async function checkCodeQuality(): Promise<QualityItem[]> {
  const ci = require('miniprogram-ci') as {
    Project: new (o: Record<string, unknown>) => unknown;
    checkCodeQuality(project: unknown): Promise<QualityItem[]>;
  };
  const projectConfig = JSON.parse(readFileSync(join(ROOT, 'project.config.json'), 'utf8')) as { appid: string };
  const project = new ci.Project({
    appid: process.env.WECHAT_APPID || projectConfig.appid,
    type: 'miniProgram',
    projectPath: ROOT,
    privateKey: OFFLINE_KEY,
    ignores: ['node_modules/**/*'],
  });
  return ci.checkCodeQuality(project);
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const npm = await packNpm();
  const core = await bundleCore();
  console.log(`miniprogram_npm: ${npm.miniProgramPackNum} package(s); miniprogram/core: ${core.modules.length} module(s), ${(core.bytes / 1024).toFixed(1)} KB`);
  const items = await checkCodeQuality();
  let failed = 0;
  for (const item of items) {
    if (!item.success) failed++;
    console.log(`${item.success ? 'ok  ' : 'FAIL'} ${item.name}${item.text ? ` — ${item.text}` : ''}`);
    if (!item.success && item.detail) console.log(`     ${JSON.stringify(item.detail).slice(0, 600)}`);
  }
  if (failed > 0) {
    console.error(`code quality: ${failed} check(s) failed`);
    process.exit(1);
  }
  console.log(`code quality: ${items.length} checks passed`);
  // miniprogram-ci leaves a file watcher running.
  process.exit(0);
}
