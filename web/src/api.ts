// The console talks to the local server over the same HTTP API as the mini program's cloud calls:
// POST /api/ocr (multipart), POST /api/records ({ action, … }), photos through temporary URLs.
// Request and response shapes are the core contracts, so the two clients cannot drift apart.
import { z } from 'zod';
import { DetachRecordResponseSchema, DossiersResponseSchema, DossierViewSchema, DueListResponseSchema, type DossierView, type DueListRequest, type DueListResponse } from '../../core/contracts/dossiers';
import type { DossierPurpose } from '../../core/dossier/purposes';
import type { ApiErrorCode } from '../../core/contracts/errors';
import type { RevealRequest } from '../../core/contracts/privacy';
import {
  DeleteResponseSchema,
  ExportResponseSchema,
  GetResponseSchema,
  ListResponseSchema,
  RecordSchema,
  type ExportRequest,
  type ExportResponse,
  type GetResponse,
  type LicenseRecord,
  type ListRequest,
  type ListResponse,
} from '../../core/contracts/records';
import type { ProviderName, RequestedSide } from '../../core/contracts/result';
import { SessionInfoSchema, type SessionInfo } from '../../core/contracts/session';
import { DuplicatesResponseSchema, type DuplicatesResponse } from '../../core/contracts/review';

export type { SessionInfo };

/** How this browser identifies itself: the dev header (dev mode on loopback) or a server session token. */
export type Credentials = { kind: 'dev'; openid: string } | { kind: 'token'; token: string };

const STORAGE_KEY = 'licenselens.credentials';

export function loadCredentials(): Credentials | null {
  try {
    const raw = localStorage.getItem(STORAGE_KEY);
    if (!raw) return null;
    const parsed = JSON.parse(raw) as Partial<Credentials> & Record<string, unknown>;
    if (parsed.kind === 'dev' && typeof parsed.openid === 'string') return { kind: 'dev', openid: parsed.openid };
    if (parsed.kind === 'token' && typeof parsed.token === 'string') return { kind: 'token', token: parsed.token };
  } catch {
    // Storage disabled or corrupted: behave as signed out.
  }
  return null;
}

export function saveCredentials(c: Credentials | null): void {
  try {
    if (c) localStorage.setItem(STORAGE_KEY, JSON.stringify(c));
    else localStorage.removeItem(STORAGE_KEY);
  } catch {
    // Private mode: the session then lasts for this page only.
  }
  current = c;
}

let current: Credentials | null = loadCredentials();

export function credentials(): Credentials | null {
  return current;
}

function authHeaders(c: Credentials | null = current): Record<string, string> {
  if (!c) return {};
  return c.kind === 'dev' ? { 'x-licenselens-openid': c.openid } : { authorization: `Bearer ${c.token}` };
}

/** Fired on window when the server no longer accepts the stored credentials. */
export const SESSION_ENDED = 'licenselens:session-ended';

/** The server's links are relative, or on its configured PUBLIC_ORIGIN, which may name this same
 *  server by another host (a proxy): fetch /api/ links from this origin so no CORS is involved. */
export function sameOrigin(url: string): string {
  const u = new URL(url, location.href);
  return u.origin !== location.origin && u.pathname.startsWith('/api/') ? `${u.pathname}${u.search}` : u.href;
}

/** A refusal or failure of the API, with the contract's stable code and a Chinese message. */
export class ApiClientError extends Error {
  constructor(
    readonly status: number,
    readonly code: ApiErrorCode | 'NETWORK' | 'BAD_RESPONSE' | string,
    message: string,
  ) {
    super(message);
    this.name = 'ApiClientError';
  }
}

const STATUS_MESSAGES: Record<number, string> = {
  400: '请求参数有误',
  401: '请先登录',
  403: '没有权限执行此操作',
  404: '记录不存在或已删除',
  409: '记录状态已变化，请刷新后重试',
  413: '图片太大',
  415: '不支持的图片格式',
  422: '识别失败',
  429: '请求过于频繁或已达今日识别上限',
  500: '服务器内部错误',
};

async function errorFrom(res: Response | { status: number; text: string }): Promise<ApiClientError> {
  const status = res.status;
  const text = 'text' in res && typeof res.text === 'string' ? res.text : await (res as Response).text().catch(() => '');
  let code: string = `HTTP_${status}`;
  let message = STATUS_MESSAGES[status] ?? `请求失败（HTTP ${status}）`;
  try {
    const body = JSON.parse(text) as { code?: unknown; message?: unknown; error?: { code?: unknown; message?: unknown } };
    const e = body.error && typeof body.error === 'object' ? body.error : body;
    if (typeof e.code === 'string') code = e.code;
    if (typeof e.message === 'string' && e.message) message = e.message;
  } catch {
    // Not JSON (a proxy's error page): keep the status text.
  }
  return new ApiClientError(status, code, message);
}

