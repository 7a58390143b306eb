// An in-memory stand-in for the cloud functions `ocr` and `records` (and the local server's HTTP API),
// answering with the shapes of core/contracts/records.ts: every record it hands out is checked with
// RecordSchema first, so the mini program is tested against the real contract.
import { vi } from 'vitest';
import { ExportRequestSchema, type LicenseRecord, RecordSchema, StatsRequestSchema, SubmitRequestSchema } from '../../../core/contracts/records';
import { planSubmission } from '../../../server/records/submission';
import { shapeStats, statsCounter } from '../../../server/admin/stats';
import { RevealRequestSchema } from '../../../core/contracts/privacy';
import { maskDeep } from '../../../core/privacy/mask';
import { statsRowOf } from '../../../server/stores/common';
import { recordWarningCodes } from '../../../core/records/warnings';
import type { ApiErrorCode } from '../../../core/contracts/errors';
import {
  AttachRecordRequestSchema,
  DetachRecordRequestSchema,
  type DossierView,
  DossierViewSchema,
  DossiersRequestSchema,
  SubscribeRemindersRequestSchema,
  UpdateDossierRequestSchema,
} from '../../../core/contracts/dossiers';
import type { FieldResult, ProviderName } from '../../../core/contracts/result';
import { DuplicatesRequestSchema, ServicesRequestSchema } from '../../../core/contracts/review';
import { findDuplicates } from '../../../server/records/review';
import type { AuthedContext } from '../../../server/records/context';
import type { Envelope } from '../../../server/records/cloud';
import { wxApi } from './harness';

export const VALID_VIN = 'LSVAM41X6C2100847';
/** What OCR read: I and O where the card has 1 and 0. */
export const OCR_VIN = 'LSVAM41X6C2I0O847';

const f = (value: string, extra: Partial<FieldResult> = {}): FieldResult => ({ value, warnings: [], confidence: 0.98, ...extra });

export function recognizedFront(): Record<string, FieldResult> {
  return {
    plateNo: f('粤B12345'),
    vehicleType: f('小型轿车'),
    owner: f('张三'),
    address: f('广东省深圳市南山区科技园路1号'),
    useCharacter: f('非营运'),
    model: f('大众汽车牌SVW71612BM'),
    vin: f(OCR_VIN, {
      warnings: [{ code: 'VIN_CONFUSABLE', message: '车辆识别代号中不应出现字母I、O、Q，可能是数字1、0被误识别，请核对建议值' }],
      suggestion: VALID_VIN,
    }),
    engineNo: f('DKX123456', { confidence: 0.55 }),
    registerDate: f('2018-07-06'),
    issueDate: f('2018-07-10'),
    issuingAuthority: f('深圳市公安局交通警察支队'),
  };
}

let seq = 0;
export function makeRecord(over: Partial<LicenseRecord> = {}): LicenseRecord {
  seq++;
  const created = new Date(Date.UTC(2026, 10, 1, 8, 0, 0) + seq * 60_000).toISOString();
  return RecordSchema.parse({
    _id: `rec-${seq}`,
    _openid: 'user-1',
    docType: 'vehicle_license',
    side: 'front',
    fileID: `cloud://env/uploads/vehicle_license/${seq}.jpg`,
    status: 'recognized',
    provider: 'wechat',
    attempts: [{ provider: 'wechat', ok: true, durationMs: 800 }],
    raw: { errcode: 0 },
    recognized: recognizedFront(),
    extra: {},
    submitted: null,
    corrections: {},
    warnings: [],
    error: null,
    timings: { totalMs: 900 },
    delivery: 'none',
    createdAt: created,
    submittedAt: null,
    updatedAt: created,
    ...over,
  });
}

export class ApiRefusal extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly status: number,
  ) {
    super(message);
  }
}

type OcrOutcome = LicenseRecord | ApiRefusal;

export class FakeBackend {
  records: LicenseRecord[] = [];
  admins = new Set<string>();
  openid = 'user-1';
  /** What the next ocr call yields (a record to store, or a refusal); default: a recognized front. */
  nextOcr: Array<() => OcrOutcome> = [];
  calls: Array<{ name: string; data: Record<string, any> }> = [];
  uploads: Array<{ cloudPath?: string; filePath: string }> = [];
  /** Export files in cloud storage (fileID) and fileIDs downloaded with wx.cloud.downloadFile. */
  exportFiles = new Set<string>();
  downloads: string[] = [];
  /** Dossiers as the records API shows them (core/contracts/dossiers.ts), and the reminder messages
   *  subscribed to per openid (the `subscribeReminders` action). */
  dossiers: DossierView[] = [];
  reminderCredits = new Map<string, number>();
  /** The services the `ocr` function says it can call (`{ action: 'services' }`): in the cloud WeChat
   *  OCR needs no key, the others only with theirs. */
  providers: ProviderName[] = ['wechat'];
  /** Origin of the links the `export` action hands out (the local server's). */
  serverUrl = 'http://127.0.0.1:8787';

