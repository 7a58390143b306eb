// Dates and validity periods. Providers print 2018-07-06, 20180706, 2018年07月06日, 2018.7.6,
// 2018/7/6; the canonical form is YYYY-MM-DD. A value that does not parse is returned cleaned and
// left to the validator to flag: normalization never guesses.
import dayjs from 'dayjs';
import customParseFormat from 'dayjs/plugin/customParseFormat.js';
import { cleanText, unify } from './text';

dayjs.extend(customParseFormat);

const SEP_DATE = /^(\d{4})\s*[-./年]\s*(\d{1,2})\s*[-./月]\s*(\d{1,2})\s*日?$/u;
const COMPACT_DATE = /^(\d{4})(\d{2})(\d{2})$/;
const ISO_DATETIME = /^(\d{4})-(\d{2})-(\d{2})[T ]\d{2}:\d{2}/;

const pad = (n: string) => n.padStart(2, '0');

/** YYYY-MM-DD when the text has the shape of a date (validity is the validator's job), else cleaned text. */
export function normalizeDate(raw: string): string {
  const s = cleanText(raw).replace(/\s+/g, '');
  const m = SEP_DATE.exec(s) ?? COMPACT_DATE.exec(s) ?? ISO_DATETIME.exec(s);
  if (!m) return s;
  const [, y, mo, d] = m;
  return `${y}-${pad(mo ?? '')}-${pad(d ?? '')}`;
}

/** True for a real calendar date in canonical form (2018-02-30 and 2018-13-01 are not). */
export function isRealDate(value: string): boolean {
  return /^\d{4}-\d{2}-\d{2}$/.test(value) && dayjs(value, 'YYYY-MM-DD', true).isValid();
}

/** Today in China (UTC+8) as YYYY-MM-DD: documents are dated in Beijing time whatever the server's zone. */
export function chinaToday(now: Date): string {
  return new Date(now.getTime() + 8 * 3600_000).toISOString().slice(0, 10);
}

export const LONG_TERM = '长期';
const DATE_TOKEN = /(\d{4})\s*[-./年]\s*(\d{1,2})\s*[-./月]\s*(\d{1,2})\s*日?|(\d{4})(\d{2})(\d{2})/gu;
/** What may surround the dates of a period: separators and the words printed around them. */
const PERIOD_FILLER = /^(?:[\s\-－—–~～至到起止:：,，]|有效期限|有效期|自)*$/u;

/** `YYYY-MM-DD至YYYY-MM-DD`, `YYYY-MM-DD至长期`; anything else is returned cleaned. */
export function normalizePeriod(raw: string): string {
  const s = cleanText(raw);
  const dates: string[] = [];
  let rest = s.replace(DATE_TOKEN, (_m, y1?: string, m1?: string, d1?: string, y2?: string, m2?: string, d2?: string) => {
    dates.push(y1 ? `${y1}-${pad(m1 ?? '')}-${pad(d1 ?? '')}` : `${y2}-${m2}-${d2}`);
    return ' ';
  });
  const longTerm = /长期|永久/u.test(rest);
  rest = rest.replace(/长期|永久/gu, ' ');
  if (!PERIOD_FILLER.test(rest)) return s;
  if (dates.length === 2 && !longTerm) return `${dates[0]}至${dates[1]}`;
  if (dates.length === 1 && longTerm) return `${dates[0]}至${LONG_TERM}`;
  return s;
}

/** The two ends of a canonical period; `end` is '长期' for open-ended ones. */
export function splitPeriod(value: string): { start: string; end: string } | null {
  const m = /^(\d{4}-\d{2}-\d{2})至(\d{4}-\d{2}-\d{2}|长期)$/u.exec(unify(value));
  if (!m || !m[1] || !m[2]) return null;
  return { start: m[1], end: m[2] };
}
