// The timer-triggered `deliver` function sends expiry reminders as WeChat subscribe messages, through
// the wx-server-sdk stand-in (cloud.openapi.subscribeMessage.send is WeChat's; here a recorder of it).
import { describe, expect, it } from 'vitest';
import { createDeliverMain } from '../../server/delivery/cloud';
import { createWechatDossierStore } from '../../server/stores/dossiers/wechat';
import { createWechatStore } from '../../server/stores/wechat/index';
import { createCloudStandin } from '../support/wx-cloud-standin';
import { newRecord } from '../stores/contract';

describe('cloudfunctions/deliver: expiry reminders', () => {
  it('sends a due reminder once to a user who accepted the template, and nothing without a template', async () => {
    const cloud = createCloudStandin();
    const sent: Record<string, unknown>[] = [];
    cloud.openapi.subscribeMessage = { send: async (p) => (sent.push(p), { errCode: 0, errMsg: 'openapi.subscribeMessage.send:ok' }) };
    const records = createWechatStore(cloud.database(), { createCollections: true });
    const dossiers = createWechatDossierStore(cloud.database(), { createCollections: true });
    const rec = await records.insertRecord(newRecord({ _openid: 'o-user-a', docType: 'id_card', side: 'back' }));
    await dossiers.setExpiries({ recordId: rec._id, openid: 'o-user-a', docType: 'id_card' }, [{ field: 'validPeriod', date: '2026-12-20' }]);
    await dossiers.addReminderCredits('o-user-a', 2);
    const now = () => new Date('2026-12-03T02:00:00Z');
    const logs: string[] = [];

    const without = createDeliverMain(cloud, { env: {}, now, log: (l) => void logs.push(l) });
    expect(await without()).toMatchObject({ reminders: null });

    const main = createDeliverMain(cloud, { env: { REMINDER_TEMPLATE_ID: 'tmpl-expiry' }, now, log: (l) => void logs.push(l) });
    expect(await main()).toMatchObject({ reminders: { sent: 1, skipped: 0, failed: 0 } });
    expect(await main()).toMatchObject({ reminders: { sent: 0, skipped: 0, failed: 0 } });
    expect(sent).toEqual([expect.objectContaining({ touser: 'o-user-a', templateId: 'tmpl-expiry', data: expect.objectContaining({ date2: { value: '2026-12-20' } }) })]);
    // Counts only in the log.
    expect(logs.join('\n')).not.toContain('o-user-a');
  });
});
