// Chinese names of the providers, statuses, audit actions and fields: one table each for the server's messages, the mini program and the web
// console. Kept apart from contracts/result.ts so that importing it does not pull zod into a bundle.
import type { DeliveryStatus, RecordStatus } from '../contracts/records';
import type { ProviderName, Side } from '../contracts/result';
import { DOCUMENTS } from './registry';

export const PROVIDER_LABELS: Record<ProviderName, string> = {
  wechat: '微信 OCR',
  juhe: '聚合数据',
  kuaitong: '快瞳',
  local: '离线识别',
};

/** Documents printed as a booklet, whose sides are pages (正页/副页) rather than faces (正面/反面). */
const BOOKLETS: ReadonlySet<string> = new Set(['vehicle_license', 'driver_license']);

/** What one side of a document is called, for titles and the export; '' for one-sided documents. */
export function sideLabel(docType: string, side: Side | null): string {
  if (!side) return '';
  if (BOOKLETS.has(docType)) return side === 'front' ? '正页' : '副页';
  return side === 'front' ? '正面' : '反面';
}

/** Record statuses as the console words them (the export and the mini program say the same). */
export const STATUS_LABELS: Record<RecordStatus, string> = {
  recognized: '待提交',
  submitted: '已提交',
  failed: '识别失败',
};

/** Delivery to the business backend, as the console words it. */
export const DELIVERY_LABELS: Record<DeliveryStatus, string> = {
  none: '无需推送',
  pending: '推送中',
  delivered: '已推送',
  dead: '推送失败',
};

/** Audit log actions (server/admin/actions.ts, server/records/handlers.ts). */
export const AUDIT_ACTION_LABELS: Record<string, string> = {
  submit: '提交',
  view: '查看他人记录',
  reveal: '查看完整证件号码',
  delete: '删除',
  export: '导出',
  export_full: '导出（完整数据）',
  redeliver: '重新推送',
  delivery: '查看推送详情',
  view_photo: '查看他人照片',
  // Entries written before lists, statistics and the log itself stopped being logged.
  stats: '查看统计',
  audit: '查看审计日志',
  list_all: '查看全部记录',
};

const FIELD_LABELS: ReadonlyMap<string, string> = (() => {
  const out = new Map<string, string>();
  for (const d of DOCUMENTS) for (const list of Object.values(d.fields)) for (const f of list ?? []) if (!out.has(f.key)) out.set(f.key, f.label);
  return out;
})();

/** A canonical field's Chinese label (a key means the same on every document); a key no document
 *  defines (a provider's own, kept under its original name) is its own label. */
export function fieldLabel(key: string): string {
  return FIELD_LABELS.get(key) ?? key;
}
