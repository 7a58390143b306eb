// The typed client of the records/ocr contract (core/contracts/records.ts). Pages use only this; every
// response is validated with the contract's zod schemas before a page sees it.
import type { GetResponse, LicenseRecord, ListResponse } from '../core/contracts/records';
import { GetResponseSchema, ListResponseSchema, RecordSchema } from '../core/contracts/records';
import type { RequestedSide } from '../core/contracts/result';
import { config } from '../config';
import { createCloudTransport } from './cloud';
import { AppError } from './errors';
import { createServerTransport } from './server';
import type { Progress, Transport } from './transport';

export type { GetResponse, LicenseRecord, ListResponse, Progress };

let cached: { key: string; transport: Transport } | null = null;

/** The transport chosen in config.ts (re-created when the configuration changes). */
export function transport(): Transport {
  const key = `${config.transport}|${config.cloudEnv}|${config.serverUrl}|${config.devOpenid}`;
  if (!cached || cached.key !== key) {
    cached = { key, transport: config.transport === 'cloud' ? createCloudTransport(config) : createServerTransport(config) };
  }
  return cached.transport;
}

interface Parser<T> {
  safeParse(v: unknown): { success: true; data: T } | { success: false; error: unknown };
}
function check<T>(schema: Parser<T>, value: unknown): T {
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw new AppError('BAD_RESPONSE');
  return parsed.data;
}

export async function recognize(params: {
  filePath: string;
  docType: string;
  side?: RequestedSide;
  onProgress?: (p: Progress) => void;
}): Promise<LicenseRecord> {
  return check(RecordSchema, await transport().recognize(params));
}

export async function submit(id: string, fields: Record<string, string>): Promise<LicenseRecord> {
  return check(RecordSchema, await transport().records({ action: 'submit', id, fields }));
}

export interface ListQuery {
  scope?: 'mine' | 'all';
  status?: LicenseRecord['status'];
  docType?: string;
  from?: string;
  to?: string;
  q?: string;
  page?: number;
  pageSize?: number;
}

export async function list(query: ListQuery = {}): Promise<ListResponse> {
  const body: Record<string, unknown> = { action: 'list' };
  for (const [k, v] of Object.entries(query)) if (v !== undefined && v !== '') body[k] = v;
  return check(ListResponseSchema, await transport().records(body));
}

export async function get(id: string): Promise<GetResponse> {
  return check(GetResponseSchema, await transport().records({ action: 'get', id }));
}

export async function remove(id: string): Promise<void> {
  await transport().records({ action: 'delete', id });
}

let adminProbe: Promise<boolean> | null = null;

/** Forgets the transport and the administrator answer (after a configuration or account change). */
export function resetCaches(): void {
  cached = null;
  adminProbe = null;
}

/** Administrators may list every record; anyone else is refused (FORBIDDEN). There is no separate
 *  "who am I" call, so the refusal is the answer. Cached for the session. */
export function isAdmin(refresh = false): Promise<boolean> {
  if (!adminProbe || refresh) {
    adminProbe = list({ scope: 'all', pageSize: 1 }).then(
      () => true,
      (e: unknown) => {
        if (e instanceof AppError && (e.code === 'FORBIDDEN' || e.code === 'UNAUTHENTICATED')) return false;
        adminProbe = null; // a network failure says nothing: ask again next time
        return false;
      },
    );
  }
  return adminProbe;
}
