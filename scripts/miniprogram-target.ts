// What a build for a real phone (DevTools 预览/真机调试) or an upload points the mini program at. The
// committed miniprogram/config.ts is the development one (the local server on 127.0.0.1, a dev
// identity); a device build takes the backend from the one deploy file (deploy.config.json, or
// DEPLOY_CONFIG): its `envId` is the cloud environment, its `miniprogram` section says which transport
// and, for a private server, its https address. The device project is staged in dist/ with a
// config.ts written from these values, so the repository's config.ts is never edited by a build.
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { z } from 'zod';
import { ROOT } from './pack-npm';

/** The placeholder of deploy.config.example.json: a file still holding it was not filled in. */
const EXAMPLE_ENV_ID = /^your-env/;

const MiniprogramSectionSchema = z
  .object({
    transport: z.enum(['cloud', 'server'], { error: "miniprogram.transport 须为 'cloud' 或 'server'" }),
    serverUrl: z.string().optional(),
    reminderTemplateId: z.string().default(''),
  })
  .strict();

/** Only what the mini program needs of the deploy file (the cloud functions' part is checked by their deploy). */
const DeviceFileSchema = z.object({ envId: z.string().optional(), miniprogram: MiniprogramSectionSchema.optional() });

export interface DeviceConfig {
  transport: 'cloud' | 'server';
  cloudEnv: string;
  serverUrl: string;
  /** Always empty on a phone: the dev header is accepted only by a dev server on loopback. */
  devOpenid: '';
  reminderTemplateId: string;
}

/** A device or upload build without a usable backend: exit status 2, the message says what to add. */
export class MissingDeviceConfig extends Error {
  constructor(
    readonly file: string,
    readonly problems: string[],
  ) {
    super(
      `真机/上传构建缺少后端配置 / the device or upload build has no backend configured (${file}):\n` +
        problems.map((p) => `  - ${p}`).join('\n') +
        '\n  在该文件中填写 / add to that file, e.g.:\n' +
        '    云开发 / cloud:   { "envId": "prod-1a2b3c", "miniprogram": { "transport": "cloud" }, … }\n' +
        '    私有部署 / server: { "miniprogram": { "transport": "server", "serverUrl": "https://ocr.example.com" }, … }\n' +
        '  (npm run build:miniprogram 不带 --target 时仍为本地开发配置 / without --target the build stays the local development one)',
    );
    this.name = 'MissingDeviceConfig';
  }
}

/** The deploy file a device build reads: DEPLOY_CONFIG, or deploy.config.json at the repository root. */
export function deployFilePath(env: NodeJS.ProcessEnv = process.env): string {
  return resolve(ROOT, env.DEPLOY_CONFIG?.trim() || 'deploy.config.json');
}

/** Reads the backend of a device build from the deploy file; throws MissingDeviceConfig naming every problem. */
export function loadDeviceConfig(file: string): DeviceConfig {
  if (!existsSync(file)) {
    throw new MissingDeviceConfig(file, ['找不到该文件 / file not found: 复制 deploy.config.example.json 为 deploy.config.json 并填写 / copy deploy.config.example.json to deploy.config.json and fill it in']);
  }
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch (e) {
    throw new MissingDeviceConfig(file, [`不是合法的 JSON / not valid JSON: ${(e as Error).message}`]);
  }
  const parsed = DeviceFileSchema.safeParse(raw);
  if (!parsed.success) throw new MissingDeviceConfig(file, parsed.error.issues.map((i) => `${i.path.join('.') || '(根)'}：${i.message}`));
  const { envId = '', miniprogram } = parsed.data;
  if (!miniprogram) throw new MissingDeviceConfig(file, ['缺少 miniprogram 一节 / no "miniprogram" section: 小程序连接云开发还是私有服务器 / which backend the mini program calls']);
  const problems: string[] = [];
  const cloudEnv = envId.trim();
  const serverUrl = (miniprogram.serverUrl ?? '').trim();
  if (miniprogram.transport === 'cloud' && (!cloudEnv || EXAMPLE_ENV_ID.test(cloudEnv))) {
    problems.push('transport "cloud" 需要 envId：云开发环境 ID（云开发控制台 → 设置 → 环境 ID） / needs envId, your cloud environment id');
  }
  if (miniprogram.transport === 'server') {
    let url: URL | null = null;
    try {
      url = new URL(serverUrl);
    } catch {
      // reported below
    }
    if (!url || url.protocol !== 'https:' || url.pathname !== '/' || url.search || url.hash) {
      problems.push(`transport "server" 需要 https 的 serverUrl（微信只请求合法的 https 域名） / needs an https serverUrl with no path (got "${serverUrl}")`);
    } else if (/^(localhost|127\.|\[::1\]|0\.0\.0\.0)/.test(url.hostname)) {
      problems.push(`serverUrl 指向本机，手机无法访问 / serverUrl points at this machine, a phone cannot reach it (got "${serverUrl}")`);
    }
  }
  if (problems.length > 0) throw new MissingDeviceConfig(file, problems);
  return {
    transport: miniprogram.transport,
    cloudEnv: miniprogram.transport === 'cloud' ? cloudEnv : '',
    serverUrl: miniprogram.transport === 'server' ? serverUrl.replace(/\/$/, '') : '',
    devOpenid: '',
    reminderTemplateId: miniprogram.reminderTemplateId.trim(),
  };
}

/** The development config.ts with the device values in place of its own: its interface and comments
 *  stay the committed file's, only the object's values change. */
export function renderConfig(source: string, values: DeviceConfig): string {
  let out = source;
  for (const [key, value] of Object.entries(values)) {
    const re = new RegExp(`(\\n\\s+${key}: )'[^'\\n]*'(,)`, 'g');
    const found = out.match(re)?.length ?? 0;
    if (found !== 1) throw new Error(`miniprogram/config.ts: expected one \`${key}: '…',\` in the config object, found ${found}`);
    out = out.replace(re, (_m, head: string, comma: string) => `${head}${JSON.stringify(value)}${comma}`);
  }
  return `// GENERATED by scripts/build-miniprogram.ts --target for a device build — edit deploy.config.json instead.\n${out}`;
}
