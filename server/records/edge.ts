// The edge both platforms share (the local server's HTTP app and the cloud functions): who may call,
// and what a failure becomes for the client. Written once so that the two answer alike.
import { API_ERROR_HTTP_STATUS, ApiError, type ApiErrorCode, type ApiErrorStatus } from '../../core/contracts/errors';
import type { AuthedContext, HandlerContext } from './context';

/** The context of a signed-in caller; an anonymous one is refused. */
export function requireCaller(ctx: HandlerContext): AuthedContext {
  const { openid } = ctx;
  if (!openid) throw new ApiError('UNAUTHENTICATED', '请先登录');
  return { ...ctx, openid };
}

/** What the client is told of an unexpected failure: a stable code, never its details. */
export const INTERNAL_ERROR = { code: 'INTERNAL', message: '服务出错了，请稍后重试' } as const;

export interface ErrorResponse {
  status: ApiErrorStatus;
  body: { code: ApiErrorCode; message: string; details?: unknown };
  /** For Retry-After: the wait a RATE_LIMITED refusal asks for, in whole seconds; null otherwise. */
  retryAfterSeconds: number | null;
}

/** A refusal (ApiError) as it is; anything else is logged — name and stack, no request data — and
 *  answered INTERNAL. */
export function toErrorResponse(error: unknown, log: (line: string) => void): ErrorResponse {
  if (ApiError.isInstance(error)) {
    return { status: API_ERROR_HTTP_STATUS[error.code], body: error.toJSON(), retryAfterSeconds: retryAfterOf(error) };
  }
  const e = error instanceof Error ? error : null;
  log(JSON.stringify({ level: 'error', name: e?.name ?? typeof error, stack: e?.stack?.split('\n').slice(0, 6).join(' | ') }));
  return { status: API_ERROR_HTTP_STATUS.INTERNAL, body: { ...INTERNAL_ERROR }, retryAfterSeconds: null };
}

function retryAfterOf(e: ApiError): number | null {
  const d = e.details;
  const s = d && typeof d === 'object' && 'retryAfterSeconds' in d ? d.retryAfterSeconds : undefined;
  return typeof s === 'number' && Number.isFinite(s) && s > 0 ? Math.ceil(s) : null;
}