  /** Records an administrator's list/export filter selects (status, type, warning, dates, plate/VIN/owner). */
  private filtered(body: Record<string, any>, items: LicenseRecord[]): LicenseRecord[] {
    let out = items;
    if (body.status) out = out.filter((r) => r.status === body.status);
    if (body.docType) out = out.filter((r) => r.docType === body.docType);
    // the stores' own rule for which warnings a record carries
    if (body.warning) out = out.filter((r) => recordWarningCodes(r).includes(String(body.warning)));
    if (body.from) out = out.filter((r) => r.createdAt >= new Date(body.from).toISOString());
    if (body.to) out = out.filter((r) => r.createdAt <= new Date(body.to).toISOString());
    if (body.q) {
      const q = String(body.q).toUpperCase();
      out = out.filter((r) => ['plateNo', 'vin', 'owner'].some((k) => (r.submitted?.[k] ?? r.recognized?.[k]?.value ?? '').toUpperCase().includes(q)));
    }
    return out;
  }

  ocr(data: Record<string, any>): unknown {
    if (ServicesRequestSchema.safeParse(data).success) return { providers: this.providers };
    const next = this.nextOcr.shift();
    // 自动判断 (auto) is answered with the side the provider read: this backend reads fronts.
    const side = data.side === 'back' ? 'back' : data.side === 'front' || data.side === 'auto' ? 'front' : null;
    const outcome = next ? next() : makeRecord({ docType: data.docType, side, _openid: this.openid, fileID: data.fileID ?? 'local-file' });
    if (outcome instanceof ApiRefusal) throw outcome;
    this.records.push(outcome);
    return outcome;
  }

