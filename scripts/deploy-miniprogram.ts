// npm run deploy:miniprogram — uploads the mini program as a new development version with miniprogram-ci.
// Needs WECHAT_APPID and MINIPROGRAM_PRIVATE_KEY_PATH (or MINIPROGRAM_PRIVATE_KEY); optional
// MINIPROGRAM_VERSION (default: package.json version), MINIPROGRAM_DESC, MINIPROGRAM_ROBOT (1–30).
// Uploads the device build (scripts/build-miniprogram.ts --target device): the backend comes from the
// deploy file, never from the development miniprogram/config.ts; without one it stops with status 2.
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildMiniprogram } from './build-miniprogram';
import { ciProject, credentials, packageVersion, runMain } from './deploy-common';
import { MissingDeviceConfig } from './miniprogram-target';

async function main(): Promise<void> {
  const creds = credentials();
  const projectPath = await buildMiniprogram('device');
  const { ci, project } = ciProject(creds, projectPath);
  const version = process.env.MINIPROGRAM_VERSION?.trim() || packageVersion();
  const result = await ci.upload({
    project,
    version,
    desc: process.env.MINIPROGRAM_DESC?.trim() || `LicenseLens ${version}`,
    robot: Number(process.env.MINIPROGRAM_ROBOT ?? '1') || 1,
    // Compile as DevTools does (project.config.json: TypeScript plugin, ES6 → ES5, minified WXML/WXSS).
    setting: { useProjectConfig: true },
    onProgressUpdate: (task: string | { status?: string; message?: string }) => {
      console.log(typeof task === 'string' ? task : `${task.status ?? ''} ${task.message ?? ''}`);
    },
  });
  console.log(`uploaded version ${version}`, JSON.stringify(result));
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) runMain(main, [MissingDeviceConfig]);
