// The clients' date filters: a bare day is a calendar day in China (UTC+8, no DST).

/** Bare dates from the clients are calendar days in China (UTC+8); instants pass through. */
export function cstDateRange(from?: string, to?: string): { from?: string; to?: string } {
  const day = /^\d{4}-\d{2}-\d{2}$/;
  const out: { from?: string; to?: string } = {};
  if (from) out.from = day.test(from) ? new Date(`${from}T00:00:00.000+08:00`).toISOString() : from;
  if (to) out.to = day.test(to) ? new Date(`${to}T23:59:59.999+08:00`).toISOString() : to;
  return out;
}
