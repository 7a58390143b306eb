// Where reminders go. The local server posts them to the webhook as an event of their own, signed as
// the record deliveries are; the cloud sends WeChat subscribe messages (one acceptance per message).
import type { Config } from '../config';
import { buildRequest } from '../delivery/worker';
import type { DossierStore } from '../stores/dossiers/types';
import type { Reminder, ReminderSender } from './reminders';

export const REMINDER_EVENT = 'document.expiring';

/** The webhook receiver de-duplicates by Idempotency-Key, one per reminder. */
export function webhookReminderSender(opts: { url: string; secret: string; fetch?: typeof globalThis.fetch; now?: () => Date; timeoutMs?: number }): ReminderSender {
  const doFetch = opts.fetch ?? globalThis.fetch;
  return {
    async send(reminder: Reminder) {
      const idempotencyKey = `licenselens-reminder-${reminder.recordId}-${reminder.field}-${reminder.date}-${reminder.kind}`;
      const req = buildRequest({ idempotencyKey, payload: { event: REMINDER_EVENT, version: 1, idempotencyKey, reminder } }, opts.secret, (opts.now ?? (() => new Date()))());
      const res = await doFetch(opts.url, { method: 'POST', headers: req.headers, body: req.body, signal: AbortSignal.timeout(opts.timeoutMs ?? 10_000) });
      if (!res.ok) throw new Error(`webhook answered ${res.status}`);
      return 'sent';
    },
  };
}

type SubscribeSend = (params: Record<string, unknown>) => Promise<Record<string, unknown>>;

/** WeChat's "user refused / no subscription left" (subscribeMessage.send errCode 43101). */
const NOT_SUBSCRIBED = 43101;
/** A thing keyword takes at most 20 characters. */
const thing = (s: string) => (s.length > 20 ? `${s.slice(0, 19)}…` : s);

export function wechatReminderSender(opts: {
  send: SubscribeSend;
  dossiers: DossierStore;
  config: Pick<Config, 'REMINDER_TEMPLATE_ID' | 'REMINDER_TEMPLATE_KEYS'>;
  page?: string;
  miniprogramState?: 'developer' | 'trial' | 'formal';
}): ReminderSender {
  const [docKey, dateKey, noteKey] = opts.config.REMINDER_TEMPLATE_KEYS;
  return {
    async send(r: Reminder) {
      if (!opts.config.REMINDER_TEMPLATE_ID || !docKey || !dateKey || !noteKey) return 'skipped';
      // One acceptance of wx.requestSubscribeMessage allows one message.
      if (!(await opts.dossiers.takeReminderCredit(r.openid))) return 'skipped';
      const note = r.daysLeft === 0 ? '今天到期，请及时办理' : `${r.daysLeft}天后到期，请及时办理`;
      try {
        await opts.send({
          touser: r.openid,
          templateId: opts.config.REMINDER_TEMPLATE_ID,
          page: opts.page ?? 'pages/dossiers/index',
          lang: 'zh_CN',
          miniprogramState: opts.miniprogramState ?? 'formal',
          data: {
            [docKey]: { value: thing(`${r.plate ? `${r.plate} ` : ''}${r.document}${r.fieldLabel}`) },
            [dateKey]: { value: r.date },
            [noteKey]: { value: thing(note) },
          },
        });
        return 'sent';
      } catch (e) {
        if ((e as { errCode?: number }).errCode === NOT_SUBSCRIBED) return 'skipped';
        await opts.dossiers.addReminderCredits(r.openid, 1); // not used: give the acceptance back
        throw e;
      }
    },
  };
}
