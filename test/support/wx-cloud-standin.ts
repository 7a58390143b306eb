// An in-memory stand-in for the subset of wx-server-sdk this project uses (server/stores/wechat/api.ts),
// written to the documented semantics of the cloud database and storage:
// - get() returns at most `maxLimit` documents per query (the server SDK caps it: 100 measured by the
//   community, 1000 in the current docs; the default here is the stricter 100), limit() above it is capped;
// - _id is generated (32 hex) unless given; the server SDK does NOT add _openid (it is written explicitly);
// - db.serverDate() becomes the server's Date when written; command operators eq/neq/gt/gte/lt/lte/in/
//   nin/exists, and/or (chained or top level); db.RegExp; count() → { total };
// - update() merges plain objects field by field (like $set on dotted paths; a null parent fails), _.set()
//   replaces; doc().get() of a missing document rejects; collections must exist (createCollection);
// - runTransaction: serializable, writes applied at commit, conflict with a concurrent write retried.
// Used as `vi.mock('wx-server-sdk', …)` for the cloud function mains and directly by the store suite.
import { randomBytes } from 'node:crypto';
import type {
  WxCloud,
  WxCollection,
  WxCommand,
  WxContext,
  WxDatabase,
  WxDbCommand,
  WxDocRef,
  WxQuery,
  WxTransaction,
} from '../../server/stores/wechat/api';

type Doc = Record<string, unknown>;

class WxError extends Error {
  errCode: number;
  errMsg: string;
  constructor(errCode: number, errMsg: string) {
    super(errMsg);
    this.errCode = errCode;
    this.errMsg = errMsg;
  }
}

// ---- values ---------------------------------------------------------------------------------------------

const SERVER_DATE = Symbol('serverDate');
interface ServerDate {
  [SERVER_DATE]: true;
  offset: number;
}
const SET = Symbol('set');
const INC = Symbol('inc');
interface UpdateOp {
  kind: typeof SET | typeof INC;
  value: unknown;
}
class RegExpValue {
  constructor(
    readonly regexp: string,
    readonly options: string,
  ) {}
  test(v: unknown): boolean {
    return typeof v === 'string' && new RegExp(this.regexp, this.options.replace(/[^imsu]/g, '')).test(v);
  }
}

function isPlain(v: unknown): v is Doc {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof Date) && !(v instanceof RegExpValue) && !(v instanceof Cmd) && !(SERVER_DATE in v) && !isUpdateOp(v);
}
function isUpdateOp(v: unknown): v is UpdateOp {
  return typeof v === 'object' && v !== null && 'kind' in v && ((v as UpdateOp).kind === SET || (v as UpdateOp).kind === INC);
}

function clone<T>(v: T): T {
  if (v instanceof Date) return new Date(v.getTime()) as T;
  if (Buffer.isBuffer(v)) return Buffer.from(v) as T;
  if (Array.isArray(v)) return v.map(clone) as T;
  if (isPlain(v)) {
    const out: Doc = {};
    for (const [k, x] of Object.entries(v)) if (x !== undefined) out[k] = clone(x);
    return out as T;
  }
  return v;
}

/** Writes resolve serverDate() against the stand-in's clock. */
function resolveWrite(v: unknown, now: Date): unknown {
  if (typeof v === 'object' && v !== null && SERVER_DATE in v) return new Date(now.getTime() + (v as ServerDate).offset);
  if (v instanceof Date) return new Date(v.getTime());
  if (Array.isArray(v)) return v.map((x) => resolveWrite(x, now));
  if (isPlain(v)) {
    const out: Doc = {};
    for (const [k, x] of Object.entries(v)) if (x !== undefined) out[k] = resolveWrite(x, now);
    return out;
  }
  return v;
}

function getPath(doc: Doc, path: string): unknown {
  let cur: unknown = doc;
  for (const part of path.split('.')) {
    if (!isPlain(cur)) return undefined;
    cur = cur[part];
  }
  return cur;
}