/** The server answered with something the contract does not describe (a proxy's page, an older server). */
const badResponse = (status: number) => new ApiClientError(status, 'BAD_RESPONSE', '服务器返回了无法识别的内容');

/** A response body as the contract says (core/contracts), or BAD_RESPONSE: no screen sees an unchecked shape. */
function checked<T>(schema: z.ZodType<T>, value: unknown, status = 200): T {
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw badResponse(status);
  return parsed.data;
}

async function request<T>(path: string, schema: z.ZodType<T>, init: RequestInit = {}, creds: Credentials | null = current, notify = true): Promise<T> {
  let res: Response;
  try {
    res = await fetch(path, { ...init, headers: { ...authHeaders(creds), ...(init.headers as Record<string, string>) } });
  } catch {
    throw new ApiClientError(0, 'NETWORK', '无法连接服务器，请检查网络或服务是否已启动');
  }
  if (!res.ok) {
    const err = await errorFrom(res);
    // A session that ended mid-use (expired token): let the shell return to the sign-in screen.
    if (notify && res.status === 401 && creds && creds === current) dispatchEvent(new CustomEvent(SESSION_ENDED));
    throw err;
  }
  const type = res.headers.get('content-type') ?? '';
  if (!type.includes('json')) throw badResponse(res.status);
  const body: unknown = await res.json().catch(() => {
    throw badResponse(res.status);
  });
  return checked(schema, body, res.status);
}

// ---- session --------------------------------------------------------------------------------------

export function sessionInfo(creds: Credentials | null = current): Promise<SessionInfo> {
  // The shell handles a refused identity here itself (back to sign-in), so no SESSION_ENDED.
  return request('/api/session/info', SessionInfoSchema, {}, creds, false);
}

// ---- records --------------------------------------------------------------------------------------

