// Data protection: photos deleted after the retention period with the fields kept.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runScheduledJobs } from '../../server/delivery';
import { redeliver } from '../../server/delivery';
import { pruneDeliveredPayloads, purgeExpiredPhotos, retentionCutoff } from '../../server/retention';
import { purgeExpiredExports } from '../../server/retention/exports';
import { loadConfig } from '../../server/config';
import { handleRecords } from '../../server/records/handlers';
import { testPipeline } from './support';
import { memoryStore, newRecord, submitted } from '../delivery/support';
import { testPhotos } from './support';

let store: Awaited<ReturnType<typeof memoryStore>>;
let photos: ReturnType<typeof testPhotos>;
beforeEach(async () => {
  store = await memoryStore();
  photos = testPhotos();
});
afterEach(async () => {
  await store.close();
});

const DAY = 86_400_000;

async function recordWithPhoto(ageDays: number, now: Date) {
  const fileID = await photos.put(Buffer.from([0xff, 0xd8, 0xff, 0xe0, 1, 2, 3]), 'image/jpeg', 'o-user');
  const rec = await store.insertRecord(newRecord({ fileID, createdAt: new Date(now.getTime() - ageDays * DAY).toISOString() }));
  return { rec, fileID };
}

describe('photo retention', () => {
  it('deletes photos older than PHOTO_RETENTION_DAYS, keeps the fields, and leaves younger ones', async () => {
    const now = new Date('2026-11-22T04:00:00Z');
    const old1 = await recordWithPhoto(91, now);
    const old2 = await recordWithPhoto(365, now);
    const young = await recordWithPhoto(89, now);

    const r = await runScheduledJobs({
      store,
      photos,
      config: { WEBHOOK_URL: undefined, WEBHOOK_SECRET: undefined, PHOTO_RETENTION_DAYS: 90 },
      now: () => now,
    });
    expect(r).toEqual({ delivery: null, reminders: null, filings: null, retention: { purged: 2, failed: 0 }, payloadsPruned: 0, exports: null });
    for (const { rec, fileID } of [old1, old2]) {
      const after = (await store.getRecord(rec._id))!;
      expect(after.fileID).toBeNull();
      expect(after.recognized).toEqual(rec.recognized);
      expect(await photos.get(fileID)).toBeNull();
    }
    expect((await store.getRecord(young.rec._id))!.fileID).toBe(young.fileID);
    expect(await photos.get(young.fileID)).not.toBeNull();
    // Nothing left: a second run is a no-op.
    expect(await purgeExpiredPhotos(store, photos, { retentionDays: 90, now: () => now })).toEqual({ purged: 0, failed: 0 });
  });

  it('0 days keeps photos forever', async () => {
    const now = new Date();
    const { rec } = await recordWithPhoto(3650, now);
    expect(await purgeExpiredPhotos(store, photos, { retentionDays: 0, now: () => now })).toEqual({ purged: 0, failed: 0 });
    expect((await store.getRecord(rec._id))!.fileID).not.toBeNull();
  });

  it('works in batches and keeps going past a photo it cannot delete', async () => {
    const now = new Date();
    const made = [];
    for (let i = 0; i < 7; i++) made.push(await recordWithPhoto(100 + i, now));
    const broken = made[2]!.fileID;
    const flaky = {
      ...photos,
      delete: async (id: string) => {
        if (id === broken) throw new Error('storage unavailable');
        await photos.delete(id);
      },
    };
    const r = await purgeExpiredPhotos(store, flaky, { retentionDays: 30, now: () => now, batchSize: 2 });
    expect(r).toEqual({ purged: 6, failed: 1 });
    expect((await store.getRecord(made[2]!.rec._id))!.fileID).toBe(broken); // retried next run
    expect(retentionCutoff(new Date('2026-11-22T00:00:00Z'), 1)).toBe('2026-11-21T00:00:00.000Z');
  });
});

