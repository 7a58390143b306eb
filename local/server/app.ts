// The local server's HTTP API (DESIGN.md "Command line and local server"): the same handlers as the
// cloud functions, identity from a signed session — or, only in dev mode on loopback, the dev header.
import type { DossierStore } from '../../server/stores/dossiers/types';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { serveStatic } from '@hono/node-server/serve-static';
import { Hono, type Context } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { matchedRoutes } from 'hono/route';
import { z } from 'zod';
import { ApiError } from '../../core/contracts/errors';
import type { Config } from '../../server/config';
import { requestText } from '../../core/contracts/input';
import { codeToOpenid, signSession } from '../../server/identity/session';
import { ExportRequestSchema, OcrRequestSchema } from '../../core/contracts/records';
import type { SessionInfo } from '../../core/contracts/session';
import { audit, exportRecords } from '../../server/admin/actions';
import { createContext, type AuthedContext, type HandlerContext, type PipelineLike } from '../../server/records/context';
import { requireCaller, toErrorResponse } from '../../server/records/edge';
import { handleOcr, handleRecords, invalid } from '../../server/records/handlers';
import type { ServedPhotoStore } from '../../server/stores/files/served';
import type { RecordStore } from '../../server/stores/types';
import { clientAddress, createCallerResolver, rateLimited } from './caller';
import { isLoopback, isLoopbackHost } from './loopback';
import { parseUploadForm } from './multipart';
import { createTokenBuckets, type BucketSettings } from './rate-limit';
import { registerEngineEndpoint, type EngineEndpointDeps } from './engine-endpoint';
import { securityHeaders } from './security-headers';
import { configuredServices } from '../../server/records/review';

export { isLoopback };

/** Largest upload POST /api/ocr accepts (intake then recompresses to each provider's limit). */
export const MAX_UPLOAD_BYTES = 15 * 1024 * 1024;
const MAX_JSON_BYTES = 1024 * 1024;

/** Per client address: sign-in attempts (each costs a call to WeChat) and refused session tokens. */
export const DEFAULT_RATE_LIMITS: { signIn: BucketSettings; badTokens: BucketSettings } = {
  signIn: { capacity: 10, refillPerMinute: 5 },
  badTokens: { capacity: 20, refillPerMinute: 10 },
};

export interface AppDeps {
  config: Config;
  store: RecordStore;
  /** Dossiers and expiry dates (issue #18), on the same database as the records. */
  dossiers?: DossierStore;
  photos: ServedPhotoStore;
  pipeline: PipelineLike;
  /** Dev mode: the x-licenselens-openid header is honoured (on loopback only). */
  dev: boolean;
  /** The address the server is bound to. */
  host: string;
  sessionSecret: string;
  /** For jscode2session (tests point it at a local WeChat stand-in through WECHAT_API_BASE). */
  fetch?: typeof fetch;
  log?: (line: string) => void;
  now?: () => Date;
  /** Static web console (web/dist), mounted at / when it exists. */
  webRoot?: string;
  /** PUBLIC_ORIGIN: where links point when it is not this server's own origin (allowed by the CSP). */
  publicOrigin?: string | undefined;
  rateLimits?: Partial<typeof DEFAULT_RATE_LIMITS>;
  /** The engine service for other servers (ENGINE_SERVICE_SECRET set): POST /api/engine/recognize. */
  engine?: Omit<EngineEndpointDeps, 'log'>;
}

/** What the routes share through Hono's context: the signed-in caller, set before an upload is read. */
export interface AppEnv {
  Variables: { ctx: AuthedContext };
}

