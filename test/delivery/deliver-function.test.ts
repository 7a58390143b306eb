// The timer-triggered cloud function `deliver`, its main run against the wx-server-sdk stand-in.
import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { buildDelivery } from '../../server/delivery';
import { createWechatStore } from '../../server/stores/wechat';
import { createCloudStandin, type StandinCloud } from '../support/wx-cloud-standin';
import { newRecord, startReceiver, type Receiver } from './support';

const standin: { cloud: StandinCloud | null } = vi.hoisted(() => ({ cloud: null }));
vi.mock('wx-server-sdk', async () => (await import('../support/wx-cloud-standin')).forwardingSdk(() => standin.cloud!));

let receiver: Receiver | undefined;
afterEach(async () => {
  await receiver?.close();
  receiver = undefined;
  vi.unstubAllEnvs();
});

describe('cloudfunctions/deliver', () => {
  it('has exactly one timer trigger (the platform allows one per function)', () => {
    const config = JSON.parse(readFileSync(new URL('../../cloudfunctions/deliver/config.json', import.meta.url), 'utf8'));
    expect(config.triggers).toHaveLength(1);
    expect(config.triggers[0]).toMatchObject({ type: 'timer', name: expect.stringMatching(/^[A-Za-z][\w-]{0,59}$/) });
    expect(config.triggers[0].config.split(' ')).toHaveLength(7);
  });

  it('main delivers pending submissions and purges expired photos in the cloud database', async () => {
    standin.cloud = createCloudStandin();
    const cloud = standin.cloud;
    const store = createWechatStore(cloud.db, { createCollections: true });
    receiver = await startReceiver('cloud-secret');

    const rec = await store.insertRecord(newRecord());
    const now = new Date();
    const after = { ...rec, status: 'submitted' as const, submitted: { owner: '张三' }, corrections: {}, submittedAt: now.toISOString() };
    await store.submitRecord(rec._id, { openid: rec._openid, submitted: after.submitted, corrections: {}, submittedAt: after.submittedAt, outbox: buildDelivery(after, now) });

    // Delivered long ago: its payload (the submitted fields) outlived the retention period.
    const longAgo = new Date(Date.now() - 100 * 86_400_000);
    const done = await store.insertRecord(newRecord());
    const doneAfter = { ...done, status: 'submitted' as const, submitted: { owner: '李四' }, corrections: {}, submittedAt: longAgo.toISOString() };
    await store.submitRecord(done._id, { openid: done._openid, submitted: doneAfter.submitted, corrections: {}, submittedAt: doneAfter.submittedAt, outbox: buildDelivery(doneAfter, longAgo) });
    const doneEntry = (await store.getDeliveryByRecord(done._id))!;
    await store.updateDelivery(doneEntry._id, { status: 'delivered', attempts: 1, deliveredAt: longAgo.toISOString() });

    const { fileID } = await cloud.uploadFile({ cloudPath: 'photos/old.jpg', fileContent: Buffer.from([0xff, 0xd8, 0xff]) });
    const old = await store.insertRecord(newRecord({ fileID, createdAt: new Date(Date.now() - 100 * 86_400_000).toISOString() }));

    vi.stubEnv('WEBHOOK_URL', receiver.url);
    vi.stubEnv('WEBHOOK_SECRET', 'cloud-secret');
    vi.stubEnv('PHOTO_RETENTION_DAYS', '30');
    const { main } = await import('../../cloudfunctions/deliver/src/index');
    const logs: string[] = [];
    const spy = vi.spyOn(console, 'log').mockImplementation((line: string) => void logs.push(line));
    const result = await main({ Type: 'Timer', TriggerName: 'deliverEveryMinute', Time: now.toISOString() });
    spy.mockRestore();

    expect(result).toEqual({
      reminders: null,
      delivery: { attempted: 1, delivered: 1, retrying: 0, dead: 0 },
      retention: { purged: 1, failed: 0 },
      payloadsPruned: 1,
      exports: { deleted: 0, failed: 0 },
      // The cloud function also retries dossier filings that failed at submit (none here).
      filings: { filed: 0, failed: 0, dropped: 0 },
    });
    expect(await store.getDeliveryByRecord(done._id)).toMatchObject({ status: 'delivered', payload: null });
    expect((await store.getDeliveryByRecord(rec._id))!.payload).not.toBeNull();
    expect(receiver.processed).toEqual([`licenselens-submit-${rec._id}`]);
    expect((await store.getRecord(rec._id))!.delivery).toBe('delivered');
    expect((await store.getRecord(old._id))!.fileID).toBeNull();
    expect(cloud.files.has(fileID)).toBe(false);
    expect(cloud.initCalls).toHaveLength(1);
    // The function's log line carries counts, not the payload.
    expect(logs.join('\n')).not.toMatch(/张三|粤B|LSVAM/);
  });
});
