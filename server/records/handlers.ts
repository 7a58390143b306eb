// Record handlers shared by the cloud functions (cloudfunctions/ocr, cloudfunctions/records) and the
// local server. Identity comes only from the context; bodies are validated with zod and can never set
// ownership, status or timestamps.
import { z } from 'zod';
import { ApiError } from '../../core/contracts/errors';
import {
  DeleteRequestSchema,
  GetRequestSchema,
  ListRequestSchema,
  OcrRequestSchema,
  SubmitRequestSchema,
  type GetResponse,
  type LicenseRecord,
  type ListResponse,
} from '../../core/contracts/records';
import { DuplicatesRequestSchema } from '../../core/contracts/review';
import { UploadFolderRequestSchema, uploadFolder, type UploadFolderResponse } from '../../core/contracts/upload';
import { fieldDefs, getDocument } from '../../core/documents/registry';
import { maskDeep } from '../../core/privacy/mask';
import { sniffMime } from '../intake/header';
import { isIntakeError, storableCopy } from '../intake/index';
import { cstDay } from '../stores/common';
import type { NewRecord } from '../stores/types';
import type { AuthedContext, HandlerContext, RecognizeOutcome } from './context';
import { adminActions, audit } from '../admin/actions';
import { outboxFor } from '../delivery/outbox';
import { planSubmission, recordPagesOf } from './submission';
import { withPhotoUrl } from './photo-url';
import { recordQueryOf } from './query';
import { requireCaller } from './edge';
import { dossierActions } from '../dossiers/actions';
import { fileRecord } from '../dossiers/file';
import { queueFailedFiling } from '../dossiers/retry';
import { findDuplicates } from './review';

export { PHOTO_URL_TTL_SECONDS } from './photo-url';
export { cstDateRange } from './dates';

// ---- the action table --------------------------------------------------------------------------------

export interface RecordsAction<S extends z.ZodType = z.ZodType> {
  /** Validates the whole body, `action` included. */
  schema: S;
  /** Only administrators may call it (others get FORBIDDEN). */
  adminOnly?: boolean;
  run(ctx: AuthedContext, request: z.infer<S>): Promise<unknown>;
}
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type ActionTable = Record<string, RecordsAction<any>>;

/** Keeps the schema and the run function's parameter in step. */
export function defineAction<S extends z.ZodType>(action: RecordsAction<S>): RecordsAction<S> {
  return action;
}

const submitAction = defineAction({ schema: SubmitRequestSchema, run: submit });
const listAction = defineAction({ schema: ListRequestSchema, run: list });
const getAction = defineAction({ schema: GetRequestSchema, run: getOne });
const deleteAction = defineAction({ schema: DeleteRequestSchema, run: remove });
const duplicatesAction = defineAction({ schema: DuplicatesRequestSchema, run: findDuplicates });
const uploadFolderAction = defineAction({
  schema: UploadFolderRequestSchema,
  run: async (ctx): Promise<UploadFolderResponse> => ({ folder: uploadFolder(ctx.openid) }),
});

/** What every signed-in user may call. */
export const userActions: ActionTable = {
  submit: submitAction,
  list: listAction,
  get: getAction,
  delete: deleteAction,
  uploadFolder: uploadFolderAction,
  duplicates: duplicatesAction,
};

/** Every action of the records API: the users' and the administrators' (export, stats, audit, redeliver…). */
export const recordsActions: ActionTable = { ...userActions, ...adminActions, ...dossierActions };

const ActionNameSchema = z.object({ action: z.string().min(1).max(64) });

export async function handleRecords(anyCtx: HandlerContext, body: unknown, actions: ActionTable = recordsActions): Promise<unknown> {
  const ctx = requireCaller(anyCtx);
  const head = ActionNameSchema.safeParse(body);
  if (!head.success) throw new ApiError('INVALID_ARGUMENT', '缺少 action');
  const action = Object.hasOwn(actions, head.data.action) ? actions[head.data.action] : undefined;
  if (!action) throw new ApiError('INVALID_ARGUMENT', `未知的操作：${head.data.action}`);
  if (action.adminOnly && !ctx.isAdmin) throw new ApiError('FORBIDDEN', '仅管理员可以执行此操作');
  const parsed = action.schema.safeParse(body);
  if (!parsed.success) throw invalid(parsed.error);
  return action.run(ctx, parsed.data);
}

export function invalid(error: z.ZodError): ApiError {
  return new ApiError(
    'INVALID_ARGUMENT',
    '请求参数不正确',
    error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })),
  );
}

// ---- ocr ---------------------------------------------------------------------------------------------