// Mongo-like ordering of types for sorting: missing/null < numbers < strings < objects < arrays < booleans < dates.
function typeRank(v: unknown): number {
  if (v === undefined || v === null) return 0;
  if (typeof v === 'number') return 1;
  if (typeof v === 'string') return 2;
  if (Array.isArray(v)) return 4;
  if (typeof v === 'boolean') return 5;
  if (v instanceof Date) return 6;
  return 3;
}
function compare(a: unknown, b: unknown): number {
  const ra = typeRank(a);
  const rb = typeRank(b);
  if (ra !== rb) return ra - rb;
  if (a instanceof Date && b instanceof Date) return a.getTime() - b.getTime();
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  if (typeof a === 'string' && typeof b === 'string') return a < b ? -1 : a > b ? 1 : 0;
  if (typeof a === 'boolean' && typeof b === 'boolean') return Number(a) - Number(b);
  return 0;
}
/** Range operators only compare values of the same type (type bracketing). */
function comparable(a: unknown, b: unknown): boolean {
  return typeRank(a) === typeRank(b) && typeRank(a) !== 0;
}
function equal(a: unknown, b: unknown): boolean {
  if ((a === undefined || a === null) && (b === undefined || b === null)) return true;
  if (a instanceof Date && b instanceof Date) return a.getTime() === b.getTime();
  if (Array.isArray(a) && !Array.isArray(b)) return a.some((x) => equal(x, b)); // array field contains
  if (typeof a === 'object' && a !== null && typeof b === 'object' && b !== null) return JSON.stringify(a) === JSON.stringify(b);
  return a === b;
}

// ---- commands -------------------------------------------------------------------------------------------

type Op = 'eq' | 'neq' | 'gt' | 'gte' | 'lt' | 'lte' | 'in' | 'nin' | 'exists' | 'and' | 'or';
class Cmd implements WxCommand {
  constructor(
    readonly op: Op,
    readonly operand: unknown,
  ) {}
  and(...others: unknown[]): WxCommand {
    return new Cmd('and', [this, ...flat(others)]);
  }
  or(...others: unknown[]): WxCommand {
    return new Cmd('or', [this, ...flat(others)]);
  }
}
const flat = (args: unknown[]): unknown[] => (args.length === 1 && Array.isArray(args[0]) ? (args[0] as unknown[]) : args);

/** Does a field value satisfy a condition (a command, a RegExp, a nested object or a literal)? */
function matchValue(value: unknown, cond: unknown, present: boolean): boolean {
  if (cond instanceof Cmd) {
    const x = cond.operand;
    switch (cond.op) {
      case 'eq':
        return equal(value, x);
      case 'neq':
        return !equal(value, x);
      case 'gt':
        return comparable(value, x) && compare(value, x) > 0;
      case 'gte':
        return comparable(value, x) && compare(value, x) >= 0;
      case 'lt':
        return comparable(value, x) && compare(value, x) < 0;
      case 'lte':
        return comparable(value, x) && compare(value, x) <= 0;
      case 'in':
        return (x as unknown[]).some((y) => equal(value, y));
      case 'nin':
        return !(x as unknown[]).some((y) => equal(value, y));
      case 'exists':
        return present === Boolean(x);
      case 'and':
        return (x as unknown[]).every((c) => matchValue(value, c, present));
      case 'or':
        return (x as unknown[]).some((c) => matchValue(value, c, present));
    }
  }
  if (cond instanceof RegExpValue) return cond.test(value);
  if (isPlain(cond)) {
    // A nested object condition matches field by field (dot notation equivalent).
    if (!isPlain(value)) return false;
    return Object.entries(cond).every(([k, c]) => matchValue(value[k], c, k in value));
  }
  return equal(value, cond);
}

