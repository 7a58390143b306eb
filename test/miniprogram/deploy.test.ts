// The deploy scripts cannot reach WeChat here; what is checked is that they refuse clearly without
// credentials (before building or sending anything) and refuse a development configuration.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { MissingCredentials, credentials } from '../../scripts/deploy-common';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { deployableFunctions } from '../../scripts/deploy-cloudfunctions';
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
    expect(deployableFunctions()).toEqual(expect.arrayContaining(['deliver', 'ocr', 'records']));
    expect(() => deployableFunctions('ocr,nope')).toThrow('CLOUD_FUNCTIONS 中的 nope 不是云函数');
  });

  it('deploy-cloudfunctions exits 2 before building when the deploy file or the API keys are missing', () => {
    const missingFile = runScript('deploy-cloudfunctions.ts', { DEPLOY_CONFIG: '/nonexistent/deploy.config.json' });
    expect(missingFile.status).toBe(2);
    expect(missingFile.stderr).toContain('找不到部署配置 /nonexistent/deploy.config.json');
    const dir = mkdtempSync(join(tmpdir(), 'deploy-config-'));
    writeFileSync(join(dir, 'deploy.config.json'), JSON.stringify({ envId: 'prod-7g2k', functions: {} }));
    const clean = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('TENCENTCLOUD_')));
    const res = spawnSync(process.execPath, ['--import', 'tsx', join(ROOT, 'scripts', 'deploy-cloudfunctions.ts')], {
      cwd: ROOT,
      env: { ...clean, DEPLOY_CONFIG: join(dir, 'deploy.config.json') },
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect(res.status).toBe(2);
    expect(res.stderr).toContain('缺少腾讯云 API 密钥：TENCENTCLOUD_SECRETID、TENCENTCLOUD_SECRETKEY');
  });
});
