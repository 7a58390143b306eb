// The records contract (DESIGN.md "Records and stores" and "The records API"): one shape shared by the
// cloud functions, the local server, the mini program and the web console. Requests are validated with
// these schemas on the receiving side; identity never comes from a request body.
import { z } from 'zod';
import { fieldMap, requestText, RequestDateSchema } from './input';
import { FieldResultSchema, FieldWarningSchema, ProviderNameSchema, RequestedSideSchema, SideSchema } from './result';
import { WARNING_CODES } from '../validate/warnings';

export const RECORD_STATUSES = ['recognized', 'failed', 'submitted'] as const;
export const RecordStatusSchema = z.enum(RECORD_STATUSES);
export type RecordStatus = z.infer<typeof RecordStatusSchema>;

/** One provider call made for a record, in order. */
export const AttemptSchema = z.object({
  provider: z.string(),
  ok: z.boolean(),
  /** ProviderErrorCode on failure, or SKIPPED when a provider was not configured. */
  code: z.string().optional(),
  providerCode: z.string().optional(),
  message: z.string().optional(),
  durationMs: z.number().nonnegative(),
});
export type Attempt = z.infer<typeof AttemptSchema>;

export const CorrectionSchema = z.object({ from: z.string(), to: z.string() });
export type Correction = z.infer<typeof CorrectionSchema>;

export const TimingsSchema = z.object({
  intakeMs: z.number().nonnegative().optional(),
  providerMs: z.number().nonnegative().optional(),
  totalMs: z.number().nonnegative().optional(),
});

export const DeliveryStatusSchema = z.enum(['none', 'pending', 'delivered', 'dead']);
export type DeliveryStatus = z.infer<typeof DeliveryStatusSchema>;

/** One page of a record whose photo held several (both pages of a vehicle licence): what was
 *  recognized on it, what the user submitted for it and what they changed. */
export const RecordPageSchema = z.object({
  docType: z.string(),
  side: SideSchema.nullable(),
  recognized: z.record(z.string(), FieldResultSchema),
  extra: z.record(z.string(), z.unknown()),
  warnings: z.array(FieldWarningSchema),
  submitted: z.record(z.string(), z.string()).nullable(),
  corrections: z.record(z.string(), CorrectionSchema),
});
export type RecordPage = z.infer<typeof RecordPageSchema>;

export const RecordSchema = z.object({
  _id: z.string(),
  _openid: z.string(),
  docType: z.string(),
  side: SideSchema.nullable(),
  /** Cloud storage fileID or the local server's file id; null once the photo is purged (retention). */
  fileID: z.string().nullable(),
  status: RecordStatusSchema,
  provider: z.string().nullable(),
  attempts: z.array(AttemptSchema),
  /** The provider's raw response, always stored beside the canonical fields. */
  raw: z.unknown(),
  recognized: z.record(z.string(), FieldResultSchema).nullable(),
  extra: z.record(z.string(), z.unknown()),
  submitted: z.record(z.string(), z.string()).nullable(),
  corrections: z.record(z.string(), CorrectionSchema),
  warnings: z.array(FieldWarningSchema),
  /** Why recognition failed (status 'failed'). */
  error: z.object({ code: z.string(), message: z.string() }).nullable(),
  timings: TimingsSchema,
  delivery: DeliveryStatusSchema,
  createdAt: z.string(), // ISO 8601
  submittedAt: z.string().nullable(),
  updatedAt: z.string(),
  /** Every page when the photo held more than one, in reading order (one photo, one record). The
   *  top-level docType, side, recognized, extra, warnings, submitted and corrections are those of the
   *  primary page (the one asked for), so one-page consumers read it as before. Absent for one page. */
  pages: z.array(RecordPageSchema).min(2).optional(),
});
export type LicenseRecord = z.infer<typeof RecordSchema>;

// ---- requests -------------------------------------------------------------------------------------

/** cloud function `ocr` (the local server's POST /api/ocr carries the same fields as multipart). */
export const OcrRequestSchema = z.object({
  fileID: requestText(512, 1),
  docType: requestText(64, 1),
  side: RequestedSideSchema.optional(),
  provider: z.union([ProviderNameSchema, z.literal('auto')]).optional(),
});
export type OcrRequest = z.infer<typeof OcrRequestSchema>;

// Every string of a request is well formed and every date exists (core/contracts/input.ts).
const Id = requestText(128, 1);
const IsoDate = RequestDateSchema;
const DocType = requestText(64);
const Query = requestText(64);
/** A warning code of core/validate/warnings.ts: records carrying it (photo, page or field level). */
const WarningFilter = z.enum(WARNING_CODES, { message: '未知的警告类型' });

