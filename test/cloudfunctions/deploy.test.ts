// npm run deploy:cloudfunctions through @cloudbase/manager-node against a loopback server speaking
// the Tencent Cloud API (test/support/cloudbase-api-server.ts): create with the right runtime and
// configuration, update only what differs, print it without secret values, refuse a function on an
// old runtime, and explain each documented error in Chinese with its code.
import { execFile } from 'node:child_process';
import { copyFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { buildFunctions } from '../../scripts/build';
import { DeployConfigError, loadDeployPlan, type FunctionPlan } from '../../scripts/deploy-config';
import { deployFunctions } from '../../scripts/deploy-cloudfunctions';
import { DeployError } from '../../scripts/deploy-errors';
import { startCloudbaseApi } from '../support/cloudbase-api-server';

const outDir = resolve('test/.output/deploy');
const NAMES = ['deliver', 'ocr', 'records'];
const keys = { envId: 'prod-4g1x2y3z', secretId: 'AKIDloopbacktest', secretKey: 'loopback-secret-key' };
const SECRET_VALUE = 'juhe-key-must-not-be-printed';
let api: Awaited<ReturnType<typeof startCloudbaseApi>>;
let lines: string[];

const deployFile = (name: string, body: unknown): string => {
  const file = join(outDir, name);
  writeFileSync(file, JSON.stringify(body));
  return file;
};
const baseConfig = {
  envId: keys.envId,
  env: { ADMIN_OPENIDS: 'o-admin-1', DAILY_OCR_LIMIT: '300' },
  functions: {
    ocr: { env: { JUHE_KEY: SECRET_VALUE, LOCAL_OCR_URL: 'https://engine.example.com/', LOCAL_OCR_SECRET: 'engine-shared-secret', OCR_ROUTES: 'vehicle_license=wechat,local' } },
    deliver: { env: { WEBHOOK_URL: 'https://backend.example.com/hook', WEBHOOK_SECRET: 'hook-secret' } },
  },
};
const plan = (body: unknown = baseConfig): FunctionPlan[] => loadDeployPlan(deployFile('deploy.config.json', body), resolve('cloudfunctions'), NAMES).functions;
const deploy = (plans: FunctionPlan[], over: Partial<typeof keys> = {}) =>
  deployFunctions(plans, { ...keys, ...over, region: 'ap-shanghai', functionsRoot: outDir, endpoint: api.url, log: (l) => lines.push(l) });
const actions = () => api.calls.map((c) => `${c.service}.${c.action}`);

beforeAll(async () => {
  await buildFunctions({ names: NAMES, outDir });
  for (const n of NAMES) copyFileSync(resolve('cloudfunctions', n, 'config.json'), join(outDir, n, 'config.json'));
  mkdirSync(join(outDir, 'ocr', 'src'), { recursive: true });
  writeFileSync(join(outDir, 'ocr', 'src', 'index.ts'), '// source: must not be uploaded');
  api = await startCloudbaseApi(keys);
}, 120_000);
afterAll(() => api.close());
beforeEach(() => {
  lines = [];
  api.calls.length = 0;
});

describe('cloud function deploy (CloudBase management API on loopback)', () => {
  it('creates each missing function on Node.js 20 with its timeout, memory, variables and timer trigger, and prints it', async () => {
    await deploy(plan());
    const ocr = api.functions.get('ocr')!;
    expect(ocr).toMatchObject({ Runtime: 'Nodejs20.19', Handler: 'index.main', Timeout: 20, MemorySize: 512, InstallDependency: 'TRUE', Status: 'Active' });
    expect(Object.fromEntries(ocr.Environment.Variables.map((v) => [v.Key, v.Value]))).toEqual({
      ADMIN_OPENIDS: 'o-admin-1',
      DAILY_OCR_LIMIT: '300',
      JUHE_KEY: SECRET_VALUE,
      LOCAL_OCR_URL: 'https://engine.example.com/',
      LOCAL_OCR_SECRET: 'engine-shared-secret',
      OCR_ROUTES: 'vehicle_license=wechat,local',
    });
    expect(api.functions.get('records')).toMatchObject({ Runtime: 'Nodejs20.19', Timeout: 20, MemorySize: 256, Triggers: [] });
    expect(api.functions.get('deliver')!.Triggers).toEqual([{ TriggerName: 'deliverEveryMinute', Type: 'timer', TriggerDesc: JSON.stringify({ cron: '0 * * * * * *' }) }]);
    // The upload: the built file, package.json (dependencies installed in the cloud) and config.json
    // (its openapi permissions); never the TypeScript source. Zip entry names are stored uncompressed.
    const names = ocr.zip.toString('latin1');
    for (const f of ['index.js', 'package.json', 'config.json']) expect(names).toContain(f);
    expect(names).not.toContain('src/index.ts');
    expect(new Set(actions())).toEqual(new Set(['tcb.DescribeEnvInfo', 'scf.CreateFunction', 'scf.GetFunction', 'scf.BatchCreateTrigger']));
    expect(lines).toContain('ocr: 创建：运行时 Nodejs20.19，超时 20 s，内存 512 MB');
    expect(lines).toContain('deliver: 定时触发器 deliverEveryMinute（0 * * * * * *）');
    expect(lines.some((l) => l.startsWith('ocr: 云调用权限') && l.includes('ocr.vehicleLicense'))).toBe(true);
    expect(lines.join('\n')).not.toContain(SECRET_VALUE);
  }, 90_000);

  it('on a later deploy updates the code and only the configuration that differs, naming variables but never their values', async () => {
    const changed = structuredClone(baseConfig);
    changed.functions.ocr.env.JUHE_KEY = `${SECRET_VALUE}-rotated`;
    delete (changed.functions.ocr.env as Record<string, string>).OCR_ROUTES;
    (changed.functions as Record<string, unknown>).records = { timeout: 30, env: {} };
    await deploy(plan(changed));
    expect(api.functions.get('records')!.Timeout).toBe(30);
    expect(api.functions.get('ocr')!.Environment.Variables.find((v) => v.Key === 'JUHE_KEY')?.Value).toBe(`${SECRET_VALUE}-rotated`);
    expect(lines).toEqual(
      expect.arrayContaining(['records: 更新代码', 'records: 超时 20 s → 30 s', 'ocr: 修改环境变量 JUHE_KEY', 'ocr: 删除环境变量 OCR_ROUTES', 'deliver: 更新代码']),
    );
    expect(lines.some((l) => l.startsWith('deliver: ') && l.includes('环境变量'))).toBe(false);
    expect(lines.join('\n')).not.toContain(SECRET_VALUE);
    // deliver's configuration and trigger were already right: no configuration call, no trigger call.
    const deliverCalls = api.calls.filter((c) => c.params.FunctionName === 'deliver').map((c) => c.action);
    expect(deliverCalls).not.toContain('UpdateFunctionConfiguration');
    expect(deliverCalls).not.toContain('BatchCreateTrigger');
    expect(new Set(actions())).toEqual(new Set(['tcb.DescribeEnvInfo', 'scf.GetFunction', 'scf.UpdateFunctionCode', 'scf.UpdateFunctionConfiguration']));
  }, 90_000);

  it('replaces a timer trigger whose schedule changed', async () => {
    api.functions.get('deliver')!.Triggers = [{ TriggerName: 'deliverEveryMinute', Type: 'timer', TriggerDesc: JSON.stringify({ cron: '0 */5 * * * * *' }) }];
    await deploy(plan().filter((p) => p.name === 'deliver'));
    expect(api.functions.get('deliver')!.Triggers.map((t) => t.TriggerDesc)).toEqual([JSON.stringify({ cron: '0 * * * * * *' })]);
    expect(lines).toEqual(expect.arrayContaining(['deliver: 删除定时触发器 deliverEveryMinute（0 */5 * * * * *）', 'deliver: 创建定时触发器 deliverEveryMinute（0 * * * * * *）']));
  }, 60_000);

  it('refuses to update a function created on an old runtime, saying how to recreate it, before touching it', async () => {
    const records = api.functions.get('records')!;
    records.Runtime = 'Nodejs8.9';
    const before = records.zip;
    const err = await deploy(plan().filter((p) => p.name === 'records')).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DeployError);
    expect((err as DeployError).code).toBe('RuntimeMismatch');
    expect((err as Error).message).toMatch(/records 的运行时是 Nodejs8\.9，本项目需要 Nodejs20\.19；运行时只能在创建时指定/);
    expect(records.zip).toBe(before);
    expect(actions()).not.toContain('scf.UpdateFunctionCode');
    records.Runtime = 'Nodejs20.19';
  }, 60_000);

  it.each([
    ['scf.UpdateFunctionConfiguration', 'FailedOperation.UpdateFunctionConfiguration', /更新配置（UpdateFunctionConfiguration）失败（FailedOperation\.UpdateFunctionConfiguration.*）：更新配置失败/],
    ['scf.GetFunction', 'UnauthorizedOperation.CAM', /查询函数（GetFunction）失败（UnauthorizedOperation\.CAM.*）：该密钥无权操作云函数/],
    ['scf.CreateFunction', 'LimitExceeded.Function', /云函数 ocr：创建函数（CreateFunction）失败（LimitExceeded\.Function，RequestId [\w-]+）：云函数数量已达该环境套餐上限/],
  ])('explains %s answering %s in Chinese with the code', async (action, code, message) => {
    // (in this order: the function exists for the first two; the last one deletes it to fail its creation)
    if (action === 'scf.CreateFunction') api.functions.delete('ocr');
    const changed = structuredClone(baseConfig);
    changed.functions.ocr.env.JUHE_KEY = 'another-key';
    api.failNext(action, code, 'platform message');
    const err = await deploy(plan(changed).filter((p) => p.name === 'ocr')).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DeployError);
    expect((err as DeployError).code).toBe(code);
    expect((err as Error).message).toMatch(message);
    expect((err as Error).message).toContain('平台原文：');
  }, 60_000);

  it('explains a wrong secret key (the signature check fails) before anything is changed', async () => {
    const err = await deploy(plan(), { secretKey: 'not-the-key' }).catch((e: unknown) => e);
    expect((err as DeployError).code).toBe('AuthFailure.SignatureFailure');
    expect((err as Error).message).toMatch(/签名校验失败：TENCENTCLOUD_SECRETKEY 与 SecretId 不匹配/);
    expect(actions()).toEqual([]);
  }, 30_000);

  it('npm run deploy:cloudfunctions itself: reads the file and the keys, builds, deploys, prints', async () => {
    api.functions.clear();
    const file = deployFile('script.config.json', baseConfig);
    const env = { ...process.env, DEPLOY_CONFIG: file, TENCENTCLOUD_SECRETID: keys.secretId, TENCENTCLOUD_SECRETKEY: keys.secretKey, CLOUDBASE_API_ENDPOINT: api.url, CLOUD_FUNCTIONS: 'records' };
    const out = await new Promise<{ code: number; stdout: string; stderr: string }>((done) => {
      execFile(process.execPath, ['--import', 'tsx', resolve('scripts/deploy-cloudfunctions.ts')], { env, timeout: 120_000 }, (err, stdout, stderr) =>
        done({ code: err ? Number((err as { code?: unknown }).code ?? 1) : 0, stdout, stderr }),
      );
    });
    expect(out.code, out.stderr).toBe(0);
    expect(out.stdout).toContain('records: 创建：运行时 Nodejs20.19，超时 20 s，内存 256 MB');
    expect([...api.functions.keys()]).toEqual(['records']);
  }, 150_000);

  it('refuses a deploy file with a bad value or an unknown function before any call', () => {
    expect(() => plan({ ...baseConfig, functions: { deliver: { env: { WEBHOOK_URL: 'not a url' } } } })).toThrow(/云函数 deliver 的环境变量 有误：\n {2}WEBHOOK_URL/);
    expect(() => plan({ ...baseConfig, functions: { search: { env: {} } } })).toThrow(DeployConfigError);
    expect(() => plan({ ...baseConfig, runtime: 'Nodejs8.9' })).toThrow(/runtime/);
    expect(api.calls).toEqual([]);
  });
});