  handleRecords(body: Record<string, any>): unknown {
    const isAdmin = this.admins.has(this.openid);
    const mine = (r: LicenseRecord) => r._openid === this.openid;
    switch (body.action) {
      case 'uploadFolder':
        return { folder: `uploads/${this.openid}` };
      case 'list': {
        if (body.scope === 'all' && !isAdmin) throw new ApiRefusal('FORBIDDEN', '仅管理员可以执行此操作', 403);
        let items = this.filtered(body, this.records.filter((r) => (body.scope === 'all' ? true : mine(r))));
        items = [...items].sort((a, b) => b.createdAt.localeCompare(a.createdAt));
        const page = body.page ?? 1;
        const pageSize = body.pageSize ?? 20;
        return { items: items.slice((page - 1) * pageSize, page * pageSize), total: items.length, page, pageSize };
      }
      case 'get': {
        const r = this.records.find((x) => x._id === body.id && (mine(x) || isAdmin));
        if (!r) throw new ApiRefusal('NOT_FOUND', '记录不存在', 404);
        // As the server: an administrator sees someone else's ID numbers masked.
        const shown = mine(r) ? r : maskDeep(r);
        return { ...shown, photoUrl: r.fileID ? `https://tmp.example.com/${r._id}.jpg?sign=1` : null };
      }
      case 'reveal': {
        if (!isAdmin) throw new ApiRefusal('FORBIDDEN', '仅管理员可以执行此操作', 403);
        const req = RevealRequestSchema.safeParse(body);
        const r = req.success ? this.records.find((x) => x._id === req.data.id) : undefined;
        if (!r) throw new ApiRefusal('NOT_FOUND', '记录不存在', 404);
        return { ...r, photoUrl: r.fileID ? `https://tmp.example.com/${r._id}.jpg?sign=1` : null };
      }
      case 'submit': {
        const i = this.records.findIndex((x) => x._id === body.id && mine(x));
        const r = this.records[i];
        if (!r) throw new ApiRefusal('NOT_FOUND', '记录不存在', 404);
        // The server's own rule for what a submission writes (one page or every page).
        const req = SubmitRequestSchema.parse(body);
        const { submitted, corrections, pages } = planSubmission(r, req);
        const now = new Date().toISOString();
        const saved = RecordSchema.parse({ ...r, status: 'submitted', submitted, corrections, submittedAt: now, updatedAt: now, ...(pages ? { pages } : {}) });
        this.records[i] = saved;
        return saved;
      }
      case 'duplicates': {
        const req = DuplicatesRequestSchema.safeParse(body);
        if (!req.success) throw new ApiRefusal('INVALID_ARGUMENT', '请提供号牌号码或车辆识别代号', 400);
        // The server's own rule, over this backend's records (its store narrows by owner, status and text).
        const store = {
          listRecords: async (q: { openid?: string; status?: string; q?: string }) => {
            const items = this.filtered({ status: q.status, q: q.q }, this.records.filter((r) => r._openid === q.openid));
            return { items, total: items.length };
          },
        };
        return findDuplicates({ openid: this.openid, store } as unknown as AuthedContext, req.data);
      }
      case 'delete': {
        this.records = this.records.filter((x) => !(x._id === body.id && mine(x)));
        return { ok: true };
      }
      case 'export': {
        // The administrator actions of server/admin, with the contract's request schemas.
        if (!isAdmin) throw new ApiRefusal('FORBIDDEN', '仅管理员可以导出记录', 403);
        const req = ExportRequestSchema.safeParse(body);
        if (!req.success) throw new ApiRefusal('INVALID_ARGUMENT', '导出条件不正确', 400);
        const n = this.exportFiles.size + 1;
        const fileID = `cloud://env.1234/exports/licenselens-records-${n}.xlsx`;
        this.exportFiles.add(fileID);
        return {
          fileName: `licenselens-records-${n}.xlsx`,
          fileID,
          url: `${this.serverUrl}/api/files/${String(n).padStart(32, '0')}?exp=1900000000&sig=signed`,
          count: this.filtered(req.data, this.records).length,
          truncated: false,
          full: req.data.full === true,
        };
      }
      case 'stats': {
        if (!isAdmin) throw new ApiRefusal('FORBIDDEN', '仅管理员可以查看统计', 403);
        const req = StatsRequestSchema.safeParse(body);
        if (!req.success) throw new ApiRefusal('INVALID_ARGUMENT', '统计条件不正确', 400);
        const { action: _a, ...query } = req.data;
        const counter = statsCounter();
        counter.add(this.filtered(query, this.records).map(statsRowOf));
        return shapeStats(counter.counts());
      }
      case 'dossiers': {
        const req = DossiersRequestSchema.safeParse(body);
        if (!req.success) throw new ApiRefusal('INVALID_ARGUMENT', '查询条件不正确', 400);
        const items = this.dossiers.filter((d) => d._openid === this.openid).map((d) => DossierViewSchema.parse(d));
        const page = req.data.page ?? 1;
        const pageSize = req.data.pageSize ?? 20;
        return { items: items.slice((page - 1) * pageSize, page * pageSize), total: items.length, page, pageSize };
      }
      case 'updateDossier': {
        const req = UpdateDossierRequestSchema.safeParse(body);
        if (!req.success) throw new ApiRefusal('INVALID_ARGUMENT', '档案内容不正确', 400);
        const d = this.ownDossier(req.data.id);
        if (req.data.purpose) d.purpose = req.data.purpose;
        if (req.data.title !== undefined) d.title = req.data.title;
        return DossierViewSchema.parse(d);
      }
      case 'attachRecord': {
        const req = AttachRecordRequestSchema.safeParse(body);
        if (!req.success) throw new ApiRefusal('INVALID_ARGUMENT', '档案内容不正确', 400);
        const d = this.ownDossier(req.data.dossierId);
        const r = this.records.find((x) => x._id === req.data.recordId && mine(x));
        if (!r) throw new ApiRefusal('NOT_FOUND', '记录不存在', 404);
        this.detach(r._id);
        d.recordIds.push(r._id);
        d.records.push({ _id: r._id, docType: r.docType, side: r.side, status: r.status, createdAt: r.createdAt, pages: [] });
        return DossierViewSchema.parse(d);
      }
      case 'detachRecord': {
        const req = DetachRecordRequestSchema.safeParse(body);
        if (!req.success) throw new ApiRefusal('INVALID_ARGUMENT', '档案内容不正确', 400);
        if (!this.records.some((x) => x._id === req.data.recordId && mine(x))) throw new ApiRefusal('NOT_FOUND', '记录不存在', 404);
        return { recordId: req.data.recordId, detached: this.detach(req.data.recordId) };
      }
      case 'subscribeReminders': {
        const req = SubscribeRemindersRequestSchema.safeParse(body);
        if (!req.success) throw new ApiRefusal('INVALID_ARGUMENT', '订阅次数不正确', 400);
        this.reminderCredits.set(this.openid, (this.reminderCredits.get(this.openid) ?? 0) + req.data.accepted);
        return { accepted: req.data.accepted };
      }
      default:
        throw new ApiRefusal('INVALID_ARGUMENT', '未知的操作', 400);
    }
  }

