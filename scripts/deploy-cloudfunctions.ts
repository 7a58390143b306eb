// npm run deploy:cloudfunctions — builds (npm run build) and deploys every cloud function with
// CloudBase's management SDK (@cloudbase/manager-node, the Tencent Cloud SCF/TCB API): a missing
// function is created with the configured runtime, timeout, memory, environment variables and timer
// trigger; an existing one gets its code and whatever configuration differs. It prints what changed.
// Needs deploy.config.json (DEPLOY_CONFIG to name another) and TENCENTCLOUD_SECRETID /
// TENCENTCLOUD_SECRETKEY; CLOUD_FUNCTIONS=ocr,records deploys only some. (miniprogram-ci stays for the
// mini program itself: scripts/deploy-miniprogram.ts.)
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DeployConfigError, loadDeployPlan, type FunctionPlan } from './deploy-config';
import { DeployError, explain, isNotFound } from './deploy-errors';
import { ROOT } from './pack-npm';

const require = createRequire(import.meta.url);
export const FUNCTIONS_ROOT = join(ROOT, 'cloudfunctions');

/** Deployable folders: a package.json and a source entry (src/index.ts) or a built index.js. */
export function deployableFunctions(only?: string, root = FUNCTIONS_ROOT): string[] {
  const all = readdirSync(root).filter((name) => {
    const dir = join(root, name);
    return statSync(dir).isDirectory() && existsSync(join(dir, 'package.json')) && (existsSync(join(dir, 'src', 'index.ts')) || existsSync(join(dir, 'index.js')));
  });
  if (!only) return all.sort();
  const wanted = only.split(',').map((s) => s.trim()).filter(Boolean);
  const unknown = wanted.filter((n) => !all.includes(n));
  if (unknown.length > 0) throw new DeployConfigError(`CLOUD_FUNCTIONS 中的 ${unknown.join('、')} 不是云函数（有：${all.join('、')}）`);
  return wanted;
}

/** The part of GetFunction's answer the deploy compares (SCF API 2018-04-16). */
interface FunctionDetail {
  Runtime?: string;
  Timeout?: number;
  MemorySize?: number;
  Environment?: { Variables?: { Key: string; Value: string }[] };
  Triggers?: { TriggerName: string; Type: string; TriggerDesc?: string }[];
}

/** The SDK's function service, as far as the deploy uses it. */
interface FunctionService {
  getFunctionDetail(name: string): Promise<FunctionDetail>;
  createFunction(o: { func: Record<string, unknown>; functionRootPath: string; deployMode: 'zip'; force?: boolean }): Promise<unknown>;
  updateFunctionCode(o: { func: Record<string, unknown>; functionRootPath: string; deployMode: 'zip' }): Promise<unknown>;
  updateFunctionConfig(func: Record<string, unknown>): Promise<unknown>;
  createFunctionTriggers(name: string, triggers: { name: string; type: string; config: string }[]): Promise<unknown>;
  deleteFunctionTrigger(name: string, triggerName: string): Promise<unknown>;
}

export interface DeployOptions {
  envId: string;
  region: string;
  secretId: string;
  secretKey: string;
  functionsRoot?: string;
  /** Where the management API is reached instead of https://<service>.tencentcloudapi.com (tests: a
   *  loopback server). The request is signed for the real host, which is kept in the Host header. */
  endpoint?: string;
  log?: (line: string) => void;
}

/** What the upload holds: the built index.js, package.json (installed in the cloud) and config.json. */
const PACKAGE_IGNORE = ['src', 'src/**', 'node_modules', 'node_modules/**'];

/** The timer trigger's cron, from GetFunction's TriggerDesc ('{"cron":"…"}' or the bare expression). */
function cronOf(desc: string | undefined): string {
  if (!desc) return '';
  try {
    const parsed = JSON.parse(desc) as { cron?: unknown };
    if (typeof parsed.cron === 'string') return parsed.cron.trim();
  } catch {
    // a bare expression
  }
  return desc.trim();
}

/** Differences of configuration as printable lines; variable values are secrets and never printed. */
export function configChanges(plan: FunctionPlan, detail: FunctionDetail): string[] {
  const out: string[] = [];
  if (detail.Timeout !== plan.timeout) out.push(`超时 ${detail.Timeout ?? '?'} s → ${plan.timeout} s`);
  if (detail.MemorySize !== plan.memorySize) out.push(`内存 ${detail.MemorySize ?? '?'} MB → ${plan.memorySize} MB`);
  const now = new Map((detail.Environment?.Variables ?? []).map((v) => [v.Key, v.Value]));
  const added = Object.keys(plan.env).filter((k) => !now.has(k));
  const changed = Object.keys(plan.env).filter((k) => now.has(k) && now.get(k) !== plan.env[k]);
  const removed = [...now.keys()].filter((k) => !(k in plan.env));
  if (added.length) out.push(`新增环境变量 ${added.join(', ')}`);
  if (changed.length) out.push(`修改环境变量 ${changed.join(', ')}`);
  if (removed.length) out.push(`删除环境变量 ${removed.join(', ')}`);
  return out;
}

