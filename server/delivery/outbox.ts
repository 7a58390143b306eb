// The outbox entry queued by the submit handler in the same write as the submission: the payload is
// frozen at submit time (what was submitted is what gets delivered, even if the record changes later).
import type { LicenseRecord } from '../../core/contracts/records';
import type { Config } from '../config';
import type { NewOutboxEntry } from '../stores/types';

export const DELIVERY_EVENT = 'record.submitted';
export const PAYLOAD_VERSION = 1;

/** The canonical record sent to the business backend: the reviewed fields, not the photo or raw body. */
export interface DeliveryPayload {
  event: typeof DELIVERY_EVENT;
  version: typeof PAYLOAD_VERSION;
  idempotencyKey: string;
  record: {
    id: string;
    openid: string;
    docType: string;
    side: LicenseRecord['side'];
    provider: string | null;
    fields: Record<string, string>;
    corrections: LicenseRecord['corrections'];
    warnings: LicenseRecord['warnings'];
    createdAt: string;
    submittedAt: string;
    /** A photo of several pages: every page's reviewed fields, in reading order (the top level is the
     *  primary page's). Absent for one page. */
    pages?: { docType: string; side: LicenseRecord['side']; fields: Record<string, string>; corrections: LicenseRecord['corrections']; warnings: LicenseRecord['warnings'] }[];
  };
}

/** One submission per record (submit is idempotent), so the key is derived from the record id. */
export function idempotencyKeyFor(recordId: string): string {
  return `licenselens-submit-${recordId}`;
}

/** `record` is the record as it will be after the submit (submitted fields, corrections, submittedAt). */
export function buildDelivery(record: LicenseRecord, now: Date): NewOutboxEntry {
  if (!record.submitted || !record.submittedAt) throw new Error('buildDelivery: record has no submission');
  const idempotencyKey = idempotencyKeyFor(record._id);
  const payload: DeliveryPayload = {
    event: DELIVERY_EVENT,
    version: PAYLOAD_VERSION,
    idempotencyKey,
    record: {
      id: record._id,
      openid: record._openid,
      docType: record.docType,
      side: record.side,
      provider: record.provider,
      fields: record.submitted,
      corrections: record.corrections,
      warnings: record.warnings,
      createdAt: record.createdAt,
      submittedAt: record.submittedAt,
      ...(record.pages
        ? { pages: record.pages.map((p) => ({ docType: p.docType, side: p.side, fields: p.submitted ?? {}, corrections: p.corrections, warnings: p.warnings })) }
        : {}),
    },
  };
  return { idempotencyKey, payload, nextAttemptAt: now.toISOString() };
}

/** What the submit handler calls: no outbox entry when no webhook is configured. */
export function outboxFor(
  config: Pick<Config, 'WEBHOOK_URL'>,
  record: LicenseRecord,
  now: Date,
): NewOutboxEntry | undefined {
  return config.WEBHOOK_URL ? buildDelivery(record, now) : undefined;
}
