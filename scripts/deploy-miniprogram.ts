// npm run deploy:miniprogram — uploads the mini program as a new development version with miniprogram-ci.
// Needs WECHAT_APPID and MINIPROGRAM_PRIVATE_KEY_PATH (or MINIPROGRAM_PRIVATE_KEY); optional
// MINIPROGRAM_VERSION (default: package.json version), MINIPROGRAM_DESC, MINIPROGRAM_ROBOT (1–30).
// Refuses to upload a build still pointed at a development backend (miniprogram/config.ts).
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { checkCodeQuality } from './build-miniprogram';
import { ciProject, credentials, packageVersion, runMain } from './deploy-common';
import { MINIPROGRAM, bundleCore, packNpm } from './pack-npm';

/** Problems that make config.ts unfit for a release build. */
export function releaseConfigProblems(source: string): string[] {
  const problems: string[] = [];
  const value = (key: string): string | undefined => new RegExp(`${key}:\\s*'([^']*)'`).exec(source)?.[1];
  const transport = value('transport');
  if (transport === 'cloud' && (!value('cloudEnv') || value('cloudEnv') === 'your-env-id')) {
    problems.push("transport 'cloud' needs cloudEnv: your cloud environment id");
  }
  if (transport === 'server') {
    const url = value('serverUrl') ?? '';
    if (!url.startsWith('https://')) problems.push(`transport 'server' needs an https serverUrl (got '${url}'); WeChat only calls legal https domains`);
    if (value('devOpenid')) problems.push("devOpenid must be '' in a release: the dev header works only against a dev server on loopback");
  }
  return problems;
}

async function main(): Promise<void> {
  const creds = credentials();
  const problems = releaseConfigProblems(readFileSync(join(MINIPROGRAM, 'config.ts'), 'utf8'));
  if (problems.length > 0) throw new Error(`miniprogram/config.ts is not ready for a release:\n  - ${problems.join('\n  - ')}`);

  await packNpm();
  await bundleCore();
  const failed = (await checkCodeQuality()).filter((i) => !i.success);
  if (failed.length > 0) throw new Error(`code quality check failed: ${failed.map((i) => i.name).join(', ')}`);

  const { ci, project } = ciProject(creds);
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

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) runMain(main);