/** The ocr function's body ({ fileID }) or the local server's upload ({ bytes }). */
export const HandleOcrInputSchema = OcrRequestSchema.extend({
  fileID: OcrRequestSchema.shape.fileID.optional(),
  bytes: z.instanceof(Buffer).optional(),
}).refine((v) => (v.fileID === undefined) !== (v.bytes === undefined), { message: 'fileID 与 bytes 必须二选一' });
export type HandleOcrInput = z.input<typeof HandleOcrInputSchema>;

const INTAKE_STATUS: Record<string, 'PAYLOAD_TOO_LARGE' | 'UNSUPPORTED_MEDIA_TYPE' | 'INVALID_ARGUMENT'> = {
  TOO_LARGE: 'PAYLOAD_TOO_LARGE',
  TOO_MANY_PIXELS: 'PAYLOAD_TOO_LARGE',
  UNSUPPORTED_TYPE: 'UNSUPPORTED_MEDIA_TYPE',
  GIF: 'UNSUPPORTED_MEDIA_TYPE',
  EMPTY: 'INVALID_ARGUMENT',
  CORRUPT: 'INVALID_ARGUMENT',
  NEEDS_REENCODE: 'UNSUPPORTED_MEDIA_TYPE',
};

/** server/intake's IntakeError (isIntakeError also knows one from a second copy of the module). */
function intakeRefusal(e: unknown): ApiError | null {
  if (!isIntakeError(e)) return null;
  const code: unknown = e.code;
  const apiCode = typeof code === 'string' ? INTAKE_STATUS[code] : undefined;
  return new ApiError(apiCode ?? 'INVALID_ARGUMENT', e.message, { intake: code });
}

/** Start of the caller's day in China Standard Time (UTC+8, no DST): the daily limit resets at 00:00 there. */
export function startOfDayCst(now: Date): string {
  const shifted = new Date(now.getTime() + 8 * 3600_000);
  shifted.setUTCHours(0, 0, 0, 0);
  return new Date(shifted.getTime() - 8 * 3600_000).toISOString();
}

/** Seconds until 00:00 China Standard Time: when a user who reached the daily limit may try again. */
function secondsToNextCstDay(now: Date): number {
  const next = Date.parse(startOfDayCst(now)) + 24 * 3600_000;
  return Math.max(1, Math.ceil((next - now.getTime()) / 1000));
}

/** A busy engine or provider usually frees up within seconds (one recognition is ~0.5–1 s). */
export const BUSY_RETRY_AFTER_SECONDS = 5;

/** A recognition, top to bottom: who asks, what, the daily slot, the providers, the photo kept, the
 *  record stored. Every step that refuses leaves nothing behind (no slot charged, no orphan photo). */
export async function handleOcr(anyCtx: HandlerContext, input: HandleOcrInput, opts: { signal?: AbortSignal } = {}): Promise<LicenseRecord> {
  const ctx = requireCaller(anyCtx);
  const req = parseOcrInput(input);
  const photo = await loadPhoto(ctx, req);
  const slot = await reserveDailySlot(ctx);
  const outcome = await recognizeOrRefund(ctx, photo.bytes, req, slot);
  await refuseIfCancelled(opts.signal, slot);
  const fileID = await keepPhoto(ctx, photo);
  const stored = await storeRecord(ctx, newRecordOf(ctx, req, fileID, outcome), fileID);
  // An upload to cloud storage is replaced by the kept copy.
  if (req.fileID) await ctx.photos.delete(req.fileID).catch(() => undefined);
  return stored;
}

type OcrInput = z.output<typeof HandleOcrInputSchema>;

/** The caller went away (a cancelled scan, a closed tab) while the photo was read: nobody will see this
 *  answer, so nothing is kept (no orphan record or photo in the history) and the slot is given back. */
async function refuseIfCancelled(signal: AbortSignal | undefined, slot: DailySlot): Promise<void> {
  if (!signal?.aborted) return;
  await slot.refund();
  throw new ApiError('CONFLICT', '识别已取消，结果未保存');
}

function parseOcrInput(input: HandleOcrInput): OcrInput {
  const parsed = HandleOcrInputSchema.safeParse(input);
  if (!parsed.success) throw invalid(parsed.error);
  if (!getDocument(parsed.data.docType)) throw new ApiError('INVALID_ARGUMENT', `不支持的证件类型：${parsed.data.docType}`);
  return parsed.data;
}

/** The uploaded bytes, or the photo the mini program put in cloud storage. */
async function loadPhoto(ctx: AuthedContext, req: OcrInput): Promise<{ bytes: Buffer; mime: string }> {
  if (req.bytes) return { bytes: req.bytes, mime: 'application/octet-stream' };
  const photo = await ctx.photos.get(req.fileID!);
  if (!photo) throw new ApiError('NOT_FOUND', '找不到上传的照片，请重新拍摄');
  return photo;
}

