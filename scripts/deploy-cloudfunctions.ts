// npm run deploy:cloudfunctions — builds (npm run build) and uploads every cloud function folder to a
// cloud environment with miniprogram-ci. Needs WECHAT_APPID, MINIPROGRAM_PRIVATE_KEY_PATH (or
// MINIPROGRAM_PRIVATE_KEY) and CLOUD_ENV; optional CLOUD_FUNCTIONS=ocr,records to upload only some.
// Dependencies (wx-server-sdk, sharp) are installed in the cloud from each function's package.json.
// A function whose config.json declares `triggers` (deliver: every minute) gets its timer trigger
// created after the upload; CLOUD_TRIGGERS=skip uploads code only (the trigger already exists).
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type CiModule, ciProject, credentials, runMain } from './deploy-common';
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

export interface TimeTrigger {
  name: string;
  type: 'timer';
  /** Seven-field cron: second minute hour day month weekday year. */
  config: string;
}

/** What miniprogram-ci answers when the trigger was made; any other answer is a failure it swallowed. */
export const TRIGGER_CREATED = '创建定时触发器成功';

/** The timer triggers a function's config.json declares, checked here because miniprogram-ci answers
 *  a malformed one with nothing more than a generic sentence. */
export function timeTriggers(name: string, root = FUNCTIONS_ROOT): TimeTrigger[] {
  const file = join(root, name, 'config.json');
  if (!existsSync(file)) return [];
  const where = `cloudfunctions/${name}/config.json`;
  const triggers = (JSON.parse(readFileSync(file, 'utf8')) as { triggers?: unknown }).triggers;
  if (triggers === undefined) return [];
  if (!Array.isArray(triggers)) throw new Error(`${where}: "triggers" must be an array`);
  if (triggers.length > 1) throw new Error(`${where}: a cloud function can have only one timer trigger`);
  return triggers.map((t: unknown, i) => {
    const { name: tname, type, config } = (t ?? {}) as Record<string, unknown>;
    if (typeof tname !== 'string' || !/^[A-Za-z][\w-]{0,59}$/.test(tname)) throw new Error(`${where}: triggers[${i}].name must be a letter then up to 59 letters, digits, _ or -`);
    if (type !== 'timer') throw new Error(`${where}: triggers[${i}].type must be "timer"`);
    if (typeof config !== 'string' || config.trim().split(/\s+/).length !== 7) throw new Error(`${where}: triggers[${i}].config must be a 7-field cron expression`);
    return { name: tname, type, config: config.trim() };
  });
}

/** Uploads one built function folder, then creates its timer trigger when it declares one. */
export async function deployFunction(
  ci: Pick<CiModule, 'cloud'>,
  project: unknown,
  env: string,
  name: string,
  opts: { root?: string; triggers?: boolean; log?: (line: string) => void } = {},
): Promise<void> {
  const root = opts.root ?? FUNCTIONS_ROOT;
  const log = opts.log ?? ((line: string) => console.log(line));
  const triggers = timeTriggers(name, root);
  const res = await ci.cloud.uploadFunction({ project, env, name, path: join(root, name), remoteNpmInstall: true });
  log(`uploaded ${name} to ${env}: ${res.filesCount} file(s), ${res.packSize} bytes`);
  if (triggers.length === 0 || opts.triggers === false) return;
  const answer = await ci.cloud.createTimeTrigger({ project, envId: env, functionName: name, triggersConfig: triggers });
  if (answer !== TRIGGER_CREATED) {
    throw new Error(
      `cloudfunctions/${name}: the timer trigger "${triggers[0]!.name}" was not created; miniprogram-ci answered "${String(answer)}".\n` +
        `  It answers the same when a trigger of that name already exists: look in 云开发控制台 → 云函数 → ${name} → 触发器,\n` +
        '  and once it is there run again with CLOUD_TRIGGERS=skip to upload code only.',
    );
  }
  log(`created timer trigger ${triggers[0]!.name} (${triggers[0]!.config}) for ${name}`);
}

async function main(): Promise<void> {
  const creds = credentials(process.env, ['CLOUD_ENV']);
  const names = deployableFunctions(process.env.CLOUD_FUNCTIONS);
  // A malformed trigger stops the run before anything is built or sent.
  for (const name of names) timeTriggers(name);
  const withTriggers = process.env.CLOUD_TRIGGERS !== 'skip';

  // Each function is uploaded as its folder: bundle the shared code into index.js first.
  const build = spawnSync(process.execPath, ['--import', 'tsx', join(ROOT, 'scripts', 'build.ts')], { cwd: ROOT, stdio: 'inherit' });
  if (build.status !== 0) throw new Error('npm run build failed: nothing uploaded');

  const { ci, project } = ciProject(creds);
  for (const name of names) {
    if (!existsSync(join(FUNCTIONS_ROOT, name, 'index.js'))) throw new Error(`cloudfunctions/${name}/index.js was not built`);
    await deployFunction(ci, project, creds.CLOUD_ENV!, name, { triggers: withTriggers });
  }
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) runMain(main);
