// Shared by the mini program's deploy scripts (miniprogram-ci): credentials come from the environment only, and a missing one stops
// the script before anything is built or sent, with a message saying exactly what to set.
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { ROOT } from './pack-npm';

export const require = createRequire(import.meta.url);

export interface Credentials {
  appid: string;
  privateKeyPath?: string;
  privateKey?: string;
}

export class MissingCredentials extends Error {
  constructor(readonly missing: string[]) {
    super(
      `缺少部署凭证 / missing deploy credentials: ${missing.join(', ')}\n` +
        '  WECHAT_APPID                    小程序 AppID (mp.weixin.qq.com → 开发管理 → 开发设置)\n' +
        '  MINIPROGRAM_PRIVATE_KEY_PATH    代码上传密钥文件路径 (同一页面「小程序代码上传」生成并下载)\n' +
        '    或 MINIPROGRAM_PRIVATE_KEY    密钥内容本身 (CI 的 secret)\n' +
        (missing.includes('CLOUD_ENV') ? '  CLOUD_ENV                       云开发环境 ID (云开发控制台 → 设置 → 环境 ID)\n' : '') +
        '  记得在该页面把本机/CI 的出口 IP 加入上传白名单，或关闭 IP 白名单。',
    );
    this.name = 'MissingCredentials';
  }
}

/** Reads the credentials; throws MissingCredentials listing every missing variable. */
export function credentials(env: NodeJS.ProcessEnv = process.env, extra: string[] = []): Credentials & Record<string, string> {
  const missing: string[] = [];
  const appid = env.WECHAT_APPID?.trim() ?? '';
  if (!appid) missing.push('WECHAT_APPID');
  const keyPath = env.MINIPROGRAM_PRIVATE_KEY_PATH?.trim();
  const key = env.MINIPROGRAM_PRIVATE_KEY?.trim();
  if (!keyPath && !key) missing.push('MINIPROGRAM_PRIVATE_KEY_PATH (or MINIPROGRAM_PRIVATE_KEY)');
  if (keyPath && !existsSync(keyPath)) missing.push(`MINIPROGRAM_PRIVATE_KEY_PATH (file not found: ${keyPath})`);
  const values: Record<string, string> = {};
  for (const name of extra) {
    const v = env[name]?.trim();
    if (v) values[name] = v;
    else missing.push(name);
  }
  if (missing.length > 0) throw new MissingCredentials(missing);
  return { appid, ...(keyPath ? { privateKeyPath: keyPath } : {}), ...(key ? { privateKey: key.replace(/\\n/g, '\n') } : {}), ...values };
}

export interface CiModule {
  Project: new (o: Record<string, unknown>) => unknown;
  upload(o: Record<string, unknown>): Promise<unknown>;
}

export function ciProject(creds: Credentials, projectPath = ROOT): { ci: CiModule; project: unknown } {
  const ci = require('miniprogram-ci') as CiModule;
  const project = new ci.Project({
    appid: creds.appid,
    type: 'miniProgram',
    projectPath,
    ...(creds.privateKeyPath ? { privateKeyPath: creds.privateKeyPath } : { privateKey: creds.privateKey }),
    ignores: ['node_modules/**/*'],
  });
  return { ci, project };
}

export function packageVersion(): string {
  return (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string }).version;
}

/** Runs a deploy main: a missing credential (or another missing setting of `missing`) exits with
 *  status 2 and the explanation, nothing else. */
export function runMain(main: () => Promise<void>, missing: Array<new (...args: never[]) => Error> = []): void {
  main().then(
    () => process.exit(0),
    (e: unknown) => {
      if (e instanceof Error && (e instanceof MissingCredentials || missing.some((type) => e instanceof type))) {
        console.error(e.message);
        process.exit(2);
      }
      console.error(e instanceof Error ? (e.stack ?? e.message) : e);
      process.exit(1);
    },
  );
}
