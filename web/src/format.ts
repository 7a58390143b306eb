// Display helpers shared by the screens: Chinese labels for contract enums, dates, key fields.
import type { LicenseRecord, RecordStatus } from '../../core/contracts/records';
import { recordValue } from '../../core/records/value';
import type { Side } from '../../core/contracts/result';
import { getDocument } from '../../core/documents/registry';
import { PROVIDER_LABELS as CORE_PROVIDER_LABELS, sideLabel as coreSideLabel } from '../../core/documents/labels';

export const STATUS_LABELS: Record<RecordStatus, string> = {
  recognized: '待提交',
  submitted: '已提交',
  failed: '识别失败',
};

/** The contract's statuses in display order; typed against it, so a new status fails to compile here. */
export const RECORD_STATUSES = Object.keys(STATUS_LABELS) as RecordStatus[];

export const SIDE_LABELS: Record<Side, string> = { front: '正面', back: '反面' };

export const PROVIDER_LABELS: Record<string, string> = { auto: '自动选择', ...CORE_PROVIDER_LABELS };

export const DELIVERY_LABELS: Record<string, string> = {
  none: '无需推送',
  pending: '推送中',
  delivered: '已推送',
  dead: '推送失败',
};

/** A page's title in a record of several pages: 机动车行驶证正页, … (one rule: core's sideLabel). */
export function pageTitle(docType: string, side: Side | null): string {
  return `${docName(docType)}${coreSideLabel(docType, side)}`;
}

export function docName(docType: string): string {
  return getDocument(docType)?.name ?? docType;
}

export function sideLabel(side: Side | null): string {
  return side ? SIDE_LABELS[side] : '';
}

const pad = (n: number): string => String(n).padStart(2, '0');

/** Local time, minutes precision: 2026-11-22 10:14 */
export function dateTime(iso: string | null | undefined): string {
  if (!iso) return '—';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

/** The value a person recognizes a record by: submitted over recognized. */
export function fieldValue(r: LicenseRecord, key: string): string {
  return recordValue(r, key) ?? '';
}

const TITLE_KEYS = ['plateNo', 'name', 'licenseNo', 'idNumber', 'vin', 'companyName', 'cardNumber'];

export function recordTitle(r: LicenseRecord): string {
  for (const k of TITLE_KEYS) {
    const v = fieldValue(r, k);
    if (v) return v;
  }
  return '—';
}

export function recordOwnerName(r: LicenseRecord): string {
  return fieldValue(r, 'owner') || fieldValue(r, 'name') || '—';
}
