// Configuration comes from the environment only (DESIGN.md "Configuration"); secrets never reach a
// client. Parsed once with zod so that a malformed value fails loudly at start-up, not mid-request.
import { z } from 'zod';
import { ProviderNameSchema, type ProviderName } from '../core/contracts/result';

const csv = z
  .string()
  .optional()
  .transform((s) => (s ?? '').split(',').map((x) => x.trim()).filter(Boolean));

/** OCR_ROUTES: `vehicle_license=wechat,kuaitong,local;id_card=juhe,local;*=local` (or the same as JSON). */
export function parseRoutes(text: string | undefined): Record<string, ProviderName[]> {
  if (!text || !text.trim()) return {};
  const trimmed = text.trim();
  const entries: [string, string[]][] = trimmed.startsWith('{')
    ? Object.entries(z.record(z.string(), z.array(z.string())).parse(JSON.parse(trimmed)))
    : trimmed.split(';').filter(Boolean).map((part) => {
        const [doc, list] = part.split('=');
        if (!doc || list === undefined) throw new Error(`OCR_ROUTES: cannot read "${part}"`);
        return [doc.trim(), list.split(',').map((p) => p.trim()).filter(Boolean)];
      });
  const out: Record<string, ProviderName[]> = {};
  for (const [doc, list] of entries) out[doc] = list.map((p) => ProviderNameSchema.parse(p));
  return out;
}

/** A template's blank (`KUAITONG_URL=` in .env, `${X:-}` in compose) means unset, not a malformed URL. */
const optionalUrl = () => z.preprocess((v) => (typeof v === 'string' && v.trim() === '' ? undefined : v), z.string().url().optional());

const EnvSchema = z.object({
  WECHAT_APPID: z.string().optional(),
  WECHAT_SECRET: z.string().optional(),
  WECHAT_API_BASE: z.string().url().default('https://api.weixin.qq.com'),
  JUHE_KEY: z.string().optional(),
  /** Overrides the documented hosts (v.juhe.cn / apis.juhe.cn) for tests and private gateways. */
  JUHE_BASE_URL: optionalUrl(),
  KUAITONG_APPCODE: z.string().optional(),
  KUAITONG_URL: optionalUrl(),
  OCR_ROUTES: z.string().optional(),
  ADMIN_OPENIDS: csv,
  DATABASE_URL: z.string().optional(),
  DATA_DIR: z.string().default('./data'),
  PORT: z.coerce.number().int().min(0).max(65535).default(8787),
  HOST: z.string().default('127.0.0.1'),
  WEBHOOK_URL: optionalUrl(),
  WEBHOOK_SECRET: z.string().optional(),
  /** Signs local-server session tokens; production mode refuses to start without 32 bytes of it. */
  SESSION_SECRET: z.string().optional(),
  /** The origin clients reach the local server at (https://ocr.example.com): photo and export links are
   *  made absolute with it. Unset, they are relative and each client resolves them against its server. */
  PUBLIC_ORIGIN: z.preprocess(
    (v) => (typeof v === 'string' && v.trim() === '' ? undefined : v), // empty = unset (a template's blank)
    z
      .string()
      .transform((v) => v.trim().replace(/\/+$/, ''))
      .refine((v) => URL.canParse(v) && /^https?:$/.test(new URL(v).protocol) && new URL(v).origin === v, {
        message: 'PUBLIC_ORIGIN must be an origin such as https://ocr.example.com (scheme, host, optional port; no path)',
      })
      .optional(),
  ),
  /** Per-user recognitions per day (protects the paid quota). */
  DAILY_OCR_LIMIT: z.coerce.number().int().min(0).default(200),
  /** How often the local server's scheduler runs deliveries and retention (each replica runs it). */
  SCHEDULER_INTERVAL_SECONDS: z.coerce.number().int().min(1).max(3600).default(15),
  /** Days a photo is kept before it is deleted (fields are kept). 0 = keep forever. */
  PHOTO_RETENTION_DAYS: z.coerce.number().int().min(0).default(90),
  /** WeChat subscribe-message template of the expiry reminders (mini program admin console → 订阅消息);
   *  unset: the cloud sends no reminders. Its keywords, in order: document, expiry date, note. */
  REMINDER_TEMPLATE_ID: z.string().optional(),
  REMINDER_TEMPLATE_KEYS: z
    .string()
    .default('thing1,date2,thing3')
    .transform((v) => v.split(',').map((k) => k.trim()))
    .refine((keys) => keys.length === 3 && keys.every((k) => /^[a-z_]+\d+$/.test(k)), { message: 'REMINDER_TEMPLATE_KEYS: three keywords such as thing1,date2,thing3' }),
  /** The offline engine's container, when a cloud function delegates `local` to it. */
  LOCAL_OCR_URL: optionalUrl(),
  /** Shared with that container (its ENGINE_SERVICE_SECRET): signs each recognition request. */
  LOCAL_OCR_SECRET: z.string().optional(),
  /** Set on the server that runs the engine: enables POST /api/engine/recognize for callers holding it. */
  ENGINE_SERVICE_SECRET: z.string().optional(),
  /** Where the local server keeps photos: DATA_DIR/files (`folder`) or an S3-compatible bucket (`s3`). */
  PHOTO_STORE: z.enum(['folder', 's3']).default('folder'),
  /** http://minio:9000, https://cos.<region>.myqcloud.com; AWS's own endpoint when unset. */
  S3_ENDPOINT: optionalUrl(),
  S3_REGION: z.string().min(1).default('us-east-1'),
  S3_BUCKET: z.string().optional(),
  S3_ACCESS_KEY_ID: z.string().optional(),
  S3_SECRET_ACCESS_KEY: z.string().optional(),
  /** Bucket in the path, not the host name: what MinIO and most self-hosted servers need. */
  S3_FORCE_PATH_STYLE: z.enum(['true', 'false']).default('true').transform((v) => v === 'true'),
  S3_PREFIX: z.string().default(''),
}).superRefine((env, ctx) => {
  // A half-configured bucket fails at start-up, naming what is missing, not at the first upload.
  if (env.PHOTO_STORE !== 's3') return;
  for (const name of ['S3_BUCKET', 'S3_ACCESS_KEY_ID', 'S3_SECRET_ACCESS_KEY'] as const) {
    if (!env[name]) ctx.addIssue({ code: 'custom', path: [name], message: `${name} is required when PHOTO_STORE=s3` });
  }
});

/** Every environment variable the server reads (deployment files are checked against it). */
export const CONFIG_VARIABLES: readonly string[] = Object.keys(EnvSchema.shape);

export type Config = Omit<z.infer<typeof EnvSchema>, 'OCR_ROUTES'> & { routes: Record<string, ProviderName[]> };

export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const parsed = EnvSchema.parse(env);
  const { OCR_ROUTES, ...rest } = parsed;
  return { ...rest, routes: parseRoutes(OCR_ROUTES) };
}
