// Shared by test/delivery, test/admin and test/faults: a real store (PGlite in memory), records in the
// states the tests need, and a webhook receiver on 127.0.0.1 built on the example receiver.
import { createServer, type IncomingMessage, type ServerResponse, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { LicenseRecord } from '../../core/contracts/records';
import { buildDelivery } from '../../server/delivery';
import { openSqlStore } from '../../server/stores/sql';
import type { NewRecord, RecordStore } from '../../server/stores/types';
import { createHandler } from '../../examples/webhook-receiver/server.mjs';

export async function memoryStore(adminOpenids: string[] = []) {
  return openSqlStore({ dataDir: null }, { adminOpenids });
}

let seq = 0;
export function newRecord(over: Partial<NewRecord> = {}): NewRecord {
  seq++;
  return {
    _openid: 'o-user',
    docType: 'vehicle_license',
    side: 'front',
    fileID: null,
    status: 'recognized',
    provider: 'kuaitong',
    attempts: [{ provider: 'kuaitong', ok: true, durationMs: 12 }],
    raw: { data: { frontInfo: { plateNo: '粤B12345' } } },
    recognized: {
      plateNo: { value: `粤B${String(10000 + (seq % 89999))}`, warnings: [] },
      owner: { value: '张三', warnings: [] },
      vin: { value: 'LSVAM4187C2184847', warnings: [] },
    },
    extra: {},
    warnings: [],
    error: null,
    timings: { totalMs: 20 },
    ...over,
  };
}

/** Inserts and submits a record the way the submit handler does, with its outbox entry. */
export async function submitted(
  store: RecordStore,
  opts: { fields?: Record<string, string>; openid?: string; now?: Date; outbox?: boolean; record?: Partial<NewRecord> } = {},
): Promise<LicenseRecord> {
  const openid = opts.openid ?? 'o-user';
  const rec = await store.insertRecord(newRecord({ _openid: openid, ...opts.record }));
  const now = opts.now ?? new Date();
  const fields = { ...Object.fromEntries(Object.entries(rec.recognized ?? {}).map(([k, f]) => [k, f.value])), ...opts.fields };
  const corrections = Object.fromEntries(
    Object.entries(fields)
      .filter(([k, v]) => rec.recognized?.[k]?.value !== v)
      .map(([k, v]) => [k, { from: rec.recognized?.[k]?.value ?? '', to: v }]),
  );
  const after: LicenseRecord = { ...rec, status: 'submitted', submitted: fields, corrections, submittedAt: now.toISOString() };
  const out = await store.submitRecord(rec._id, {
    openid,
    submitted: fields,
    corrections,
    submittedAt: now.toISOString(),
    ...(opts.outbox === false ? {} : { outbox: buildDelivery(after, now) }),
  });
  if (!out) throw new Error('submit failed');
  return out.record;
}

export interface Receiver {
  url: string;
  port: number;
  server: Server;
  /** Every request that reached the handler, in order. */
  requests: { key: string | undefined; status: number }[];
  /** Keys processed by the receiver (after signature check and de-duplication). */
  processed: string[];
  close(): Promise<void>;
}

/** `gate` decides per request: 'pass' to the example receiver, a status to fail with, or 'drop' to
 *  process it and then destroy the socket (the acknowledgement is lost). */
export async function startReceiver(
  secret: string,
  gate: (n: number, req: IncomingMessage) => 'pass' | 'drop' | number = () => 'pass',
  opts: { port?: number; now?: () => number } = {},
): Promise<Receiver> {
  const processed: string[] = [];
  const requests: Receiver['requests'] = [];
  const handler = createHandler({ secret, onDelivery: (_p, key) => void processed.push(key), ...(opts.now ? { now: opts.now } : {}) });
  let n = 0;
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const decision = gate(++n, req);
    const key = req.headers['idempotency-key'] as string | undefined;
    if (typeof decision === 'number') {
      req.resume();
      requests.push({ key, status: decision });
      res.writeHead(decision).end('unavailable');
      return;
    }
    if (decision === 'drop') {
      const end = res.end.bind(res);
      res.end = ((...args: unknown[]) => {
        requests.push({ key, status: -1 });
        res.socket?.destroy();
        return res;
      }) as typeof res.end;
      void end;
    } else {
      const writeHead = res.writeHead.bind(res);
      res.writeHead = ((status: number, ...rest: unknown[]) => {
        requests.push({ key, status });
        return (writeHead as (...a: unknown[]) => ServerResponse)(status, ...rest);
      }) as typeof res.writeHead;
    }
    void handler(req, res);
  });
  await new Promise<void>((resolve) => server.listen(opts.port ?? 0, '127.0.0.1', () => resolve()));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}/hook`,
    port,
    server,
    requests,
    processed,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
