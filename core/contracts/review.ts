// What the review screens ask the server besides the record itself (issue 16): which recognition
// services this deployment has configured, and whether the user already submitted the same vehicle.
// Shared by the cloud functions, the local server and both clients.
import { z } from 'zod';
import { compactUpper } from '../normalize/text';
import { requestText } from './input';
import { ProviderNameSchema } from './result';

// ---- configured recognition services ------------------------------------------------------------

/** The `ocr` cloud function's body asking which services it can call (the local server answers in
 *  GET /api/session/info). Only the function holding the provider keys knows. */
export const ServicesRequestSchema = z.object({ action: z.literal('services') });
export const ServicesResponseSchema = z.object({
  /** The providers this deployment can call (keys present, engine reachable), in PROVIDER_NAMES
   *  order. A client offers only these, and only those the document's registry entry lists. */
  providers: z.array(ProviderNameSchema),
});
export type ServicesResponse = z.infer<typeof ServicesResponseSchema>;

// ---- the same vehicle submitted before ----------------------------------------------------------

/** A plate or VIN as it is compared: NFKC (full-width → half-width), upper case, no spaces or
 *  separators — the canonical form of both formats. Empty when nothing is left ('--', blanks). */
export const vehicleIdKey = (value: string | null | undefined): string => compactUpper(value ?? '');

export const DUPLICATE_FIELDS = ['plateNo', 'vin'] as const;
export type DuplicateField = (typeof DUPLICATE_FIELDS)[number];

/** `{ action: 'duplicates', plateNo?, vin?, id? }`: the caller's own submitted records naming this
 *  plate or VIN, the record under review (`id`) left out. */
export const DuplicatesRequestSchema = z
  .object({
    action: z.literal('duplicates'),
    plateNo: requestText(64).optional(),
    vin: requestText(64).optional(),
    id: requestText(128, 1).optional(),
  })
  .refine((v) => !!vehicleIdKey(v.plateNo) || !!vehicleIdKey(v.vin), { message: '请提供号牌号码或车辆识别代号', path: ['plateNo'] });
export type DuplicatesRequest = z.infer<typeof DuplicatesRequestSchema>;

export const DuplicateSchema = z.object({
  _id: z.string(),
  docType: z.string(),
  plateNo: z.string().nullable(),
  vin: z.string().nullable(),
  submittedAt: z.string(),
  /** Which of the asked values this record holds. */
  matched: z.array(z.enum(DUPLICATE_FIELDS)).min(1),
});
export type Duplicate = z.infer<typeof DuplicateSchema>;

/** Newest submission first, at most DUPLICATES_LIMIT. */
export const DuplicatesResponseSchema = z.object({ items: z.array(DuplicateSchema) });
export type DuplicatesResponse = z.infer<typeof DuplicatesResponseSchema>;
export const DUPLICATES_LIMIT = 5;

/** The hint both review forms show, and what their submit confirmations say. */
export const DUPLICATE_HINT = '已提交过相同号牌/车架号的记录';

/** What an earlier record matched, as both hints word it: 号牌 粤B12345、车架号 LSV…. */
export function duplicateMatchText(d: Pick<Duplicate, 'matched' | 'plateNo' | 'vin'>): string {
  return d.matched.map((m) => (m === 'plateNo' ? `号牌 ${d.plateNo ?? ''}` : `车架号 ${d.vin ?? ''}`)).join('、');
}
