// The error catalogue: every code documented in provider-docs maps to a DESIGN.md code with a
// retryable flag and a Chinese message. The lists below are transcribed from the docs.
import { describe, expect, it } from 'vitest';
import { PROVIDER_ERROR_CODES, ProviderError } from '../../core/contracts/errors';
import { ERROR_CATALOGUE, lookupError, malformedPayload, providerError } from '../../core/errors/catalogue';

type Expect = readonly [code: string, mapped: string, retryable: boolean];

const WECHAT: Expect[] = [
  ['-1', 'UPSTREAM', true],
  ['40001', 'AUTH', true],
  ['42001', 'AUTH', true],
  ['45009', 'QUOTA', false],
  ['45011', 'RATE_LIMIT', true],
  ['101000', 'BAD_IMAGE', false],
  ['101001', 'NOT_FOUND_IN_IMAGE', false],
  ['101002', 'BAD_IMAGE', false],
  ['101003', 'QUOTA', false],
];

const JUHE_SYSTEM: Expect[] = [
  ['10001', 'AUTH', false], ['10002', 'AUTH', false], ['10003', 'AUTH', false], ['10004', 'AUTH', false], ['10005', 'AUTH', false],
  ['10007', 'AUTH', false], ['10008', 'AUTH', false], ['10009', 'AUTH', false], ['10011', 'RATE_LIMIT', true], ['10012', 'QUOTA', false],
  ['10013', 'QUOTA', false], ['10014', 'UPSTREAM', true], ['10020', 'UPSTREAM', true], ['10021', 'UPSTREAM', false],
];
const JUHE: Expect[] = [
  ['215300', 'UPSTREAM', true], ['215301', 'UPSTREAM', false], ['215302', 'BAD_IMAGE', false], ['215303', 'UNSUPPORTED', false],
  ['215304', 'BAD_IMAGE', false], ['215305', 'NOT_FOUND_IN_IMAGE', false], ['215306', 'UPSTREAM', true], ['215307', 'UPSTREAM', true],
  ['215308', 'NOT_FOUND_IN_IMAGE', false],
  ['253001', 'BAD_IMAGE', false], ['253002', 'UPSTREAM', true],
  ['277301', 'TIMEOUT', true], ['277302', 'BAD_IMAGE', false], ['277306', 'NOT_FOUND_IN_IMAGE', false], ['277307', 'UPSTREAM', false],
  ...JUHE_SYSTEM,
  // the old resultcode column of the system table
  ...JUHE_SYSTEM.map(([c, m, r]) => [String(Number(c) - 9900), m, r] as const),
];

const KUAITONG: Expect[] = [
  ['1009', 'BAD_IMAGE', false],
  ['http:400', 'BAD_IMAGE', false],
  ['http:401', 'AUTH', false],
  ['http:402', 'QUOTA', false],
  ['http:403', 'AUTH', false],
  ['http:404', 'UPSTREAM', false],
  ['http:413', 'BAD_IMAGE', false],
  ['http:500', 'UPSTREAM', true],
  ['http:502', 'UPSTREAM', true],
];

describe('error catalogue', () => {
  for (const [provider, list] of [['wechat', WECHAT], ['juhe', JUHE], ['kuaitong', KUAITONG]] as const) {
    it(`maps every documented ${provider} code`, () => {
      for (const [code, mapped, retryable] of list) {
        const entry = ERROR_CATALOGUE[provider][code];
        expect(entry, `${provider} ${code}`).toBeDefined();
        expect([entry?.code, entry?.retryable], `${provider} ${code}`).toEqual([mapped, retryable]);
      }
    });
  }

  it('has a Chinese message and a DESIGN.md code for every entry', () => {
    let n = 0;
    for (const table of Object.values(ERROR_CATALOGUE)) {
      for (const [code, entry] of Object.entries(table)) {
        expect(PROVIDER_ERROR_CODES, code).toContain(entry.code);
        expect(entry.message, code).toMatch(/[\u4e00-\u9fff]/);
        expect(typeof entry.retryable).toBe('boolean');
        expect(entry.providerText.length).toBeGreaterThan(0);
        n++;
      }
    }
    expect(n).toBeGreaterThanOrEqual(WECHAT.length + JUHE.length + KUAITONG.length);
  });

  it('builds a ProviderError from a body code', () => {
    const e = providerError('wechat', 101003, { detail: 'not enough market quota' });
    expect(e).toBeInstanceOf(ProviderError);
    expect(e.toJSON()).toEqual({ provider: 'wechat', code: 'QUOTA', retryable: false, providerCode: '101003', message: expect.stringMatching(/额度/) });
    expect(e.cause).toBe('not enough market quota');
  });

  it('prefers the body code to the HTTP status, and falls back to the status', () => {
    expect(providerError('kuaitong', 1009, { httpStatus: 500 }).code).toBe('BAD_IMAGE');
    const byStatus = providerError('kuaitong', undefined, { httpStatus: 402 });
    expect([byStatus.code, byStatus.providerCode]).toEqual(['QUOTA', 'http:402']);
    expect(providerError('kuaitong', 99999, { httpStatus: 413 }).code).toBe('BAD_IMAGE');
  });

  it('maps undocumented gateway statuses sensibly', () => {
    expect(lookupError('juhe', undefined, 429)?.code).toBe('RATE_LIMIT');
    expect(lookupError('wechat', undefined, 504)?.code).toBe('TIMEOUT');
    expect(lookupError('juhe', undefined, 503)).toMatchObject({ code: 'UPSTREAM', retryable: true });
    expect(lookupError('juhe', undefined, 418)).toBeUndefined();
  });

  it('turns an unknown code into a non-retryable UPSTREAM error that names it', () => {
    const e = providerError('juhe', 299999, { detail: '奇怪的错误' });
    expect([e.code, e.retryable, e.providerCode]).toEqual(['UPSTREAM', false, '299999']);
    expect(e.message).toContain('299999');
    expect(e.message).toContain('奇怪的错误');
    expect(providerError('wechat', undefined).providerCode).toBeUndefined();
  });

  it('does not read inherited properties as codes', () => {
    expect(lookupError('juhe', 'constructor')).toBeUndefined();
    expect(lookupError('wechat', '__proto__')).toBeUndefined();
  });

  it('reports malformed payloads as UPSTREAM', () => {
    const e = malformedPayload('juhe', 'result is not an object');
    expect([e.code, e.providerCode, e.retryable]).toEqual(['UPSTREAM', 'MALFORMED', false]);
  });
});