function matchDoc(doc: Doc, cond: unknown): boolean {
  if (cond === undefined) return true;
  if (cond instanceof Cmd) {
    if (cond.op === 'and') return (cond.operand as unknown[]).every((c) => matchDoc(doc, c));
    if (cond.op === 'or') return (cond.operand as unknown[]).some((c) => matchDoc(doc, c));
    throw new WxError(-1, `where: a top-level ${cond.op} command needs a field`);
  }
  if (!isPlain(cond)) throw new WxError(-1, 'where: the condition must be an object');
  return Object.entries(cond).every(([path, c]) => {
    const v = getPath(doc, path);
    return matchValue(v, c, v !== undefined);
  });
}

/** update(): plain objects are merged field by field; _.set() replaces; _.inc() adds. */
function applyUpdate(doc: Doc, data: Doc, now: Date, prefix = ''): void {
  for (const [k, v] of Object.entries(data)) {
    if (v === undefined) continue;
    const path = prefix ? `${prefix}.${k}` : k;
    if (path === '_id') throw new WxError(-1, 'update: _id cannot be updated');
    if (isPlain(v) && Object.keys(v).length > 0) {
      applyUpdate(doc, v, now, path);
      continue;
    }
    const parts = path.split('.');
    let cur: Doc = doc;
    for (const p of parts.slice(0, -1)) {
      const next = cur[p];
      if (next === undefined) cur[p] = {};
      else if (!isPlain(next)) throw new WxError(-1, `update: cannot create field '${parts.at(-1)}' in element {${p}: ${JSON.stringify(next)}}`);
      cur = cur[p] as Doc;
    }
    const last = parts.at(-1)!;
    if (isUpdateOp(v)) {
      if (v.kind === SET) cur[last] = resolveWrite(v.value, now);
      else cur[last] = (typeof cur[last] === 'number' ? (cur[last] as number) : 0) + (v.value as number);
    } else {
      cur[last] = resolveWrite(v, now);
    }
  }
}

// ---- the database ---------------------------------------------------------------------------------------

interface Stored {
  doc: Doc;
  version: number;
}

export interface StandinOptions {
  /** Largest page a get() returns (server SDK: 100; mini program client: 20). */
  maxLimit?: number;
  /** The clock behind serverDate(). */
  now?: () => Date;
  /** Collections that exist from the start (the console creates them in a real environment). */
  collections?: string[];
  envId?: string;
}

export class StandinDatabase implements WxDatabase {
  readonly collections = new Map<string, Map<string, Stored>>();
  readonly maxLimit: number;
  readonly now: () => Date;
  /** Queries executed (tests assert the driver pages instead of reading everything). */
  readonly log: { op: string; collection: string; limit?: number; returned?: number }[] = [];
  private txChain: Promise<unknown> = Promise.resolve();
  /** Fault injection: called before each committed write; throwing fails that write. */
  beforeWrite: ((op: string, collection: string) => void) | null = null;

  constructor(opts: StandinOptions = {}) {
    this.maxLimit = opts.maxLimit ?? 100;
    this.now = opts.now ?? (() => new Date());
    for (const c of opts.collections ?? []) this.collections.set(c, new Map());
  }

  readonly command: WxDbCommand = {
    eq: (v) => new Cmd('eq', v),
    neq: (v) => new Cmd('neq', v),
    gt: (v) => new Cmd('gt', v),
    gte: (v) => new Cmd('gte', v),
    lt: (v) => new Cmd('lt', v),
    lte: (v) => new Cmd('lte', v),
    in: (v) => new Cmd('in', v),
    nin: (v) => new Cmd('nin', v),
    exists: (v) => new Cmd('exists', v),
    and: (...c) => new Cmd('and', flat(c)),
    or: (...c) => new Cmd('or', flat(c)),
    set: (v): UpdateOp => ({ kind: SET, value: v }),
    inc: (n): UpdateOp => ({ kind: INC, value: n }),
  };

