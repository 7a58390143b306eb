// AuditLog: entries appended and listed newest first, with paging.
import { beforeEach, describe, expect, it } from 'vitest';
import type { AuditLog } from '../../../server/stores/types';
import type { ContractRef } from './fixtures';

export function auditLogContract(ref: ContractRef): void {
  // Read when a test runs: the harness is set up in the caller's beforeAll.
  let store: AuditLog;
  beforeEach(() => {
    store = ref.store;
  });

  describe('audit log', () => {
    it('appends audit entries and lists them newest first with paging', async () => {
      for (let i = 0; i < 5; i++) {
        await store.appendAudit({ actor: 'o-admin', action: `act-${i}`, target: i % 2 ? `r${i}` : null, details: { i }, at: `2026-11-20T08:0${i}:00.000Z` });
      }
      const p1 = await store.listAudit(1, 2);
      expect(p1.total).toBe(5);
      expect(p1.items.map((e) => e.action)).toEqual(['act-4', 'act-3']);
      expect(p1.items[1]).toMatchObject({ actor: 'o-admin', target: 'r3', details: { i: 3 }, at: '2026-11-20T08:03:00.000Z' });
      expect((await store.listAudit(3, 2)).items.map((e) => e.action)).toEqual(['act-0']);
    });

    it('filters the audit log by person, action and an inclusive time range, with totals', async () => {
      const entries = [
        ['o-x', 'export', '2026-11-20T08:00:00.000Z'],
        ['o-x', 'view', '2026-11-20T09:00:00.000Z'],
        ['o-y', 'export', '2026-11-21T08:00:00.000Z'],
        ['o-x', 'export', '2026-11-22T08:00:00.000Z'],
      ] as const;
      for (const [actor, action, at] of entries) await store.appendAudit({ actor, action, target: null, details: { at }, at });
      const log = (filter: Parameters<AuditLog['listAudit']>[2], page = 1, size = 10) => store.listAudit(page, size, filter);
      expect((await log({ actor: 'o-x' })).total).toBe(3);
      expect((await log({ action: 'export' })).items.map((e) => e.at)).toEqual(['2026-11-22T08:00:00.000Z', '2026-11-21T08:00:00.000Z', '2026-11-20T08:00:00.000Z']);
      const both = await log({ actor: 'o-x', action: 'export' }, 2, 1);
      expect(both.total).toBe(2);
      expect(both.items.map((e) => e.at)).toEqual(['2026-11-20T08:00:00.000Z']);
      expect((await log({ from: '2026-11-20T08:30:00.000Z', to: '2026-11-21' })).items.map((e) => e.action)).toEqual(['export', 'view']);
      expect((await log({ actor: 'o-z' })).total).toBe(0);
    });
  });
}