const SubmittedFields = fieldMap(requestText(64), requestText(2000));
/** `fields` for a one-page record (or the primary page of a two-page one); `pages` carries the fields
 *  of every page, in the record's page order. */
export const SubmitRequestSchema = z
  .object({
    action: z.literal('submit'),
    id: Id,
    fields: SubmittedFields.optional(),
    pages: z.array(z.object({ fields: SubmittedFields })).min(1).max(8).optional(),
    /** The dossier the user chose for this document (a vehicle document otherwise joins its vehicle's). */
    dossierId: Id.optional(),
  })
  .refine((v) => v.fields !== undefined || v.pages !== undefined, { message: '缺少提交的字段', path: ['fields'] });
export type SubmitRequest = z.infer<typeof SubmitRequestSchema>;
export const ListRequestSchema = z.object({
  action: z.literal('list'),
  scope: z.enum(['mine', 'all']).optional(),
  status: RecordStatusSchema.optional(),
  docType: DocType.optional(),
  from: IsoDate.optional(),
  to: IsoDate.optional(),
  /** Free text: plate, VIN, owner, engine or file number (substrings), or a whole citizen ID number. */
  q: Query.optional(),
  /** Administrators: only records carrying this warning. */
  warning: WarningFilter.optional(),
  page: z.number().int().min(1).max(100000).optional(),
  pageSize: z.number().int().min(1).max(100).optional(),
});
export const GetRequestSchema = z.object({ action: z.literal('get'), id: Id });
export const DeleteRequestSchema = z.object({ action: z.literal('delete'), id: Id });

// ---- administrator actions (issue 7) ----------------------------------------------------------------

/** The filtered history as an .xlsx file. ID numbers are masked unless `full` (audit-logged). */
export const ExportRequestSchema = z.object({
  action: z.literal('export'),
  status: RecordStatusSchema.optional(),
  docType: DocType.optional(),
  from: IsoDate.optional(),
  to: IsoDate.optional(),
  q: Query.optional(),
  warning: WarningFilter.optional(),
  full: z.boolean().optional(),
});
export const StatsRequestSchema = z.object({
  action: z.literal('stats'),
  from: IsoDate.optional(),
  to: IsoDate.optional(),
  docType: DocType.optional(),
});
export const AuditRequestSchema = z.object({
  action: z.literal('audit'),
  page: z.number().int().min(1).max(100000).optional(),
  pageSize: z.number().int().min(1).max(100).optional(),
  /** Only entries of this person (an openid), of this action, within these days (China time). */
  actor: requestText(128, 1).optional(),
  actionName: requestText(64, 1).optional(),
  from: IsoDate.optional(),
  to: IsoDate.optional(),
});
export const RedeliverRequestSchema = z.object({ action: z.literal('redeliver'), id: Id });
/** A record's delivery to the business backend in detail (attempts, last error), for administrators. */
export const DeliveryRequestSchema = z.object({ action: z.literal('delivery'), id: Id });
export type ExportRequest = z.infer<typeof ExportRequestSchema>;
export type StatsRequest = z.infer<typeof StatsRequestSchema>;
export type AuditRequest = z.infer<typeof AuditRequestSchema>;
export type RedeliverRequest = z.infer<typeof RedeliverRequestSchema>;

/** `export`: in the cloud a cloud-storage fileID plus a temporary URL (wx.cloud.downloadFile →
 *  wx.openDocument); on the local server `url` is the GET /api/export download. */
export interface ExportResponse {
  fileName: string;
  fileID: string | null;
  url: string;
  count: number;
  /** True when more records matched than one file holds (narrow the filter). */
  truncated: boolean;
  full: boolean;
}

export interface StatsResponse {
  perDay: { day: string; count: number }[];
  perDocType: { docType: string; count: number }[];
  perProvider: { provider: string; count: number }[];
  perStatus: { status: string; count: number }[];
  /** Per warning code (photo, page or field level): how many records of the range carried it. */
  perWarning: { code: string; count: number }[];
  /** Per provider and field: how often users corrected it; rate = corrected / submitted. */
  corrections: { provider: string; field: string; corrected: number; submitted: number; rate: number }[];
  /** Per provider over all fields of its submitted records: accuracy = 1 − corrected / fields. */
  providerAccuracy: { provider: string; fields: number; corrected: number; accuracy: number }[];
  /** Per field over every provider: how often it was corrected, out of `submitted` (the sample size). */
  fieldCorrections: { field: string; corrected: number; submitted: number; rate: number }[];
  summary: StatsSummary;
}

