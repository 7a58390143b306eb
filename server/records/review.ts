// What the review screens ask besides the record (core/contracts/review.ts): the user's earlier
// submissions of the same vehicle, and the recognition services this deployment can call.
import { PROVIDER_NAMES, type ProviderName } from '../../core/contracts/result';
import type { LicenseRecord } from '../../core/contracts/records';
import {
  DUPLICATES_LIMIT,
  vehicleIdKey,
  type Duplicate,
  type DuplicateField,
  type DuplicatesRequest,
  type DuplicatesResponse,
  type ServicesResponse,
} from '../../core/contracts/review';
import { recordPages } from '../../core/records/pages';
import type { AuthedContext, PipelineLike } from './context';

/** Candidates read per asked value: a user's submissions of one vehicle are a handful; the store's
 *  substring search may also return longer plates that contain this one, filtered out below. */
const CANDIDATES = 50;

/** The caller's own submitted records naming the plate or the VIN, compared in their canonical form
 *  (core's vehicleIdKey) on every page; never another user's, and never the record under review. */
export async function findDuplicates(ctx: AuthedContext, req: DuplicatesRequest): Promise<DuplicatesResponse> {
  const asked: [DuplicateField, string][] = [
    ['plateNo', vehicleIdKey(req.plateNo)],
    ['vin', vehicleIdKey(req.vin)],
  ];
  const wanted = asked.filter(([, key]) => key !== '');
  const found = new Map<string, LicenseRecord>();
  // The store narrows by owner, status and its search text (indexed); the exact comparison is ours.
  const pages = await Promise.all(
    wanted.map(([, key]) => ctx.store.listRecords({ openid: ctx.openid, status: 'submitted', q: key, page: 1, pageSize: CANDIDATES })),
  );
  for (const { items } of pages) for (const r of items) if (r._id !== req.id && r._openid === ctx.openid) found.set(r._id, r);

  const items: Duplicate[] = [];
  for (const r of found.values()) {
    const values = submittedValues(r);
    const matched = wanted.filter(([field, key]) => values[field].some((v) => vehicleIdKey(v) === key)).map(([field]) => field);
    if (matched.length === 0 || !r.submittedAt) continue;
    items.push({ _id: r._id, docType: r.docType, plateNo: values.plateNo[0] ?? null, vin: values.vin[0] ?? null, submittedAt: r.submittedAt, matched });
  }
  items.sort((a, b) => (a.submittedAt < b.submittedAt ? 1 : a.submittedAt > b.submittedAt ? -1 : 0));
  return { items: items.slice(0, DUPLICATES_LIMIT) };
}

/** What the user submitted for the plate and the VIN, on any page (a licence's 副页 repeats the plate). */
function submittedValues(r: LicenseRecord): Record<DuplicateField, string[]> {
  const out: Record<DuplicateField, string[]> = { plateNo: [], vin: [] };
  for (const page of recordPages(r)) {
    for (const field of ['plateNo', 'vin'] as const) {
      const v = page.submitted?.[field];
      if (v && vehicleIdKey(v)) out[field].push(v);
    }
  }
  return out;
}

/** The services the pipeline can call, in PROVIDER_NAMES order. A pipeline that cannot say (the
 *  `records` cloud function recognizes nothing) offers none: the `ocr` function is asked instead. */
export function configuredServices(pipeline: PipelineLike): ServicesResponse {
  const have = new Set<ProviderName>(pipeline.providers?.() ?? []);
  return { providers: PROVIDER_NAMES.filter((p) => have.has(p)) };
}
