// The local server's scheduler: the same jobs the timer-triggered `deliver` cloud function runs,
// every intervalMs, never overlapping itself.
import type { Config } from '../config';
import { purgeExpiredPhotos } from '../retention';
import type { PhotoStore, RecordStore } from '../stores/types';
import { runDeliveries, type DeliveryOptions, type DeliveryRunResult } from './worker';
import type { RetentionResult } from '../retention';

export interface ScheduledJobsInput {
  store: RecordStore;
  photos: PhotoStore;
  config: Pick<Config, 'WEBHOOK_URL' | 'WEBHOOK_SECRET' | 'PHOTO_RETENTION_DAYS'>;
  now?: () => Date;
  fetch?: typeof globalThis.fetch;
  delivery?: Partial<Omit<DeliveryOptions, 'url' | 'secret' | 'fetch' | 'now'>>;
}

export interface ScheduledJobsResult {
  delivery: DeliveryRunResult | null;
  retention: RetentionResult;
}

/** One tick: deliveries (when a webhook is configured), then photo retention. */
export async function runScheduledJobs(input: ScheduledJobsInput): Promise<ScheduledJobsResult> {
  const { store, photos, config } = input;
  let delivery: DeliveryRunResult | null = null;
  if (config.WEBHOOK_URL) {
    if (!config.WEBHOOK_SECRET) throw new Error('WEBHOOK_URL is set but WEBHOOK_SECRET is not: refusing to send unsigned deliveries');
    delivery = await runDeliveries(store, {
      ...input.delivery,
      url: config.WEBHOOK_URL,
      secret: config.WEBHOOK_SECRET,
      ...(input.fetch ? { fetch: input.fetch } : {}),
      ...(input.now ? { now: input.now } : {}),
    });
  }
  const retention = await purgeExpiredPhotos(store, photos, {
    retentionDays: config.PHOTO_RETENTION_DAYS,
    ...(input.now ? { now: input.now } : {}),
  });
  return { delivery, retention };
}

export interface SchedulerOptions extends ScheduledJobsInput {
  intervalMs?: number;
  /** Called with counts only (never payloads: they hold personal data). */
  log?: (line: string) => void;
  onTick?: (result: ScheduledJobsResult) => void;
}

/** Starts the interval; returns stop(), which resolves once a tick in progress has finished. */
export function startDeliveryScheduler(options: SchedulerOptions): () => Promise<void> {
  const intervalMs = options.intervalMs ?? 15_000;
  let running: Promise<void> | null = null;
  let stopped = false;
  const tick = () => {
    if (running || stopped) return; // a slow webhook must not stack runs
    running = runScheduledJobs(options)
      .then((r) => {
        options.onTick?.(r);
        const d = r.delivery;
        if ((d && d.attempted > 0) || r.retention.purged > 0 || r.retention.failed > 0) {
          options.log?.(
            `scheduler: deliveries attempted=${d?.attempted ?? 0} delivered=${d?.delivered ?? 0} ` +
              `retrying=${d?.retrying ?? 0} dead=${d?.dead ?? 0}; photos purged=${r.retention.purged} failed=${r.retention.failed}`,
          );
        }
      })
      .catch((e: unknown) => options.log?.(`scheduler: tick failed: ${(e as Error).name}: ${(e as Error).message}`))
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
