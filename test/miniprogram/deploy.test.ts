// The deploy scripts cannot reach WeChat here; what is checked is that they refuse clearly without
// credentials (before building or sending anything), and that a build for a real device takes its
// backend from the deploy file or refuses clearly (both ways, through the real build script).
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { MissingCredentials, credentials } from '../../scripts/deploy-common';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { deployableFunctions } from '../../scripts/deploy-cloudfunctions';
import { MissingDeviceConfig, loadDeviceConfig, renderConfig } from '../../scripts/miniprogram-target';
import { MINI } from './support/harness';

const ROOT = join(MINI, '..');

/** Runs a script as npm would; `_ARGS` in env are its command-line arguments. */
function runScript(script: string, env: Record<string, string>, timeout = 60_000): { status: number | null; stdout: string; stderr: string } {
  const clean = Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^(WECHAT_APPID|MINIPROGRAM_PRIVATE_KEY.*|CLOUD_ENV|DEPLOY_CONFIG|MINIPROGRAM_OUT)$/.test(k)));
  const { _ARGS: args = '', ...vars } = env;
  const res = spawnSync(process.execPath, ['--import', 'tsx', join(ROOT, 'scripts', script), ...args.split(' ').filter(Boolean)], {
    cwd: ROOT,
    env: { ...clean, ...vars },
    encoding: 'utf8',
    timeout,
  });
  return { status: res.status, stdout: res.stdout, stderr: res.stderr };
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

describe('the build for a real device or an upload', () => {
  const deployFile = (content: unknown): string => {
    const dir = mkdtempSync(join(tmpdir(), 'device-config-'));
    writeFileSync(join(dir, 'deploy.config.json'), typeof content === 'string' ? content : JSON.stringify(content));
    return join(dir, 'deploy.config.json');
  };
  /** The values a generated config.ts evaluates to (transpiled as DevTools would compile it). */
  const evaluate = (source: string): Record<string, string> => {
    const js = ts.transpileModule(source, { compilerOptions: { module: ts.ModuleKind.CommonJS } }).outputText;
    const mod = { exports: {} as { config?: Record<string, string> } };
    new Function('module', 'exports', js)(mod, mod.exports);
    return mod.exports.config!;
  };

  it('without a backend in the deploy file, says so in Chinese and English and exits 2 before building anything', () => {
    const out = join(mkdtempSync(join(tmpdir(), 'device-out-')), 'project');
    const res = runScript('build-miniprogram.ts', { DEPLOY_CONFIG: '/nonexistent/deploy.config.json', MINIPROGRAM_OUT: out, _ARGS: '--target device' });
    expect(res.status).toBe(2);
    expect(res.stderr).toContain('真机/上传构建缺少后端配置');
    expect(res.stderr).toContain('the device or upload build has no backend configured (/nonexistent/deploy.config.json)');
    expect(res.stderr).toContain('复制 deploy.config.example.json 为 deploy.config.json');
    expect(existsSync(out)).toBe(false);
  });

  it('names what is missing or unusable: the section, the cloud environment, an https address a phone can reach', () => {
    const problems = (content: unknown): string => {
      try {
        loadDeviceConfig(deployFile(content));
      } catch (e) {
        expect(e).toBeInstanceOf(MissingDeviceConfig);
        return (e as Error).message;
      }
      throw new Error('expected a refusal');
    };
    expect(problems({ envId: 'prod-7g2k', functions: {} })).toContain('缺少 miniprogram 一节 / no "miniprogram" section');
    expect(problems({ envId: 'your-env-1a2b3c', miniprogram: { transport: 'cloud' } })).toContain('transport "cloud" 需要 envId');
    expect(problems({ miniprogram: { transport: 'cloud' } })).toContain('needs envId, your cloud environment id');
    expect(problems({ miniprogram: { transport: 'server', serverUrl: 'http://ocr.example.com' } })).toContain('需要 https 的 serverUrl');
    expect(problems({ miniprogram: { transport: 'server' } })).toContain('got ""');
    expect(problems({ miniprogram: { transport: 'server', serverUrl: 'https://127.0.0.1:8787' } })).toContain('手机无法访问');
    expect(problems({ miniprogram: { transport: 'carrier-pigeon' } })).toContain("miniprogram.transport 须为 'cloud' 或 'server'");
    expect(problems('{ not json')).toContain('不是合法的 JSON / not valid JSON');
  });

  it('writes the backend into the device copy of config.ts: the cloud environment or the server, never a dev identity', () => {
    const source = readFileSync(join(MINI, 'config.ts'), 'utf8');
    // The committed file is the development one.
    expect(evaluate(source)).toMatchObject({ serverUrl: 'http://127.0.0.1:8787', devOpenid: 'dev-user' });
    const cloud = loadDeviceConfig(deployFile({ envId: 'prod-7g2k', miniprogram: { transport: 'cloud', reminderTemplateId: 'tpl-1' } }));
    expect(evaluate(renderConfig(source, cloud))).toEqual({ transport: 'cloud', cloudEnv: 'prod-7g2k', serverUrl: '', devOpenid: '', reminderTemplateId: 'tpl-1' });
    const server = loadDeviceConfig(deployFile({ miniprogram: { transport: 'server', serverUrl: 'https://ocr.example.com/' } }));
    expect(evaluate(renderConfig(source, server))).toEqual({ transport: 'server', cloudEnv: '', serverUrl: 'https://ocr.example.com', devOpenid: '', reminderTemplateId: '' });
  });

  it('with the backend configured, builds and checks a device project pointed at it and leaves the repository config alone', () => {
    const before = readFileSync(join(MINI, 'config.ts'), 'utf8');
    const out = join(mkdtempSync(join(tmpdir(), 'device-out-')), 'project');
    const file = deployFile({ envId: 'prod-7g2k', functions: {}, miniprogram: { transport: 'cloud' } });
    const res = runScript('build-miniprogram.ts', { DEPLOY_CONFIG: file, MINIPROGRAM_OUT: out, _ARGS: '--target device' }, 240_000);
    expect(res.status, res.stderr).toBe(0);
    expect(res.stdout).toContain('真机构建：云开发环境 prod-7g2k');
    expect(res.stdout).toContain('code quality:');
    expect(evaluate(readFileSync(join(out, 'miniprogram', 'config.ts'), 'utf8'))).toMatchObject({ transport: 'cloud', cloudEnv: 'prod-7g2k', devOpenid: '' });
    for (const built of ['project.config.json', 'miniprogram/app.json', 'miniprogram/core/bundle.js', 'miniprogram/assets/tabbar/scan.png', 'miniprogram/miniprogram_npm/@vant/weapp/button/index.js']) {
      expect(existsSync(join(out, built)), built).toBe(true);
    }
    expect(readFileSync(join(MINI, 'config.ts'), 'utf8')).toBe(before);
  }, 300_000);

  it('deploy-miniprogram stops with the same explanation (status 2) when the deploy file has no backend', () => {
    const res = runScript('deploy-miniprogram.ts', { WECHAT_APPID: 'wx0000000000000000', MINIPROGRAM_PRIVATE_KEY: 'not-a-real-key', DEPLOY_CONFIG: deployFile({ envId: 'prod-7g2k', functions: {} }) });
    expect(res.status).toBe(2);
    expect(res.stderr).toContain('缺少 miniprogram 一节 / no "miniprogram" section');
  });
});
