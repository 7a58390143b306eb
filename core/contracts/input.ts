// What a request may carry, checked once at the schema boundary for every request schema of the
// contracts (the local server, the cloud functions and the clients parse with the same schemas).
// A NUL or a lone UTF-16 surrogate cannot be stored (PostgreSQL refuses both) and an impossible date
// cannot become an instant: each would fail deep inside a store as a 500. Refused here, they are a 400
// that names the field.
import { z } from 'zod';
import { isRealDate } from '../normalize/date';

/** False for text holding a NUL or a surrogate half without its partner. A loop rather than a
 *  lookbehind regex: the mini program's older JavaScript engines reject lookbehind at load time. */
export function isWellFormedText(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === 0) return false;
    if (c >= 0xd800 && c <= 0xdbff) {
      const next = s.charCodeAt(i + 1);
      if (!(next >= 0xdc00 && next <= 0xdfff)) return false;
      i++;
    } else if (c >= 0xdc00 && c <= 0xdfff) {
      return false;
    }
  }
  return true;
}

export const MALFORMED_TEXT_MESSAGE = '不能包含空字符或无效的 Unicode 字符';

/** A request string of at most `max` characters (at least `min`), well formed. */
export function requestText(max: number, min = 0): z.ZodString {
  return z.string().min(min).max(max).refine(isWellFormedText, { message: MALFORMED_TEXT_MESSAGE });
}

/** A calendar day `YYYY-MM-DD` (a day in China for the list filters) or an ISO instant; either must
 *  exist: 2026-13-45 and 2026-02-30 are refused, as is an instant Date cannot read. */
export const RequestDateSchema = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}(T[\d:.]+Z?)?$/, { message: '日期格式应为 YYYY-MM-DD' })
  .refine((v) => isRealDate(v.slice(0, 10)) && (v.length === 10 || !Number.isNaN(Date.parse(v))), { message: '不是有效的日期' });

/** Keys that name an object's machinery, not a field: `__proto__` would be dropped by any copy by
 *  assignment (zod's included), the others shadow what every object inherits. */
export const FORBIDDEN_KEYS: ReadonlySet<string> = new Set(['__proto__', 'constructor', 'prototype']);

/** A map of submitted values keyed by field: each key and value well formed, no forbidden key. The
 *  keys are checked on the raw object, before zod copies it and silently loses `__proto__`. */
export function fieldMap<V extends z.ZodType>(key: z.ZodString, value: V) {
  return z.preprocess((input, ctx) => {
    if (input && typeof input === 'object' && !Array.isArray(input)) {
      for (const k of FORBIDDEN_KEYS) {
        if (Object.prototype.hasOwnProperty.call(input, k)) ctx.issues.push({ code: 'custom', message: `不允许的字段名：${k}`, input, path: [k] });
      }
    }
    return input;
  }, z.record(key, value));
}