function funcParams(plan: FunctionPlan): Record<string, unknown> {
  return {
    name: plan.name,
    runtime: plan.runtime,
    timeout: plan.timeout,
    memorySize: plan.memorySize,
    envVariables: plan.env,
    // Dependencies (wx-server-sdk; sharp for ocr) are installed in the cloud from package.json.
    installDependency: true,
    // Wait until the platform has installed them, so that the configuration update that follows is accepted.
    isWaitInstall: true,
    ignore: PACKAGE_IGNORE,
  };
}

/** Creates or updates one function; returns the lines saying what changed. */
async function deployOne(fns: FunctionService, plan: FunctionPlan, root: string): Promise<string[]> {
  const { name } = plan;
  let detail: FunctionDetail | null = null;
  try {
    detail = await fns.getFunctionDetail(name);
  } catch (e) {
    if (!isNotFound(e)) throw explain(e, name, '查询函数（GetFunction）');
  }
  const trigger = plan.trigger ? [{ name: plan.trigger.name, type: plan.trigger.type, config: plan.trigger.config }] : [];

  if (!detail) {
    try {
      await fns.createFunction({ func: { ...funcParams(plan), triggers: trigger }, functionRootPath: root, deployMode: 'zip' });
    } catch (e) {
      throw explain(e, name, '创建函数（CreateFunction）');
    }
    return [
      `创建：运行时 ${plan.runtime}，超时 ${plan.timeout} s，内存 ${plan.memorySize} MB`,
      `环境变量 ${Object.keys(plan.env).join(', ') || '（无）'}`,
      ...(plan.trigger ? [`定时触发器 ${plan.trigger.name}（${plan.trigger.config}）`] : []),
    ];
  }

  // The runtime is fixed at creation (UpdateFunctionConfiguration does not take it): a function made
  // by an older tool on Node.js 8 or 12 has to be deleted and created again.
  if (detail.Runtime !== plan.runtime) {
    throw new DeployError(
      `云函数 ${name} 的运行时是 ${detail.Runtime ?? '未知'}，本项目需要 ${plan.runtime}；运行时只能在创建时指定。\n` +
        `  请在 云开发控制台 → 云函数 中删除 ${name}（数据库和存储不受影响），再运行 npm run deploy:cloudfunctions 重新创建。`,
      'RuntimeMismatch',
    );
  }

  const lines: string[] = [];
  try {
    await fns.updateFunctionCode({ func: funcParams(plan), functionRootPath: root, deployMode: 'zip' });
  } catch (e) {
    throw explain(e, name, '更新代码（UpdateFunctionCode）');
  }
  lines.push('更新代码');

  const changes = configChanges(plan, detail);
  if (changes.length > 0) {
    try {
      // Triggers are left out here: the SDK would create them inside this call and swallow a failure.
      await fns.updateFunctionConfig({ name, timeout: plan.timeout, memorySize: plan.memorySize, envVariables: plan.env });
    } catch (e) {
      throw explain(e, name, '更新配置（UpdateFunctionConfiguration）');
    }
    lines.push(...changes);
  }

  const timers = (detail.Triggers ?? []).filter((t) => t.Type === 'timer');
  const same = plan.trigger && timers.some((t) => t.TriggerName === plan.trigger!.name && cronOf(t.TriggerDesc) === plan.trigger!.config);
  if (!same) {
    for (const old of timers) {
      try {
        await fns.deleteFunctionTrigger(name, old.TriggerName);
      } catch (e) {
        throw explain(e, name, `删除旧定时触发器 ${old.TriggerName}（DeleteTrigger）`);
      }
      lines.push(`删除定时触发器 ${old.TriggerName}（${cronOf(old.TriggerDesc)}）`);
    }
    if (plan.trigger) {
      try {
        await fns.createFunctionTriggers(name, trigger);
      } catch (e) {
        throw explain(e, name, `创建定时触发器 ${plan.trigger.name}（BatchCreateTrigger）`);
      }
      lines.push(`创建定时触发器 ${plan.trigger.name}（${plan.trigger.config}）`);
    }
  }
  return lines;
}