  serverDate(opts: { offset?: number } = {}): unknown {
    return { [SERVER_DATE]: true, offset: opts.offset ?? 0 } satisfies ServerDate;
  }

  RegExp(opts: { regexp: string; options?: string }): unknown {
    return new RegExpValue(opts.regexp, opts.options ?? '');
  }

  async createCollection(name: string): Promise<{ errMsg: string }> {
    if (this.collections.has(name)) throw new WxError(-501001, `DATABASE_COLLECTION_ALREADY_EXIST: collection ${name} already exists`);
    this.collections.set(name, new Map());
    return { errMsg: 'createCollection:ok' };
  }

  table(name: string): Map<string, Stored> {
    const t = this.collections.get(name);
    if (!t) throw new WxError(-502005, `database collection not exists: ${name} (DATABASE_COLLECTION_NOT_EXIST)`);
    return t;
  }

  write(op: string, collection: string): void {
    this.beforeWrite?.(op, collection);
  }

  collection(name: string): WxCollection {
    return new StandinCollection(this, name, {});
  }

  async runTransaction<T>(fn: (t: WxTransaction) => Promise<T>, retries = 3): Promise<T> {
    // Serializable: one transaction at a time; a write outside it to a document it read aborts it.
    const run = async (): Promise<T> => {
      for (let attempt = 0; ; attempt++) {
        const tx = new StandinTransaction(this);
        let out: T;
        try {
          out = await fn(tx);
        } catch (e) {
          if (tx.rolledBack) throw tx.rollbackReason;
          throw e;
        }
        if (tx.rolledBack) throw tx.rollbackReason;
        if (tx.conflicts()) {
          if (attempt < retries) continue;
          throw new WxError(-502001, 'transaction conflict (DATABASE_TRANSACTION_CONFLICT)');
        }
        tx.commit();
        return out;
      }
    };
    const p = this.txChain.then(run, run);
    this.txChain = p.catch(() => undefined);
    return p;
  }

  /** Every stored document of a collection (tests only). */
  dump(name: string): Doc[] {
    return [...(this.collections.get(name)?.values() ?? [])].map((s) => clone(s.doc));
  }
}

class StandinQuery implements WxQuery {
  constructor(
    protected db: StandinDatabase,
    protected name: string,
    protected q: { where?: unknown; order?: [string, 'asc' | 'desc'][]; skip?: number; limit?: number },
  ) {}

  private next(patch: Partial<StandinQuery['q']>): StandinQuery {
    return new StandinQuery(this.db, this.name, { ...this.q, ...patch });
  }
  where(cond: Record<string, unknown> | WxCommand): WxQuery {
    return this.next({ where: cond });
  }
  orderBy(field: string, order: 'asc' | 'desc'): WxQuery {
    if (order !== 'asc' && order !== 'desc') throw new WxError(-1, `orderBy: invalid order ${String(order)}`);
    return this.next({ order: [...(this.q.order ?? []), [field, order]] });
  }
  skip(n: number): WxQuery {
    if (!Number.isInteger(n) || n < 0) throw new WxError(-1, 'skip: must be a non-negative integer');
    return this.next({ skip: n });
  }
  limit(n: number): WxQuery {
    if (!Number.isInteger(n) || n <= 0) throw new WxError(-1, 'limit: must be a positive integer');
    return this.next({ limit: n });
  }

  protected matching(): Stored[] {
    const all = [...this.db.table(this.name).values()].filter((s) => matchDoc(s.doc, this.q.where));
    const order = this.q.order ?? [];
    if (order.length) {
      all.sort((a, b) => {
        for (const [f, dir] of order) {
          const c = compare(getPath(a.doc, f), getPath(b.doc, f));
          if (c !== 0) return dir === 'asc' ? c : -c;
        }
        return 0;
      });
    }
    return all;
  }

