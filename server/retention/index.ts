// Photo retention (PIPL: keep personal data no longer than needed): photos older than
// PHOTO_RETENTION_DAYS are deleted; the reviewed fields stay and record.fileID becomes null.
import type { OutboxStore, PhotoStore, RecordsStore } from '../stores/types';

export interface RetentionOptions {
  retentionDays: number;
  now?: () => Date;
  /** Records handled per batch; the run stops after maxBatches (a timer run has a time budget). */
  batchSize?: number;
  maxBatches?: number;
  /** Wall-clock budget: no new batch after it (the timer-triggered function has a time limit). */
  budgetMs?: number;
}

export interface RetentionResult {
  purged: number;
  failed: number;
}

export function retentionCutoff(now: Date, retentionDays: number): string {
  return new Date(now.getTime() - retentionDays * 86_400_000).toISOString();
}

export async function purgeExpiredPhotos(
  store: Pick<RecordsStore, 'listPhotosBefore' | 'clearPhoto'>,
  photos: PhotoStore,
  options: RetentionOptions,
): Promise<RetentionResult> {
  const result: RetentionResult = { purged: 0, failed: 0 };
  if (!(options.retentionDays > 0)) return result; // 0 = keep forever
  const batchSize = options.batchSize ?? 100;
  const failedIds = new Set<string>();
  const before = retentionCutoff((options.now ?? (() => new Date()))(), options.retentionDays);
  const started = Date.now();
  for (let batch = 0; batch < (options.maxBatches ?? 20); batch++) {
    if (options.budgetMs !== undefined && Date.now() - started >= options.budgetMs) break;
    const due = (await store.listPhotosBefore(before, batchSize + failedIds.size)).filter((r) => !failedIds.has(r._id));
    if (due.length === 0) break;
    for (const { _id, fileID } of due.slice(0, batchSize)) {
      try {
        // Photo first: if clearing the field then fails, the next run deletes an absent file (harmless);
        // the other order could leave an orphaned photo nobody would ever delete.
        await photos.delete(fileID);
        await store.clearPhoto(_id);
        result.purged++;
      } catch {
        failedIds.add(_id);
        result.failed++;
      }
    }
  }
  return result;
}

/** Delivered outbox payloads (a copy of the submitted fields) are dropped after the same retention
 *  period: the receiver has had them, and the entry's status stays for the administrators. */
export async function pruneDeliveredPayloads(
  store: Pick<OutboxStore, 'pruneDeliveredPayloads'>,
  options: RetentionOptions,
): Promise<number> {
  if (!(options.retentionDays > 0)) return 0;
  const batchSize = options.batchSize ?? 100;
  const before = retentionCutoff((options.now ?? (() => new Date()))(), options.retentionDays);
  const started = Date.now();
  let pruned = 0;
  for (let batch = 0; batch < (options.maxBatches ?? 20); batch++) {
    if (options.budgetMs !== undefined && Date.now() - started >= options.budgetMs) break;
    const n = await store.pruneDeliveredPayloads(before, batchSize);
    pruned += n;
    if (n < batchSize) break;
  }
  return pruned;
}
