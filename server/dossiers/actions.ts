// The dossier actions of the records API (issue #18), added to its action table: a user's own
// dossiers (list, view, create, rename, move and detach records), and for administrators every
// dossier, the due list of expiry dates and its export. Foreign views are masked and audited.
import { ApiError } from '../../core/contracts/errors';
import {
  AttachRecordRequestSchema,
  CreateDossierRequestSchema,
  DeleteDossierRequestSchema,
  DetachRecordRequestSchema,
  DossierRequestSchema,
  DossiersRequestSchema,
  DueListRequestSchema,
  ExportDossiersRequestSchema,
  ExportDueRequestSchema,
  SubscribeRemindersRequestSchema,
  UpdateDossierRequestSchema,
  type Dossier,
  type DossierView,
  type DueListRequest,
  type DueListResponse,
} from '../../core/contracts/dossiers';
import type { ExportResponse } from '../../core/contracts/records';
import { daysUntil, vehicleKeyOf } from '../../core/dossier';
import { maskDeep } from '../../core/privacy/mask';
import { audit, EXPORT_URL_TTL_SECONDS } from '../admin/actions';
import { XLSX_MIME } from '../admin/export';
import type { AuthedContext } from '../records/context';
import type { ActionTable, RecordsAction } from '../records/handlers';
import type { DossierStore } from '../stores/dossiers/types';
import { adminFileName, buildDossiersWorkbook, buildDueWorkbook } from './export';
import { fileRecord, todayOf } from './file';
import { viewOf } from './view';

function dossiersOf(ctx: AuthedContext): DossierStore {
  if (!ctx.dossiers) throw new ApiError('INTERNAL', '档案功能未启用');
  return ctx.dossiers;
}

/** A dossier the caller may read (their own; an administrator any). */
async function readable(ctx: AuthedContext, id: string): Promise<Dossier> {
  const d = await dossiersOf(ctx).get(id);
  if (!d || (d._openid !== ctx.openid && !ctx.isAdmin)) throw new ApiError('NOT_FOUND', '档案不存在');
  return d;
}
async function owned(ctx: AuthedContext, id: string): Promise<Dossier> {
  const d = await dossiersOf(ctx).get(id);
  if (!d || d._openid !== ctx.openid) throw new ApiError('NOT_FOUND', '档案不存在');
  return d;
}
async function ownedRecord(ctx: AuthedContext, id: string) {
  const r = await ctx.store.getRecord(id);
  if (!r || r._openid !== ctx.openid) throw new ApiError('NOT_FOUND', '记录不存在');
  return r;
}

const view = async (ctx: AuthedContext, d: Dossier): Promise<DossierView> => {
  const v = await viewOf({ store: ctx.store, dossiers: dossiersOf(ctx) }, d, ctx.now());
  return d._openid === ctx.openid ? v : maskDeep(v);
};

const listAction: RecordsAction<typeof DossiersRequestSchema> = {
  schema: DossiersRequestSchema,
  async run(ctx, req) {
    const scope = req.scope ?? 'mine';
    if (scope === 'all' && !ctx.isAdmin) throw new ApiError('FORBIDDEN', '仅管理员可以查看全部档案');
    const page = req.page ?? 1;
    const pageSize = req.pageSize ?? 20;
    const { items, total } = await dossiersOf(ctx).list({
      ...(scope === 'mine' ? { openid: ctx.openid } : {}),
      ...(req.q?.trim() ? { q: req.q.trim() } : {}),
      page,
      pageSize,
    });
    if (scope === 'all') await audit(ctx, 'dossiers_all', null, { q: req.q ?? null, total });
    return { items: await Promise.all(items.map((d) => view(ctx, d))), total, page, pageSize };
  },
};

const getAction: RecordsAction<typeof DossierRequestSchema> = {
  schema: DossierRequestSchema,
  async run(ctx, req) {
    const d = await readable(ctx, req.id);
    if (d._openid !== ctx.openid) await audit(ctx, 'view_dossier', d._id, null);
    return view(ctx, d);
  },
};

const createAction: RecordsAction<typeof CreateDossierRequestSchema> = {
  schema: CreateDossierRequestSchema,
  async run(ctx, req) {
    const records = await Promise.all((req.recordIds ?? []).map((id) => ownedRecord(ctx, id)));
    const key = records.map((r) => vehicleKeyOf(r)).find((k) => k !== null) ?? null;
    const store = dossiersOf(ctx);
    const d = await store.create({ openid: ctx.openid, vin: key?.vin ?? null, plate: key?.plate ?? null, purpose: req.purpose ?? 'basic', title: req.title ?? null });
    for (const r of records) await fileRecord(store, r, d._id);
    return view(ctx, (await store.get(d._id))!);
  },
};

const updateAction: RecordsAction<typeof UpdateDossierRequestSchema> = {
  schema: UpdateDossierRequestSchema,
  async run(ctx, req) {
    await owned(ctx, req.id);
    const d = await dossiersOf(ctx).update(req.id, {
      ...(req.purpose ? { purpose: req.purpose } : {}),
      ...(req.title !== undefined ? { title: req.title } : {}),
    });
    if (!d) throw new ApiError('NOT_FOUND', '档案不存在');
    return view(ctx, d);
  },
};

const attachAction: RecordsAction<typeof AttachRecordRequestSchema> = {
  schema: AttachRecordRequestSchema,
  async run(ctx, req) {
    await owned(ctx, req.dossierId);
    const record = await ownedRecord(ctx, req.recordId);
    await fileRecord(dossiersOf(ctx), record, req.dossierId);
    return view(ctx, (await dossiersOf(ctx).get(req.dossierId))!);
  },
};

