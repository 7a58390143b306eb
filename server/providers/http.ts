// The HTTP layer shared by the provider adapters: one timeout per request (body included), the
// caller's AbortSignal honoured, and every transport failure or unreadable body turned into the one
// ProviderError, so that routing can fall back on it.
import { ProviderError } from '../../core/contracts/errors';
import { providerError, type CatalogueProvider } from '../../core/errors/catalogue';
import type { ProviderName } from '../../core/contracts/result';
import { PROVIDER_LABELS } from '../../core/documents/labels';

export const DEFAULT_TIMEOUT_MS = 15_000;


export function providerLabel(provider: ProviderName): string {
  return PROVIDER_LABELS[provider];
}

export interface HttpSettings {
  provider: ProviderName;
  fetch: typeof globalThis.fetch;
  timeoutMs: number;
}

export interface HttpReply {
  status: number;
  headers: Headers;
  text: string;
  /** Parsed JSON, or undefined when the body is not JSON (see `problem`). */
  json: unknown;
  /** Why the body could not be read as JSON, in Chinese; undefined when `json` is set. */
  problem?: string;
}

export function timeoutError(provider: ProviderName, timeoutMs: number, cause?: unknown): ProviderError {
  return new ProviderError({
    provider,
    code: 'TIMEOUT',
    retryable: true,
    message: `${PROVIDER_LABELS[provider]}服务响应超时（超过 ${Math.round(timeoutMs / 1000)} 秒），请稍后重试`,
    cause,
  });
}

export function upstreamError(provider: ProviderName, message: string, cause?: unknown, providerCode?: string): ProviderError {
  return new ProviderError({ provider, code: 'UPSTREAM', retryable: true, providerCode, message: `${PROVIDER_LABELS[provider]}服务异常：${message}`, cause });
}

/** The caller gave up (not a provider failure): rethrown as is so that routing stops. */
export function abortReason(signal: AbortSignal): unknown {
  return signal.reason ?? new DOMException('The operation was aborted.', 'AbortError');
}

/**
 * Runs `work` under a timeout that also covers reading the body. A caller abort propagates as the
 * signal's reason; the timeout becomes a TIMEOUT ProviderError; any other transport failure UPSTREAM.
 */
export async function withDeadline<T>(
  s: Pick<HttpSettings, 'provider' | 'timeoutMs'>,
  callerSignal: AbortSignal | undefined,
  work: (signal: AbortSignal) => Promise<T>,
): Promise<T> {
  if (callerSignal?.aborted) throw abortReason(callerSignal);
  const timeout = new AbortController();
  const timer = setTimeout(() => timeout.abort(new DOMException('timeout', 'TimeoutError')), s.timeoutMs);
  const signal = callerSignal ? AbortSignal.any([callerSignal, timeout.signal]) : timeout.signal;
  // Work that ignores its signal (the cloud SDK) still loses the race.
  const aborted = new Promise<never>((_, reject) => {
    signal.addEventListener('abort', () => reject(signal.reason), { once: true });
  });
  aborted.catch(() => undefined);
  try {
    return await Promise.race([work(signal), aborted]);
  } catch (e) {
    if (ProviderError.isInstance(e)) throw e;
    if (callerSignal?.aborted) throw abortReason(callerSignal);
    if (timeout.signal.aborted) throw timeoutError(s.provider, s.timeoutMs, e);
    throw upstreamError(s.provider, `网络请求失败（${describe(e)}）`, e);
  } finally {
    clearTimeout(timer);
  }
}

function describe(e: unknown): string {
  if (e instanceof Error) {
    const cause = (e as { cause?: { code?: string; message?: string } }).cause;
    return cause?.code ?? cause?.message ?? e.message;
  }
  return String(e);
}

/** One HTTP exchange; the body is read inside the same deadline. Never throws on HTTP status. */
export async function request(s: HttpSettings, url: string, init: RequestInit, callerSignal?: AbortSignal): Promise<HttpReply> {
  return withDeadline(s, callerSignal, async (signal) => {
    const res = await s.fetch(url, { ...init, signal });
    const text = await res.text();
    return { status: res.status, headers: res.headers, text, ...parseBody(res.headers.get('content-type'), text) };
  });
}

export function parseBody(contentType: string | null, text: string): { json: unknown; problem?: string } {
  const body = text.trim();
  if (!body) return { json: undefined, problem: '返回内容为空' };
  if (/text\/html/i.test(contentType ?? '') || body.startsWith('<')) {
    const title = /<title[^>]*>([^<]*)<\/title>/i.exec(body)?.[1]?.trim();
    return { json: undefined, problem: `返回了 HTML 错误页面${title ? `（${title.slice(0, 80)}）` : ''}，而不是 JSON 数据` };
  }
  try {
    return { json: JSON.parse(body) };
  } catch {
    return { json: undefined, problem: `返回内容不完整或不是 JSON（${body.length} 字节，开头：${body.slice(0, 40)}）` };
  }
}

/** multipart file part with a name and type the providers accept. */
export function imageBlob(bytes: Buffer, mime: string): Blob {
  return new Blob([new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength)], { type: mime });
}

export function fileName(mime: string): string {
  return mime === 'image/png' ? 'image.png' : mime === 'image/webp' ? 'image.webp' : 'image.jpg';
}

/**
 * A non-2xx answer: the body's own code (when the body is JSON and has one) wins, else the status,
 * through the catalogue. An unreadable error page that maps to UPSTREAM says what was received.
 */
export function statusError(provider: CatalogueProvider, reply: HttpReply, bodyCode: unknown, detail: unknown): ProviderError {
  const code = typeof bodyCode === 'number' || (typeof bodyCode === 'string' && bodyCode !== '') ? bodyCode : undefined;
  const err = providerError(provider, code, {
    httpStatus: reply.status,
    ...(detail === undefined || detail === null ? {} : { detail: String(detail) }),
  });
  if (reply.problem && reply.text.trim() !== '' && err.code === 'UPSTREAM') {
    return upstreamError(provider, `HTTP ${reply.status}，${reply.problem}`, err, err.providerCode);
  }
  return err;
}
