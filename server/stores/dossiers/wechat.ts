// The dossier store over the WeChat cloud database. Documents sit at known ids so that a move, a claim
// or a credit is one conditional write: dossier_members at the record's id (a record is in at most one
// dossier), expiries at recordId:field, reminders_sent at the reminder's key, reminder_credits at the
// openid, dossier_filings at the record's id. Every get() asks for at most 100 documents.
import { z } from 'zod';
import { DossierPurposeSchema, ExpiryItemSchema, type Dossier, type ExpiryItem } from '../../../core/contracts/dossiers';
import { newId } from '../common';
import type { WxDatabase } from '../wechat/api';
import { escapeRegExp, isNotFound, isoOf } from '../wechat/index';
import { joinStamps, type DossierStore, type ReminderKey } from './types';

export const DOSSIER_COLLECTIONS = ['dossiers', 'dossier_members', 'expiries', 'reminders_sent', 'reminder_credits', 'dossier_filings'] as const;
type Name = (typeof DOSSIER_COLLECTIONS)[number];
const PAGE = 100;
// Documents are checked on the way out: a database written by another version is a boundary.
const FilingDoc = z.object({ _id: z.string(), dossierId: z.string().nullable(), attempts: z.number().int(), nextAttemptAt: z.string() });
const isDuplicate = (e: unknown) => (e as { errCode?: number }).errCode === -502001 || /duplicate/i.test(String((e as Error).message));
const reminderId = (k: ReminderKey) => [k.recordId, k.field, k.date, k.kind].join(':');
const expiryId = (recordId: string, field: string) => `${recordId}:${field}`;

