// Administrator actions of the records API (export, stats, audit, redeliver), added to the action
// table of server/records/handlers.ts. Every one that reveals or changes something is audit-logged;
// reading figures (stats) or the log itself is not (it drowned the log in its own reads). Only types are imported from the
// handlers module so that it can import this one without a cycle at run time.
import { ApiError } from '../../core/contracts/errors';
import {
  AuditRequestSchema,
  DeliveryRequestSchema,
  ExportRequestSchema,
  RedeliverRequestSchema,
  StatsRequestSchema,
  type AuditResponse,
  type DeliveryResponse,
  type ExportRequest,
  type ExportResponse,
  type GetResponse,
  type RedeliverResponse,
  type StatsResponse,
} from '../../core/contracts/records';
import { RevealRequestSchema } from '../../core/contracts/privacy';
import { maskDeep } from '../../core/privacy/mask';
import { redeliver } from '../delivery/worker';
import type { AuthedContext } from '../records/context';
import type { ActionTable, RecordsAction } from '../records/handlers';
import { cstDateRange } from '../records/dates';
import { withPhotoUrl } from '../records/photo-url';
import type { StatsQuery } from '../stores/types';
import { buildWorkbook, collectRecords, exportFileName, XLSX_MIME } from './export';
import { statsFor } from './stats';

/** Lifetime of the export download link. */
export const EXPORT_URL_TTL_SECONDS = 600;

export async function audit(ctx: AuthedContext, action: string, target: string | null, details: unknown): Promise<void> {
  await ctx.store.appendAudit({ actor: ctx.openid, action, target, details, at: ctx.now().toISOString() });
}

/** The filter as it goes into the audit log (no empty keys); an ID number searched for is masked there
 *  like everywhere else (the log is read by every administrator). */
function filterOf(req: Omit<ExportRequest, 'action'>): Record<string, unknown> {
  return maskDeep(Object.fromEntries(Object.entries(req).filter(([k, v]) => k !== 'action' && v !== undefined && v !== '')));
}

/** Builds the file; shared by the `export` action and the local server's GET /api/export. */
export async function exportRecords(
  ctx: AuthedContext,
  req: Omit<ExportRequest, 'action'>,
  /** Stores the file (the action); its id goes into the audit entry so that retention can delete it. */
  persist?: (bytes: Buffer) => Promise<string>,
): Promise<{ bytes: Buffer; fileName: string; count: number; truncated: boolean; full: boolean; fileID: string | null }> {
  if (!ctx.isAdmin) throw new ApiError('FORBIDDEN', '仅管理员可以导出记录');
  const full = req.full === true;
  const now = ctx.now();
  const { records, truncated } = await collectRecords(ctx.store, req);
  const bytes = await buildWorkbook(records, { full, generatedAt: now });
  const fileID = persist ? await persist(bytes) : null;
  // Logged before the file leaves the server: a full export of ID numbers must never go unrecorded.
  await audit(ctx, full ? 'export_full' : 'export', null, { filter: filterOf(req), count: records.length, full, ...(fileID ? { fileID } : {}) });
  return { bytes, fileName: exportFileName(now), count: records.length, truncated, full, fileID };
}

const exportAction: RecordsAction<typeof ExportRequestSchema> = {
  schema: ExportRequestSchema,
  adminOnly: true,
  async run(ctx, req): Promise<ExportResponse> {
    // Cloud storage (cloud function) or DATA_DIR/files (local server): a short-lived link either way,
    // and the file itself is deleted by retention (server/retention/exports.ts) an hour later.
    const file = await exportRecords(ctx, req, (bytes) => ctx.photos.put(bytes, XLSX_MIME, ctx.openid));
    const fileID = file.fileID!;
    const url = await ctx.photos.temporaryUrl(fileID, EXPORT_URL_TTL_SECONDS);
    return { fileName: file.fileName, fileID, url, count: file.count, truncated: file.truncated, full: file.full };
  },
};

const statsAction: RecordsAction<typeof StatsRequestSchema> = {
  schema: StatsRequestSchema,
  adminOnly: true,
  async run(ctx, req): Promise<StatsResponse> {
    // Days of China, like the list, the export and the days the figures are counted in.
    const query: StatsQuery = {
      ...cstDateRange(req.from, req.to),
      ...(req.docType ? { docType: req.docType } : {}),
    };
    return statsFor(ctx.store, query);
  },
};

const auditAction: RecordsAction<typeof AuditRequestSchema> = {
  schema: AuditRequestSchema,
  adminOnly: true,
  async run(ctx, req): Promise<AuditResponse> {
    const page = req.page ?? 1;
    const pageSize = req.pageSize ?? 50;
    const { items, total } = await ctx.store.listAudit(page, pageSize, {
      ...(req.actor ? { actor: req.actor } : {}),
      ...(req.actionName ? { action: req.actionName } : {}),
      ...cstDateRange(req.from, req.to),
    });
    return { items, total, page, pageSize };
  },
};

const redeliverAction: RecordsAction<typeof RedeliverRequestSchema> = {
  schema: RedeliverRequestSchema,
  adminOnly: true,
  async run(ctx, req): Promise<RedeliverResponse> {
    const record = await ctx.store.getRecord(req.id);
    if (!record) throw new ApiError('NOT_FOUND', '记录不存在');
    if (record.status !== 'submitted') throw new ApiError('CONFLICT', '只有已提交的记录可以重新投递');
    const entry = await redeliver(ctx.store, record._id, ctx.now());
    await audit(ctx, 'redeliver', record._id, { idempotencyKey: entry.idempotencyKey });
    return { id: record._id, delivery: 'pending' };
  },
};

const deliveryAction: RecordsAction<typeof DeliveryRequestSchema> = {
  schema: DeliveryRequestSchema,
  adminOnly: true,
  async run(ctx, req): Promise<DeliveryResponse> {
    const record = await ctx.store.getRecord(req.id);
    if (!record) throw new ApiError('NOT_FOUND', '记录不存在');
    const entry = await ctx.store.getDeliveryByRecord(record._id);
    await audit(ctx, 'delivery', record._id, null);
    if (!entry) return null;
    // The payload stays out: it is the submitted record, which `get` already shows.
    const { status, attempts, lastError, nextAttemptAt, deliveredAt, createdAt, idempotencyKey } = entry;
    return { id: record._id, status, attempts, lastError, nextAttemptAt, deliveredAt, createdAt, idempotencyKey };
  },
};

const revealAction: RecordsAction<typeof RevealRequestSchema> = {
  schema: RevealRequestSchema,
  adminOnly: true,
  async run(ctx, req): Promise<GetResponse> {
    const record = await ctx.store.getRecord(req.id);
    if (!record) throw new ApiError('NOT_FOUND', '记录不存在');
    // Logged before anything leaves the server: no full ID number is shown unrecorded.
    await audit(ctx, 'reveal', record._id, { owner: record._openid === ctx.openid ? 'self' : 'other' });
    return withPhotoUrl(ctx, record);
  },
};

export const adminActions: ActionTable = {
  export: exportAction,
  stats: statsAction,
  audit: auditAction,
  redeliver: redeliverAction,
  delivery: deliveryAction,
  reveal: revealAction,
};
