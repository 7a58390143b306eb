// The typed client of the dossier actions (core/contracts/dossiers.ts) and of the expiry-reminder
// subscription. Pages use only this; every response is validated before a page sees it.
import type { DossierView, DossiersResponse } from '../core/contracts/dossiers';
import { DetachRecordResponseSchema, DossiersResponseSchema, DossierViewSchema, SubscribeRemindersResponseSchema } from '../core/contracts/dossiers';
import type { DossierPurpose } from '../core/dossier/purposes';
import { config } from '../config';
import { check, transport } from './api';
import { AppError } from './errors';

export type { DossierView, DossiersResponse };

export async function listDossiers(query: { q?: string; page?: number; pageSize?: number } = {}): Promise<DossiersResponse> {
  const body: Record<string, unknown> = { action: 'dossiers', scope: 'mine' };
  for (const [k, v] of Object.entries(query)) if (v !== undefined && v !== '') body[k] = v;
  return check(DossiersResponseSchema, await transport().records(body));
}

export async function updateDossier(id: string, patch: { purpose?: DossierPurpose; title?: string | null }): Promise<DossierView> {
  return check(DossierViewSchema, await transport().records({ action: 'updateDossier', id, ...patch }));
}

export async function attachRecord(dossierId: string, recordId: string): Promise<DossierView> {
  return check(DossierViewSchema, await transport().records({ action: 'attachRecord', dossierId, recordId }));
}

export async function detachRecord(recordId: string): Promise<boolean> {
  return check(DetachRecordResponseSchema, await transport().records({ action: 'detachRecord', recordId })).detached;
}

/** The template of the expiry reminders from config.ts; '' when none is configured. */
export function reminderTemplateId(): string {
  return config.reminderTemplateId.trim();
}

/** Asks the user for the reminder subscription (must run from a tap) and reports how many messages they
 *  accepted, so the backend may send that many reminders. Returns the accepted count (0: declined). */
export async function subscribeReminders(): Promise<number> {
  const tmplId = reminderTemplateId();
  if (!tmplId) throw new AppError('UNSUPPORTED', '未配置到期提醒的消息模板');
  const answer = await new Promise<Record<string, string>>((resolve, reject) => {
    wx.requestSubscribeMessage({
      tmplIds: [tmplId],
      success: (res) => resolve(res as unknown as Record<string, string>),
      fail: (err) => reject(err),
    });
  }).catch((err: { errCode?: number }) => {
    // 20004: the user switched subscribe messages off in the mini program's settings.
    throw new AppError(
      'INTERNAL',
      err?.errCode === 20004 ? '订阅消息已关闭，请在小程序设置中开启后重试' : '订阅到期提醒失败，请稍后重试',
    );
  });
  const accepted = [tmplId].filter((id) => answer[id] === 'accept').length;
  if (accepted === 0) return 0;
  return check(SubscribeRemindersResponseSchema, await transport().records({ action: 'subscribeReminders', accepted })).accepted;
}
