// POST /api/engine/recognize: the offline engine for other servers (a cloud function's `local`
// provider in remote mode). Not a user API: no session, no record, no photo kept — the caller proves
// itself with the shared secret (a signed, fresh, never-seen request) and gets the recognition back.
import type { Context, Env, Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { isProviderError, ProviderError } from '../../core/contracts/errors';
import {
  ENGINE_ERROR_STATUS,
  ENGINE_MAX_BODY_BYTES,
  ENGINE_MAX_IMAGE_BYTES,
  ENGINE_PATH,
  ENGINE_REFUSALS,
  EngineRequestSchema,
  type EngineErrorBody,
  type EngineResponse,
} from '../../core/contracts/engine';
import { createRequestVerifier, HEADER_SIGNATURE, HEADER_TIMESTAMP } from '../../server/engine-service/signing';
import { inspectImage, isIntakeError } from '../../server/intake/index';
import type { Provider } from '../../server/providers/types';

export interface EngineEndpointDeps {
  /** ENGINE_SERVICE_SECRET, checked strong enough before the server starts. */
  secret: string;
  /** The offline engine (the `local` provider). */
  engine: Provider;
  log: (line: string) => void;
  nowSeconds?: () => number;
}

function refuse(c: Context, providerCode: keyof typeof ENGINE_REFUSALS, detail?: string) {
  const r = ENGINE_REFUSALS[providerCode]!;
  const body: EngineErrorBody = { error: { code: r.code, retryable: r.retryable, providerCode, message: detail ? `${r.message}（${detail}）` : r.message } };
  return c.json(body, r.status as 400);
}

export function registerEngineEndpoint<E extends Env>(app: Hono<E>, deps: EngineEndpointDeps): void {
  const verifier = createRequestVerifier({ secret: deps.secret, ...(deps.nowSeconds ? { nowSeconds: deps.nowSeconds } : {}) });

  app.post(ENGINE_PATH, bodyLimit({ maxSize: ENGINE_MAX_BODY_BYTES, onError: (c) => refuse(c, 'TOO_LARGE') }), async (c) => {
    const text = await c.req.text();
    // Authenticity before parsing: an unsigned body is never read.
    const refusal = verifier.check(c.req.header(HEADER_TIMESTAMP), c.req.header(HEADER_SIGNATURE), text);
    if (refusal) {
      deps.log(JSON.stringify({ level: 'warn', message: 'engine request refused', reason: refusal }));
      return refuse(c, refusal);
    }
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      return refuse(c, 'BAD_REQUEST');
    }
    const parsed = EngineRequestSchema.safeParse(json);
    if (!parsed.success) return refuse(c, 'BAD_REQUEST', parsed.error.issues.map((i) => i.path.join('.')).join(', '));
    const req = parsed.data;
    const bytes = Buffer.from(req.image.base64, 'base64');
    if (bytes.length > ENGINE_MAX_IMAGE_BYTES) return refuse(c, 'TOO_LARGE');
    let info;
    try {
      info = await inspectImage(bytes, { maxInputBytes: ENGINE_MAX_IMAGE_BYTES });
    } catch (e) {
      if (isIntakeError(e)) return refuse(c, 'BAD_IMAGE', e.message);
      throw e;
    }
    try {
      const out = await deps.engine.recognize(
        { bytes, mime: info.mime, width: info.width, height: info.height },
        { docType: req.docType, ...(req.side ? { side: req.side } : {}), ...(req.owner ? { owner: req.owner } : {}), signal: c.req.raw.signal },
      );
      const body: EngineResponse = { result: out.result, raw: out.raw };
      return c.json(body);
    } catch (e) {
      if (!isProviderError(e)) deps.log(JSON.stringify({ level: 'error', message: 'engine failed', name: (e as Error)?.name }));
      const err = isProviderError(e)
        ? e
        : new ProviderError({ provider: 'local', code: 'UPSTREAM', retryable: true, message: '离线识别引擎出错，请稍后重试', cause: e });
      const body: EngineErrorBody = {
        error: { code: err.code, retryable: err.retryable, ...(err.providerCode ? { providerCode: err.providerCode.slice(0, 64) } : {}), message: err.message.slice(0, 500) },
      };
      return c.json(body, ENGINE_ERROR_STATUS[err.code] as 400);
    }
  });
}