export function createWechatDossierStore(db: WxDatabase, opts: { createCollections?: boolean; now?: () => Date } = {}): DossierStore {
  const _ = db.command;
  const now = opts.now ?? (() => new Date());
  const joinedAt = joinStamps(now);
  let ready: Promise<void> | null = null;
  const col = async (name: Name) => {
    if (opts.createCollections) {
      ready ??= (async () => {
        for (const n of DOSSIER_COLLECTIONS) {
          try {
            await db.createCollection(n);
          } catch (e) {
            if ((e as { errCode?: number }).errCode !== -501001 && !/exist/i.test(String((e as Error).message))) throw e;
          }
        }
      })().catch((e) => {
        ready = null;
        throw e;
      });
      await ready;
    }
    return db.collection(name);
  };
  async function getDoc(name: Name, id: string): Promise<Record<string, unknown> | null> {
    try {
      return (await (await col(name)).doc(id).get()).data;
    } catch (e) {
      if (isNotFound(e)) return null;
      throw e;
    }
  }
  async function fetchAll(name: Name, where: Record<string, unknown>): Promise<Record<string, unknown>[]> {
    const c = await col(name);
    const out: Record<string, unknown>[] = [];
    let after: string | null = null;
    for (;;) {
      const page = await c.where(after === null ? where : { ...where, _id: _.gt(after) }).orderBy('_id', 'asc').limit(PAGE).get();
      out.push(...page.data);
      if (page.data.length < PAGE) return out;
      after = String(page.data[page.data.length - 1]!._id);
    }
  }
  async function dossierOf(doc: Record<string, unknown>): Promise<Dossier> {
    const members = await fetchAll('dossier_members', { dossierId: String(doc._id) });
    members.sort((a, b) => isoOf(a.addedAt).localeCompare(isoOf(b.addedAt)) || String(a._id).localeCompare(String(b._id)));
    return {
      _id: String(doc._id),
      _openid: String(doc._openid),
      vin: (doc.vin as string | null) ?? null,
      plate: (doc.plate as string | null) ?? null,
      purpose: DossierPurposeSchema.parse(doc.purpose),
      title: (doc.title as string | null) ?? null,
      recordIds: members.map((m) => String(m._id)),
      createdAt: isoOf(doc.createdAt),
      updatedAt: isoOf(doc.updatedAt),
    };
  }
  const expiryOf = (d: Record<string, unknown>): ExpiryItem =>
    ExpiryItemSchema.parse({ recordId: d.recordId, openid: d._openid, docType: d.docType, field: d.field, date: d.date });
  const get = async (id: string) => {
    const d = await getDoc('dossiers', id);
    return d ? dossierOf(d) : null;
  };
  const touch = async (id: string) => {
    await (await col('dossiers')).where({ _id: id }).update({ data: { updatedAt: now().toISOString() } });
  };

  return {
    driver: 'wechat',

    async create(input) {
      const at = now().toISOString();
      const _id = newId();
      await (await col('dossiers')).add({
        data: { _id, _openid: input.openid, vin: input.vin, plate: input.plate, purpose: input.purpose, title: input.title, createdAt: at, updatedAt: at },
      });
      return (await get(_id))!;
    },

    get,

    async findForVehicle(openid, k) {
      const mine = await fetchAll('dossiers', { _openid: openid });
      mine.sort((a, b) => isoOf(a.createdAt).localeCompare(isoOf(b.createdAt)));
      const hit =
        (k.vin ? mine.find((d) => d.vin === k.vin) : undefined) ??
        (k.plate ? mine.find((d) => d.plate === k.plate && (d.vin == null || k.vin === null)) : undefined);
      return hit ? dossierOf(hit) : null;
    },

    async list(query) {
      const mine = query.openid !== undefined ? { _openid: query.openid } : {};
      const rx = query.q ? db.RegExp({ regexp: escapeRegExp(query.q), options: 'i' }) : null;
      const cond = rx ? _.and([mine, _.or([{ plate: rx }, { vin: rx }])]) : mine;
      const c = await col('dossiers');
      const total = (await c.where(cond).count()).total;
      const page = await c
        .where(cond)
        .orderBy('updatedAt', 'desc')
        .orderBy('_id', 'desc')
        .skip((query.page - 1) * query.pageSize)
        .limit(Math.min(query.pageSize, PAGE))
        .get();
      return { items: await Promise.all(page.data.map(dossierOf)), total };
    },

    async update(id, patch) {
      const data: Record<string, unknown> = { updatedAt: now().toISOString() };
      for (const k of ['purpose', 'title', 'vin', 'plate'] as const) if (patch[k] !== undefined) data[k] = patch[k];
      const r = await (await col('dossiers')).where({ _id: id }).update({ data });
      return (r.stats.updated ?? 0) > 0 ? get(id) : null;
    },

    async remove(id) {
      const r = await (await col('dossiers')).where({ _id: id }).remove();
      await (await col('dossier_members')).where({ dossierId: id }).remove();
      return (r.stats.removed ?? 0) > 0;
    },

    async attach(dossierId, recordId) {
      await (await col('dossier_members')).doc(recordId).set({ data: { dossierId, addedAt: joinedAt() } });
      await touch(dossierId);
    },

    async detach(recordId) {
      const r = await (await col('dossier_members')).where({ _id: recordId }).remove();
      return (r.stats.removed ?? 0) > 0;
    },

    async dossierOf(recordId) {
      const m = await getDoc('dossier_members', recordId);
      return m ? get(String(m.dossierId)) : null;
    },

    async setExpiries(rec, expiries) {
      const c = await col('expiries');
      await c.where({ recordId: rec.recordId }).remove();
      for (const e of expiries) {
        await c.doc(expiryId(rec.recordId, e.field)).set({ data: { recordId: rec.recordId, _openid: rec.openid, docType: rec.docType, field: e.field, date: e.date } });
      }
    },

    async expiriesOf(recordIds) {
      const out: ExpiryItem[] = [];
      for (let i = 0; i < recordIds.length; i += PAGE) {
        out.push(...(await fetchAll('expiries', { recordId: _.in(recordIds.slice(i, i + PAGE)) })).map(expiryOf));
      }
      return out.sort((a, b) => a.date.localeCompare(b.date) || a.recordId.localeCompare(b.recordId) || a.field.localeCompare(b.field));
    },

    async listDue(query) {
      const where: Record<string, unknown> = { date: query.from ? _.gte(query.from).and(_.lte(query.until)) : _.lte(query.until) };
      if (query.openid !== undefined) where._openid = query.openid;
      if (query.docType) where.docType = query.docType;
      const c = await col('expiries');
      const total = (await c.where(where).count()).total;
      const page = await c
        .where(where)
        .orderBy('date', 'asc')
        .orderBy('_id', 'asc')
        .skip((query.page - 1) * query.pageSize)
        .limit(Math.min(query.pageSize, PAGE))
        .get();
      return { items: page.data.map(expiryOf), total };
    },

    async forgetRecord(recordId) {
      await (await col('dossier_members')).where({ _id: recordId }).remove();
      await (await col('expiries')).where({ recordId }).remove();
      await (await col('dossier_filings')).where({ _id: recordId }).remove();
    },

    async claimReminder(k, at) {
      try {
        await (await col('reminders_sent')).add({ data: { _id: reminderId(k), ...k, sentAt: at } });
        return true;
      } catch (e) {
        if (isDuplicate(e)) return false;
        throw e;
      }
    },

    async releaseReminder(k) {
      await (await col('reminders_sent')).where({ _id: reminderId(k) }).remove();
    },

    async addReminderCredits(openid, n) {
      if (n <= 0) return;
      const c = await col('reminder_credits');
      for (let attempt = 0; attempt < 3; attempt++) {
        const r = await c.where({ _id: openid }).update({ data: { n: _.inc(n) } });
        if ((r.stats.updated ?? 0) === 1) return;
        try {
          await c.add({ data: { _id: openid, n } });
          return;
        } catch (e) {
          if (!isDuplicate(e)) throw e;
        }
      }
    },

    async takeReminderCredit(openid) {
      const r = await (await col('reminder_credits')).where({ _id: openid, n: _.gt(0) }).update({ data: { n: _.inc(-1) } });
      return (r.stats.updated ?? 0) === 1;
    },

    async queueFiling(f, at) {
      // set() replaces the document at the record's id: one pending filing per record, queued again freely.
      const current = await getDoc('dossier_filings', f.recordId);
      await (await col('dossier_filings')).doc(f.recordId).set({ data: { dossierId: f.dossierId, attempts: Number(current?.attempts ?? 0), nextAttemptAt: at } });
    },

    async dueFilings(at, limit) {
      const page = await (await col('dossier_filings'))
        .where({ nextAttemptAt: _.lte(at) })
        .orderBy('nextAttemptAt', 'asc')
        .orderBy('_id', 'asc')
        .limit(Math.min(limit, PAGE))
        .get();
      return page.data.map((d) => {
        const f = FilingDoc.parse(d);
        return { recordId: f._id, dossierId: f.dossierId, attempts: f.attempts, nextAttemptAt: f.nextAttemptAt };
      });
    },

    async deferFiling(recordId, nextAttemptAt) {
      await (await col('dossier_filings')).where({ _id: recordId }).update({ data: { attempts: _.inc(1), nextAttemptAt } });
    },

    async settleFiling(recordId) {
      await (await col('dossier_filings')).where({ _id: recordId }).remove();
    },
  };
}
