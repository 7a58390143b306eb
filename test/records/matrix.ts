// The access matrix: anonymous, user A, user B and an administrator × every action, run over any
// transport (the local server's HTTP API, the cloud function mains). Each cell that changes a record
// works on a fresh record of A's.
import { describe, expect, it } from 'vitest';

export type Who = 'anon' | 'A' | 'B' | 'admin';
export interface Outcome {
  ok: boolean;
  code?: string;
  data?: unknown;
}
export interface Transport {
  /** Recognizes the fixture photo as `who`. */
  ocr(who: Who): Promise<Outcome>;
  records(who: Who, body: Record<string, unknown>): Promise<Outcome>;
  /** Reads a record's photo as `who` without a signed URL (HTTP only). */
  file?(who: Who, fileID: string): Promise<Outcome>;
  /** Marks a record's delivery as dead (the state in which an administrator redelivers it). */
  failDelivery(recordId: string): Promise<void>;
}

type Action = 'ocr' | 'list_mine' | 'list_all' | 'get' | 'submit' | 'delete' | 'export' | 'stats' | 'audit' | 'redeliver' | 'file';
const ACTIONS: Action[] = ['ocr', 'list_mine', 'list_all', 'get', 'submit', 'delete', 'export', 'stats', 'audit', 'redeliver', 'file'];

const EXPECTED: Record<Who, Record<Action, string>> = {
  anon: {
    ocr: 'UNAUTHENTICATED', list_mine: 'UNAUTHENTICATED', list_all: 'UNAUTHENTICATED', get: 'UNAUTHENTICATED', submit: 'UNAUTHENTICATED',
    delete: 'UNAUTHENTICATED', export: 'UNAUTHENTICATED', stats: 'UNAUTHENTICATED', audit: 'UNAUTHENTICATED', redeliver: 'UNAUTHENTICATED', file: 'UNAUTHENTICATED',
  },
  A: {
    ocr: 'OK', list_mine: 'OK', list_all: 'FORBIDDEN', get: 'OK', submit: 'OK', delete: 'OK',
    export: 'FORBIDDEN', stats: 'FORBIDDEN', audit: 'FORBIDDEN', redeliver: 'FORBIDDEN', file: 'OK',
  },
  B: {
    ocr: 'OK', list_mine: 'OK', list_all: 'FORBIDDEN', get: 'NOT_FOUND', submit: 'NOT_FOUND', delete: 'NOT_FOUND',
    export: 'FORBIDDEN', stats: 'FORBIDDEN', audit: 'FORBIDDEN', redeliver: 'FORBIDDEN', file: 'NOT_FOUND',
  },
  admin: {
    ocr: 'OK', list_mine: 'OK', list_all: 'OK', get: 'OK', submit: 'NOT_FOUND', delete: 'NOT_FOUND',
    export: 'OK', stats: 'OK', audit: 'OK', redeliver: 'OK', file: 'OK',
  },
};

interface Rec {
  _id: string;
  _openid: string;
  status: string;
  fileID: string | null;
}

/** `photos`: the transport serves photos itself (HTTP GET /api/files/:id); the cloud hands out
 *  getTempFileURL links instead, covered by `get`. */
export function runAccessMatrix(
  label: string,
  t: () => Transport,
  opts: { openidOf: (who: Exclude<Who, 'anon'>) => string; photos: boolean },
): void {
  describe(`access matrix: ${label}`, () => {
    async function recordOfA(submitted = false): Promise<Rec> {
      const r = await t().ocr('A');
      expect(r.code ?? 'OK').toBe('OK');
      const rec = r.data as Rec;
      expect(rec.status).toBe('recognized');
      if (submitted) {
        const s = await t().records('A', { action: 'submit', id: rec._id, fields: {} });
        expect(s.ok).toBe(true);
        await t().failDelivery(rec._id);
      }
      return rec;
    }

    async function perform(who: Who, action: Action): Promise<{ outcome: Outcome; rec: Rec }> {
      const rec = await recordOfA(action === 'redeliver');
      const tr = t();
      switch (action) {
        case 'ocr':
          return { outcome: await tr.ocr(who), rec };
        case 'list_mine':
          return { outcome: await tr.records(who, { action: 'list' }), rec };
        case 'list_all':
          return { outcome: await tr.records(who, { action: 'list', scope: 'all', pageSize: 100 }), rec };
        case 'get':
          return { outcome: await tr.records(who, { action: 'get', id: rec._id }), rec };
        case 'submit':
          return { outcome: await tr.records(who, { action: 'submit', id: rec._id, fields: { owner: `changed by ${who}` } }), rec };
        case 'delete':
          return { outcome: await tr.records(who, { action: 'delete', id: rec._id }), rec };
        case 'export':
          return { outcome: await tr.records(who, { action: 'export' }), rec };
        case 'stats':
          return { outcome: await tr.records(who, { action: 'stats' }), rec };
        case 'audit':
          return { outcome: await tr.records(who, { action: 'audit' }), rec };
        case 'redeliver':
          return { outcome: await tr.records(who, { action: 'redeliver', id: rec._id }), rec };
        case 'file':
          return { outcome: await tr.file!(who, rec.fileID!), rec };
      }
    }

    for (const who of ['anon', 'A', 'B', 'admin'] as const) {
      for (const action of ACTIONS.filter((a) => opts.photos || a !== 'file')) {
        it(`${who} × ${action} → ${EXPECTED[who][action]}`, async () => {
          const { outcome, rec } = await perform(who, action);
          expect(outcome.ok ? 'OK' : outcome.code).toBe(EXPECTED[who][action]);
          // What a refused call must not have done, and what an allowed one must show.
          const owner = await t().records('A', { action: 'get', id: rec._id });
          if (action === 'delete' && outcome.ok) expect(owner.code).toBe('NOT_FOUND');
          else {
            expect(owner.ok).toBe(true);
            const r = owner.data as Rec & { submitted: Record<string, string> | null };
            expect(r._openid).toBe(opts.openidOf('A'));
            if (action === 'submit') expect(r.status).toBe(outcome.ok ? 'submitted' : 'recognized');
          }
          if (outcome.ok && action === 'ocr' && who !== 'anon') expect((outcome.data as Rec)._openid).toBe(opts.openidOf(who));
          if (outcome.ok && (action === 'list_mine' || action === 'list_all')) {
            const items = (outcome.data as { items: Rec[] }).items;
            if (action === 'list_mine') expect(items.every((i) => i._openid === opts.openidOf(who as Exclude<Who, 'anon'>))).toBe(true);
            else expect(items.some((i) => i._id === rec._id)).toBe(true);
          }
        });
      }
    }

    it('takes identity only from the platform: owner fields in a body change nothing', async () => {
      const rec = await recordOfA();
      const a = opts.openidOf('A');
      for (const body of [
        { action: 'get', id: rec._id, openid: a, _openid: a, OPENID: a, userInfo: { openId: a } },
        { action: 'submit', id: rec._id, fields: {}, _openid: a, openid: a, userInfo: { openId: a } },
        { action: 'delete', id: rec._id, openid: a, userInfo: { openId: a } },
      ]) {
        expect((await t().records('B', body)).code).toBe('NOT_FOUND');
      }
      expect((await t().records('B', { action: 'list', scope: 'all', isAdmin: true })).code).toBe('FORBIDDEN');
    });
  });
}