type SdkFetch = (url: string, config: { headers?: Record<string, unknown> }, proxy?: unknown) => Promise<unknown>;

/** Runs `fn` with the SDK's HTTP calls sent to `endpoint` (the SDK hard-codes the API hosts; its
 *  requests all pass through this one module function, looked up at call time). */
async function withEndpoint<T>(endpoint: string | undefined, fn: () => Promise<T>): Promise<T> {
  if (!endpoint) return fn();
  const http = require('@cloudbase/manager-node/lib/utils/http-request') as { fetch: SdkFetch };
  const original = http.fetch;
  const base = new URL(endpoint);
  http.fetch = (url, config, proxy) => {
    const u = new URL(url);
    return original(`${base.origin}${u.pathname}${u.search}`, config, proxy);
  };
  try {
    return await fn();
  } finally {
    http.fetch = original;
  }
}

/** Deploys the planned functions in order; stops at the first failure (those before it stay deployed). */
export async function deployFunctions(plans: FunctionPlan[], opts: DeployOptions): Promise<Record<string, string[]>> {
  const log = opts.log ?? ((line: string) => console.log(line));
  const root = opts.functionsRoot ?? FUNCTIONS_ROOT;
  const CloudBase = require('@cloudbase/manager-node') as new (o: Record<string, unknown>) => { functions: FunctionService };
  const app = new CloudBase({ secretId: opts.secretId, secretKey: opts.secretKey, envId: opts.envId, region: opts.region });
  const done: Record<string, string[]> = {};
  return withEndpoint(opts.endpoint, async () => {
    for (const plan of plans) {
      if (!existsSync(join(root, plan.name, 'index.js'))) throw new DeployError(`cloudfunctions/${plan.name}/index.js 未生成：先运行 npm run build`);
      for (const k of plan.unknownEnv) log(`注意：${plan.name} 的环境变量 ${k} 不是 server/config.ts 读取的配置项，仍会设置`);
      const lines = await deployOne(app.functions, plan, root);
      if (plan.openapi.length > 0) lines.push(`云调用权限（config.json 随代码上传）：${plan.openapi.join(', ')}`);
      for (const line of lines) log(`${plan.name}: ${line}`);
      done[plan.name] = lines;
    }
    return done;
  });
}

/** Tencent Cloud API keys from the environment; each missing one named, in Chinese. */
export function apiKeys(env: NodeJS.ProcessEnv): { secretId: string; secretKey: string } {
  const secretId = env.TENCENTCLOUD_SECRETID?.trim() ?? '';
  const secretKey = env.TENCENTCLOUD_SECRETKEY?.trim() ?? '';
  const missing = [!secretId && 'TENCENTCLOUD_SECRETID', !secretKey && 'TENCENTCLOUD_SECRETKEY'].filter(Boolean);
  if (missing.length > 0) {
    throw new DeployConfigError(
      `缺少腾讯云 API 密钥：${missing.join('、')}\n` +
        '  在 腾讯云控制台 → 访问管理 → API 密钥管理 创建（子账号需 QcloudSCFFullAccess 与 QcloudTCBFullAccess），\n' +
        '  云开发环境须属于该账号（小程序云开发环境可在 云开发控制台 → 设置 中关联腾讯云账号）。',
    );
  }
  return { secretId, secretKey };
}

async function main(): Promise<void> {
  const names = deployableFunctions(process.env.CLOUD_FUNCTIONS);
  // Configuration and keys are checked before anything is built or sent.
  const plan = loadDeployPlan(resolve(ROOT, process.env.DEPLOY_CONFIG ?? 'deploy.config.json'), FUNCTIONS_ROOT, names, deployableFunctions());
  const keys = apiKeys(process.env);
  const build = spawnSync(process.execPath, ['--import', 'tsx', join(ROOT, 'scripts', 'build.ts')], { cwd: ROOT, stdio: 'inherit' });
  if (build.status !== 0) throw new DeployError('npm run build 失败：未上传任何云函数');
  await deployFunctions(plan.functions, { envId: plan.envId, region: plan.region, ...keys, ...(process.env.CLOUDBASE_API_ENDPOINT ? { endpoint: process.env.CLOUDBASE_API_ENDPOINT } : {}) });
}


if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main().then(
    () => process.exit(0),
    (e: unknown) => {
      // A configuration or API error is explained in full; anything else keeps its stack.
      console.error(e instanceof DeployError || e instanceof DeployConfigError ? `部署失败：${e.message}` : e instanceof Error ? (e.stack ?? e.message) : e);
      process.exit(e instanceof DeployConfigError ? 2 : 1);
    },
  );
}
