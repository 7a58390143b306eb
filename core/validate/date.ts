// Dates: canonical, real, not in the future (unless the field is an expiry), not absurdly old.
// Periods: both ends real and ordered. `now` is injected so results are deterministic.
import type { FieldWarning } from '../contracts/result';
import { chinaToday, isRealDate, splitPeriod } from '../normalize/date';
import { warning } from './warnings';

const EARLIEST = '1900-01-01';

export interface DateRules {
  /** Expiry dates (有效期至) lie in the future by nature. */
  allowFuture?: boolean;
}

export function validateDate(value: string, now: Date, rules: DateRules = {}): FieldWarning[] {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return [warning('DATE_FORMAT')];
  if (!isRealDate(value)) return [warning('DATE_INVALID')];
  if (!rules.allowFuture && value > chinaToday(now)) return [warning('DATE_FUTURE')];
  if (value < EARLIEST) return [warning('DATE_TOO_OLD')];
  return [];
}

export function validatePeriod(value: string, now: Date): FieldWarning[] {
  const p = splitPeriod(value);
  if (!p) return [warning('PERIOD_FORMAT')];
  const out: FieldWarning[] = [];
  const start = validateDate(p.start, now);
  if (start.length > 0) return start.map((w) => ({ ...w, message: `起始${w.message}` }));
  if (p.end !== '长期') {
    if (!isRealDate(p.end)) return [warning('DATE_INVALID', `截止日期 ${p.end}`)];
    if (p.end < p.start) out.push(warning('PERIOD_ORDER'));
    else if (p.end < chinaToday(now)) out.push(warning('PERIOD_EXPIRED', `截止于${p.end}`));
  }
  return out;
}

/** Keys whose dates are expiries and may lie ahead. */
export function isExpiryKey(key: string): boolean {
  return /expiry|validUntil|validThru|ValidUntil/i.test(key);
}
