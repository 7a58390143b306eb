// The one deploy configuration (deploy.config.json, see deploy.config.example.json): the CloudBase
// environment, the runtime, and each function's environment variables. Timeout, memory, the timer
// trigger and the openapi permissions are the function's own (cloudfunctions/<name>/config.json);
// the deploy file may override timeout and memory. Tencent Cloud API keys come from the environment.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { CONFIG_VARIABLES, loadConfig } from '../server/config';

/** Runtimes SCF offers for Node.js; the newest is the default. */
export const NODE_RUNTIMES = ['Nodejs20.19', 'Nodejs18.15', 'Nodejs16.13'] as const;

const EnvVars = z.record(z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, '环境变量名只能含字母、数字和下划线，且不能以数字开头'), z.string());

export const DeployFileSchema = z
  .object({
    envId: z.string().min(1, '缺少 envId（云开发环境 ID）'),
    region: z.string().default('ap-shanghai'),
    runtime: z.enum(NODE_RUNTIMES).default('Nodejs20.19'),
    /** Variables every function gets (ADMIN_OPENIDS, …). */
    env: EnvVars.default({}),
    /** The mini program's backend for a device build; read and checked by scripts/miniprogram-target.ts. */
    miniprogram: z.unknown().optional(),
    functions: z.record(
      z.string(),
      z
        .object({
          env: EnvVars.default({}),
          timeout: z.number().int().min(1).max(900).optional(),
          memorySize: z.union([z.literal(128), z.literal(256), z.literal(512), z.literal(1024), z.literal(2048), z.literal(3072)]).optional(),
        })
        .strict(),
    ),
  })
  .strict();

/** A function's own config.json, in WeChat's format. */
export const FunctionConfigSchema = z
  .object({
    permissions: z.object({ openapi: z.array(z.string().regex(/^\w+\.\w+$/, 'openapi 权限应为「类别.方法」，如 ocr.vehicleLicense')) }).optional(),
    timeout: z.number().int().min(1).max(900).optional(),
    memorySize: z.number().int().optional(),
    triggers: z
      .array(
        z.object({
          name: z.string().regex(/^[A-Za-z][\w-]{0,59}$/, '触发器名须以字母开头，最多 60 个字母、数字、_ 或 -'),
          type: z.literal('timer'),
          config: z.string().refine((c) => c.trim().split(/\s+/).length === 7, '定时触发器须为 7 段 cron 表达式（秒 分 时 日 月 星期 年）'),
        }),
      )
      .max(1, '一个云函数只能有一个定时触发器')
      .optional(),
  })
  .passthrough();

export interface FunctionPlan {
  name: string;
  runtime: (typeof NODE_RUNTIMES)[number];
  timeout: number;
  memorySize: number;
  env: Record<string, string>;
  trigger?: { name: string; type: 'timer'; config: string };
  openapi: string[];
  /** Variables server/config.ts does not read (set anyway; printed as a warning). */
  unknownEnv: string[];
}

export class DeployConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DeployConfigError';
  }
}

function issues(where: string, e: z.ZodError): DeployConfigError {
  return new DeployConfigError(`${where} 有误：\n${e.issues.map((i) => `  ${i.path.join('.') || '(根)'}：${i.message}`).join('\n')}`);
}

/** SCF's defaults when a function's config.json says nothing (3 s is too short for a recognition). */
const DEFAULT_TIMEOUT = 20;
const DEFAULT_MEMORY = 256;

/** Reads and checks the deploy file and each named function's config.json into one plan per function. */
export function loadDeployPlan(
  file: string,
  functionsRoot: string,
  names: string[],
  /** Every function folder (the file may configure those not deployed this time). */
  all: string[] = names,
): { envId: string; region: string; functions: FunctionPlan[] } {
  if (!existsSync(file)) throw new DeployConfigError(`找不到部署配置 ${file}：复制 deploy.config.example.json 为 deploy.config.json 并填写`);
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch (e) {
    throw new DeployConfigError(`部署配置 ${file} 不是合法的 JSON：${(e as Error).message}`);
  }
  const parsed = DeployFileSchema.safeParse(raw);
  if (!parsed.success) throw issues(file, parsed.error);
  const deploy = parsed.data;
  const unknownFns = Object.keys(deploy.functions).filter((n) => !all.includes(n));
  if (unknownFns.length > 0) throw new DeployConfigError(`${file}：functions 中的 ${unknownFns.join('、')} 不是 cloudfunctions/ 下的云函数（有：${all.join('、')}）`);

  const functions = names.map((name): FunctionPlan => {
    const where = `cloudfunctions/${name}/config.json`;
    const own = existsSync(join(functionsRoot, name, 'config.json')) ? (JSON.parse(readFileSync(join(functionsRoot, name, 'config.json'), 'utf8')) as unknown) : {};
    const fc = FunctionConfigSchema.safeParse(own);
    if (!fc.success) throw issues(where, fc.error);
    const fn = deploy.functions[name];
    // An empty value means "not set" (the example leaves unused provider keys blank).
    const env = Object.fromEntries(Object.entries({ ...deploy.env, ...(fn?.env ?? {}) }).filter(([, v]) => v.trim() !== ''));
    // The function reads its variables with server/config.ts: a value it would refuse stops the deploy here.
    try {
      loadConfig(env);
    } catch (e) {
      if (e instanceof z.ZodError) throw issues(`${file} 中云函数 ${name} 的环境变量`, e);
      throw new DeployConfigError(`${file} 中云函数 ${name} 的环境变量有误：${(e as Error).message}`);
    }
    const trigger = fc.data.triggers?.[0];
    return {
      name,
      runtime: deploy.runtime,
      timeout: fn?.timeout ?? fc.data.timeout ?? DEFAULT_TIMEOUT,
      memorySize: fn?.memorySize ?? fc.data.memorySize ?? DEFAULT_MEMORY,
      env,
      ...(trigger ? { trigger: { ...trigger, config: trigger.config.trim() } } : {}),
      openapi: fc.data.permissions?.openapi ?? [],
      unknownEnv: Object.keys(env).filter((k) => !CONFIG_VARIABLES.includes(k)),
    };
  });
  return { envId: deploy.envId, region: deploy.region, functions };
}