  async get(): Promise<{ data: Doc[]; errMsg: string }> {
    const limit = Math.min(this.q.limit ?? this.db.maxLimit, this.db.maxLimit);
    const skip = this.q.skip ?? 0;
    const data = this.matching()
      .slice(skip, skip + limit)
      .map((s) => clone(s.doc));
    this.db.log.push({ op: 'get', collection: this.name, limit, returned: data.length });
    return { data, errMsg: 'collection.get:ok' };
  }

  async count(): Promise<{ total: number; errMsg: string }> {
    this.db.log.push({ op: 'count', collection: this.name });
    return { total: this.matching().length, errMsg: 'collection.count:ok' };
  }

  async update(opts: { data: Record<string, unknown> }): Promise<{ stats: { updated: number }; errMsg: string }> {
    if (this.q.where === undefined) throw new WxError(-1, 'update: a where condition is required');
    this.db.write('update', this.name);
    const now = this.db.now();
    let updated = 0;
    for (const s of this.matching()) {
      const next = clone(s.doc);
      applyUpdate(next, opts.data, now);
      s.doc = next;
      s.version++;
      updated++;
    }
    return { stats: { updated }, errMsg: 'collection.update:ok' };
  }

  async remove(): Promise<{ stats: { removed: number }; errMsg: string }> {
    if (this.q.where === undefined) throw new WxError(-1, 'remove: a where condition is required');
    this.db.write('remove', this.name);
    const table = this.db.table(this.name);
    let removed = 0;
    for (const s of this.matching()) {
      table.delete(s.doc._id as string);
      removed++;
    }
    return { stats: { removed }, errMsg: 'collection.remove:ok' };
  }
}

class StandinCollection extends StandinQuery implements WxCollection {
  doc(id: string): WxDocRef {
    return new StandinDoc(this.db, this.name, id);
  }
  async add(opts: { data: Record<string, unknown> }): Promise<{ _id: string; errMsg: string }> {
    const table = this.db.table(this.name);
    if (!isPlain(opts.data)) throw new WxError(-1, 'add: data must be an object');
    const id = typeof opts.data._id === 'string' ? opts.data._id : randomBytes(16).toString('hex');
    if (table.has(id)) throw new WxError(-502001, `add: duplicate key _id ${id}`);
    this.db.write('add', this.name);
    const doc = resolveWrite(opts.data, this.db.now()) as Doc;
    table.set(id, { doc: { ...doc, _id: id }, version: 1 });
    return { _id: id, errMsg: 'collection.add:ok' };
  }
}

class StandinDoc implements WxDocRef {
  constructor(
    private db: StandinDatabase,
    private name: string,
    private id: string,
  ) {}
  async get(): Promise<{ data: Doc; errMsg: string }> {
    const s = this.db.table(this.name).get(this.id);
    if (!s) throw new WxError(-1, `document.get:fail document with _id ${this.id} does not exist`);
    return { data: clone(s.doc), errMsg: 'document.get:ok' };
  }
  async update(opts: { data: Record<string, unknown> }): Promise<{ stats: { updated: number }; errMsg: string }> {
    const s = this.db.table(this.name).get(this.id);
    if (!s) return { stats: { updated: 0 }, errMsg: 'document.update:ok' };
    this.db.write('update', this.name);
    const next = clone(s.doc);
    applyUpdate(next, opts.data, this.db.now());
    s.doc = next;
    s.version++;
    return { stats: { updated: 1 }, errMsg: 'document.update:ok' };
  }
  async set(opts: { data: Record<string, unknown> }): Promise<{ _id: string; stats: { updated: number; created: number }; errMsg: string }> {
    if ('_id' in opts.data) throw new WxError(-1, 'document.set:fail data must not contain _id');
    const table = this.db.table(this.name);
    this.db.write('set', this.name);
    const prev = table.get(this.id);
    table.set(this.id, { doc: { ...(resolveWrite(opts.data, this.db.now()) as Doc), _id: this.id }, version: (prev?.version ?? 0) + 1 });
    return { _id: this.id, stats: { updated: prev ? 1 : 0, created: prev ? 0 : 1 }, errMsg: 'document.set:ok' };
  }
  async remove(): Promise<{ stats: { removed: number }; errMsg: string }> {
    const table = this.db.table(this.name);
    if (!table.has(this.id)) return { stats: { removed: 0 }, errMsg: 'document.remove:ok' };
    this.db.write('remove', this.name);
    table.delete(this.id);
    return { stats: { removed: 1 }, errMsg: 'document.remove:ok' };
  }
}

