// The dossier store contract: one suite, run against every driver (dossiers.*.test.ts), as the record
// store's contract is. Records are inserted through the record store of the same database.
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import type { DossierStore } from '../../server/stores/dossiers/types';
import type { RecordStore } from '../../server/stores/types';
import { newRecord } from './contract';

export interface DossierHarness {
  dossiers: DossierStore;
  records: RecordStore;
  reset(): Promise<void>;
  close(): Promise<void>;
}

export function runDossierContract(label: string, setup: () => Promise<DossierHarness>): void {
  describe(`dossier store contract: ${label}`, () => {
    let h: DossierHarness;
    beforeEach(async () => {
      h ??= await setup();
      await h.reset();
    });
    afterAll(async () => h?.close());

    const record = async (openid = 'o-user-a') => (await h.records.insertRecord(newRecord({ _openid: openid })))._id;
    const vehicle = (over: Partial<{ openid: string; vin: string | null; plate: string | null }> = {}) => ({
      openid: 'o-user-a',
      vin: 'LSVAM4187C2184847',
      plate: '粤B12345',
      purpose: 'basic' as const,
      title: null,
      ...over,
    });

    it('creates a dossier and reads it back with its members in the order they joined', async () => {
      const d = await h.dossiers.create(vehicle());
      expect(d).toMatchObject({ _openid: 'o-user-a', vin: 'LSVAM4187C2184847', plate: '粤B12345', purpose: 'basic', recordIds: [] });
      const a = await record();
      const b = await record();
      await h.dossiers.attach(d._id, a);
      await h.dossiers.attach(d._id, b);
      expect((await h.dossiers.get(d._id))?.recordIds).toEqual([a, b]);
      expect((await h.dossiers.dossierOf(b))?._id).toBe(d._id);
      expect(await h.dossiers.get('missing')).toBeNull();
    });

    it("finds a user's dossier by VIN, else by plate when a VIN is unknown, never another user's", async () => {
      const d = await h.dossiers.create(vehicle());
      const noVin = await h.dossiers.create(vehicle({ vin: null, plate: '粤B99999' }));
      await h.dossiers.create(vehicle({ openid: 'o-user-b', vin: 'LFV2A21K1A3012345' }));
      expect((await h.dossiers.findForVehicle('o-user-a', { vin: 'LSVAM4187C2184847', plate: null }))?._id).toBe(d._id);
      expect((await h.dossiers.findForVehicle('o-user-a', { vin: null, plate: '粤B12345' }))?._id).toBe(d._id);
      expect((await h.dossiers.findForVehicle('o-user-a', { vin: 'LFV3A23C0D3000001', plate: '粤B99999' }))?._id).toBe(noVin._id);
      // Same plate, a different VIN: another vehicle (plates are reissued).
      expect(await h.dossiers.findForVehicle('o-user-a', { vin: 'LFV3A23C0D3000001', plate: '粤B12345' })).toBeNull();
      expect(await h.dossiers.findForVehicle('o-user-b', { vin: 'LSVAM4187C2184847', plate: null })).toBeNull();
    });

    it('moves a record from one dossier to another, detaches it, and forgets a deleted record', async () => {
      const d1 = await h.dossiers.create(vehicle());
      const d2 = await h.dossiers.create(vehicle({ vin: null, plate: '粤B99999' }));
      const r = await record();
      await h.dossiers.attach(d1._id, r);
      await h.dossiers.attach(d2._id, r);
      expect((await h.dossiers.get(d1._id))?.recordIds).toEqual([]);
      expect((await h.dossiers.get(d2._id))?.recordIds).toEqual([r]);
      expect(await h.dossiers.detach(r)).toBe(true);
      expect(await h.dossiers.detach(r)).toBe(false);
      expect(await h.dossiers.dossierOf(r)).toBeNull();
      await h.dossiers.attach(d1._id, r);
      await h.dossiers.setExpiries({ recordId: r, openid: 'o-user-a', docType: 'vehicle_license' }, [{ field: 'inspectionRecord', date: '2027-06-30' }]);
      await h.records.deleteRecord(r);
      await h.dossiers.forgetRecord(r);
      expect((await h.dossiers.get(d1._id))?.recordIds).toEqual([]);
      expect(await h.dossiers.expiriesOf([r])).toEqual([]);
    });

    it('lists dossiers per user or for everyone, searched by plate or VIN, paged', async () => {
      await h.dossiers.create(vehicle());
      await h.dossiers.create(vehicle({ vin: null, plate: '粤B99999' }));
      await h.dossiers.create(vehicle({ openid: 'o-user-b', vin: 'LFV2A21K1A3012345', plate: '京A00001' }));
      expect((await h.dossiers.list({ openid: 'o-user-a', page: 1, pageSize: 10 })).total).toBe(2);
      expect((await h.dossiers.list({ page: 1, pageSize: 10 })).total).toBe(3);
      const byVin = await h.dossiers.list({ q: 'lfv2a21', page: 1, pageSize: 10 });
      expect(byVin.items.map((d) => d.plate)).toEqual(['京A00001']);
      expect((await h.dossiers.list({ q: '99999', openid: 'o-user-b', page: 1, pageSize: 10 })).total).toBe(0);
      const page2 = await h.dossiers.list({ page: 2, pageSize: 2 });
      expect(page2.items).toHaveLength(1);
      expect(page2.total).toBe(3);
    });

    it('updates purpose and title, and removes a dossier leaving its records', async () => {
      const d = await h.dossiers.create(vehicle());
      const r = await record();
      await h.dossiers.attach(d._id, r);
      expect(await h.dossiers.update(d._id, { purpose: 'rental', title: '租赁车 1 号' })).toMatchObject({ purpose: 'rental', title: '租赁车 1 号' });
      expect(await h.dossiers.update('missing', { purpose: 'rental' })).toBeNull();
      expect(await h.dossiers.remove(d._id)).toBe(true);
      expect(await h.dossiers.get(d._id)).toBeNull();
      expect(await h.dossiers.dossierOf(r)).toBeNull();
      expect(await h.records.getRecord(r)).not.toBeNull();
    });

    it('replaces the expiries of a record and lists those due, soonest first, filtered', async () => {
      const a = await record();
      const b = await record('o-user-b');
      await h.dossiers.setExpiries({ recordId: a, openid: 'o-user-a', docType: 'vehicle_license' }, [{ field: 'inspectionRecord', date: '2026-01-31' }]);
      await h.dossiers.setExpiries({ recordId: a, openid: 'o-user-a', docType: 'vehicle_license' }, [{ field: 'inspectionRecord', date: '2027-06-30' }]);
      await h.dossiers.setExpiries({ recordId: b, openid: 'o-user-b', docType: 'id_card' }, [{ field: 'validPeriod', date: '2026-12-20' }]);
      expect(await h.dossiers.expiriesOf([a, b])).toEqual([
        { recordId: b, openid: 'o-user-b', docType: 'id_card', field: 'validPeriod', date: '2026-12-20' },
        { recordId: a, openid: 'o-user-a', docType: 'vehicle_license', field: 'inspectionRecord', date: '2027-06-30' },
      ]);
      const due = await h.dossiers.listDue({ until: '2027-01-02', page: 1, pageSize: 10 });
      expect(due).toEqual({ items: [expect.objectContaining({ recordId: b, date: '2026-12-20' })], total: 1 });
      expect((await h.dossiers.listDue({ until: '2027-12-31', docType: 'vehicle_license', page: 1, pageSize: 10 })).items.map((e) => e.recordId)).toEqual([a]);
      expect((await h.dossiers.listDue({ from: '2027-01-01', until: '2027-12-31', openid: 'o-user-b', page: 1, pageSize: 10 })).total).toBe(0);
    });

    it('claims a reminder once however many workers race, and gives it back when sending failed', async () => {
      const key = { recordId: 'r-1', field: 'validPeriod', date: '2026-12-20', kind: '30d' };
      const claims = await Promise.all(Array.from({ length: 6 }, () => h.dossiers.claimReminder(key, '2026-11-20T00:00:00.000Z')));
      expect(claims.filter(Boolean)).toHaveLength(1);
      expect(await h.dossiers.claimReminder({ ...key, kind: '7d' }, '2026-12-13T00:00:00.000Z')).toBe(true);
      await h.dossiers.releaseReminder(key);
      expect(await h.dossiers.claimReminder(key, '2026-11-21T00:00:00.000Z')).toBe(true);
    });

    it('counts subscribe-message acceptances and takes them one at a time', async () => {
      expect(await h.dossiers.takeReminderCredit('o-user-a')).toBe(false);
      await h.dossiers.addReminderCredits('o-user-a', 2);
      await h.dossiers.addReminderCredits('o-user-a', 1);
      const takes = await Promise.all(Array.from({ length: 5 }, () => h.dossiers.takeReminderCredit('o-user-a')));
      expect(takes.filter(Boolean)).toHaveLength(3);
    });

    it('keeps a failed filing until it is settled: due in time order, deferred with a count, queued again with the newest choice', async () => {
      const a = await record();
      const b = await record();
      await h.dossiers.queueFiling({ recordId: a, dossierId: null }, '2026-12-01T10:01:00.000Z');
      await h.dossiers.queueFiling({ recordId: b, dossierId: 'd-chosen' }, '2026-12-01T10:00:00.000Z');
      expect(await h.dossiers.dueFilings('2026-12-01T09:59:59.000Z', 10)).toEqual([]);
      expect(await h.dossiers.dueFilings('2026-12-01T10:05:00.000Z', 10)).toEqual([
        { recordId: b, dossierId: 'd-chosen', attempts: 0, nextAttemptAt: '2026-12-01T10:00:00.000Z' },
        { recordId: a, dossierId: null, attempts: 0, nextAttemptAt: '2026-12-01T10:01:00.000Z' },
      ]);
      expect(await h.dossiers.dueFilings('2026-12-01T10:05:00.000Z', 1)).toHaveLength(1);

      await h.dossiers.deferFiling(b, '2026-12-01T11:00:00.000Z');
      expect((await h.dossiers.dueFilings('2026-12-01T10:05:00.000Z', 10)).map((f) => f.recordId)).toEqual([a]);
      expect(await h.dossiers.dueFilings('2026-12-01T11:00:00.000Z', 10)).toContainEqual({ recordId: b, dossierId: 'd-chosen', attempts: 1, nextAttemptAt: '2026-12-01T11:00:00.000Z' });
      // Queued again (another submit of the same record): the newest choice, the attempts kept.
      await h.dossiers.queueFiling({ recordId: b, dossierId: null }, '2026-12-01T10:02:00.000Z');
      expect(await h.dossiers.dueFilings('2026-12-01T10:05:00.000Z', 10)).toContainEqual({ recordId: b, dossierId: null, attempts: 1, nextAttemptAt: '2026-12-01T10:02:00.000Z' });

      await h.dossiers.settleFiling(a);
      await h.dossiers.forgetRecord(b);
      expect(await h.dossiers.dueFilings('2026-12-02T00:00:00.000Z', 10)).toEqual([]);
    });
  });
}
