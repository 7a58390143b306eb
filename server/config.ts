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

const EnvSchema = z.object({
  WECHAT_APPID: z.string().optional(),
  WECHAT_SECRET: z.string().optional(),
  WECHAT_API_BASE: z.string().url().default('https://api.weixin.qq.com'),
  JUHE_KEY: z.string().optional(),
  /** Overrides the documented hosts (v.juhe.cn / apis.juhe.cn) for tests and private gateways. */
  JUHE_BASE_URL: z.string().url().optional(),
  KUAITONG_APPCODE: z.string().optional(),
  KUAITONG_URL: z.string().url().optional(),
  OCR_ROUTES: z.string().optional(),
  ADMIN_OPENIDS: csv,
  DATABASE_URL: z.string().optional(),
  DATA_DIR: z.string().default('./data'),
  PORT: z.coerce.number().int().min(0).max(65535).default(8787),
  HOST: z.string().default('127.0.0.1'),
  WEBHOOK_URL: z.string().url().optional(),
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
  /** Days a photo is kept before it is deleted (fields are kept). 0 = keep forever. */
  PHOTO_RETENTION_DAYS: z.coerce.number().int().min(0).default(90),
  /** The offline engine's container, when a cloud function delegates `local` to it. */
  LOCAL_OCR_URL: z.string().url().optional(),
});

/** Every variable this configuration reads (the deploy checks a cloud function's variables against it). */
export const CONFIG_KEYS: readonly string[] = Object.keys(EnvSchema.shape);

export type Config = Omit<z.infer<typeof EnvSchema>, 'OCR_ROUTES'> & { routes: Record<string, ProviderName[]> };

export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const parsed = EnvSchema.parse(env);
  const { OCR_ROUTES, ...rest } = parsed;
  return { ...rest, routes: parseRoutes(OCR_ROUTES) };
}
