// The administrators' statistics, computed in this one place from the rows every store driver reads
// the same way (RecordsStore.statsRows): days in China Standard Time, corrections per page, the median
// of the recognitions that did not fail, records per warning. The stores hold no rule of their own.
import type { StatsResponse, StatsSummary } from '../../core/contracts/records';
import { cstDay, type StatsRow } from '../stores/common';
import type { RecordsStore, StatsQuery } from '../stores/types';

/** The counts of a range, before the rates and sums derived from them (shapeStats). */
export type StatsCounts = Pick<StatsResponse, 'perDay' | 'perDocType' | 'perProvider' | 'perStatus' | 'perWarning'> & {
  /** For each provider and field: submitted pages (a one-page record is one) in which that field was corrected. */
  corrections: { provider: string; field: string; corrected: number; submitted: number }[];
  /** Median of timings.totalMs over the recognitions that did not fail (null when none), and how many. */
  recognitionMs: { median: number | null; samples: number };
};

const byKey = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** Counts over rows, batch by batch (a store streams them). */
export async function countStats(batches: AsyncIterable<readonly StatsRow[]>): Promise<StatsCounts> {
  const counter = statsCounter();
  for await (const rows of batches) counter.add(rows);
  return counter.counts();
}

/** The one implementation of the counting rules; fed rows in any order and any number of batches. */
export function statsCounter(): { add(rows: readonly StatsRow[]): void; counts(): StatsCounts } {
  const day = new Map<string, number>();
  const doc = new Map<string, number>();
  const prov = new Map<string, number>();
  const status = new Map<string, number>();
  const warning = new Map<string, number>();
  const corr = new Map<string, { provider: string; field: string; corrected: number; submitted: number }>();
  const durations: number[] = [];
  const inc = (m: Map<string, number>, k: string): void => {
    m.set(k, (m.get(k) ?? 0) + 1);
  };
  const add = (r: StatsRow): void => {
    const provider = r.provider ?? 'none';
    inc(day, cstDay(r.createdAt));
    inc(doc, r.docType);
    inc(prov, provider);
    inc(status, r.status);
    for (const code of new Set(r.warningCodes)) inc(warning, code);
    if (r.status !== 'failed' && typeof r.timings.totalMs === 'number') durations.push(r.timings.totalMs);
    if (r.status !== 'submitted') return;
    // Per page: the back page's fields were reviewed as much as the front page's.
    for (const page of r.pages ?? [r]) {
      for (const field of Object.keys(page.submitted ?? {})) {
        const key = `${provider}\u0000${field}`;
        const e = corr.get(key) ?? { provider, field, corrected: 0, submitted: 0 };
        e.submitted += 1;
        if (Object.hasOwn(page.corrections, field)) e.corrected += 1;
        corr.set(key, e);
      }
    }
  };
  const sorted = (m: Map<string, number>) => [...m.entries()].sort((a, b) => byKey(a[0], b[0]));
  return {
    add: (rows) => rows.forEach(add),
    counts: () => ({
      perDay: sorted(day).map(([d, count]) => ({ day: d, count })),
      perDocType: sorted(doc).map(([docType, count]) => ({ docType, count })),
      perProvider: sorted(prov).map(([provider, count]) => ({ provider, count })),
      perStatus: sorted(status).map(([s, count]) => ({ status: s, count })),
      perWarning: sorted(warning).map(([code, count]) => ({ code, count })),
      corrections: [...corr.values()].sort((a, b) => byKey(a.provider, b.provider) || byKey(a.field, b.field)),
      recognitionMs: { median: median(durations), samples: durations.length },
    }),
  };
}

/** The middle value, or the mean of the two middle ones. */
export function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const v = Float64Array.from(values).sort();
  const mid = v.length >> 1;
  return v.length % 2 ? v[mid]! : (v[mid - 1]! + v[mid]!) / 2;
}

/** The figures derived from the counts: rates, per provider and per field sums, the summary. */
export function shapeStats(s: StatsCounts): StatsResponse {
  const corrections = s.corrections
    .map((c) => ({ ...c, rate: c.submitted > 0 ? round(c.corrected / c.submitted) : 0 }))
    .sort((a, b) => a.provider.localeCompare(b.provider) || b.rate - a.rate || a.field.localeCompare(b.field));
  const providerAccuracy = [...sumCorrections(s.corrections, (c) => c.provider)].map(([provider, p]) => ({
    provider,
    fields: p.submitted,
    corrected: p.corrected,
    accuracy: p.submitted > 0 ? round(1 - p.corrected / p.submitted) : 1,
  }));
  const fieldCorrections = [...sumCorrections(s.corrections, (c) => c.field)]
    .map(([field, f]) => ({ field, ...f, rate: f.submitted > 0 ? round(f.corrected / f.submitted) : 0 }))
    .sort((a, b) => b.rate - a.rate || b.submitted - a.submitted || a.field.localeCompare(b.field));
  const count = (status: string): number => s.perStatus.find((x) => x.status === status)?.count ?? 0;
  const total = s.perStatus.reduce((n, x) => n + x.count, 0);
  const summary: StatsSummary = {
    total,
    submitted: count('submitted'),
    failed: count('failed'),
    submitRate: total > 0 ? round(count('submitted') / total) : 0,
    failureRate: total > 0 ? round(count('failed') / total) : 0,
    medianRecognitionMs: s.recognitionMs.median === null ? null : Math.round(s.recognitionMs.median),
    recognitionSamples: s.recognitionMs.samples,
  };
  const { recognitionMs: _timing, ...counts } = s;
  return { ...counts, corrections, providerAccuracy, fieldCorrections, summary };
}

/** Corrected and submitted summed per key (a provider, a field), in first-seen order. */
function sumCorrections(
  rows: StatsCounts['corrections'],
  key: (c: StatsCounts['corrections'][number]) => string,
): Map<string, { corrected: number; submitted: number }> {
  const out = new Map<string, { corrected: number; submitted: number }>();
  for (const c of rows) {
    const e = out.get(key(c)) ?? { corrected: 0, submitted: 0 };
    e.corrected += c.corrected;
    e.submitted += c.submitted;
    out.set(key(c), e);
  }
  return out;
}

function round(x: number): number {
  return Math.round(x * 10_000) / 10_000;
}

/** The statistics of a range as the records API answers them. */
export async function statsFor(store: Pick<RecordsStore, 'statsRows'>, query: StatsQuery): Promise<StatsResponse> {
  return shapeStats(await countStats(store.statsRows(query)));
}