export function createApp(deps: AppDeps): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  const now = deps.now ?? (() => new Date());
  const log = deps.log ?? ((line: string) => process.stdout.write(`${line}\n`));
  const devHeaderAllowed = deps.dev && isLoopback(deps.host);
  const limits = { ...DEFAULT_RATE_LIMITS, ...deps.rateLimits };
  const signIns = createTokenBuckets(limits.signIn);
  const caller = createCallerResolver({ sessionSecret: deps.sessionSecret, devHeaderAllowed, badTokens: createTokenBuckets(limits.badTokens), now });

  // Request log: method, route pattern, status, duration. No paths with ids, queries, bodies or openids.
  app.use('*', async (c, next) => {
    const t0 = performance.now();
    await next();
    // The pattern of the handler that answered (not the catch-all middleware), never the concrete path.
    const routes = matchedRoutes(c).filter((r) => r.path !== '*');
    const route = (routes.find((r) => r.method !== 'ALL') ?? routes.at(-1))?.path ?? '(unmatched)';
    log(JSON.stringify({ method: c.req.method, route, status: c.res.status, ms: Math.round((performance.now() - t0) * 10) / 10 }));
  });
  app.use('*', securityHeaders({ publicOrigin: deps.publicOrigin }));

  // DNS rebinding (issue 13 item 2): where the dev header makes anyone an administrator, a request must
  // name this machine; a page whose own name was rebound to 127.0.0.1 sends that name instead.
  if (devHeaderAllowed) {
    app.use('*', async (c, next) => {
      if (!isLoopbackHost(c.req.header('host'))) throw new ApiError('FORBIDDEN', '开发模式只接受通过本机地址（localhost 或 127.0.0.1）的访问');
      await next();
    });
  }

  app.onError((err, c) => {
    const { status, body, retryAfterSeconds } = toErrorResponse(err, log);
    if (retryAfterSeconds !== null) c.header('retry-after', String(retryAfterSeconds));
    return c.json(body, status);
  });
  app.notFound((c) => c.json({ code: 'NOT_FOUND', message: '没有这个接口' }, 404));

  async function context(c: Context<AppEnv>): Promise<HandlerContext> {
    const openid = caller(c);
    return createContext({ openid, store: deps.store, ...(deps.dossiers ? { dossiers: deps.dossiers } : {}), photos: deps.photos, pipeline: deps.pipeline, config: deps.config, now });
  }

  /** The context of a signed-in caller; anonymous callers are refused. */
  async function signedIn(c: Context<AppEnv>): Promise<AuthedContext> {
    return requireCaller(await context(c));
  }

  const tooLarge = (c: Context) => c.json({ code: 'PAYLOAD_TOO_LARGE', message: '照片太大，请压缩后重试' }, 413);
  const jsonTooLarge = (c: Context) => c.json({ code: 'PAYLOAD_TOO_LARGE', message: '请求内容过大' }, 413);

  app.get('/healthz', async (c) => c.json({ ok: true, store: deps.store.driver, dev: deps.dev }));
  if (deps.engine) registerEngineEndpoint(app, { ...deps.engine, log });

  const SessionBody = z.object({ code: requestText(256, 1) });
  app.post('/api/session', bodyLimit({ maxSize: 4096, onError: jsonTooLarge }), async (c) => {
    const address = clientAddress(c);
    if (!signIns.take(address)) throw rateLimited('登录尝试过于频繁，请稍后再试', signIns.retryAfter(address));
    const body = SessionBody.safeParse(await c.req.json().catch(() => null));
    if (!body.success) throw new ApiError('INVALID_ARGUMENT', '缺少登录凭证 code');
    const openid = await codeToOpenid(body.data.code, {
      appId: deps.config.WECHAT_APPID,
      secret: deps.config.WECHAT_SECRET,
      apiBase: deps.config.WECHAT_API_BASE,
      ...(deps.fetch ? { fetch: deps.fetch } : {}),
    });
    return c.json(signSession(openid, deps.sessionSecret, { now: now() }));
  });

  // The ocr function's fields, the photo itself instead of its fileID.
  const OcrForm = OcrRequestSchema.omit({ fileID: true });
  app.post(
    '/api/ocr',
    async (c, next) => {
      // Refuse by the declared length before reading anything; bodyLimit also stops a body that lies.
      const declared = Number(c.req.header('content-length') ?? 'NaN');
      if (Number.isFinite(declared) && declared > MAX_UPLOAD_BYTES) return tooLarge(c);
      // Identity before the upload is read: anonymous callers do not get to send 15 MB.
      c.set('ctx', await signedIn(c));
      await next();
    },
    bodyLimit({ maxSize: MAX_UPLOAD_BYTES, onError: tooLarge }),
    async (c) => {
      const ctx = c.get('ctx');
      if (!(c.req.header('content-type') ?? '').startsWith('multipart/form-data')) {
        throw new ApiError('UNSUPPORTED_MEDIA_TYPE', '请以 multipart/form-data 上传照片（字段 image）');
      }
      const form = await parseUploadForm(await c.req.arrayBuffer(), c.req.header('content-type') ?? '');
      const field = (name: string) => {
        const v = form.get(name);
        return typeof v === 'string' && v ? v : undefined;
      };
      const image = form.get('image');
      if (!(image instanceof File)) throw new ApiError('INVALID_ARGUMENT', '缺少照片（字段 image）');
      const fields = OcrForm.safeParse({ docType: form.get('docType') ?? undefined, side: field('side'), provider: field('provider') });
      if (!fields.success) throw invalid(fields.error);
      // The connection's signal: a scan cancelled while the photo is read keeps nothing (no orphan record).
      const record = await handleOcr(ctx, { bytes: Buffer.from(await image.arrayBuffer()), ...fields.data }, { signal: c.req.raw.signal });
      return c.json(record);
    },
  );

  app.post('/api/records', bodyLimit({ maxSize: MAX_JSON_BYTES, onError: jsonTooLarge }), async (c) => {
    const ctx = await signedIn(c);
    const body: unknown = await c.req.json().catch(() => {
      throw new ApiError('INVALID_ARGUMENT', '请求体必须是 JSON');
    });
    // Links in the answer are relative (or on PUBLIC_ORIGIN), never built from the request's Host.
    return c.json((await handleRecords(ctx, body)) ?? null);
  });

  // The administrators' spreadsheet as a direct download (the `export` action returns a link instead).
  app.get('/api/export', async (c) => {
    const ctx = await signedIn(c);
    if (!ctx.isAdmin) throw new ApiError('FORBIDDEN', '仅管理员可以导出记录');
    const q = c.req.query();
    const parsed = ExportRequestSchema.safeParse({
      action: 'export',
      ...Object.fromEntries(Object.entries(q).filter(([k, v]) => k !== 'full' && v !== '')),
      ...(q.full !== undefined ? { full: q.full === 'true' || q.full === '1' } : {}),
    });
    if (!parsed.success) throw invalid(parsed.error);
    const { action: _a, ...req } = parsed.data;
    const file = await exportRecords(ctx, req);
    return new Response(new Uint8Array(file.bytes), {
      headers: {
        'content-type': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
        'content-disposition': `attachment; filename*=UTF-8''${encodeURIComponent(file.fileName)}`,
        'cache-control': 'no-store',
      },
    });
  });

  app.get('/api/files/:id', async (c) => {
    const id = c.req.param('id');
    let allowed = deps.photos.verify(id, c.req.query('exp'), c.req.query('sig'), now());
    if (!allowed) {
      const ctx = await signedIn(c);
      const meta = await deps.photos.meta(id);
      allowed = !!meta && (meta.owner === ctx.openid || ctx.isAdmin);
      // An administrator opening someone else's photo is recorded, as opening their record is (`get`).
      if (allowed && meta && meta.owner !== ctx.openid) await audit(ctx, 'view_photo', id, null);
    }
    const photo = allowed ? await deps.photos.get(id) : null;
    // Someone else's photo reads as missing: ids cannot be probed.
    if (!photo) throw new ApiError('NOT_FOUND', '照片不存在或已删除');
    return new Response(new Uint8Array(photo.bytes), {
      headers: {
        'content-type': photo.mime,
        'cache-control': 'no-store',
      },
    });
  });

  // ---- web console (issue 8): the console asks how to sign in and who the caller is. ----
  app.get('/api/session/info', async (c) => {
    const ctx = await context(c);
    const devIdentity = devHeaderAllowed && isLoopback(clientAddress(c));
    const info: SessionInfo = {
      mode: deps.dev ? 'dev' : 'production',
      devIdentity,
      ...(devIdentity ? { adminOpenids: deps.config.ADMIN_OPENIDS } : {}),
      user: ctx.openid ? { openid: ctx.openid, isAdmin: ctx.isAdmin } : null,
      providers: configuredServices(deps.pipeline).providers,
    };
    return c.json(info);
  });

  if (deps.webRoot && existsSync(deps.webRoot)) {
    const root = resolve(deps.webRoot);
    // The API keeps its JSON 404s; everything else is the console (client-side routes → index.html).
    const files = serveStatic({ root });
    const spa = serveStatic({ root, path: 'index.html' });
    app.get('/*', (c, next) => (c.req.path.startsWith('/api/') ? next() : files(c, next)));
    app.get('/*', (c, next) => (c.req.path.startsWith('/api/') ? next() : spa(c, next)));
  }

  return app;
}
