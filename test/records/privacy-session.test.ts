import { describe, expect, it } from 'vitest';
import { looksLikeIdNumber, maskDeep, maskIdNumber } from '../../core/privacy/mask';
import { signSession, verifySession } from '../../server/identity/session';

describe('ID number masking', () => {
  it('keeps only the first and the last character, so that address and birth date cannot rebuild the number', () => {
    expect(maskIdNumber('11010519491231002X')).toBe('1****************X');
    expect(maskIdNumber('110105491231002')).toBe('1*************2');
    // Region (from the address), birth date (its own field), sex: the sequence digits stay hidden.
    const masked = maskIdNumber('11010519491231002X');
    for (const part of ['110105', '19491231', '002', '002X']) expect(masked).not.toContain(part);
    expect(looksLikeIdNumber('11010519491231002x')).toBe(true);
    expect(looksLikeIdNumber('LSVAM4187C2184847')).toBe(false);
  });

  it('masks idNumber always, licenseNo when it is an ID, and ID-shaped runs inside any text — not VINs or plates', () => {
    const record = {
      recognized: {
        idNumber: { value: 'X-123', warnings: [] },
        licenseNo: { value: '11010519491231002X', warnings: [], suggestion: '110105194912310021' },
        vin: { value: 'LSVAM4187C2184847', warnings: [] },
        plateNo: { value: '粤B12345', warnings: [] },
      },
      submitted: { licenseNo: 'A1234567', idNumber: '11010519491231002X' },
      corrections: { idNumber: { from: '110105194912310021', to: '11010519491231002X' } },
      raw: { words: '公民身份号码 11010519491231002X 住址' },
    };
    const m = maskDeep(record);
    expect(m.recognized.idNumber.value).toBe('****');
    expect(m.recognized.licenseNo.value).toBe('1****************X');
    expect(m.recognized.licenseNo.suggestion).toBe('1****************1');
    expect(m.recognized.vin.value).toBe('LSVAM4187C2184847');
    expect(m.recognized.plateNo.value).toBe('粤B12345');
    expect(m.submitted.licenseNo).toBe('A1234567');
    expect(m.corrections.idNumber.to).toBe('1****************X');
    expect(m.raw.words).toBe('公民身份号码 1****************X 住址');
    expect(record.submitted.idNumber).toBe('11010519491231002X'); // the input is not modified
  });

  it('masks ID numbers written with spaces, dashes or full-width digits inside free text', () => {
    const cases: [string, string][] = [
      ['备注：证件 110105 19491231 002X 已核对', '备注：证件 1****************X 已核对'],
      ['身份证110105-1949-1231-002x。', '身份证1****************X。'],
      ['号码 １１０１０５１９４９１２３１００２Ｘ', '号码 1****************X'],
      ['旧证 110 105 491 231 002', '旧证 1*************2'],
      ['ID:1101\u300005194912310021', 'ID:1****************1'],
    ];
    for (const [text, want] of cases) expect(maskDeep({ remarks: text }).remarks, text).toBe(want);
    expect(maskDeep({ address: '北京市东城区１１０１０５１９４９１２３１００２Ｘ号' }).address).not.toMatch(/[0-9０-９]{6}/);
    // Not IDs: a VIN, a phone number, a date, a 19-digit bank card number's shape left to its own rules.
    for (const keep of ['LSVAM4187C2184847', '手机 138 0013 8000', '2018-07-06 至 2024-07-06', '外廓尺寸 4750×1820×1465mm']) {
      expect(maskDeep({ remarks: keep }).remarks).toBe(keep);
    }
  });
});

describe('session tokens', () => {
  const now = new Date('2026-11-22T00:00:00.000Z');
  it('round-trips an openid until it expires', () => {
    const { token, expiresAt } = signSession('o-abc', 'k', { now, ttlSeconds: 60 });
    expect(expiresAt).toBe('2026-11-22T00:01:00.000Z');
    expect(verifySession(token, 'k', now)).toBe('o-abc');
    expect(verifySession(token, 'k', new Date(now.getTime() + 61_000))).toBeNull();
  });

  it('refuses another key, a changed payload and junk', () => {
    const { token } = signSession('o-abc', 'k', { now });
    expect(verifySession(token, 'other', now)).toBeNull();
    const [, sig] = token.split('.');
    const forged = Buffer.from(JSON.stringify({ v: 1, sub: 'o-admin', exp: 4102444800 })).toString('base64url');
    expect(verifySession(`${forged}.${sig}`, 'k', now)).toBeNull();
    for (const junk of ['', '.', 'a.b.c', 'x'.repeat(5000)]) expect(verifySession(junk, 'k', now)).toBeNull();
    expect(() => signSession('bad openid', 'k')).toThrow();
  });
});
