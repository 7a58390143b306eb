// Expiry reminders: 30 days and 7 days before a stored expiry date, each sent once (claimed in the
// dossier store before sending, given back when sending failed, so two workers never both send it).
// Where they go is the sender's business: the webhook on the local server, WeChat subscribe messages in
// the cloud (server/dossiers/senders.ts).
import { daysUntil } from '../../core/dossier';
import { findField, getDocument } from '../../core/documents/registry';
import type { DossierStore } from '../stores/dossiers/types';
import { todayOf } from './file';

export interface Reminder {
  recordId: string;
  openid: string;
  docType: string;
  /** Chinese names, for the message. */
  document: string;
  field: string;
  fieldLabel: string;
  date: string;
  daysLeft: number;
  kind: '30d' | '7d';
  plate: string | null;
}

export interface ReminderSender {
  /** 'sent', or 'skipped' when the user cannot be reached (no subscription left): not tried again. */
  send(reminder: Reminder): Promise<'sent' | 'skipped'>;
}

export interface ReminderRunResult {
  sent: number;
  skipped: number;
  failed: number;
}

/** Which reminder is due `daysLeft` days before the date (null: none yet, or already past). */
export function reminderKind(daysLeft: number): '30d' | '7d' | null {
  if (daysLeft < 0 || daysLeft > 30) return null;
  return daysLeft <= 7 ? '7d' : '30d';
}

export async function sendDueReminders(input: {
  dossiers: DossierStore;
  sender: ReminderSender;
  now: Date;
  /** Stop starting new sends after this long (a timer-triggered function has a time budget). */
  budgetMs?: number;
}): Promise<ReminderRunResult> {
  const { dossiers, sender, now } = input;
  const today = todayOf(now);
  const until = new Date(Date.parse(`${today}T00:00:00Z`) + 30 * 86_400_000).toISOString().slice(0, 10);
  const out: ReminderRunResult = { sent: 0, skipped: 0, failed: 0 };
  const started = Date.now();
  for (let page = 1; ; page++) {
    const { items } = await dossiers.listDue({ from: today, until, page, pageSize: 100 });
    for (const e of items) {
      if (input.budgetMs !== undefined && Date.now() - started > input.budgetMs) return out;
      const daysLeft = daysUntil(e.date, today);
      const kind = reminderKind(daysLeft);
      if (!kind) continue;
      const key = { recordId: e.recordId, field: e.field, date: e.date, kind };
      if (!(await dossiers.claimReminder(key, now.toISOString()))) continue;
      const dossier = await dossiers.dossierOf(e.recordId);
      try {
        const r = await sender.send({
          ...e,
          document: getDocument(e.docType)?.name ?? e.docType,
          fieldLabel: findField(e.docType, e.field)?.label ?? e.field,
          daysLeft,
          kind,
          plate: dossier?.plate ?? null,
        });
        out[r === 'sent' ? 'sent' : 'skipped']++;
      } catch {
        await dossiers.releaseReminder(key);
        out.failed++;
      }
    }
    if (items.length < 100) return out;
  }
}
