// The timer-triggered cloud function `deliver`: the outbox worker and photo retention against the cloud
// database and cloud storage. A timer allows one trigger per function, so both jobs share it.
import { loadConfig, type Config } from '../config';
import { createCloudPhotoStore } from '../stores/files/cloud';
import type { PhotoStore, RecordStore } from '../stores/types';
import type { WxCloud } from '../stores/wechat/api';
import { createWechatStore } from '../stores/wechat/index';
import { createWechatDossierStore } from '../stores/dossiers/wechat';
import type { DossierStore } from '../stores/dossiers/types';
import { wechatReminderSender } from '../dossiers/senders';
import type { ReminderSender } from '../dossiers/reminders';
import { EXPORT_SWEEP_EVERY_MS, runScheduledJobs, type ScheduledJobsResult } from './scheduler';

export interface DeliverMainOptions {
  env?: Record<string, string | undefined>;
  fetch?: typeof globalThis.fetch;
  now?: () => Date;
  log?: (line: string) => void;
}

/** One instance per function container: init and the services are set up on the first tick, so that
 *  later ticks neither re-read the configuration nor re-check the collections. */
export function createDeliverMain(cloud: WxCloud, opts: DeliverMainOptions = {}) {
  let initialized = false;
  let services: { config: Config; store: RecordStore; photos: PhotoStore; budgetMs: number; dossiers: DossierStore; reminders: ReminderSender | null } | null = null;
  // Per warm container: a cold start sweeps again, which is harmless (deletes are idempotent).
  let lastExportSweep = 0;
  const log = opts.log ?? ((line: string) => console.log(line));
  function setup() {
    const env = opts.env ?? process.env;
    const config = loadConfig(env);
    const dossiers = createWechatDossierStore(cloud.database(), { createCollections: true, ...(opts.now ? { now: opts.now } : {}) });
    const send = cloud.openapi.subscribeMessage?.send;
    return {
      config,
      dossiers,
      // Subscribe messages need a template configured and the openapi permission (config.json).
      reminders: config.REMINDER_TEMPLATE_ID && send ? wechatReminderSender({ send, dossiers, config }) : null,
      store: createWechatStore(cloud.database(), { adminOpenids: config.ADMIN_OPENIDS, createCollections: true, ...(opts.now ? { now: opts.now } : {}) }),
      photos: createCloudPhotoStore(cloud),
      // Leave room under the function's timeout (3 s unless raised in the console) for the last batch.
      budgetMs: Number(env.DELIVER_BUDGET_MS ?? 2000),
    };
  }
  return async (_event?: unknown): Promise<ScheduledJobsResult | { error: string }> => {
    if (!initialized) {
      cloud.init({ env: cloud.DYNAMIC_CURRENT_ENV });
      initialized = true;
    }
    services ??= setup();
    const { config, store, photos, budgetMs, dossiers, reminders } = services;
    const sweepExports = Date.now() - lastExportSweep >= EXPORT_SWEEP_EVERY_MS;
    if (sweepExports) lastExportSweep = Date.now();
    try {
      const result = await runScheduledJobs({
        sweepExports,
        store,
        photos,
        config,
        ...(opts.fetch ? { fetch: opts.fetch } : {}),
        ...(opts.now ? { now: opts.now } : {}),
        delivery: { budgetMs, timeoutMs: Math.min(10_000, Math.max(1000, budgetMs)), batchSize: 10 },
        dossiers,
        ...(reminders ? { reminders } : {}),
      });
      // Counts only: payloads carry personal data.
      log(JSON.stringify({ fn: 'deliver', ok: true, delivery: result.delivery, retention: result.retention, payloadsPruned: result.payloadsPruned, exports: result.exports, reminders: result.reminders, filings: result.filings }));
      return result;
    } catch (e) {
      log(JSON.stringify({ fn: 'deliver', ok: false, name: (e as Error).name, message: (e as Error).message }));
      return { error: (e as Error).message };
    }
  };
}