/** The headline figures of a range: rates over every record in it (0 when there is none). */
export interface StatsSummary {
  total: number;
  submitted: number;
  failed: number;
  /** submitted / total */
  submitRate: number;
  /** failed / total */
  failureRate: number;
  /** Median total recognition time of the recognitions that did not fail; null when none. */
  medianRecognitionMs: number | null;
  recognitionSamples: number;
}

export interface AuditEntryView {
  _id: string;
  actor: string;
  action: string;
  target: string | null;
  details: unknown;
  at: string;
}
export interface AuditResponse {
  items: AuditEntryView[];
  total: number;
  page: number;
  pageSize: number;
}

export interface RedeliverResponse {
  id: string;
  delivery: DeliveryStatus;
}

/** `delivery`: null when the record was never queued (no webhook configured when it was submitted). */
export type DeliveryResponse = {
  id: string;
  status: Exclude<DeliveryStatus, 'none'>;
  attempts: number;
  lastError: string | null;
  nextAttemptAt: string;
  deliveredAt: string | null;
  createdAt: string;
  idempotencyKey: string;
} | null;

export type ListRequest = z.infer<typeof ListRequestSchema>;

export interface ListResponse {
  items: LicenseRecord[];
  total: number;
  page: number;
  pageSize: number;
}

/** `get` returns the record itself plus a short-lived photo URL while the photo still exists. */
export type GetResponse = LicenseRecord & { photoUrl: string | null };

// ---- responses, validated by the clients (the mini program's service client) ----------------------

export const ListResponseSchema = z.object({
  items: z.array(RecordSchema),
  total: z.number().int().nonnegative(),
  page: z.number().int().min(1),
  pageSize: z.number().int().min(1),
});
export const GetResponseSchema = RecordSchema.extend({ photoUrl: z.string().nullable() });

/** `export` and `stats` answers, validated by the clients (the mini program's administration page). */
export const ExportResponseSchema = z.object({
  fileName: z.string().min(1),
  fileID: z.string().nullable(),
  url: z.string(),
  count: z.number().int().nonnegative(),
  truncated: z.boolean(),
  full: z.boolean(),
});
const Count = z.number().int().nonnegative();
export const StatsResponseSchema = z.object({
  perDay: z.array(z.object({ day: z.string(), count: Count })),
  perDocType: z.array(z.object({ docType: z.string(), count: Count })),
  perProvider: z.array(z.object({ provider: z.string(), count: Count })),
  perStatus: z.array(z.object({ status: z.string(), count: Count })),
  perWarning: z.array(z.object({ code: z.string(), count: Count })),
  corrections: z.array(z.object({ provider: z.string(), field: z.string(), corrected: Count, submitted: Count, rate: z.number().min(0).max(1) })),
  providerAccuracy: z.array(z.object({ provider: z.string(), fields: Count, corrected: Count, accuracy: z.number().min(0).max(1) })),
  fieldCorrections: z.array(z.object({ field: z.string(), corrected: Count, submitted: Count, rate: z.number().min(0).max(1) })),
  summary: z.object({
    total: Count,
    submitted: Count,
    failed: Count,
    submitRate: z.number().min(0).max(1),
    failureRate: z.number().min(0).max(1),
    medianRecognitionMs: z.number().nonnegative().nullable(),
    recognitionSamples: Count,
  }),
});
/** `audit` and `redeliver` answers, validated by the web console. */
export const AuditResponseSchema = z.object({
  items: z.array(z.object({ _id: z.string(), actor: z.string(), action: z.string(), target: z.string().nullable(), details: z.unknown(), at: z.string() })),
  total: Count,
  page: z.number().int().min(1),
  pageSize: z.number().int().min(1),
});
export const RedeliverResponseSchema = z.object({ id: z.string(), delivery: DeliveryStatusSchema });
/** `delete`: the record (and its photo) are gone. */
export const DeleteResponseSchema = z.object({ id: z.string(), deleted: z.literal(true) });
// The schemas and the interfaces above must describe the same shapes (a compile error otherwise).
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : never) : never;
const _exportShape: Same<z.infer<typeof ExportResponseSchema>, ExportResponse> = true;
const _statsShape: Same<z.infer<typeof StatsResponseSchema>, StatsResponse> = true;
const _auditShape: Same<z.infer<typeof AuditResponseSchema>, AuditResponse> = true;
const _redeliverShape: Same<z.infer<typeof RedeliverResponseSchema>, RedeliverResponse> = true;
void _exportShape;
void _statsShape;
void _auditShape;
void _redeliverShape;