describe('delivered outbox payloads', () => {
  async function delivered(deliveredAt: Date | null) {
    const rec = await submitted(store);
    const entry = (await store.getDeliveryByRecord(rec._id))!;
    if (deliveredAt) await store.updateDelivery(entry._id, { status: 'delivered', attempts: 1, deliveredAt: deliveredAt.toISOString() });
    return rec;
  }

  it('are dropped after the retention period; the status stays and redelivery is refused', async () => {
    const now = new Date('2026-11-22T04:00:00Z');
    const old = await delivered(new Date(now.getTime() - 91 * DAY));
    const young = await delivered(new Date(now.getTime() - 89 * DAY));
    const pending = await delivered(null);
    const r = await runScheduledJobs({
      store,
      photos,
      config: { WEBHOOK_URL: undefined, WEBHOOK_SECRET: undefined, PHOTO_RETENTION_DAYS: 90 },
      now: () => now,
    });
    expect(r.payloadsPruned).toBe(1);
    expect(await store.getDeliveryByRecord(old._id)).toMatchObject({ status: 'delivered', attempts: 1, payload: null });
    expect((await store.getRecord(old._id))!.delivery).toBe('delivered');
    expect((await store.getDeliveryByRecord(young._id))!.payload).toMatchObject({ record: { id: young._id } });
    expect((await store.getDeliveryByRecord(pending._id))!.payload).toMatchObject({ record: { id: pending._id } });
    await expect(redeliver(store, old._id, now)).rejects.toMatchObject({ code: 'CONFLICT' });
    expect(await pruneDeliveredPayloads(store, { retentionDays: 90, now: () => now })).toBe(0);
  });

  it('0 days keeps them; batches go on until nothing is left', async () => {
    const now = new Date();
    for (let i = 0; i < 5; i++) await delivered(new Date(now.getTime() - (200 + i) * DAY));
    expect(await pruneDeliveredPayloads(store, { retentionDays: 0, now: () => now })).toBe(0);
    expect(await pruneDeliveredPayloads(store, { retentionDays: 30, now: () => now, batchSize: 2 })).toBe(5);
  });
});

describe('export files', () => {
  it('are deleted an hour after the export, found through the audit log', async () => {
    const admin = 'o-admin';
    let t = new Date('2026-11-22T02:00:00Z');
    const ctx = {
      openid: admin,
      isAdmin: true,
      store,
      photos,
      pipeline: testPipeline(),
      config: loadConfig({ ADMIN_OPENIDS: admin }),
      now: () => t,
    };
    await store.insertRecord(newRecord());
    const first = (await handleRecords(ctx, { action: 'export', full: true })) as { fileID: string };
    t = new Date('2026-11-22T02:40:00Z');
    const second = (await handleRecords(ctx, { action: 'export' })) as { fileID: string };
    expect(await photos.get(first.fileID)).not.toBeNull();

    // 30 minutes after the first: nothing is old enough.
    expect(await purgeExpiredExports(store, photos, { now: () => new Date('2026-11-22T02:30:00Z') })).toEqual({ deleted: 0, failed: 0 });
    // 70 minutes after the first, 30 after the second: only the first goes.
    const later = new Date('2026-11-22T03:10:00Z');
    const r = await runScheduledJobs({
      store,
      photos,
      config: { WEBHOOK_URL: undefined, WEBHOOK_SECRET: undefined, PHOTO_RETENTION_DAYS: 0 },
      now: () => later,
      sweepExports: true,
    });
    expect(r.exports).toEqual({ deleted: 1, failed: 0 });
    expect(await photos.get(first.fileID)).toBeNull();
    expect(await photos.get(second.fileID)).not.toBeNull();
    // Beyond the look-back window nothing is read.
    expect(await purgeExpiredExports(store, photos, { now: () => new Date('2026-11-30T00:00:00Z') })).toEqual({ deleted: 0, failed: 0 });
  });
});