  private ownDossier(id: string): DossierView {
    const d = this.dossiers.find((x) => x._id === id && x._openid === this.openid);
    if (!d) throw new ApiRefusal('NOT_FOUND', '档案不存在', 404);
    return d;
  }

  /** Takes a record out of whichever dossier holds it; false when none did. */
  private detach(recordId: string): boolean {
    let found = false;
    for (const d of this.dossiers) {
      if (!d.recordIds.includes(recordId)) continue;
      found = true;
      d.recordIds = d.recordIds.filter((id) => id !== recordId);
      d.records = d.records.filter((r) => r._id !== recordId);
    }
    return found;
  }

  /** The cloud function's answer, in the envelope of server/records/cloud.ts:
   *  `{ ok: true, data }` or `{ ok: false, error: { code, message } }`. */
  async callFunction(name: string, data: Record<string, any>): Promise<Envelope<unknown>> {
    this.calls.push({ name, data });
    try {
      return { ok: true, data: await (name === 'ocr' ? this.ocr(data) : this.handleRecords(data)) };
    } catch (e) {
      if (e instanceof ApiRefusal) return { ok: false, error: { code: e.code as ApiErrorCode, message: e.message } };
      throw e;
    }
  }

  /** wx.cloud, as the mini program sees it. Upload progress is reported in steps. */
  cloudStub(opts: { failUpload?: boolean; failDownload?: boolean } = {}): Record<string, unknown> {
    return {
      init: vi.fn(),
      uploadFile: vi.fn((o: Record<string, any>) => {
        this.uploads.push({ cloudPath: o.cloudPath, filePath: o.filePath });
        const listeners: Array<(r: { progress: number }) => void> = [];
        setTimeout(() => {
          for (const p of [30, 70, 100]) listeners.forEach((l) => l({ progress: p }));
          if (opts.failUpload) o.fail?.({ errMsg: 'cloud.uploadFile:fail network error' });
          else o.success?.({ fileID: `cloud://env.1234/${o.cloudPath}`, statusCode: 200, errMsg: 'cloud.uploadFile:ok' });
        }, 0);
        return { onProgressUpdate: (l: (r: { progress: number }) => void) => listeners.push(l), abort: vi.fn() };
      }),
      callFunction: wxApi(async (o) => ({ result: await this.callFunction(o.name, o.data ?? {}), errMsg: 'cloud.callFunction:ok' })),
      downloadFile: vi.fn((o: Record<string, any>) => {
        this.downloads.push(o.fileID);
        const listeners: Array<(r: { progress: number }) => void> = [];
        setTimeout(() => {
          for (const p of [40, 100]) listeners.forEach((l) => l({ progress: p }));
          if (opts.failDownload || !this.exportFiles.has(o.fileID)) o.fail?.({ errMsg: 'cloud.downloadFile:fail network error' });
          else o.success?.({ tempFilePath: `wxfile://tmp/${String(o.fileID).split('/').pop()}`, statusCode: 200, errMsg: 'cloud.downloadFile:ok' });
        }, 0);
        return { onProgressUpdate: (l: (r: { progress: number }) => void) => listeners.push(l), abort: vi.fn() };
      }),
    };
  }
}

let dossierSeq = 0;
/** A dossier as the records API shows it, for records already in the backend (members, oldest first). */
export function makeDossier(records: LicenseRecord[], over: Partial<DossierView> = {}): DossierView {
  dossierSeq++;
  const at = new Date(Date.UTC(2026, 10, 2, 8, 0, 0) + dossierSeq * 60_000).toISOString();
  return DossierViewSchema.parse({
    _id: `dos-${dossierSeq}`,
    _openid: 'user-1',
    vin: VALID_VIN,
    plate: '粤B12345',
    purpose: 'basic',
    title: null,
    recordIds: records.map((r) => r._id),
    createdAt: at,
    updatedAt: at,
    records: records.map((r) => ({ _id: r._id, docType: r.docType, side: r.side, status: r.status, createdAt: r.createdAt, pages: [] })),
    warnings: [],
    expiries: [],
    ...over,
  });
}