/** One records-API action; its answer checked with the action's response schema. */
export function records<T>(body: { action: string } & Record<string, unknown>, schema: z.ZodType<T>): Promise<T> {
  return request('/api/records', schema, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
}

export type ListFilters = Omit<ListRequest, 'action'>;

export const listRecords = (filters: ListFilters): Promise<ListResponse> => records({ action: 'list', ...filters }, ListResponseSchema);

/** The records a filter matches as an .xlsx file, downloaded under the server's name for it. */
export async function exportXlsx(filter: Omit<ExportRequest, 'action'>): Promise<ExportResponse> {
  const res = await records({ action: 'export', ...filter }, ExportResponseSchema);
  await downloadUrl(res.url, res.fileName);
  return res;
}
export const getRecord = (id: string): Promise<GetResponse> => records({ action: 'get', id }, GetResponseSchema);
/** The record in full for an administrator: the server writes a `reveal` audit entry before answering. */
export const revealRecord = (id: string): Promise<GetResponse> => records({ action: 'reveal', id } satisfies RevealRequest, GetResponseSchema);
export const deleteRecord = (id: string): Promise<unknown> => records({ action: 'delete', id }, DeleteResponseSchema);
/** One page's fields, or every page's (in the record's page order) for a photo of several pages. */
export const submitRecord = (id: string, fields: Record<string, string> | Record<string, string>[]): Promise<LicenseRecord> =>
  records(Array.isArray(fields) ? { action: 'submit', id, pages: fields.map((f) => ({ fields: f })) } : { action: 'submit', id, fields }, RecordSchema);

/** The caller's earlier submissions of this plate or VIN, the record under review left out. */
export const findDuplicates = (query: { id: string; plateNo?: string; vin?: string }): Promise<DuplicatesResponse> =>
  records({ action: 'duplicates', ...query }, DuplicatesResponseSchema);

// ---- dossiers (档案) and expiry dates --------------------------------------------------------------

export const listDossiers = (filters: { scope?: 'mine' | 'all'; q?: string; page?: number; pageSize?: number }): Promise<{ items: DossierView[]; total: number }> =>
  records({ action: 'dossiers', ...filters }, DossiersResponseSchema);
export const updateDossier = (id: string, patch: { purpose?: DossierPurpose; title?: string | null }): Promise<DossierView> =>
  records({ action: 'updateDossier', id, ...patch }, DossierViewSchema);
export const attachRecord = (dossierId: string, recordId: string): Promise<DossierView> => records({ action: 'attachRecord', dossierId, recordId }, DossierViewSchema);
export const detachRecord = (recordId: string): Promise<unknown> => records({ action: 'detachRecord', recordId }, DetachRecordResponseSchema);
export const dueList = (filters: Omit<DueListRequest, 'action'>): Promise<DueListResponse> => records({ action: 'dueList', ...filters }, DueListResponseSchema);
export const exportDossiers = (q?: string): Promise<ExportResponse> => records({ action: 'exportDossiers', ...(q ? { q } : {}) }, ExportResponseSchema);
export const exportDue = (filters: Omit<DueListRequest, 'action' | 'page' | 'pageSize'>): Promise<ExportResponse> =>
  records({ action: 'exportDue', ...filters }, ExportResponseSchema);

// ---- recognition ----------------------------------------------------------------------------------

export interface OcrParams {
  image: Blob;
  fileName: string;
  docType: string;
  side: RequestedSide | null;
  provider: ProviderName | 'auto';
}

export interface OcrProgress {
  /** 'upload': bytes are leaving the browser; 'recognize': the server is working. */
  phase: 'upload' | 'recognize';
  /** 0..1 during upload. */
  fraction: number;
}

/** POST /api/ocr with upload progress (fetch has none), resolving with the stored record. */
export function recognize(
  params: OcrParams,
  onProgress: (p: OcrProgress) => void,
  signal?: AbortSignal,
): Promise<LicenseRecord> {
  return new Promise((resolve, reject) => {
    const form = new FormData();
    form.append('image', params.image, params.fileName);
    form.append('docType', params.docType);
    if (params.side) form.append('side', params.side);
    if (params.provider !== 'auto') form.append('provider', params.provider);
    const xhr = new XMLHttpRequest();
    xhr.open('POST', '/api/ocr');
    for (const [k, v] of Object.entries(authHeaders())) xhr.setRequestHeader(k, v);
    xhr.upload.onprogress = (e) => {
      if (e.lengthComputable) onProgress({ phase: 'upload', fraction: e.loaded / e.total });
    };
    xhr.upload.onload = () => onProgress({ phase: 'recognize', fraction: 1 });
    xhr.onerror = () => reject(new ApiClientError(0, 'NETWORK', '上传失败，请检查网络后重试'));
    xhr.onabort = () => reject(new ApiClientError(0, 'ABORTED', '已取消'));
    xhr.onload = () => {
      if (xhr.status >= 200 && xhr.status < 300) {
        try {
          resolve(checked(RecordSchema, JSON.parse(xhr.responseText), xhr.status));
        } catch {
          reject(badResponse(xhr.status));
        }
      } else {
        void errorFrom({ status: xhr.status, text: xhr.responseText }).then(reject);
      }
    };
    signal?.addEventListener('abort', () => xhr.abort());
    onProgress({ phase: 'upload', fraction: 0 });
    xhr.send(form);
  });
}

/** A URL an <img> can load: the record's temporary photoUrl, or the file fetched with our identity. */
export async function photoObjectUrl(record: { fileID: string | null; photoUrl?: string | null }): Promise<string | null> {
  if (record.photoUrl) return record.photoUrl;
  if (!record.fileID) return null;
  let res: Response;
  try {
    res = await fetch(`/api/files/${encodeURIComponent(record.fileID)}`, { headers: authHeaders() });
  } catch {
    return null;
  }
  if (!res.ok) return null;
  return URL.createObjectURL(await res.blob());
}

/** The photo's bytes, fetched with our identity (re-reading a photo picked before a reload). */
export async function photoBlob(fileID: string): Promise<Blob | null> {
  try {
    const res = await fetch(`/api/files/${encodeURIComponent(fileID)}`, { headers: authHeaders() });
    return res.ok ? await res.blob() : null;
  } catch {
    return null;
  }
}

/** Download a file the server offers (the export) with our identity, under its own or a given name. */
export async function downloadUrl(url: string, fallbackName: string): Promise<void> {
  let res: Response;
  try {
    res = await fetch(sameOrigin(url), { headers: authHeaders() });
  } catch {
    throw new ApiClientError(0, 'NETWORK', '无法连接服务器');
  }
  if (!res.ok) throw await errorFrom(res);
  const disposition = res.headers.get('content-disposition') ?? '';
  const match = /filename\*=UTF-8''([^;]+)|filename="?([^";]+)"?/i.exec(disposition);
  const name = match ? decodeURIComponent(match[1] ?? match[2] ?? fallbackName) : fallbackName;
  const href = URL.createObjectURL(await res.blob());
  const a = document.createElement('a');
  a.href = href;
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(href), 60_000);
}
