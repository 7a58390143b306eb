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
  });
}
