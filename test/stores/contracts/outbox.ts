// OutboxStore: due entries, leases across workers, status mirrored onto the record, payload retention.
// Entries are queued by a submit, so the suite seeds them through the records part.
import { beforeEach, describe, expect, it } from 'vitest';
import { newRecord, submitInput } from './fixtures';
import type { RecordStore } from '../../../server/stores/types';
import type { ContractRef } from './fixtures';

export function outboxContract(ref: ContractRef): void {
  // Read when a test runs: the harness is set up in the caller's beforeAll.
  let store: RecordStore;
  let h: ContractRef['h'];
  beforeEach(() => {
    store = ref.store;
    h = ref.h;
  });

  describe('outbox', () => {
    async function submitted(i: number, nextAttemptAt: string): Promise<string> {
      const r = await store.insertRecord(newRecord({ _openid: 'o-a' }));
      await store.submitRecord(r._id, submitInput('o-a', { outbox: { idempotencyKey: `key-${i}`, payload: { i }, nextAttemptAt } }));
      return r._id;
    }

    it('returns due pending entries oldest first, up to the limit', async () => {
      const a = await submitted(1, '2026-11-20T08:00:00.000Z');
      const b = await submitted(2, '2026-11-20T07:00:00.000Z');
      await submitted(3, '2026-11-20T09:00:00.000Z');
      const due = await store.dueDeliveries('2026-11-20T08:30:00.000Z', 10);
      expect(due.map((d) => d.recordId)).toEqual([b, a]);
      expect((await store.dueDeliveries('2026-11-20T08:30:00.000Z', 1)).map((d) => d.recordId)).toEqual([b]);
    });

    it('stamps the entry and the record it mirrors onto from the clock the store was given', async () => {
      h.setNow('2026-11-20T08:00:00.000Z');
      const id = await submitted(1, '2026-11-20T08:00:00.000Z');
      expect(await store.getDeliveryByRecord(id)).toMatchObject({ createdAt: '2026-11-20T08:00:00.000Z', updatedAt: '2026-11-20T08:00:00.000Z' });
      h.setNow('2026-11-20T08:05:00.000Z');
      const entry = (await store.getDeliveryByRecord(id))!;
      await store.updateDelivery(entry._id, { status: 'delivered', attempts: 1, deliveredAt: '2026-11-20T08:04:59.000Z' });
      expect((await store.getDeliveryByRecord(id))?.updatedAt).toBe('2026-11-20T08:05:00.000Z');
      expect((await store.getRecord(id))?.updatedAt).toBe('2026-11-20T08:05:00.000Z');
      h.setNow('2026-11-20T08:10:00.000Z');
      await submitted(2, '2026-11-20T08:00:00.000Z');
      expect((await store.claimDeliveries('2026-11-20T08:10:00.000Z', '2026-11-20T08:20:00.000Z', 10))[0]?.updatedAt).toBe('2026-11-20T08:10:00.000Z');
    });

    it('updates an entry and mirrors its status onto the record', async () => {
      const id = await submitted(1, '2026-11-20T08:00:00.000Z');
      const entry = (await store.getDeliveryByRecord(id))!;
      await store.updateDelivery(entry._id, { attempts: 1, lastError: 'HTTP 503', nextAttemptAt: '2026-11-20T08:05:00.000Z' });
      expect(await store.getDeliveryByRecord(id)).toMatchObject({ status: 'pending', attempts: 1, lastError: 'HTTP 503', nextAttemptAt: '2026-11-20T08:05:00.000Z' });
      expect(await store.dueDeliveries('2026-11-20T08:01:00.000Z', 10)).toEqual([]);
      await store.updateDelivery(entry._id, { status: 'delivered', attempts: 2, deliveredAt: '2026-11-20T08:05:01.000Z', lastError: null });
      expect(await store.getDeliveryByRecord(id)).toMatchObject({ status: 'delivered', deliveredAt: '2026-11-20T08:05:01.000Z', lastError: null });
      expect((await store.getRecord(id))?.delivery).toBe('delivered');
      expect(await store.dueDeliveries('2030-01-01T00:00:00.000Z', 10)).toEqual([]);
      await store.updateDelivery(entry._id, { status: 'dead' });
      expect((await store.getRecord(id))?.delivery).toBe('dead');
    });
  });

  describe('outbox claims (atomic across workers)', () => {
    async function queued(i: number, nextAttemptAt: string): Promise<{ recordId: string; entryId: string }> {
      const r = await store.insertRecord(newRecord({ _openid: 'o-a' }));
      await store.submitRecord(r._id, submitInput('o-a', { outbox: { idempotencyKey: `claim-${i}`, payload: { i }, nextAttemptAt } }));
      return { recordId: r._id, entryId: (await store.getDeliveryByRecord(r._id))!._id };
    }

    it('claims due entries oldest first, leases them, and hides them until the lease ends', async () => {
      const a = await queued(1, '2026-11-20T08:00:00.000Z');
      const b = await queued(2, '2026-11-20T07:00:00.000Z');
      await queued(3, '2026-11-20T09:00:00.000Z'); // not due
      const done = await queued(4, '2026-11-20T06:00:00.000Z');
      await store.updateDelivery(done.entryId, { status: 'delivered', deliveredAt: '2026-11-20T06:00:01.000Z' });

      const first = await store.claimDeliveries('2026-11-20T08:30:00.000Z', '2026-11-20T08:40:00.000Z', 1);
      expect(first.map((e) => e.recordId)).toEqual([b.recordId]);
      expect(first[0]).toMatchObject({ status: 'pending', attempts: 0, nextAttemptAt: '2026-11-20T08:40:00.000Z', payload: { i: 2 } });
      const second = await store.claimDeliveries('2026-11-20T08:30:00.000Z', '2026-11-20T08:40:00.000Z', 10);
      expect(second.map((e) => e.recordId)).toEqual([a.recordId]);
      expect(await store.claimDeliveries('2026-11-20T08:35:00.000Z', '2026-11-20T08:45:00.000Z', 10)).toEqual([]);
      expect(await store.dueDeliveries('2026-11-20T08:35:00.000Z', 10)).toEqual([]);
      expect((await store.getDeliveryByRecord(b.recordId))?.nextAttemptAt).toBe('2026-11-20T08:40:00.000Z');

      // Lease over (a crashed worker): due again, to be claimed once more.
      const again = await store.claimDeliveries('2026-11-20T08:41:00.000Z', '2026-11-20T08:51:00.000Z', 10);
      expect(again.map((e) => e.recordId).sort()).toEqual([a.recordId, b.recordId].sort());
      await expect(store.claimDeliveries('2026-11-20T09:00:00.000Z', '2026-11-20T09:00:00.000Z', 10)).rejects.toThrow(/leaseUntil/);
    });

    it('never hands one entry to two of many concurrent claimers', async () => {
      const ids: string[] = [];
      for (let i = 0; i < 12; i++) ids.push((await queued(i, `2026-11-20T07:${String(10 + i).padStart(2, '0')}:00.000Z`)).entryId);
      const got: string[] = [];
      for (let round = 0; round < 20; round++) {
        const batches = await Promise.all(
          Array.from({ length: 8 }, () => store.claimDeliveries('2026-11-20T08:00:00.000Z', '2026-11-20T08:10:00.000Z', 3)),
        );
        const flat = batches.flat().map((e) => e._id);
        if (flat.length === 0) break;
        got.push(...flat);
      }
      expect(got).toHaveLength(12);
      expect([...got].sort()).toEqual([...ids].sort());
    });
  });

  describe('personal data in the outbox', () => {
    const outbox = (nextAttemptAt = '2026-11-20T08:00:00.000Z') => ({ idempotencyKey: `k-${Math.random()}`, payload: { fields: { owner: '张三' } }, nextAttemptAt });

    it('deletes a record’s outbox entry with the record', async () => {
      const r = await store.insertRecord(newRecord({ _openid: 'o-a' }));
      await store.submitRecord(r._id, submitInput('o-a', { outbox: outbox() }));
      const other = await store.insertRecord(newRecord({ _openid: 'o-a' }));
      await store.submitRecord(other._id, submitInput('o-a', { outbox: outbox() }));
      expect(await store.deleteRecord(r._id)).toBe(true);
      expect(await store.getDeliveryByRecord(r._id)).toBeNull();
      expect((await store.dueDeliveries('2030-01-01T00:00:00.000Z', 10)).map((e) => e.recordId)).toEqual([other._id]);
      expect(await store.claimDeliveries('2030-01-01T00:00:00.000Z', '2030-01-01T00:10:00.000Z', 10)).toHaveLength(1);
    });

    it('keeps record and outbox entry together when the delete fails mid-way (one transaction)', async () => {
      const r = await store.insertRecord(newRecord({ _openid: 'o-a' }));
      await store.submitRecord(r._id, submitInput('o-a', { outbox: outbox() }));
      await h.failOutboxWrites(true);
      await expect(store.deleteRecord(r._id)).rejects.toThrow();
      await h.failOutboxWrites(false);
      expect((await store.getRecord(r._id))?.status).toBe('submitted');
      expect(await store.getDeliveryByRecord(r._id)).toMatchObject({ status: 'pending', payload: { fields: { owner: '张三' } } });
      expect(await store.deleteRecord(r._id)).toBe(true);
      expect(await store.getDeliveryByRecord(r._id)).toBeNull();
    });

    it('prunes the payload of entries delivered before the cutoff, keeping their status', async () => {
      const ids: Record<string, string> = {};
      for (const name of ['oldA', 'oldB', 'recent', 'pending', 'dead']) {
        const r = await store.insertRecord(newRecord({ _openid: 'o-a' }));
        await store.submitRecord(r._id, submitInput('o-a', { outbox: outbox() }));
        ids[name] = r._id;
      }
      const entry = async (name: string) => (await store.getDeliveryByRecord(ids[name]!))!;
      await store.updateDelivery((await entry('oldA'))._id, { status: 'delivered', attempts: 1, deliveredAt: '2026-01-01T00:00:00.000Z' });
      await store.updateDelivery((await entry('oldB'))._id, { status: 'delivered', attempts: 1, deliveredAt: '2026-01-02T00:00:00.000Z' });
      await store.updateDelivery((await entry('recent'))._id, { status: 'delivered', attempts: 1, deliveredAt: '2026-11-01T00:00:00.000Z' });
      await store.updateDelivery((await entry('dead'))._id, { status: 'dead', attempts: 10, lastError: 'HTTP 500' });

      expect(await store.pruneDeliveredPayloads('2026-06-01T00:00:00.000Z', 1)).toBe(1);
      expect((await entry('oldA')).payload).toBeNull();
      expect((await entry('oldB')).payload).not.toBeNull();
      expect(await store.pruneDeliveredPayloads('2026-06-01T00:00:00.000Z', 10)).toBe(1);
      expect(await store.pruneDeliveredPayloads('2026-06-01T00:00:00.000Z', 10)).toBe(0);
      expect(await entry('oldB')).toMatchObject({ payload: null, status: 'delivered', attempts: 1, deliveredAt: '2026-01-02T00:00:00.000Z' });
      expect((await store.getRecord(ids.oldB!))?.delivery).toBe('delivered');
      for (const name of ['recent', 'pending', 'dead']) expect((await entry(name)).payload).toEqual({ fields: { owner: '张三' } });
    });
  });
}
