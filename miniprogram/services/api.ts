// The typed client of the records/ocr contract (core/contracts/records.ts). Pages use only this; every
// response is validated with the contract's zod schemas before a page sees it.
import type { RevealRequest } from '../core/contracts/privacy';
import type { ExportResponse, GetResponse, LicenseRecord, ListResponse, StatsResponse } from '../core/contracts/records';
import { GetResponseSchema, ListResponseSchema, RecordSchema } from '../core/contracts/records';
import type { ProviderName, RequestedSide } from '../core/contracts/result';
import { DuplicatesResponseSchema, ServicesResponseSchema, type DuplicatesResponse } from '../core/contracts/review';
import { config } from '../config';
import { createCloudTransport } from './cloud';
import { AppError } from './errors';
import { createServerTransport } from './server';
import type { Progress, Transport } from './transport';

export type { ExportResponse, GetResponse, LicenseRecord, ListResponse, Progress, StatsResponse };

let cached: { key: string; transport: Transport } | null = null;

/** The transport chosen in config.ts (re-created when the configuration changes). */
export function transport(): Transport {
  const key = `${config.transport}|${config.cloudEnv}|${config.serverUrl}|${config.devOpenid}`;
  if (!cached || cached.key !== key) {
    cached = { key, transport: config.transport === 'cloud' ? createCloudTransport(config) : createServerTransport(config) };
  }
  return cached.transport;
}

export interface Parser<T> {
  safeParse(v: unknown): { success: true; data: T } | { success: false; error: unknown };
}
/** A response as the contract says, or BAD_RESPONSE (shared by every client module of services/). */
export function check<T>(schema: Parser<T>, value: unknown): T {
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw new AppError('BAD_RESPONSE');
  return parsed.data;
}

export async function recognize(params: {
  filePath: string;
  docType: string;
  side?: RequestedSide;
  provider?: ProviderName;
  onProgress?: (p: Progress) => void;
}): Promise<LicenseRecord> {
  return check(RecordSchema, await transport().recognize(params));
}

/** The recognition services the backend has configured (the scan page offers only these). */
export async function services(): Promise<ProviderName[]> {
  return check(ServicesResponseSchema, await transport().services()).providers;
}

/** The caller's earlier submissions of this plate or VIN, the record under review (`id`) left out. */
export async function duplicates(query: { id: string; plateNo?: string; vin?: string }): Promise<DuplicatesResponse> {
  return check(DuplicatesResponseSchema, await transport().records({ action: 'duplicates', ...query }));
}

/** One page's fields, or every page's (in the record's page order) for a photo of several pages. */
export async function submit(id: string, fields: Record<string, string> | Record<string, string>[]): Promise<LicenseRecord> {
  const body = Array.isArray(fields) ? { action: 'submit', id, pages: fields.map((f) => ({ fields: f })) } : { action: 'submit', id, fields };
  return check(RecordSchema, await transport().records(body));
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

/** The query without its unset filters (an empty string is "no filter"). */
export function withoutEmpty(query: object): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(query)) if (v !== undefined && v !== '') out[k] = v;
  return out;
}

export async function list(query: ListQuery = {}): Promise<ListResponse> {
  return check(ListResponseSchema, await transport().records({ action: 'list', ...withoutEmpty(query) }));
}

export async function get(id: string): Promise<GetResponse> {
  return check(GetResponseSchema, await transport().records({ action: 'get', id }));
}

/** Administrators: the record in full, unmasked; the server writes a `reveal` audit entry first. */
export async function reveal(id: string): Promise<GetResponse> {
  const body: RevealRequest = { action: 'reveal', id };
  return check(GetResponseSchema, await transport().records(body));
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