const detachAction: RecordsAction<typeof DetachRecordRequestSchema> = {
  schema: DetachRecordRequestSchema,
  async run(ctx, req) {
    await ownedRecord(ctx, req.recordId);
    return { recordId: req.recordId, detached: await dossiersOf(ctx).detach(req.recordId) };
  },
};

const deleteAction: RecordsAction<typeof DeleteDossierRequestSchema> = {
  schema: DeleteDossierRequestSchema,
  async run(ctx, req) {
    await owned(ctx, req.id);
    return { id: req.id, deleted: await dossiersOf(ctx).remove(req.id) };
  },
};

const subscribeAction: RecordsAction<typeof SubscribeRemindersRequestSchema> = {
  schema: SubscribeRemindersRequestSchema,
  async run(ctx, req) {
    await dossiersOf(ctx).addReminderCredits(ctx.openid, req.accepted);
    return { accepted: req.accepted };
  },
};

// ---- administrators: the due list ---------------------------------------------------------------

const addDays = (day: string, n: number): string => new Date(Date.parse(`${day}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);

/** The window as date bounds: expired = before today; 30/60/90 = from today to today + n. */
export function dueWindow(window: DueListRequest['window'], today: string): { from?: string; until: string } {
  if (window === 'expired') return { until: addDays(today, -1) };
  return { from: today, until: addDays(today, Number(window ?? '30')) };
}

async function dueItems(ctx: AuthedContext, req: Omit<DueListRequest, 'action'>, page: number, pageSize: number): Promise<DueListResponse> {
  const today = todayOf(ctx.now());
  const store = dossiersOf(ctx);
  const { items, total } = await store.listDue({ ...dueWindow(req.window, today), ...(req.docType ? { docType: req.docType } : {}), page, pageSize });
  const out = await Promise.all(
    items.map(async (e) => {
      const dossier = await store.dossierOf(e.recordId);
      const record = dossier?.plate ? null : await ctx.store.getRecord(e.recordId);
      const plate = dossier?.plate ?? (record ? vehicleKeyOf(record)?.plate ?? null : null);
      return { ...e, plate, daysLeft: daysUntil(e.date, today) };
    }),
  );
  return { items: out, total, page, pageSize, today };
}

const dueListAction: RecordsAction<typeof DueListRequestSchema> = {
  schema: DueListRequestSchema,
  adminOnly: true,
  async run(ctx, req) {
    const out = await dueItems(ctx, req, req.page ?? 1, req.pageSize ?? 50);
    await audit(ctx, 'due_list', null, { window: req.window ?? '30', docType: req.docType ?? null, total: out.total });
    return out;
  },
};

/** One file holds at most this many rows (as the records export). */
const DUE_EXPORT_MAX = 5_000;

const exportDueAction: RecordsAction<typeof ExportDueRequestSchema> = {
  schema: ExportDueRequestSchema,
  adminOnly: true,
  async run(ctx, req): Promise<ExportResponse> {
    const rows: DueListResponse['items'] = [];
    let total = 0;
    for (let page = 1; rows.length < DUE_EXPORT_MAX; page++) {
      const got = await dueItems(ctx, req, page, 100);
      total = got.total;
      rows.push(...got.items);
      if (got.items.length < 100) break;
    }
    const now = ctx.now();
    const bytes = await buildDueWorkbook(rows.slice(0, DUE_EXPORT_MAX), now);
    const fileID = await ctx.photos.put(bytes, XLSX_MIME, ctx.openid);
    await audit(ctx, 'export_due', null, { window: req.window ?? '30', docType: req.docType ?? null, count: rows.length, fileID });
    const url = await ctx.photos.temporaryUrl(fileID, EXPORT_URL_TTL_SECONDS);
    return { fileName: adminFileName('due', now), fileID, url, count: Math.min(rows.length, DUE_EXPORT_MAX), truncated: total > DUE_EXPORT_MAX, full: false };
  },
};

const exportDossiersAction: RecordsAction<typeof ExportDossiersRequestSchema> = {
  schema: ExportDossiersRequestSchema,
  adminOnly: true,
  async run(ctx, req): Promise<ExportResponse> {
    const store = dossiersOf(ctx);
    const rows: DossierView[] = [];
    let total = 0;
    for (let page = 1; rows.length < DUE_EXPORT_MAX; page++) {
      const got = await store.list({ ...(req.q?.trim() ? { q: req.q.trim() } : {}), page, pageSize: 100 });
      total = got.total;
      for (const d of got.items) rows.push(maskDeep(await viewOf({ store: ctx.store, dossiers: store }, d, ctx.now())));
      if (got.items.length < 100) break;
    }
    const now = ctx.now();
    const bytes = await buildDossiersWorkbook(rows, now);
    const fileID = await ctx.photos.put(bytes, XLSX_MIME, ctx.openid);
    await audit(ctx, 'export_dossiers', null, { q: req.q ?? null, count: rows.length, fileID });
    const url = await ctx.photos.temporaryUrl(fileID, EXPORT_URL_TTL_SECONDS);
    return { fileName: adminFileName('dossiers', now), fileID, url, count: rows.length, truncated: total > DUE_EXPORT_MAX, full: false };
  },
};

export const dossierActions: ActionTable = {
  dossiers: listAction,
  dossier: getAction,
  createDossier: createAction,
  updateDossier: updateAction,
  attachRecord: attachAction,
  detachRecord: detachAction,
  deleteDossier: deleteAction,
  subscribeReminders: subscribeAction,
  dueList: dueListAction,
  exportDue: exportDueAction,
  exportDossiers: exportDossiersAction,
};