/** Reads see committed data plus the transaction's own writes; writes are applied at commit. */
class StandinTransaction implements WxTransaction {
  private readonly reads = new Map<string, number>(); // "coll\0id" → version seen (0 = absent)
  private readonly writes = new Map<string, Doc | null>();
  rolledBack = false;
  rollbackReason: unknown;
  constructor(private db: StandinDatabase) {}

  private key(c: string, id: string): string {
    return `${c}\u0000${id}`;
  }
  private current(c: string, id: string): Doc | null {
    const k = this.key(c, id);
    if (this.writes.has(k)) return clone(this.writes.get(k)!) ?? null;
    const s = this.db.table(c).get(id);
    if (!this.reads.has(k)) this.reads.set(k, s?.version ?? 0);
    return s ? clone(s.doc) : null;
  }

  collection(name: string): { doc(id: string): WxDocRef } {
    const tx = this;
    this.db.table(name); // must exist
    return {
      doc(id: string): WxDocRef {
        const k = tx.key(name, id);
        return {
          async get() {
            const d = tx.current(name, id);
            if (!d) throw new WxError(-1, `document.get:fail document with _id ${id} does not exist`);
            return { data: d, errMsg: 'document.get:ok' };
          },
          async update(opts) {
            const d = tx.current(name, id);
            if (!d) return { stats: { updated: 0 }, errMsg: 'document.update:ok' };
            applyUpdate(d, opts.data, tx.db.now());
            tx.writes.set(k, d);
            return { stats: { updated: 1 }, errMsg: 'document.update:ok' };
          },
          async set(opts) {
            if ('_id' in opts.data) throw new WxError(-1, 'document.set:fail data must not contain _id');
            const prev = tx.current(name, id);
            tx.writes.set(k, { ...(resolveWrite(opts.data, tx.db.now()) as Doc), _id: id });
            return { _id: id, stats: { updated: prev ? 1 : 0, created: prev ? 0 : 1 }, errMsg: 'document.set:ok' };
          },
          async remove() {
            const prev = tx.current(name, id);
            tx.writes.set(k, null);
            return { stats: { removed: prev ? 1 : 0 }, errMsg: 'document.remove:ok' };
          },
        };
      },
    };
  }

  async rollback(reason?: unknown): Promise<void> {
    this.rolledBack = true;
    this.rollbackReason = reason;
  }

  conflicts(): boolean {
    for (const [k, v] of this.reads) {
      const [c, id] = k.split('\u0000') as [string, string];
      if ((this.db.table(c).get(id)?.version ?? 0) !== v) return true;
    }
    return false;
  }

  commit(): void {
    // All or nothing: the fault hook runs for every write before any is applied.
    for (const k of this.writes.keys()) this.db.write('transaction', k.split('\u0000')[0]!);
    for (const [k, d] of this.writes) {
      const [c, id] = k.split('\u0000') as [string, string];
      const table = this.db.table(c);
      if (d === null) table.delete(id);
      else table.set(id, { doc: d, version: (table.get(id)?.version ?? 0) + 1 });
    }
  }
}

// ---- storage, context, openapi, the module ---------------------------------------------------------------

export interface StandinCloud extends WxCloud {
  db: StandinDatabase;
  files: Map<string, Buffer>;
  /** The caller getWXContext() reports (set by a test before calling a function's main). */
  context: WxContext;
  initCalls: unknown[];
}

