// The local server's scheduler: the same jobs the timer-triggered `deliver` cloud function runs,
// every intervalMs, never overlapping itself.
import type { Config } from '../config';
import { purgeExpiredPhotos, pruneDeliveredPayloads } from '../retention';
import { purgeExpiredExports } from '../retention/exports';
import type { PhotoStore, RecordStore } from '../stores/types';
import { runDeliveries, type DeliveryOptions, type DeliveryRunResult } from './worker';
import type { RetentionResult } from '../retention';
import type { DossierStore } from '../stores/dossiers/types';
import { sendDueReminders, type ReminderRunResult, type ReminderSender } from '../dossiers/reminders';
import { retryFilings, type FilingRetryResult } from '../dossiers/retry';

export interface ScheduledJobsInput {
  store: RecordStore;
  photos: PhotoStore;
  config: Pick<Config, 'WEBHOOK_URL' | 'WEBHOOK_SECRET' | 'PHOTO_RETENTION_DAYS'>;
  now?: () => Date;
  fetch?: typeof globalThis.fetch;
  delivery?: Partial<Omit<DeliveryOptions, 'url' | 'secret' | 'fetch' | 'now'>>;
  /** Also delete export files older than an hour (it reads the audit log, so callers do it hourly). */
  sweepExports?: boolean;
  /** Filings into dossiers that failed at submit are retried when given; expiry reminders (issue #18)
   *  are sent when `reminders` is given too. */
  dossiers?: DossierStore;
  reminders?: ReminderSender;
}

export interface ScheduledJobsResult {
  delivery: DeliveryRunResult | null;
  retention: RetentionResult;
  /** Delivered outbox payloads dropped after the retention period. */
  payloadsPruned: number;
  /** Export files deleted (null when this tick did not sweep them). */
  exports: { deleted: number; failed: number } | null;
  /** Why deliveries did not run although a webhook is configured. */
  warning?: string;
  /** Expiry reminders of this tick (null when no reminder channel is configured). */
  reminders: ReminderRunResult | null;
  /** Failed dossier filings retried this tick (null without a dossier store). */
  filings: FilingRetryResult | null;
}

/** One tick: deliveries (when a webhook is configured), then photo retention. */
export async function runScheduledJobs(input: ScheduledJobsInput): Promise<ScheduledJobsResult> {
  const { store, photos, config } = input;
  let delivery: DeliveryRunResult | null = null;
  let warning: string | undefined;
  const started = Date.now();
  if (config.WEBHOOK_URL && !config.WEBHOOK_SECRET) {
    // Unsigned deliveries could be forged by anyone who finds the receiver: keep them queued instead.
    warning = 'WEBHOOK_URL is set but WEBHOOK_SECRET is not: deliveries stay queued until it is';
  } else if (config.WEBHOOK_URL && config.WEBHOOK_SECRET) {
    delivery = await runDeliveries(store, {
      ...input.delivery,
      url: config.WEBHOOK_URL,
      secret: config.WEBHOOK_SECRET,
      ...(input.fetch ? { fetch: input.fetch } : {}),
      ...(input.now ? { now: input.now } : {}),
    });
  }
  const budget = input.delivery?.budgetMs;
  const retention = await purgeExpiredPhotos(store, photos, {
    retentionDays: config.PHOTO_RETENTION_DAYS,
    ...(input.now ? { now: input.now } : {}),
    ...(budget !== undefined ? { budgetMs: Math.max(0, budget - (Date.now() - started)), batchSize: 20 } : {}),
  });
  const payloadsPruned = await pruneDeliveredPayloads(store, {
    retentionDays: config.PHOTO_RETENTION_DAYS,
    ...(input.now ? { now: input.now } : {}),
    ...(budget !== undefined ? { budgetMs: Math.max(0, budget - (Date.now() - started)), batchSize: 20 } : {}),
  });
  const exports = input.sweepExports ? await purgeExpiredExports(store, photos, input.now ? { now: input.now } : {}) : null;
  const reminders =
    input.dossiers && input.reminders
      ? await sendDueReminders({
          dossiers: input.dossiers,
          sender: input.reminders,
          now: (input.now ?? (() => new Date()))(),
          ...(budget !== undefined ? { budgetMs: Math.max(0, budget - (Date.now() - started)) } : {}),
        })
      : null;
  const filings = input.dossiers
    ? await retryFilings({
        records: store,
        dossiers: input.dossiers,
        now: (input.now ?? (() => new Date()))(),
        ...(budget !== undefined ? { budgetMs: Math.max(0, budget - (Date.now() - started)) } : {}),
      })
    : null;
  return { delivery, retention, payloadsPruned, exports, reminders, filings, ...(warning ? { warning } : {}) };
}

export interface SchedulerOptions extends ScheduledJobsInput {
  intervalMs?: number;
  /** Called with counts only (never payloads: they hold personal data). */
  log?: (line: string) => void;
  onTick?: (result: ScheduledJobsResult) => void;
}

export const EXPORT_SWEEP_EVERY_MS = 3_600_000;

/** Starts the interval; returns stop(), which resolves once a tick in progress has finished. */
export function startDeliveryScheduler(options: SchedulerOptions): () => Promise<void> {
  const intervalMs = options.intervalMs ?? 15_000;
  let running: Promise<void> | null = null;
  let stopped = false;
  let warned = false;
  let lastExportSweep = 0;
  const tick = () => {
    if (running || stopped) return; // a slow webhook must not stack runs
    const sweepExports = Date.now() - lastExportSweep >= EXPORT_SWEEP_EVERY_MS;
    if (sweepExports) lastExportSweep = Date.now();
    running = runScheduledJobs({ ...options, sweepExports })
      .then((r) => {
        options.onTick?.(r);
        if (r.warning && !warned) {
          warned = true;
          options.log?.(JSON.stringify({ level: 'warn', message: `scheduler: ${r.warning}` }));
        }
        const d = r.delivery;
        const x = r.exports;
        const m = r.reminders;
        const f = r.filings;
        if (
          (d && d.attempted > 0) ||
          r.retention.purged > 0 ||
          r.retention.failed > 0 ||
          r.payloadsPruned > 0 ||
          (x && x.deleted + x.failed > 0) ||
          (m && m.sent + m.skipped + m.failed > 0) ||
          (f && f.filed + f.failed + f.dropped > 0)
        ) {
          // Counts only: payloads and record ids stay out of the log.
          options.log?.(
            JSON.stringify({ level: 'info', job: 'scheduler', deliveries: d, photosPurged: r.retention.purged, photosFailed: r.retention.failed, payloadsPruned: r.payloadsPruned, exports: x, reminders: m, filings: f }),
          );
        }
      })
      .catch((e: unknown) =>
        options.log?.(JSON.stringify({ level: 'error', job: 'scheduler', name: (e as Error).name, message: String((e as Error).message).slice(0, 200) })),
      )
      .finally(() => {
        running = null;
      });
  };
  const timer = setInterval(tick, intervalMs);
  timer.unref?.();
  queueMicrotask(tick);
  return async () => {
    stopped = true;
    clearInterval(timer);
    await running;
  };
}
