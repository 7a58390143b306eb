// The edge both platforms share: the caller guard and the mapping of failures to answers. The HTTP app
// and the cloud functions use these two (test/records/matrix.ts runs the access table over both).
import { describe, expect, it } from 'vitest';
import { API_ERROR_CODES, API_ERROR_HTTP_STATUS, ApiError } from '../../core/contracts/errors';
import type { HandlerContext } from '../../server/records/context';
import { requireCaller, toErrorResponse } from '../../server/records/edge';

const ctx = (openid: string | null) => ({ openid, isAdmin: false, now: () => new Date() }) as unknown as HandlerContext;

describe('requireCaller', () => {
  it('refuses an anonymous caller with UNAUTHENTICATED 请先登录', () => {
    expect(() => requireCaller(ctx(null))).toThrow(expect.objectContaining({ code: 'UNAUTHENTICATED', message: '请先登录' }));
    expect(() => requireCaller(ctx(''))).toThrow(ApiError);
  });

  it('returns the context with the caller known', () => {
    expect(requireCaller(ctx('o-a')).openid).toBe('o-a');
  });
});

describe('toErrorResponse', () => {
  it('answers every refusal with its status from the table, its code, message and details', () => {
    const log: string[] = [];
    for (const code of API_ERROR_CODES) {
      const r = toErrorResponse(new ApiError(code, '某个原因', { field: 'x' }), (l) => log.push(l));
      expect(r).toEqual({ status: API_ERROR_HTTP_STATUS[code], body: { code, message: '某个原因', details: { field: 'x' } }, retryAfterSeconds: null });
    }
    expect(log).toEqual([]);
  });

  it('asks for Retry-After in whole seconds when a refusal says how long to wait', () => {
    const r = toErrorResponse(new ApiError('RATE_LIMITED', '请稍后重试', { retryAfterSeconds: 4.2 }), () => undefined);
    expect(r).toMatchObject({ status: 429, retryAfterSeconds: 5 });
    expect(toErrorResponse(new ApiError('RATE_LIMITED', '请稍后重试', { retryAfterSeconds: -1 }), () => undefined).retryAfterSeconds).toBeNull();
  });

  it('hides an unexpected failure behind INTERNAL 500 and logs its name, not the request', () => {
    const log: string[] = [];
    const r = toErrorResponse(new TypeError('boom'), (l) => log.push(l));
    expect(r).toEqual({ status: 500, body: { code: 'INTERNAL', message: '服务出错了，请稍后重试' }, retryAfterSeconds: null });
    expect(log).toHaveLength(1);
    expect(JSON.parse(log[0]!)).toMatchObject({ level: 'error', name: 'TypeError' });
    expect(toErrorResponse('a thrown string', () => undefined).body.code).toBe('INTERNAL');
  });
});