export function createCloudStandin(opts: StandinOptions = {}): StandinCloud {
  const env = opts.envId ?? 'test-env-1a2b3c';
  const db = new StandinDatabase(opts);
  const files = new Map<string, Buffer>();
  const DYNAMIC_CURRENT_ENV = Symbol('DYNAMIC_CURRENT_ENV');
  const initCalls: unknown[] = [];
  const missing = (fileID: string) => new WxError(-503003, `storage file not exists: ${fileID} (STORAGE_FILE_NONEXIST)`);
  const cloud: StandinCloud = {
    db,
    files,
    context: {},
    initCalls,
    DYNAMIC_CURRENT_ENV,
    init(o) {
      initCalls.push(o);
    },
    getWXContext() {
      return { ...cloud.context, ENV: env, SOURCE: 'wx_client' };
    },
    database: () => db,
    async uploadFile({ cloudPath, fileContent }) {
      if (!cloudPath || cloudPath.startsWith('/')) throw new WxError(-1, 'uploadFile:fail invalid cloudPath');
      const fileID = `cloud://${env}.${env.length.toString(16)}7465-${env}-1300000000/${cloudPath}`;
      files.set(fileID, Buffer.from(fileContent));
      return { fileID, statusCode: 204, errMsg: 'uploadFile:ok' };
    },
    async downloadFile({ fileID }) {
      const f = files.get(fileID);
      if (!f) throw missing(fileID);
      return { fileContent: Buffer.from(f), statusCode: 200, errMsg: 'downloadFile:ok' };
    },
    async getTempFileURL({ fileList }) {
      if (fileList.length > 50) throw new WxError(-1, 'getTempFileURL:fail at most 50 files per call');
      return {
        fileList: fileList.map((f) => {
          const fileID = typeof f === 'string' ? f : f.fileID;
          const maxAge = typeof f === 'string' ? 86400 : (f.maxAge ?? 86400);
          if (!files.has(fileID)) return { fileID, tempFileURL: '', maxAge, status: -503003, errMsg: 'STORAGE_FILE_NONEXIST' };
          const path = fileID.replace(/^cloud:\/\/[^/]+\//, '');
          const sign = randomBytes(8).toString('hex');
          return { fileID, tempFileURL: `https://${env}.tcb.qcloud.la/${path}?sign=${sign}&t=${maxAge}`, maxAge, status: 0, errMsg: 'ok' };
        }),
      };
    },
    async deleteFile({ fileList }) {
      return {
        fileList: fileList.map((fileID) =>
          files.delete(fileID) ? { fileID, status: 0, errMsg: 'ok' } : { fileID, status: -503003, errMsg: 'STORAGE_FILE_NONEXIST' },
        ),
      };
    },
    openapi: {},
  };
  return cloud;
}

/** A wx-server-sdk module for `vi.mock('wx-server-sdk', …)` whose members forward to whichever stand-in
 *  `current()` returns at call time, for test files that start a fresh stand-in per case:
 *    const standin: { cloud: StandinCloud | null } = vi.hoisted(() => ({ cloud: null }));
 *    vi.mock('wx-server-sdk', async () => (await import('../support/wx-cloud-standin')).forwardingSdk(() => standin.cloud!)); */
export function forwardingSdk(current: () => StandinCloud) {
  const forward =
    (name: string) =>
    (...args: unknown[]) =>
      (current() as unknown as Record<string, (...a: unknown[]) => unknown>)[name]!(...args);
  return {
    init: forward('init'),
    database: forward('database'),
    uploadFile: forward('uploadFile'),
    downloadFile: forward('downloadFile'),
    getTempFileURL: forward('getTempFileURL'),
    deleteFile: forward('deleteFile'),
    getWXContext: forward('getWXContext'),
    get openapi() {
      return current().openapi;
    },
    DYNAMIC_CURRENT_ENV: Symbol('DYNAMIC_CURRENT_ENV'),
  };
}
