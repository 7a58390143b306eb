// Small readers for untrusted provider JSON: nothing here assumes a type it has not checked.
import type { Side } from '../contracts/result';
import { unify } from '../normalize/text';
import type { RawValue } from '../result/build';
import { hasOwn, safeKey, setOwn } from '../result/own';

export interface NormalizeOptions {
  docType?: string;
  side?: Side | null;
  cardType?: number;
  /** Injected clock for the date checks. */
  now?: Date;
}

export function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** A scalar as text; null/undefined as ''; undefined for objects and arrays (kept in extra instead). */
export function asText(v: unknown): string | undefined {
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  if (v === null || v === undefined) return '';
  return undefined;
}

/** A numeric-ish code (0, "0", 200, "200") as a number; NaN for anything else. */
export function codeNumber(v: unknown): number {
  if (typeof v === 'number') return v;
  if (typeof v === 'string' && /^\s*-?\d+\s*$/.test(v)) return Number(v);
  return Number.NaN;
}

/** A code as the text providerError() expects, or undefined when absent or not a scalar. */
export function codeText(v: unknown): string | undefined {
  return typeof v === 'number' || (typeof v === 'string' && v.trim() !== '') ? String(v).trim() : undefined;
}

/** Collects canonical values and extra keys while a payload is walked; first value of a key wins,
 *  later duplicates are kept in extra under their original name. */
export class Collector {
  readonly values: Record<string, RawValue> = {};
  readonly extra: Record<string, unknown> = {};

  has(key: string): boolean {
    return hasOwn(this.values, key);
  }

  set(key: string, value: string, confidence?: number): boolean {
    if (this.has(key)) return false;
    setOwn(this.values, key, confidence === undefined ? { value } : { value, confidence });
    return true;
  }

  /** Sets a canonical value, or keeps it in extra under `originalName` when the key is taken. */
  setOr(key: string, value: string, originalName: string): void {
    if (!this.set(key, value)) this.keep(originalName, value);
  }

  keep(rawName: string, value: unknown): void {
    const name = safeKey(rawName);
    if (!hasOwn(this.extra, name)) {
      setOwn(this.extra, name, value);
      return;
    }
    const prev = this.extra[name];
    setOwn(this.extra, name, Array.isArray(prev) ? [...(prev as unknown[]), value] : [prev, value]);
  }

  hasValueFor(key: string): boolean {
    const v = this.values[key];
    return v !== undefined && hasOwn(this.values, key) && v.value.trim() !== '';
  }
}

/** Lookup table keyed by the Unicode-normalized name (providers mix full- and half-width brackets). */
export function labelMap(entries: Iterable<readonly [string, string]>): Map<string, string> {
  const m = new Map<string, string>();
  for (const [label, key] of entries) m.set(normLabel(label), key);
  return m;
}

export function normLabel(label: string): string {
  return unify(label).replace(/\s+/g, '');
}

/** The base64 portrait some certificates carry is large and personal: keep a marker, not the data. */
export function portraitMarker(v: unknown): unknown {
  if (typeof v !== 'string' || v === '') return v;
  return `[base64 image omitted: ${v.length} chars]`;
}
