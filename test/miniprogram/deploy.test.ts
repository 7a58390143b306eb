// The deploy scripts cannot reach WeChat here; what is checked is that they refuse clearly without
// credentials (before building or sending anything) and refuse a development configuration.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { MissingCredentials, credentials } from '../../scripts/deploy-common';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { TRIGGER_CREATED, deployFunction, deployableFunctions, timeTriggers } from '../../scripts/deploy-cloudfunctions';
import { releaseConfigProblems } from '../../scripts/deploy-miniprogram';
import { MINI } from './support/harness';

const ROOT = join(MINI, '..');

function runScript(script: string, env: Record<string, string>): { status: number | null; stderr: string } {
  const clean = Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^(WECHAT_APPID|MINIPROGRAM_PRIVATE_KEY.*|CLOUD_ENV)$/.test(k)));
  const res = spawnSync(process.execPath, ['--import', 'tsx', join(ROOT, 'scripts', script)], { cwd: ROOT, env: { ...clean, ...env }, encoding: 'utf8', timeout: 60_000 });
  return { status: res.status, stderr: res.stderr };
}

describe('deploy scripts', () => {
  it('deploy-miniprogram exits 2 naming every missing credential', () => {
    const res = runScript('deploy-miniprogram.ts', {});
    expect(res.status).toBe(2);
    expect(res.stderr).toContain('missing deploy credentials: WECHAT_APPID, MINIPROGRAM_PRIVATE_KEY_PATH (or MINIPROGRAM_PRIVATE_KEY)');
    expect(res.stderr).toContain('小程序代码上传');
  });

  it('deploy-cloudfunctions also needs the cloud environment, and says so', () => {
    const res = runScript('deploy-cloudfunctions.ts', { WECHAT_APPID: 'wx1234567890abcdef', MINIPROGRAM_PRIVATE_KEY_PATH: '/nonexistent/key' });
    expect(res.status).toBe(2);
    expect(res.stderr).toContain('MINIPROGRAM_PRIVATE_KEY_PATH (file not found: /nonexistent/key)');
    expect(res.stderr).toContain('CLOUD_ENV');
  });

  it('accepts credentials from the environment (key file or key text)', () => {
    const creds = credentials({ WECHAT_APPID: 'wx1', MINIPROGRAM_PRIVATE_KEY: 'line1\\nline2', CLOUD_ENV: 'prod-1' }, ['CLOUD_ENV']);
    expect(creds).toMatchObject({ appid: 'wx1', privateKey: 'line1\nline2', CLOUD_ENV: 'prod-1' });
    expect(() => credentials({})).toThrow(MissingCredentials);
  });

  it('refuses to release a build pointed at a development backend', () => {
    const current = readFileSync(join(MINI, 'config.ts'), 'utf8');
    // The committed configuration is for `npm start` (http, dev identity): not releasable as is.
    expect(releaseConfigProblems(current).length).toBeGreaterThan(0);
    const cloud = current.replace(/transport: '[a-z]+'/, "transport: 'cloud'").replace(/cloudEnv: '[^']*'/, "cloudEnv: 'prod-7g2k'");
    expect(releaseConfigProblems(cloud)).toEqual([]);
    const server = current
      .replace(/transport: '[a-z]+'/, "transport: 'server'")
      .replace(/serverUrl: '[^']*'/, "serverUrl: 'https://licenselens.example.com'")
      .replace(/devOpenid: '[^']*'/, "devOpenid: ''");
    expect(releaseConfigProblems(server)).toEqual([]);
  });

  it('finds every cloud function folder to upload', () => {
    expect(deployableFunctions()).toEqual(expect.arrayContaining(['ocr', 'records']));
    expect(() => deployableFunctions('ocr,nope')).toThrow('unknown cloud function(s): nope');
  });

  it('reads deliver’s timer trigger from its config.json and refuses a malformed one before anything is sent', () => {
    expect(timeTriggers('deliver')).toEqual([{ name: 'deliverEveryMinute', type: 'timer', config: '0 * * * * * *' }]);
    expect(timeTriggers('records')).toEqual([]);
    const root = mkdtempSync(join(tmpdir(), 'll-fns-'));
    const write = (name: string, config: unknown) => {
      mkdirSync(join(root, name), { recursive: true });
      writeFileSync(join(root, name, 'config.json'), JSON.stringify(config));
    };
    write('cron5', { triggers: [{ name: 'everyMinute', type: 'timer', config: '* * * * *' }] });
    write('two', { triggers: [{ name: 'a', type: 'timer', config: '0 * * * * * *' }, { name: 'b', type: 'timer', config: '0 * * * * * *' }] });
    write('badname', { triggers: [{ name: '1st', type: 'timer', config: '0 * * * * * *' }] });
    expect(() => timeTriggers('cron5', root)).toThrow('cloudfunctions/cron5/config.json: triggers[0].config must be a 7-field cron expression');
    expect(() => timeTriggers('two', root)).toThrow('only one timer trigger');
    expect(() => timeTriggers('badname', root)).toThrow('triggers[0].name');
  });

  function fakeCi(answer: string) {
    const calls: Array<[string, Record<string, unknown>]> = [];
    return {
      calls,
      cloud: {
        uploadFunction: async (o: Record<string, unknown>) => {
          calls.push(['uploadFunction', o]);
          return { filesCount: 3, packSize: 1024 };
        },
        createTimeTrigger: async (o: Record<string, unknown>) => {
          calls.push(['createTimeTrigger', o]);
          return answer as typeof TRIGGER_CREATED;
        },
      },
    };
  }

  it('uploads a function, then creates the timer trigger its config.json declares', async () => {
    const ci = fakeCi(TRIGGER_CREATED);
    const project = { appid: 'wx1' };
    const lines: string[] = [];
    await deployFunction(ci, project, 'prod-7g2k', 'deliver', { log: (l) => void lines.push(l) });
    await deployFunction(ci, project, 'prod-7g2k', 'records', { log: (l) => void lines.push(l) });
    expect(ci.calls.map(([op, o]) => `${op}:${String(o.name ?? o.functionName)}`)).toEqual([
      'uploadFunction:deliver',
      'createTimeTrigger:deliver',
      'uploadFunction:records',
    ]);
    expect(ci.calls[1]![1]).toEqual({
      project,
      envId: 'prod-7g2k',
      functionName: 'deliver',
      triggersConfig: [{ name: 'deliverEveryMinute', type: 'timer', config: '0 * * * * * *' }],
    });
    expect(lines).toContain('created timer trigger deliverEveryMinute (0 * * * * * *) for deliver');
    // CLOUD_TRIGGERS=skip: code only.
    const skip = fakeCi(TRIGGER_CREATED);
    await deployFunction(skip, project, 'prod-7g2k', 'deliver', { triggers: false, log: () => undefined });
    expect(skip.calls.map(([op]) => op)).toEqual(['uploadFunction']);
  });

  it('fails clearly when miniprogram-ci answers that the trigger was not created', async () => {
    const ci = fakeCi('请检查传入的 triggersConfig 是否符合格式');
    await expect(deployFunction(ci, {}, 'prod-7g2k', 'deliver', { log: () => undefined })).rejects.toThrow(
      /the timer trigger "deliverEveryMinute" was not created; miniprogram-ci answered "请检查传入的 triggersConfig 是否符合格式"[\s\S]*CLOUD_TRIGGERS=skip/,
    );
  });

  it('passes every parameter the real miniprogram-ci createTimeTrigger requires', async () => {
    // The real function checks its required parameters, then asks the project for its appid before any
    // network call: reaching that point (the sentinel) proves the names we pass are the ones it reads.
    const ci = createRequire(import.meta.url)('miniprogram-ci') as { cloud: Parameters<typeof deployFunction>[0]['cloud'] };
    const sentinel = new Error('reached the project: parameters accepted');
    const project = { appid: 'wx1', getExtAppid: async () => Promise.reject(sentinel) };
    const real = { cloud: { uploadFunction: async () => ({ filesCount: 1, packSize: 1 }), createTimeTrigger: ci.cloud.createTimeTrigger } };
    await expect(deployFunction(real, project, 'prod-7g2k', 'deliver', { log: () => undefined })).rejects.toBe(sentinel);
    await expect(ci.cloud.createTimeTrigger({ project, envId: 'prod-7g2k', functionName: '', triggersConfig: [] })).rejects.toThrow(/functionName/);
  });
});
