// The RecordStore over the WeChat cloud database (wx-server-sdk), used by the cloud functions.
// Collections: records, outbox, audit, admins, daily_usage. Indexes to create in the console are listed in
// cloudfunctions/records/indexes.json. Every read asks for at most PAGE documents (the server SDK caps
// a get() at 100), so large scans page through.
import type { LicenseRecord } from '../../../core/contracts/records';
import { idSearchKeyOf, lowerBound, materialize, newId, parseStatsRow, parseStoredRecord, searchColumns, upperBound } from '../common';
import type { AuditEntry, AuditFilter, Clock, NewRecord, OutboxEntry, RecordQuery, RecordStore, StatsQuery, StatsRow, SubmitInput } from '../types';
import type { WxCommand, WxDatabase } from './api';

export const COLLECTIONS = ['records', 'outbox', 'audit', 'admins', 'daily_usage'] as const;
/** One outbox entry per record (submit is idempotent), at a known id: transactions reach it by id. */
const outboxId = (recordId: string): string => `ob-${recordId}`;
const PAGE = 100;
/** One counter document per user and day, at a known id (conditional updates reach it by id). */
const usageId = (openid: string, day: string): string => `${day}_${openid}`;

export interface WechatStoreOptions {
  adminOpenids?: readonly string[];
  /** Create missing collections on first use (needs the database admin rights a cloud function has). */
  createCollections?: boolean;
  /** Every timestamp the store writes follows this clock (the handlers' one), stored as a date where the
   *  database keeps one (records' updatedAt), as ISO text elsewhere. */
  now?: Clock;
}

export const escapeRegExp = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Dates written as Date objects (records' updatedAt, the clock's) come back as Date objects. */
export function isoOf(v: unknown): string {
  if (v instanceof Date) return v.toISOString();
  if (typeof v === 'string') return v;
  if (v && typeof v === 'object' && '$date' in v) return new Date((v as { $date: number | string }).$date).toISOString();
  return new Date(String(v)).toISOString();
}

function recordOf(doc: Record<string, unknown>): LicenseRecord {
  const { _search: _s, _idKeys: _k, _warningCodes: _w, ...rest } = doc;
  return parseStoredRecord({ ...rest, updatedAt: isoOf(doc.updatedAt), createdAt: isoOf(doc.createdAt) });
}

/** What statistics read of a stored document; its warning codes from the index the filter uses. */
function statsRowOfDoc(doc: Record<string, unknown>): StatsRow {
  const pages = Array.isArray(doc.pages) ? doc.pages.map((p: Record<string, unknown>) => ({ submitted: p.submitted, corrections: p.corrections })) : undefined;
  return parseStatsRow({
    createdAt: isoOf(doc.createdAt),
    docType: doc.docType,
    provider: doc.provider,
    status: doc.status,
    timings: doc.timings,
    submitted: doc.submitted,
    corrections: doc.corrections,
    ...(pages ? { pages } : {}),
    warningCodes: doc._warningCodes ?? [],
  });
}

function outboxOf(doc: Record<string, unknown>): OutboxEntry {
  return {
    _id: String(doc._id),
    recordId: String(doc.recordId),
    idempotencyKey: String(doc.idempotencyKey),
    payload: doc.payload,
    status: doc.status as OutboxEntry['status'],
    attempts: Number(doc.attempts ?? 0),
    lastError: (doc.lastError as string | null | undefined) ?? null,
    nextAttemptAt: isoOf(doc.nextAttemptAt),
    createdAt: isoOf(doc.createdAt),
    updatedAt: isoOf(doc.updatedAt),
    deliveredAt: doc.deliveredAt == null ? null : isoOf(doc.deliveredAt),
  };
}

export function isNotFound(e: unknown): boolean {
  const msg = e instanceof Error ? e.message : String((e as { errMsg?: unknown })?.errMsg ?? e);
  return /does not exist|not exist|not found/i.test(msg);
}

