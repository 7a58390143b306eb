// Times as people read them: China Standard Time (Asia/Shanghai), whatever the clock of the machine
// showing or exporting them says. One rule for the export, the web console and the mini program.
import dayjs from 'dayjs';
import timezone from 'dayjs/plugin/timezone.js';
import utc from 'dayjs/plugin/utc.js';

dayjs.extend(utc);
dayjs.extend(timezone);

export const DISPLAY_TIME_ZONE = 'Asia/Shanghai';

/** `2026-11-22T02:14:05Z` → `2026-11-22 10:14` (or `10:14:05` with seconds); '' when absent or unreadable. */
export function localDateTime(iso: string | null | undefined, opts: { seconds?: boolean } = {}): string {
  if (!iso) return '';
  const d = dayjs(iso);
  if (!d.isValid()) return '';
  return d.tz(DISPLAY_TIME_ZONE).format(opts.seconds ? 'YYYY-MM-DD HH:mm:ss' : 'YYYY-MM-DD HH:mm');
}
