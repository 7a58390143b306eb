// buildResult: the one place where raw provider/engine values become a RecognitionResult. Every
// provider normalizer, the local engine and the CLI go through it, so canonical formats, validation
// and cross-field checks are identical whoever read the document.
import type { FieldBox, FieldResult, FieldWarning, RecognitionResult, Side } from '../contracts/result';
import { allFieldDefs, fieldDefs, getDocument } from '../documents/registry';
import type { FieldDef } from '../documents/types';
import { cleanText, normalizeValue } from '../normalize/index';
import { crossCheck } from '../validate/cross-field';
import { crossCheckVehicle } from '../validate/vehicle-checks';
import { boxOnPhoto } from './box';
import { markDoubt } from './doubt';
import { validateField } from '../validate/index';
import { warning } from '../validate/warnings';
import { setOwn } from './own';

export { hasOwn, safeKey, setOwn } from './own';

export interface RawValue {
  value: string;
  /** 0..1; a provider's 0..100 score is scaled down. */
  confidence?: number;
  /** Where on the photo the value was read (normalized), when the provider knows. */
  box?: FieldBox;
}

export interface BuildResultInput {
  docType: string;
  side: Side | null;
  provider: string;
  /** Values under canonical keys; a key the document does not define goes to `extra` as is. */
  values: Record<string, RawValue>;
  /** Provider keys with no canonical key, kept verbatim. */
  extra?: Record<string, unknown>;
  /** Result-level warnings found by the caller (e.g. two plates in one payload disagree). */
  warnings?: FieldWarning[];
  /** Injected clock for the date checks (defaults to the current time). */
  now?: Date;
}

/** Below this confidence a field is marked for review. */
export const LOW_CONFIDENCE = 0.5;

function toConfidence(c: unknown): number | undefined {
  if (typeof c !== 'number' || !Number.isFinite(c) || c < 0) return undefined;
  if (c <= 1) return c;
  if (c <= 100) return c / 100;
  return undefined;
}

/** A box only when it lies on the photo (a provider's stray coordinates are dropped, not clamped). */
function toBox(b: FieldBox | undefined): FieldBox | undefined {
  return b && boxOnPhoto(b) ? { x: b.x, y: b.y, width: b.width, height: b.height } : undefined;
}

function toText(v: unknown): string {
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean' || typeof v === 'bigint') return String(v);
  return '';
}

/** An empty field the card always prints and this provider reads (a required one already carries
 *  REQUIRED_MISSING): the reading missed it, so it is marked rather than left as a silent blank. */
function missedPrinted(def: FieldDef, provider: string): boolean {
  return def.alwaysPrinted === true && !def.required && (def.providers as readonly string[]).includes(provider);
}

export function buildResult(input: BuildResultInput): RecognitionResult {
  const now = input.now ?? new Date();
  const doc = getDocument(input.docType);
  const side: Side | null = doc && doc.sides.length === 0 ? null : input.side;
  const extra: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(input.extra ?? {})) setOwn(extra, k, v);
  const warnings: FieldWarning[] = [...(input.warnings ?? [])];
  const fields: Record<string, FieldResult> = {};

  if (!doc) {
    // Unknown document: keep every value, cleaned, so nothing is lost; no format can be checked.
    for (const [key, raw] of Object.entries(input.values ?? {})) {
      const confidence = toConfidence(raw?.confidence);
      const f: FieldResult = { value: cleanText(toText(raw?.value)), warnings: [] };
      if (confidence !== undefined) f.confidence = confidence;
      setOwn(fields, key, f);
    }
    warnings.push(warning('UNKNOWN_DOC_TYPE', input.docType));
    return markDoubt({ docType: input.docType || 'unknown', side, provider: input.provider, fields, extra, warnings });
  }

  const sideDefs = fieldDefs(doc.id, side);
  const byKey = new Map<string, FieldDef>(allFieldDefs(doc.id).map((d) => [d.key, d]));
  for (const d of sideDefs) byKey.set(d.key, d); // the side's definition wins (labels differ per side)
  const values = new Map<string, RawValue>();
  for (const [key, raw] of Object.entries(input.values ?? {})) {
    if (byKey.has(key)) values.set(key, raw);
    else setOwn(extra, key, toText(raw?.value));
  }

  // The side's fields in display order (missing ones empty, so forms and checks see them), then any
  // field of the document's other side the provider also read.
  const order = [...sideDefs.map((d) => d.key), ...[...values.keys()].filter((k) => !sideDefs.some((d) => d.key === k))];
  for (const key of order) {
    const def = byKey.get(key);
    if (!def) continue;
    const raw = values.get(key);
    const value = raw ? normalizeValue(def.format, toText(raw.value)) : '';
    const checked = validateField(def, value, { now });
    const f: FieldResult = { value, warnings: [...checked.warnings] };
    if (value === '' && missedPrinted(def, input.provider)) f.warnings.push(warning('VALUE_UNREAD'));
    if (checked.suggestion !== undefined && checked.suggestion !== value) f.suggestion = checked.suggestion;
    const confidence = toConfidence(raw?.confidence);
    if (confidence !== undefined) {
      f.confidence = confidence;
      if (confidence < LOW_CONFIDENCE && value !== '') f.warnings.push(warning('LOW_CONFIDENCE'));
    }
    const box = value === '' ? undefined : toBox(raw?.box);
    if (box) f.box = box;
    setOwn(fields, key, f);
  }

  warnings.push(...crossCheck(fields, byKey));
  crossCheckVehicle(fields, now);
  return markDoubt({ docType: doc.id, side, provider: input.provider, fields, extra, warnings });
}
