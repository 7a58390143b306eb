// The subset of the wx-server-sdk API this project uses, typed (the SDK's own typings are loose).
// The real SDK satisfies it in the cloud; test/support/wx-cloud-standin.ts implements exactly this
// subset for tests. Keep the two in step: nothing outside this file may be called on the SDK.

/** A query operator built by db.command (eq, gte, in, …) or a logical combination of them. */
export interface WxCommand {
  and(...others: unknown[]): WxCommand;
  or(...others: unknown[]): WxCommand;
}

export interface WxDbCommand {
  eq(v: unknown): WxCommand;
  neq(v: unknown): WxCommand;
  gt(v: unknown): WxCommand;
  gte(v: unknown): WxCommand;
  lt(v: unknown): WxCommand;
  lte(v: unknown): WxCommand;
  in(v: unknown[]): WxCommand;
  nin(v: unknown[]): WxCommand;
  exists(v: boolean): WxCommand;
  and(...conds: unknown[]): WxCommand;
  or(...conds: unknown[]): WxCommand;
  /** Update operator: replace a field's value as a whole (a plain object would be merged field by field). */
  set(v: unknown): unknown;
  /** Update operator: increment a number. */
  inc(n: number): unknown;
}

export interface WxGetResult<T> {
  data: T[];
  errMsg: string;
}
export interface WxDocGetResult<T> {
  data: T;
  errMsg: string;
}
export interface WxStatsResult {
  stats: { updated?: number; removed?: number };
  errMsg: string;
}

export interface WxQuery {
  where(cond: Record<string, unknown> | WxCommand): WxQuery;
  orderBy(field: string, order: 'asc' | 'desc'): WxQuery;
  skip(n: number): WxQuery;
  limit(n: number): WxQuery;
  get(): Promise<WxGetResult<Record<string, unknown>>>;
  count(): Promise<{ total: number; errMsg: string }>;
  /** Server SDK only: updates every matching document. */
  update(opts: { data: Record<string, unknown> }): Promise<WxStatsResult>;
  remove(): Promise<WxStatsResult>;
}

export interface WxDocRef {
  get(): Promise<WxDocGetResult<Record<string, unknown>>>;
  update(opts: { data: Record<string, unknown> }): Promise<WxStatsResult>;
  set(opts: { data: Record<string, unknown> }): Promise<{ _id: string; stats: { updated?: number; created?: number }; errMsg: string }>;
  remove(): Promise<WxStatsResult>;
}

export interface WxCollection extends WxQuery {
  doc(id: string): WxDocRef;
  add(opts: { data: Record<string, unknown> }): Promise<{ _id: string; errMsg: string }>;
}

export interface WxTransaction {
  collection(name: string): { doc(id: string): WxDocRef };
  rollback(reason?: unknown): Promise<void>;
}

export interface WxDatabase {
  command: WxDbCommand;
  collection(name: string): WxCollection;
  createCollection(name: string): Promise<{ errMsg: string }>;
  serverDate(opts?: { offset?: number }): unknown;
  RegExp(opts: { regexp: string; options?: string }): unknown;
  runTransaction<T>(fn: (t: WxTransaction) => Promise<T>, retries?: number): Promise<T>;
}

export interface WxContext {
  OPENID?: string;
  APPID?: string;
  UNIONID?: string;
  ENV?: string;
  SOURCE?: string;
}

export interface WxCloud {
  DYNAMIC_CURRENT_ENV: symbol | string;
  init(opts?: { env?: string | symbol; traceUser?: boolean; throwOnNotFound?: boolean }): void;
  getWXContext(): WxContext;
  database(opts?: { throwOnNotFound?: boolean }): WxDatabase;
  uploadFile(p: { cloudPath: string; fileContent: Buffer }): Promise<{ fileID: string; statusCode: number; errMsg?: string }>;
  downloadFile(p: { fileID: string }): Promise<{ fileContent: Buffer; statusCode: number; errMsg?: string }>;
  getTempFileURL(p: { fileList: (string | { fileID: string; maxAge?: number })[] }): Promise<{
    fileList: { fileID: string; tempFileURL: string; maxAge: number; status: number; errMsg: string }[];
  }>;
  deleteFile(p: { fileList: string[] }): Promise<{ fileList: { fileID: string; status: number; errMsg: string }[] }>;
  /** Proxy over the WeChat open API (cloud.openapi.ocr.vehicleLicense(…)); each method must be listed in config.json. */
  openapi: Record<string, Record<string, (params: Record<string, unknown>) => Promise<Record<string, unknown>>>>;
}