interface DailySlot {
  /** Gives the slot back: for refusals that cost no provider call. */
  refund(): Promise<void>;
}

/** The slot is taken before any provider is asked, atomically: concurrent uploads cannot all pass a
 *  check made before any of them is stored, and deleting records gives nothing back. */
async function reserveDailySlot(ctx: AuthedContext): Promise<DailySlot> {
  const now = ctx.now();
  const day = cstDay(now.toISOString());
  if (!(await ctx.store.reserveDailySlot(ctx.openid, day, ctx.config.DAILY_OCR_LIMIT))) {
    throw new ApiError('RATE_LIMITED', `今日识别次数已达上限（${ctx.config.DAILY_OCR_LIMIT} 次），请明天再试`, {
      retryAfterSeconds: secondsToNextCstDay(now),
    });
  }
  return { refund: () => ctx.store.releaseDailySlot(ctx.openid, day).catch(() => undefined) };
}

/** The pipeline's outcome; an image refused at intake or every provider busy gives the slot back and
 *  is refused (4xx/429), nothing stored. A recognition that failed otherwise is an outcome to store. */
async function recognizeOrRefund(ctx: AuthedContext, bytes: Buffer, req: OcrInput, slot: DailySlot): Promise<RecognizeOutcome> {
  let outcome: RecognizeOutcome;
  try {
    outcome = await ctx.pipeline.recognize(bytes, {
      docType: req.docType,
      owner: ctx.openid,
      ...(req.side ? { side: req.side } : {}),
      ...(req.provider ? { provider: req.provider } : {}),
    });
  } catch (e) {
    const refusal = intakeRefusal(e);
    if (refusal) {
      await slot.refund();
      throw refusal;
    }
    throw e;
  }
  // Every provider busy (a full engine queue, a provider's rate limit): the user did nothing wrong and
  // got nothing, so nothing is stored or charged; the client is told when to try again.
  if (!outcome.ok && outcome.error.code === 'RATE_LIMIT') {
    await slot.refund();
    throw new ApiError('RATE_LIMITED', '识别服务繁忙，请稍后重试', { retryAfterSeconds: BUSY_RETRY_AFTER_SECONDS });
  }
  return outcome;
}

/** The photo is kept only once it passed intake, as a copy without metadata (camera, time, GPS),
 *  orientation applied. */
async function keepPhoto(ctx: AuthedContext, photo: { bytes: Buffer; mime: string }): Promise<string> {
  const copy = await storableCopy(photo.bytes, sniffMime(photo.bytes) ?? photo.mime);
  return ctx.photos.put(copy.bytes, copy.mime, ctx.openid);
}

/** The record of a recognition: what was read, or why nothing was (status 'failed', with every attempt). */
function newRecordOf(ctx: AuthedContext, req: OcrInput, fileID: string, outcome: RecognizeOutcome): NewRecord {
  const base = { _openid: ctx.openid, docType: req.docType, fileID, attempts: outcome.attempts, timings: outcome.timings, createdAt: ctx.now().toISOString() };
  if (outcome.ok) {
    return {
      ...base,
      side: outcome.result.side,
      status: 'recognized',
      provider: outcome.provider,
      raw: outcome.raw ?? null,
      recognized: outcome.result.fields,
      extra: outcome.result.extra,
      warnings: outcome.result.warnings,
      error: null,
      ...(outcome.result.pages ? { pages: recordPagesOf(outcome.result.pages) } : {}),
    };
  }
  return {
    ...base,
    side: req.side === 'front' || req.side === 'back' ? req.side : null,
    status: 'failed',
    provider: null,
    raw: null,
    recognized: null,
    extra: {},
    warnings: [],
    error: outcome.error,
  };
}

/** No orphan photo when the record could not be written. */
async function storeRecord(ctx: AuthedContext, record: NewRecord, fileID: string): Promise<LicenseRecord> {
  try {
    return await ctx.store.insertRecord(record);
  } catch (e) {
    await ctx.photos.delete(fileID).catch(() => undefined);
    throw e;
  }
}

// ---- records actions -----------------------------------------------------------------------------------

/** A record the caller may read: their own, or any for administrators. Foreign records read as missing,
 *  so that ids cannot be probed. */
async function readable(ctx: AuthedContext, id: string): Promise<LicenseRecord> {
  const record = await ctx.store.getRecord(id);
  if (!record || (record._openid !== ctx.openid && !ctx.isAdmin)) throw new ApiError('NOT_FOUND', '记录不存在');
  return record;
}

