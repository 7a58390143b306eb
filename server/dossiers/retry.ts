// Filing a submitted record into its dossier is derived data and must not fail the submit; when it
// fails it is kept (DossierStore.queueFiling) and the scheduler files it again here. Filing is
// idempotent, so a retry that races a manual attachRecord or another replica is harmless.
import { ApiError } from '../../core/contracts/errors';
import { backoffDelayMs } from '../delivery/worker';
import type { RecordStore } from '../stores/types';
import type { DossierStore } from '../stores/dossiers/types';
import { fileRecord } from './file';

export const FILING_RETRY = { baseDelayMs: 60_000, maxDelayMs: 6 * 3_600_000, batchSize: 20 } as const;

export interface FilingRetryResult {
  filed: number;
  /** Failed again; due later (backoff). */
  failed: number;
  /** Nothing left to file: the record was deleted or is no longer submitted. */
  dropped: number;
}

/** Keeps a filing that failed at submit, due after the first backoff step. */
export async function queueFailedFiling(dossiers: DossierStore, recordId: string, dossierId: string | undefined, now: Date): Promise<void> {
  await dossiers.queueFiling({ recordId, dossierId: dossierId ?? null }, new Date(now.getTime() + FILING_RETRY.baseDelayMs).toISOString());
}

export async function retryFilings(input: {
  records: Pick<RecordStore, 'getRecord'>;
  dossiers: DossierStore;
  now: Date;
  budgetMs?: number;
  random?: () => number;
}): Promise<FilingRetryResult> {
  const { records, dossiers, now } = input;
  const started = Date.now();
  const out: FilingRetryResult = { filed: 0, failed: 0, dropped: 0 };
  for (const f of await dossiers.dueFilings(now.toISOString(), FILING_RETRY.batchSize)) {
    if (input.budgetMs !== undefined && Date.now() - started > input.budgetMs) break;
    try {
      const record = await records.getRecord(f.recordId);
      if (!record || record.status !== 'submitted') {
        await dossiers.settleFiling(f.recordId);
        out.dropped += 1;
        continue;
      }
      try {
        await fileRecord(dossiers, record, f.dossierId ?? undefined);
      } catch (e) {
        // The dossier the user chose is gone since: file the record as if none had been chosen.
        if (!(f.dossierId && ApiError.isInstance(e) && e.code === 'NOT_FOUND')) throw e;
        await fileRecord(dossiers, record);
      }
      await dossiers.settleFiling(f.recordId);
      out.filed += 1;
    } catch {
      const delay = backoffDelayMs(f.attempts + 1, { ...FILING_RETRY, ...(input.random ? { random: input.random } : {}) });
      await dossiers.deferFiling(f.recordId, new Date(now.getTime() + Math.max(delay, 1000)).toISOString()).catch(() => undefined);
      out.failed += 1;
    }
  }
  return out;
}
