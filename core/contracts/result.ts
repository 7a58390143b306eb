// The recognition result contract: what every provider normalizer, the pipeline, the CLI (`--json`),
// the cloud functions and both clients agree on. Shapes are checked at runtime with zod where data
// crosses a boundary.
import { z } from 'zod';
import { boxOnPhoto } from '../result/box';

const unit = z.number().min(0).max(1);
/** Where on the photo a value was read: a rectangle in 0..1 of the stored photo's width and height
 *  (the photo as stored and served: upright after its EXIF orientation). Only providers that know
 *  positions (the offline engine) give one. */
export const FieldBoxSchema = z
  .object({ x: unit, y: unit, width: unit, height: unit })
  .refine(boxOnPhoto, { message: '字段位置超出照片范围' });
export type FieldBox = z.infer<typeof FieldBoxSchema>;

/** A warning attached to a field or to the whole result. `code` is stable (for code and tests),
 *  `message` is Chinese (for the user). */
export const FieldWarningSchema = z.object({
  code: z.string().min(1),
  message: z.string(),
  /** Where on the photo it applies, in the same 0..1 as field boxes: a spatial photo warning's patches
   *  (glare, a cover, the strip along an edge that cuts the card off). A field read there is doubtful
   *  (core/result/spoiled.ts). */
  regions: z.array(FieldBoxSchema).max(16).optional(),
});
export type FieldWarning = z.infer<typeof FieldWarningSchema>;

export const FieldResultSchema = z.object({
  value: z.string(),
  warnings: z.array(FieldWarningSchema),
  /** A proposed correction the user may accept; never applied silently. */
  suggestion: z.string().optional(),
  /** 0..1, from the provider or the engine's scores, when known. */
  confidence: z.number().min(0).max(1).optional(),
  /** Whether the user should check this value: set by core's one rule (core/result/doubt.ts) on every
   *  field of a result; absent only on records stored before the rule existed (read with doubtOf). */
  doubtful: z.boolean().optional(),
  /** Where the value was read on the photo, when the provider knows (the clients show the crop). */
  box: FieldBoxSchema.optional(),
});
export type FieldResult = z.infer<typeof FieldResultSchema>;

export const SIDES = ['front', 'back'] as const;
export const SideSchema = z.enum(SIDES);
export type Side = z.infer<typeof SideSchema>;
/** What a caller may ask for: a side, `auto` (let the provider/engine decide), or none (one-sided docs). */
export const RequestedSideSchema = z.enum(['front', 'back', 'auto']);
export type RequestedSide = z.infer<typeof RequestedSideSchema>;

export const PROVIDER_NAMES = ['wechat', 'juhe', 'kuaitong', 'local'] as const;
export const ProviderNameSchema = z.enum(PROVIDER_NAMES);
export type ProviderName = z.infer<typeof ProviderNameSchema>;

/** One page of a document as read: a side with its own fields. A photo may hold several (both pages
 *  of a vehicle licence side by side or stacked). */
export const RecognitionPageSchema = z.object({
  /** A document id of the registry (core/documents). */
  docType: z.string().min(1),
  /** null for one-sided documents. */
  side: SideSchema.nullable(),
  fields: z.record(z.string(), FieldResultSchema),
  /** Keys a provider returned that have no canonical key: kept verbatim, never dropped. */
  extra: z.record(z.string(), z.unknown()),
  /** Page-level warnings (e.g. fields shifted into each other, wrong document). */
  warnings: z.array(FieldWarningSchema),
});
export type RecognitionPage = z.infer<typeof RecognitionPageSchema>;

/** The top level is the page asked for (or the first one found), so a consumer that knows one page
 *  reads it as before. `pages` is present only when the photo held more than one page: every page
 *  found, in reading order, the top-level one included. A check between pages (front plate = back
 *  plate) is a warning on every page it concerns. */
export const RecognitionResultSchema = z.object({
  // Key order as printed by the CLI's --json (parsing keeps it): the page's keys with provider third.
  docType: RecognitionPageSchema.shape.docType,
  side: RecognitionPageSchema.shape.side,
  provider: z.string(),
  fields: RecognitionPageSchema.shape.fields,
  extra: RecognitionPageSchema.shape.extra,
  warnings: RecognitionPageSchema.shape.warnings,
  pages: z.array(RecognitionPageSchema).min(2).optional(),
});
export type RecognitionResult = z.infer<typeof RecognitionResultSchema>;
