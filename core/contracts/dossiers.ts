// The dossiers contract (issue #18): a vehicle's documents and the people on it, grouped, cross-checked
// (core/dossier), with the dates that expire. Requests go through the records API's action table.
import { z } from 'zod';
import { requestText } from './input';
import { type Side, SideSchema } from './result';

export const DOSSIER_PURPOSE_IDS = ['basic', 'rental', 'insurance', 'transfer'] as const;
export const DossierPurposeSchema = z.enum(DOSSIER_PURPOSE_IDS);

export const DossierSchema = z.object({
  _id: z.string(),
  _openid: z.string(),
  /** The vehicle: its VIN when read, else its plate (either may be null). */
  vin: z.string().nullable(),
  plate: z.string().nullable(),
  purpose: DossierPurposeSchema,
  title: z.string().nullable(),
  /** Member records, oldest first. */
  recordIds: z.array(z.string()),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type Dossier = z.infer<typeof DossierSchema>;

export const ExpiryItemSchema = z.object({
  recordId: z.string(),
  openid: z.string(),
  docType: z.string(),
  field: z.string(),
  /** YYYY-MM-DD, the last valid day. */
  date: z.string(),
});
export type ExpiryItem = z.infer<typeof ExpiryItemSchema>;

export const DossierWarningSchema = z.object({ code: z.string(), message: z.string(), recordIds: z.array(z.string()) });

/** A dossier as the clients show it: its members (summaries), warnings and expiries. */
export interface DossierView extends Dossier {
  records: { _id: string; docType: string; side: Side | null; status: string; createdAt: string; pages: { docType: string; side: Side | null }[] }[];
  warnings: z.infer<typeof DossierWarningSchema>[];
  expiries: (ExpiryItem & { daysLeft: number })[];
}

const Id = requestText(128, 1);
const Page = z.number().int().min(1).max(100000).optional();
const PageSize = z.number().int().min(1).max(100).optional();

export const DossiersRequestSchema = z.object({
  action: z.literal('dossiers'),
  scope: z.enum(['mine', 'all']).optional(),
  /** Plate or VIN, substring. */
  q: requestText(64).optional(),
  page: Page,
  pageSize: PageSize,
});
export const DossierRequestSchema = z.object({ action: z.literal('dossier'), id: Id });
export const CreateDossierRequestSchema = z.object({
  action: z.literal('createDossier'),
  purpose: DossierPurposeSchema.optional(),
  title: requestText(64).optional(),
  /** Records of the caller's to put in it (moved from any other dossier). */
  recordIds: z.array(Id).max(50).optional(),
});
export const UpdateDossierRequestSchema = z.object({
  action: z.literal('updateDossier'),
  id: Id,
  purpose: DossierPurposeSchema.optional(),
  title: requestText(64).nullable().optional(),
});
export const AttachRecordRequestSchema = z.object({ action: z.literal('attachRecord'), dossierId: Id, recordId: Id });
export const DetachRecordRequestSchema = z.object({ action: z.literal('detachRecord'), recordId: Id });
export const DeleteDossierRequestSchema = z.object({ action: z.literal('deleteDossier'), id: Id });

/** Administrators: expiry dates due — expired, or within 30/60/90 days. */
export const DueListRequestSchema = z.object({
  action: z.literal('dueList'),
  window: z.enum(['expired', '30', '60', '90']).optional(),
  docType: requestText(64).optional(),
  page: Page,
  pageSize: PageSize,
});
export const ExportDueRequestSchema = DueListRequestSchema.omit({ action: true, page: true, pageSize: true }).extend({
  action: z.literal('exportDue'),
});
/** Administrators: every dossier matching the search, as an .xlsx file (one row per dossier). */
export const ExportDossiersRequestSchema = z.object({ action: z.literal('exportDossiers'), q: requestText(64).optional() });

/** The WeChat subscribe-message acceptance the mini program got from wx.requestSubscribeMessage. */
export const SubscribeRemindersRequestSchema = z.object({ action: z.literal('subscribeReminders'), accepted: z.number().int().min(0).max(10) });

export type DueListRequest = z.infer<typeof DueListRequestSchema>;
export interface DueListResponse {
  items: (ExpiryItem & { daysLeft: number; plate: string | null })[];
  total: number;
  page: number;
  pageSize: number;
  today: string;
}


// ---- responses, as the clients check them -----------------------------------------------------------
const DossierMemberSchema = z.object({
  _id: z.string(),
  docType: z.string(),
  side: SideSchema.nullable(),
  status: z.string(),
  createdAt: z.string(),
  pages: z.array(z.object({ docType: z.string(), side: SideSchema.nullable() })),
});
export const DossierViewSchema: z.ZodType<DossierView> = DossierSchema.extend({
  records: z.array(DossierMemberSchema),
  warnings: z.array(DossierWarningSchema),
  expiries: z.array(ExpiryItemSchema.extend({ daysLeft: z.number().int() })),
});
export const DossiersResponseSchema = z.object({
  items: z.array(DossierViewSchema),
  total: z.number().int(),
  page: z.number().int(),
  pageSize: z.number().int(),
});
export type DossiersResponse = z.infer<typeof DossiersResponseSchema>;
export const DueListResponseSchema: z.ZodType<DueListResponse> = z.object({
  items: z.array(ExpiryItemSchema.extend({ daysLeft: z.number().int(), plate: z.string().nullable() })),
  total: z.number().int(),
  page: z.number().int(),
  pageSize: z.number().int(),
  today: z.string(),
});
export const DetachRecordResponseSchema = z.object({ recordId: z.string(), detached: z.boolean() });
export const SubscribeRemindersResponseSchema = z.object({ accepted: z.number().int().min(0) });