async function owned(ctx: AuthedContext, id: string): Promise<LicenseRecord> {
  const record = await ctx.store.getRecord(id);
  if (!record || record._openid !== ctx.openid) throw new ApiError('NOT_FOUND', '记录不存在');
  return record;
}

export { allowedFieldKeys, diffSubmission } from './submission';

async function submit(ctx: AuthedContext, req: z.infer<typeof SubmitRequestSchema>): Promise<LicenseRecord> {
  const record = await owned(ctx, req.id);
  if (record.status === 'submitted') return record; // idempotent: a repeated submit changes nothing
  if (record.status === 'failed') throw new ApiError('CONFLICT', '识别失败的记录不能提交，请重新拍摄');
  const { submitted, corrections, pages } = planSubmission(record, req);
  if (req.dossierId !== undefined) {
    const chosen = await ctx.dossiers?.get(req.dossierId);
    if (!chosen || chosen._openid !== ctx.openid) throw new ApiError('NOT_FOUND', '档案不存在');
  }
  const submittedAt = ctx.now().toISOString();
  const after = { ...record, status: 'submitted' as const, submitted, corrections, submittedAt, ...(pages ? { pages } : {}) };
  const outbox = outboxFor(ctx.config, after, ctx.now());
  const out = await ctx.store.submitRecord(record._id, {
    openid: ctx.openid,
    submitted,
    corrections,
    submittedAt,
    ...(pages ? { pages } : {}),
    ...(outbox ? { outbox } : {}),
    // In the submit's own transaction: a crash between two writes can no longer lose the entry.
    audit: {
      actor: ctx.openid,
      action: 'submit',
      target: record._id,
      details: { corrected: [...new Set((pages ?? [{ corrections }]).flatMap((p) => Object.keys(p.corrections)))] },
      at: submittedAt,
    },
  });
  if (!out) throw new ApiError('NOT_FOUND', '记录不存在');
  if (ctx.dossiers) await fileIntoDossier(ctx, ctx.dossiers, out.record, req.dossierId);
  return out.record;
}

/** Derived data: a failure here must not fail the submission that already happened. It is audited and
 *  kept for the scheduler, which files it again (server/dossiers/retry.ts). */
async function fileIntoDossier(ctx: AuthedContext, dossiers: NonNullable<AuthedContext['dossiers']>, record: LicenseRecord, dossierId?: string) {
  try {
    await fileRecord(dossiers, record, dossierId);
  } catch (e) {
    const queued = await queueFailedFiling(dossiers, record._id, dossierId, ctx.now()).then(
      () => true,
      () => false,
    );
    await audit(ctx, 'dossier_file_failed', record._id, { error: e instanceof Error ? e.name : 'unknown', queued }).catch(() => undefined);
  }
}

async function list(ctx: AuthedContext, req: z.infer<typeof ListRequestSchema>): Promise<ListResponse> {
  const scope = req.scope ?? 'mine';
  if (scope === 'all' && !ctx.isAdmin) throw new ApiError('FORBIDDEN', '仅管理员可以查看全部记录');
  const page = req.page ?? 1;
  const pageSize = req.pageSize ?? 20;
  const { items, total } = await ctx.store.listRecords({
    ...(scope === 'mine' ? { openid: ctx.openid } : {}),
    ...recordQueryOf(req),
    page,
    pageSize,
  });
  // No audit entry for a list: it shows every ID number masked, and one entry per page viewed buried
  // the entries that matter (exports, reveals, deletions) under reads.
  // Lists leave out the raw provider payload (fetched by `get`); everyone else's records are masked.
  const slim = items.map((r) => ({ ...r, raw: null }));
  return { items: scope === 'all' ? slim.map((r) => maskDeep(r)) : slim, total, page, pageSize };
}

async function getOne(ctx: AuthedContext, req: z.infer<typeof GetRequestSchema>): Promise<GetResponse> {
  const record = await readable(ctx, req.id);
  const foreign = record._openid !== ctx.openid;
  if (foreign) await audit(ctx, 'view', record._id, null);
  // An administrator sees someone else's ID numbers masked; the full number is the audited `reveal`.
  return withPhotoUrl(ctx, foreign ? maskDeep(record) : record);
}

async function remove(ctx: AuthedContext, req: z.infer<typeof DeleteRequestSchema>): Promise<{ id: string; deleted: true }> {
  const record = await owned(ctx, req.id);
  // Record first: a photo without a record is harmless garbage, a record pointing at nothing is not.
  await ctx.store.deleteRecord(record._id);
  await ctx.dossiers?.forgetRecord(record._id);
  if (record.fileID) await ctx.photos.delete(record.fileID).catch(() => undefined);
  await audit(ctx, 'delete', record._id, null);
  return { id: record._id, deleted: true };
}
