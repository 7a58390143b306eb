// npm run deploy:cloudfunctions — builds (npm run build) and uploads every cloud function folder to a
// cloud environment with miniprogram-ci. Needs WECHAT_APPID, MINIPROGRAM_PRIVATE_KEY_PATH (or
// MINIPROGRAM_PRIVATE_KEY) and CLOUD_ENV; optional CLOUD_FUNCTIONS=ocr,records to upload only some.
// Dependencies (wx-server-sdk, sharp) are installed in the cloud from each function's package.json.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ciProject, credentials, runMain } from './deploy-common';
import { ROOT } from './pack-npm';

export const FUNCTIONS_ROOT = join(ROOT, 'cloudfunctions');

/** Deployable folders: a package.json and a source entry (src/index.ts) or a built index.js. */
export function deployableFunctions(only?: string): string[] {
  const all = readdirSync(FUNCTIONS_ROOT).filter((name) => {
    const dir = join(FUNCTIONS_ROOT, name);
    return statSync(dir).isDirectory() && existsSync(join(dir, 'package.json')) && (existsSync(join(dir, 'src', 'index.ts')) || existsSync(join(dir, 'index.js')));
  });
  if (!only) return all.sort();
  const wanted = only.split(',').map((s) => s.trim()).filter(Boolean);
  const unknown = wanted.filter((n) => !all.includes(n));
  if (unknown.length > 0) throw new Error(`unknown cloud function(s): ${unknown.join(', ')} (have: ${all.join(', ')})`);
  return wanted;
}

async function main(): Promise<void> {
  const creds = credentials(process.env, ['CLOUD_ENV']);
  const names = deployableFunctions(process.env.CLOUD_FUNCTIONS);

  // Each function is uploaded as its folder: bundle the shared code into index.js first.
  const build = spawnSync(process.execPath, ['--import', 'tsx', join(ROOT, 'scripts', 'build.ts')], { cwd: ROOT, stdio: 'inherit' });
  if (build.status !== 0) throw new Error('npm run build failed: nothing uploaded');

  const { ci, project } = ciProject(creds);
  for (const name of names) {
    if (!existsSync(join(FUNCTIONS_ROOT, name, 'index.js'))) throw new Error(`cloudfunctions/${name}/index.js was not built`);
    const res = await ci.cloud.uploadFunction({ project, env: creds.CLOUD_ENV!, name, path: join(FUNCTIONS_ROOT, name), remoteNpmInstall: true });
    console.log(`uploaded ${name} to ${creds.CLOUD_ENV}: ${res.filesCount} file(s), ${res.packSize} bytes`);
  }
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) runMain(main);