export function createWechatStore(db: WxDatabase, opts: WechatStoreOptions = {}): RecordStore {
  const _ = db.command;
  const admins = new Set(opts.adminOpenids ?? []);
  const clock = opts.now ?? (() => new Date());
  const stamp = (): string => clock().toISOString();
  let ready: Promise<void> | null = null;
  const ensure = (): Promise<void> => {
    if (!opts.createCollections) return Promise.resolve();
    ready ??= (async () => {
      for (const name of COLLECTIONS) {
        try {
          await db.createCollection(name);
        } catch (e) {
          // Already there (-501001): fine. Anything else surfaces on the first real query.
          if ((e as { errCode?: number }).errCode !== -501001 && !/exist/i.test(String((e as Error).message))) throw e;
        }
      }
    })().catch((e) => {
      ready = null;
      throw e;
    });
    return ready;
  };
  const col = async (name: (typeof COLLECTIONS)[number]) => {
    await ensure();
    return db.collection(name);
  };

  /** The stored shape: the record plus its lower-case search text; updatedAt from the server clock. */
  function stored(r: LicenseRecord): Record<string, unknown> {
    const { _id, ...rest } = r;
    const s = searchColumns(r);
    return { ...rest, _search: s.search, _idKeys: s.idKeys, _warningCodes: s.warningCodes, updatedAt: clock() };
  }

  /** Every matching document, 100 at a time, paged by _id (skip-based paging re-reads what it skips). */
  async function* scan(collection: (typeof COLLECTIONS)[number], where: Record<string, unknown>): AsyncGenerator<Record<string, unknown>[]> {
    const c = await col(collection);
    let after: string | null = null;
    for (;;) {
      const cond: Record<string, unknown> = after === null ? where : { ...where, _id: _.gt(after) };
      const page = await c.where(cond).orderBy('_id', 'asc').limit(PAGE).get();
      yield page.data;
      if (page.data.length < PAGE) return;
      after = String(page.data[page.data.length - 1]!._id);
    }
  }

  async function getDoc(name: (typeof COLLECTIONS)[number], id: string): Promise<Record<string, unknown> | null> {
    try {
      return (await (await col(name)).doc(id).get()).data;
    } catch (e) {
      if (isNotFound(e)) return null;
      throw e;
    }
  }

  function filterWhere(query: Omit<RecordQuery, 'page' | 'pageSize' | 'q'>): Record<string, unknown> {
    const where: Record<string, unknown> = {};
    if (query.openid !== undefined) where._openid = query.openid;
    if (query.status) where.status = query.status;
    if (query.docType) where.docType = query.docType;
    // An array field equal to a value matches the documents whose array holds it.
    if (query.warning) where._warningCodes = query.warning;
    const from = query.from ? lowerBound(query.from) : null;
    const to = query.to ? upperBound(query.to) : null;
    if (from && to) where.createdAt = _.gte(from).and(_.lte(to));
    else if (from) where.createdAt = _.gte(from);
    else if (to) where.createdAt = _.lte(to);
    return where;
  }

  function recordWhere(query: Omit<RecordQuery, 'page' | 'pageSize'>): Record<string, unknown> | WxCommand {
    const where = filterWhere(query);
    if (!query.q) return where;
    const text = { _search: db.RegExp({ regexp: escapeRegExp(query.q.toLowerCase()), options: 'i' }) };
    const key = idSearchKeyOf(query.q);
    // A whole ID number is looked up by its digest in the array field (an element equal to it).
    return key ? _.and([where, _.or([text, { _idKeys: key }])]) : { ...where, ...text };
  }

  const store: RecordStore = {
    driver: 'wechat',

    async insertRecord(input: NewRecord) {
      const record = materialize(newId(), input, stamp());
      await (await col('records')).add({ data: { _id: record._id, ...stored(record) } });
      return (await store.getRecord(record._id)) ?? record;
    },

    async getRecord(id) {
      const doc = await getDoc('records', id);
      return doc ? recordOf(doc) : null;
    },

    async listRecords(query) {
      const where = recordWhere(query);
      const c = await col('records');
      const [page, count] = await Promise.all([
        c
          .where(where)
          .orderBy('createdAt', 'desc')
          .orderBy('_id', 'desc')
          .skip((query.page - 1) * query.pageSize)
          .limit(Math.min(query.pageSize, PAGE))
          .get(),
        c.where(where).count(),
      ]);
      return { items: page.data.map(recordOf), total: count.total };
    },

    async submitRecord(id: string, input: SubmitInput) {
      await ensure();
      const outcome = await db.runTransaction(async (t) => {
        let current: Record<string, unknown> | null;
        try {
          current = (await t.collection('records').doc(id).get()).data;
        } catch (e) {
          if (isNotFound(e)) return null;
          throw e;
        }
        // A missing document rejects outside transactions; inside, some SDK versions answer data: null.
        if (!current || current._openid !== input.openid) return null;
        if (current.status !== 'recognized') return { changed: false };
        const next = { ...recordOf(current), submitted: input.submitted, corrections: input.corrections, ...(input.pages ? { pages: input.pages } : {}) };
        await t.collection('records').doc(id).update({
          data: {
            status: 'submitted',
            // _.set: a plain object would be merged into the old value field by field.
            submitted: _.set(input.submitted),
            corrections: _.set(input.corrections),
            ...(input.pages ? { pages: _.set(input.pages) } : {}),
            submittedAt: input.submittedAt,
            _search: searchColumns(next).search,
            _idKeys: searchColumns(next).idKeys,
            _warningCodes: searchColumns(next).warningCodes,
            ...(input.outbox ? { delivery: 'pending' } : {}),
            updatedAt: clock(),
          },
        });
        if (input.audit) {
          const a = input.audit;
          // Deterministic id, like the outbox entry's: a record is submitted once.
          await t.collection('audit').doc(`submit-${id}`).set({
            data: { actor: a.actor, action: a.action, target: a.target, details: a.details ?? null, at: new Date(a.at).toISOString() },
          });
        }
        if (input.outbox) {
          const now = stamp();
          // Deterministic id: a retried transaction cannot queue the delivery twice.
          await t.collection('outbox').doc(outboxId(id)).set({
            data: {
              recordId: id,
              idempotencyKey: input.outbox.idempotencyKey,
              payload: input.outbox.payload,
              status: 'pending',
              attempts: 0,
              lastError: null,
              nextAttemptAt: new Date(input.outbox.nextAttemptAt).toISOString(),
              createdAt: now,
              updatedAt: now,
              deliveredAt: null,
            },
          });
        }
        return { changed: true };
      });
      if (!outcome) return null;
      const record = await store.getRecord(id);
      return record ? { record, changed: outcome.changed } : null;
    },

    async deleteRecord(id) {
      await ensure();
      return db.runTransaction(async (t) => {
        let current: Record<string, unknown> | null;
        try {
          current = (await t.collection('records').doc(id).get()).data;
        } catch (e) {
          if (isNotFound(e)) return false;
          throw e;
        }
        if (!current) return false;
        await t.collection('records').doc(id).remove();
        // The outbox entry holds the submitted fields: it goes in the same transaction. Only a record
        // that was queued has one (delivery ≠ 'none'), so no missing document is ever removed.
        if (current.delivery != null && current.delivery !== 'none') await t.collection('outbox').doc(outboxId(id)).remove();
        return true;
      });
    },

    async listPhotosBefore(before, limit) {
      const r = await (await col('records'))
        .where({ fileID: _.neq(null), createdAt: _.lt(new Date(before).toISOString()) })
        .orderBy('createdAt', 'asc')
        .limit(Math.min(limit, PAGE))
        .get();
      return r.data.map((d) => ({ _id: String(d._id), fileID: String(d.fileID) }));
    },

    async clearPhoto(id) {
      await (await col('records')).doc(id).update({ data: { fileID: null, updatedAt: clock() } });
    },

    async reserveDailySlot(openid, day, limit) {
      if (limit <= 0) return false;
      const c = await col('daily_usage');
      const id = usageId(openid, day);
      // A conditional update is atomic on one document: of racing callers only those that still see
      // n < limit increment it. The first of a day creates the document; losing that race (duplicate
      // _id) means another caller created it, so the conditional update is tried again.
      for (let attempt = 0; attempt < 3; attempt++) {
        const r = await c.where({ _id: id, n: _.lt(limit) }).update({ data: { n: _.inc(1) } });
        if ((r.stats.updated ?? 0) === 1) return true;
        if (await getDoc('daily_usage', id)) return false;
        try {
          await c.add({ data: { _id: id, openid, day, n: 1 } });
          return true;
        } catch (e) {
          if ((e as { errCode?: number }).errCode !== -502001 && !/duplicate/i.test(String((e as Error).message))) throw e;
        }
      }
      return false;
    },

    async releaseDailySlot(openid, day) {
      await (await col('daily_usage')).where({ _id: usageId(openid, day), n: _.gt(0) }).update({ data: { n: _.inc(-1) } });
    },

    async dueDeliveries(now, limit) {
      const out: OutboxEntry[] = [];
      const c = await col('outbox');
      while (out.length < limit) {
        const want = Math.min(PAGE, limit - out.length);
        const r = await c
          .where({ status: 'pending', nextAttemptAt: _.lte(new Date(now).toISOString()) })
          .orderBy('nextAttemptAt', 'asc')
          .orderBy('_id', 'asc')
          .skip(out.length)
          .limit(want)
          .get();
        out.push(...r.data.map(outboxOf));
        if (r.data.length < want) break;
      }
      return out;
    },

    async claimDeliveries(now, leaseUntil, limit) {
      const at = new Date(now).toISOString();
      const lease = new Date(leaseUntil).toISOString();
      if (lease <= at) throw new Error('claimDeliveries: leaseUntil must be after now');
      const c = await col('outbox');
      const candidates = await store.dueDeliveries(at, limit);
      // One conditional update per entry (compare-and-set): it matches only while the entry is still
      // due with the attempts we read, so of several workers exactly one sees updated = 1.
      const claimed = await Promise.all(
        candidates.map(async (e) => {
          const updatedAt = stamp();
          const r = await c
            .where({ _id: e._id, status: 'pending', attempts: e.attempts, nextAttemptAt: _.lte(at) })
            .update({ data: { nextAttemptAt: lease, updatedAt } });
          return (r.stats.updated ?? 0) === 1 ? { ...e, nextAttemptAt: lease, updatedAt } : null;
        }),
      );
      return claimed.filter((e): e is OutboxEntry => e !== null);
    },

    async pruneDeliveredPayloads(before, limit) {
      const c = await col('outbox');
      const r = await c
        .where({ status: 'delivered', deliveredAt: _.lt(new Date(before).toISOString()), payload: _.neq(null) })
        .orderBy('deliveredAt', 'asc')
        .limit(Math.min(limit, PAGE))
        .get();
      if (r.data.length === 0) return 0;
      const ids = r.data.map((d) => String(d._id));
      const u = await c.where({ _id: _.in(ids), status: 'delivered' }).update({ data: { payload: null, updatedAt: stamp() } });
      return u.stats.updated ?? 0;
    },

    async updateDelivery(id, patch) {
      await ensure();
      await db.runTransaction(async (t) => {
        let entry: Record<string, unknown> | null;
        try {
          entry = (await t.collection('outbox').doc(id).get()).data;
        } catch (e) {
          if (isNotFound(e)) return;
          throw e;
        }
        if (!entry) return;
        const data: Record<string, unknown> = { updatedAt: stamp() };
        if (patch.status !== undefined) data.status = patch.status;
        if (patch.attempts !== undefined) data.attempts = patch.attempts;
        if (patch.lastError !== undefined) data.lastError = patch.lastError;
        if (patch.nextAttemptAt !== undefined) data.nextAttemptAt = new Date(patch.nextAttemptAt).toISOString();
        if (patch.deliveredAt !== undefined) data.deliveredAt = patch.deliveredAt === null ? null : new Date(patch.deliveredAt).toISOString();
        await t.collection('outbox').doc(id).update({ data });
        if (patch.status !== undefined) {
          await t.collection('records').doc(String(entry.recordId)).update({ data: { delivery: patch.status, updatedAt: clock() } });
        }
      });
    },

    async getDeliveryByRecord(recordId) {
      const r = await (await col('outbox')).where({ recordId }).orderBy('createdAt', 'desc').limit(1).get();
      return r.data[0] ? outboxOf(r.data[0]) : null;
    },

    async isAdmin(openid) {
      if (!openid) return false;
      if (admins.has(openid)) return true;
      const r = await (await col('admins')).where({ openid }).count();
      return r.total > 0;
    },

    async appendAudit(entry: Omit<AuditEntry, '_id'>) {
      await (await col('audit')).add({
        data: { actor: entry.actor, action: entry.action, target: entry.target, details: entry.details ?? null, at: new Date(entry.at).toISOString() },
      });
    },

    async listAudit(page, pageSize, filter: AuditFilter = {}) {
      const where: Record<string, unknown> = {};
      if (filter.actor) where.actor = filter.actor;
      if (filter.action) where.action = filter.action;
      // `at` is stored as an ISO string: string order is time order.
      const from = filter.from ? lowerBound(filter.from) : null;
      const to = filter.to ? upperBound(filter.to) : null;
      if (from && to) where.at = _.gte(from).and(_.lte(to));
      else if (from) where.at = _.gte(from);
      else if (to) where.at = _.lte(to);
      const c = (await col('audit')).where(where);
      const [r, count] = await Promise.all([
        c.orderBy('at', 'desc').orderBy('_id', 'desc').skip((page - 1) * pageSize).limit(Math.min(pageSize, PAGE)).get(),
        c.count(),
      ]);
      return {
        items: r.data.map((d) => ({
          _id: String(d._id),
          actor: String(d.actor),
          action: String(d.action),
          target: (d.target as string | null) ?? null,
          details: d.details ?? null,
          at: isoOf(d.at),
        })),
        total: count.total,
      };
    },

    async *statsRows(query: StatsQuery) {
      // No aggregation pipeline in the stand-in subset: page through the matching records.
      const where = filterWhere({ ...(query.from ? { from: query.from } : {}), ...(query.to ? { to: query.to } : {}), ...(query.docType ? { docType: query.docType } : {}) });
      for await (const docs of scan('records', where)) yield docs.map(statsRowOfDoc);
    },

    async close() {
      // The SDK holds no connection of ours.
    },
  };
  return store;
}
