import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import { loadConfig } from '../../server/config';
import { reminderKind, sendDueReminders, type Reminder, type ReminderSender } from '../../server/dossiers/reminders';
import { webhookReminderSender, wechatReminderSender } from '../../server/dossiers/senders';
import { runScheduledJobs } from '../../server/delivery/scheduler';
import { startReceiver, type Receiver } from '../delivery/support';
import { A, closeSharedSql, dossierEnv } from './support';

afterAll(closeSharedSql);
let receiver: Receiver | undefined;
afterEach(async () => {
  await receiver?.close();
  receiver = undefined;
});

/** Records what it was asked to send; fails while `failing` is set. */
function recordingSender() {
  const sent: Reminder[] = [];
  const s: ReminderSender & { sent: Reminder[]; failing: boolean } = {
    sent,
    failing: false,
    async send(r) {
      if (s.failing) throw new Error('channel down');
      sent.push(r);
      return 'sent';
    },
  };
  return s;
}

const at = (day: string) => new Date(`${day}T02:00:00Z`); // 10:00 in China

describe('which reminder is due', () => {
  it('30 days before, then 7 days before; none before that or once expired', () => {
    expect([31, 30, 8, 7, 0, -1].map(reminderKind)).toEqual([null, '30d', '30d', '7d', '7d', null]);
  });
});

describe.each(['wechat', 'pglite'] as const)('expiry reminders (%s)', { timeout: 120_000 }, (driver) => {
  it('sends the 30-day and the 7-day reminder once each, whatever the number of runs and workers', async () => {
    const env = await dossierEnv(driver);
    await env.scan(A, 'id_card', 'back'); // valid to 2026-12-20
    await env.scan(A, 'vehicle_license', 'back'); // inspection valid to 2027-01-31: not yet due
    const sender = recordingSender();
    const run = (day: string) => sendDueReminders({ dossiers: env.dossiers, sender, now: at(day) });

    // Two workers at once (two server replicas, or two timer runs overlapping).
    const [w1, w2] = await Promise.all([run('2026-12-03'), run('2026-12-03')]);
    expect(w1.sent + w2.sent).toBe(1);
    expect(sender.sent[0]).toMatchObject({ docType: 'id_card', field: 'validPeriod', fieldLabel: '有效期限', date: '2026-12-20', daysLeft: 17, kind: '30d', document: '居民身份证' });
    expect((await run('2026-12-10')).sent).toBe(0);
    expect(await run('2026-12-13')).toEqual({ sent: 1, skipped: 0, failed: 0 });
    expect(sender.sent[1]).toMatchObject({ kind: '7d', daysLeft: 7 });
    expect((await run('2026-12-20')).sent).toBe(0);
    expect((await run('2026-12-21')).sent).toBe(0); // expired: the due list shows it, no reminder
    expect(sender.sent).toHaveLength(2);
  });

  it('a failed send is given back and sent by the next run', async () => {
    const env = await dossierEnv(driver);
    await env.scan(A, 'id_card', 'back');
    const sender = recordingSender();
    sender.failing = true;
    expect(await sendDueReminders({ dossiers: env.dossiers, sender, now: at('2026-12-03') })).toEqual({ sent: 0, skipped: 0, failed: 1 });
    sender.failing = false;
    expect(await sendDueReminders({ dossiers: env.dossiers, sender, now: at('2026-12-03') })).toEqual({ sent: 1, skipped: 0, failed: 0 });
  });

  it('the local scheduler posts reminders to the webhook as their own signed event, once', async () => {
    const env = await dossierEnv(driver);
    await env.scan(A, 'id_card', 'back');
    const payloads: unknown[] = [];
    receiver = await startReceiver('hook-secret-0123456789abcdef0123456789');
    const reminders = webhookReminderSender({ url: receiver.url, secret: 'hook-secret-0123456789abcdef0123456789' });
    const spy: ReminderSender = { send: async (r) => (payloads.push(r), reminders.send(r)) };
    const photos = (await env.ctx(A)).photos;
    const config = loadConfig({ PHOTO_RETENTION_DAYS: '0' });
    const tick = () => runScheduledJobs({ store: env.store, photos, config, now: () => at('2026-12-03'), dossiers: env.dossiers, reminders: spy });
    expect((await tick()).reminders).toEqual({ sent: 1, skipped: 0, failed: 0 });
    expect((await tick()).reminders).toEqual({ sent: 0, skipped: 0, failed: 0 });
    expect(receiver.processed).toEqual(['licenselens-reminder-' + (payloads[0] as Reminder).recordId + '-validPeriod-2026-12-20-30d']);
    expect(receiver.requests.map((r) => r.status)).toEqual([200]);
  });
});

describe('WeChat subscribe-message reminders', () => {
  const reminder: Reminder = {
    recordId: 'r1',
    openid: 'o-user-a',
    docType: 'id_card',
    document: '居民身份证',
    field: 'validPeriod',
    fieldLabel: '有效期限',
    date: '2026-12-20',
    daysLeft: 17,
    kind: '30d',
    plate: '苏A12345',
  };
  const config = loadConfig({ REMINDER_TEMPLATE_ID: 'tmpl-expiry' });

  it('sends the documented subscribeMessage.send parameters, one acceptance per message', async () => {
    const env = await dossierEnv('wechat');
    const send = vi.fn(async () => ({ errCode: 0, errMsg: 'openapi.subscribeMessage.send:ok' }));
    const sender = wechatReminderSender({ send, dossiers: env.dossiers, config });
    expect(await sender.send(reminder)).toBe('skipped'); // the user accepted none
    await env.dossiers.addReminderCredits('o-user-a', 1);
    expect(await sender.send(reminder)).toBe('sent');
    expect(send).toHaveBeenCalledWith({
      touser: 'o-user-a',
      templateId: 'tmpl-expiry',
      page: 'pages/dossiers/index',
      lang: 'zh_CN',
      miniprogramState: 'formal',
      data: { thing1: { value: '苏A12345 居民身份证有效期限' }, date2: { value: '2026-12-20' }, thing3: { value: '17天后到期，请及时办理' } },
    });
    expect(await sender.send(reminder)).toBe('skipped'); // used up
  });

  it('a refused subscription (43101) is skipped; another error gives the acceptance back and fails', async () => {
    const env = await dossierEnv('wechat');
    await env.dossiers.addReminderCredits('o-user-a', 1);
    const refused = wechatReminderSender({ send: async () => Promise.reject(Object.assign(new Error('user refuse to accept the msg'), { errCode: 43101 })), dossiers: env.dossiers, config });
    expect(await refused.send(reminder)).toBe('skipped');
    await env.dossiers.addReminderCredits('o-user-a', 1);
    const broken = wechatReminderSender({ send: async () => Promise.reject(Object.assign(new Error('system error'), { errCode: -1 })), dossiers: env.dossiers, config });
    await expect(broken.send(reminder)).rejects.toThrow('system error');
    expect(await env.dossiers.takeReminderCredit('o-user-a')).toBe(true);
  });

  it('without a template configured nothing is sent', async () => {
    const env = await dossierEnv('wechat');
    await env.dossiers.addReminderCredits('o-user-a', 1);
    const send = vi.fn();
    const sender = wechatReminderSender({ send, dossiers: env.dossiers, config: loadConfig({}) });
    expect(await sender.send(reminder)).toBe('skipped');
    expect(send).not.toHaveBeenCalled();
  });

  it('refuses malformed template keywords in the configuration', () => {
    expect(() => loadConfig({ REMINDER_TEMPLATE_KEYS: 'thing1,date2' })).toThrow(/REMINDER_TEMPLATE_KEYS/);
  });
});
