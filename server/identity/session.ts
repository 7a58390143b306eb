// Sessions of the local server (production mode): a wx.login code is exchanged at WeChat's
// jscode2session for the caller's openid, and the server hands back its own signed token. The token
// carries only the openid and an expiry (never WeChat's session_key), signed with HMAC-SHA256.
import { createHmac, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';
import { ApiError } from '../../core/contracts/errors';

export const SESSION_TTL_SECONDS = 7 * 24 * 3600;
/** A signing key shorter than this can be guessed or was left empty by a template (issue 13 item 1). */
export const MIN_SESSION_SECRET_BYTES = 32;

/** Why `secret` (the variable `name`) cannot sign, or null when it can (at least 32 bytes of UTF-8).
 *  The one rule for every shared signing key: sessions, the engine service. */
export function secretProblem(name: string, secret: string | undefined): string | null {
  if (secret === undefined) return `${name} is not set`;
  const bytes = Buffer.byteLength(secret, 'utf8');
  if (bytes === 0) return `${name} is empty`;
  if (bytes < MIN_SESSION_SECRET_BYTES) return `${name} has ${bytes} bytes; at least ${MIN_SESSION_SECRET_BYTES} are required`;
  return null;
}

export function sessionSecretProblem(secret: string | undefined): string | null {
  return secretProblem('SESSION_SECRET', secret);
}
const OPENID = /^[A-Za-z0-9_-]{1,128}$/;

const PayloadSchema = z.object({ v: z.literal(1), sub: z.string().regex(OPENID), exp: z.number().int() });

function mac(secret: string, body: string): string {
  return createHmac('sha256', secret).update(`licenselens.session.${body}`).digest('base64url');
}

export function signSession(openid: string, secret: string, opts: { now?: Date; ttlSeconds?: number } = {}): { token: string; expiresAt: string } {
  if (!OPENID.test(openid)) throw new Error('invalid openid');
  const exp = Math.floor((opts.now ?? new Date()).getTime() / 1000) + (opts.ttlSeconds ?? SESSION_TTL_SECONDS);
  const body = Buffer.from(JSON.stringify({ v: 1, sub: openid, exp })).toString('base64url');
  return { token: `${body}.${mac(secret, body)}`, expiresAt: new Date(exp * 1000).toISOString() };
}

/** The token's openid, or null when it is malformed, forged or expired. */
export function verifySession(token: string, secret: string, now: Date = new Date()): string | null {
  const parts = token.split('.');
  if (parts.length !== 2 || !parts[0] || !parts[1] || token.length > 1024) return null;
  const want = Buffer.from(mac(secret, parts[0]));
  const got = Buffer.from(parts[1]);
  if (want.length !== got.length || !timingSafeEqual(want, got)) return null;
  let payload: z.infer<typeof PayloadSchema>;
  try {
    payload = PayloadSchema.parse(JSON.parse(Buffer.from(parts[0], 'base64url').toString('utf8')));
  } catch {
    return null;
  }
  return payload.exp * 1000 > now.getTime() ? payload.sub : null;
}

const Code2SessionSchema = z.object({
  openid: z.string().regex(OPENID).optional(),
  unionid: z.string().optional(),
  session_key: z.string().optional(),
  errcode: z.number().optional(),
  errmsg: z.string().optional(),
});

/** GET {apiBase}/sns/jscode2session → the caller's openid. WeChat errors become ApiErrors. */
export async function codeToOpenid(
  code: string,
  opts: { appId: string | undefined; secret: string | undefined; apiBase: string; fetch?: typeof fetch; timeoutMs?: number },
): Promise<string> {
  if (!opts.appId || !opts.secret) throw new ApiError('UNAUTHENTICATED', '服务器未配置 WECHAT_APPID / WECHAT_SECRET，无法登录');
  const url = new URL('/sns/jscode2session', opts.apiBase);
  url.search = new URLSearchParams({ appid: opts.appId, secret: opts.secret, js_code: code, grant_type: 'authorization_code' }).toString();
  let body: unknown;
  try {
    const res = await (opts.fetch ?? fetch)(url, { signal: AbortSignal.timeout(opts.timeoutMs ?? 8000) });
    body = await res.json();
  } catch {
    throw new ApiError('INTERNAL', '微信登录服务暂时不可用，请稍后重试');
  }
  const parsed = Code2SessionSchema.safeParse(body);
  if (!parsed.success) throw new ApiError('INTERNAL', '微信登录服务返回了无法识别的数据');
  const r = parsed.data;
  if (r.errcode && r.errcode !== 0) {
    // 40029 invalid code, 40163 code already used: the client must wx.login again.
    if (r.errcode === 40029 || r.errcode === 40163 || r.errcode === 40226) throw new ApiError('UNAUTHENTICATED', '登录凭证无效或已过期，请重新登录');
    if (r.errcode === 45011) throw new ApiError('RATE_LIMITED', '登录过于频繁，请稍后再试');
    throw new ApiError('INTERNAL', '微信登录失败，请稍后重试', { errcode: r.errcode });
  }
  if (!r.openid) throw new ApiError('INTERNAL', '微信登录服务没有返回 openid');
  return r.openid;
}
