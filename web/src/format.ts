// Display helpers shared by the screens: Chinese labels for contract enums, dates, key fields.
import type { LicenseRecord, RecordStatus } from '../../core/contracts/records';
import { recordNumber, recordValue } from '../../core/records/value';
import type { Side } from '../../core/contracts/result';
import { getDocument } from '../../core/documents/registry';
import {
  PROVIDER_LABELS as CORE_PROVIDER_LABELS,
  sideLabel as coreSideLabel,
  STATUS_LABELS,
  DELIVERY_LABELS,
  AUDIT_ACTION_LABELS,
  fieldLabel,
} from '../../core/documents/labels';
import { localDateTime } from '../../core/records/time';

// One wording for the console, the export and the mini program: the tables live in core.
export { STATUS_LABELS, DELIVERY_LABELS, AUDIT_ACTION_LABELS, fieldLabel };

/** The contract's statuses in display order; typed against it, so a new status fails to compile here. */
export const RECORD_STATUSES = Object.keys(STATUS_LABELS) as RecordStatus[];

export const SIDE_LABELS: Record<Side, string> = { front: '正面', back: '反面' };

export const PROVIDER_LABELS: Record<string, string> = { auto: '自动选择', ...CORE_PROVIDER_LABELS };


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

/** China time (as the export), minutes precision: 2026-11-22 10:14 */
export function dateTime(iso: string | null | undefined): string {
  if (!iso) return '—';
  return localDateTime(iso) || iso;
}

/** The value a person recognizes a record by: submitted over recognized. */
export function fieldValue(r: LicenseRecord, key: string): string {
  return recordValue(r, key) ?? '';
}

/** The number a record is known by (core's rule: an ID card shows its ID number, not the name twice). */
export function recordTitle(r: LicenseRecord): string {
  return recordNumber(r) || '—';
}

export function recordOwnerName(r: LicenseRecord): string {
  return fieldValue(r, 'owner') || fieldValue(r, 'name') || '—';
}
