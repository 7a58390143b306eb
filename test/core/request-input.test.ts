// The request schemas refuse what no store can hold or no clock can read — NUL, lone surrogates,
// impossible dates, object-machinery keys — with the field named in the issue path.
import { describe, expect, it } from 'vitest';
import { isWellFormedText } from '../../core/contracts/input';
import { ExportRequestSchema, ListRequestSchema, OcrRequestSchema, StatsRequestSchema, SubmitRequestSchema } from '../../core/contracts/records';

const paths = (r: { success: boolean; error?: { issues: { path: PropertyKey[] }[] } }) => r.error?.issues.map((i) => i.path.join('.')) ?? [];

describe('request text', () => {
  it('tells well-formed text from text with a NUL or a lone surrogate', () => {
    expect(isWellFormedText('粤B12345 😀')).toBe(true);
    expect(isWellFormedText('')).toBe(true);
    expect(isWellFormedText('a\u0000b')).toBe(false);
    expect(isWellFormedText('a\ud800')).toBe(false);
    expect(isWellFormedText('\ud800b')).toBe(false);
    expect(isWellFormedText('a\udc00b')).toBe(false);
    expect(isWellFormedText('\ud83d\ude00\udc00')).toBe(false);
  });

  it('refuses a NUL or a lone surrogate in any request string, naming the field', () => {
    expect(paths(ListRequestSchema.safeParse({ action: 'list', q: '粤B\u0000' }))).toEqual(['q']);
    expect(paths(ListRequestSchema.safeParse({ action: 'list', docType: 'x\ud800' }))).toEqual(['docType']);
    expect(paths(SubmitRequestSchema.safeParse({ action: 'submit', id: 'r1', fields: { owner: '张三\u0000' } }))).toEqual(['fields.owner']);
    expect(paths(SubmitRequestSchema.safeParse({ action: 'submit', id: 'r1', fields: { ['own\udfffer']: '张三' } }))).toEqual(['fields.own\udfffer']);
    expect(paths(SubmitRequestSchema.safeParse({ action: 'submit', id: 'r\u0000', fields: {} }))).toEqual(['id']);
    expect(paths(OcrRequestSchema.safeParse({ fileID: 'cloud://x\ud800', docType: 'vehicle_license' }))).toEqual(['fileID']);
    expect(paths(ExportRequestSchema.safeParse({ action: 'export', q: '\u0000' }))).toEqual(['q']);
    expect(ListRequestSchema.safeParse({ action: 'list', q: '粤B12345 😀' }).success).toBe(true);
  });

  it('refuses impossible dates and unreadable instants in list, export and stats filters', () => {
    for (const bad of ['2026-13-45', '2026-02-30', '2026-00-10', '2026-01-01T99:99:99Z']) {
      expect(paths(ListRequestSchema.safeParse({ action: 'list', from: bad }))).toEqual(['from']);
      expect(paths(ExportRequestSchema.safeParse({ action: 'export', to: bad }))).toEqual(['to']);
      expect(paths(StatsRequestSchema.safeParse({ action: 'stats', from: bad }))).toEqual(['from']);
    }
    expect(ListRequestSchema.safeParse({ action: 'list', from: '2024-02-29', to: '2026-01-01T12:00:00.000Z' }).success).toBe(true);
  });

  it('refuses __proto__, constructor and prototype as submitted field names', () => {
    for (const key of ['__proto__', 'constructor', 'prototype']) {
      const body = JSON.parse(`{"action":"submit","id":"r1","fields":{"owner":"张三","${key}":"x"}}`) as unknown;
      expect(paths(SubmitRequestSchema.safeParse(body))).toEqual([`fields.${key}`]);
    }
    expect(SubmitRequestSchema.safeParse({ action: 'submit', id: 'r1', fields: { owner: '张三' } }).data?.fields).toEqual({ owner: '张三' });
  });
});
