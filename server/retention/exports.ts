// Export files (.xlsx, personal data) are deleted an hour after they were made: the download link lives
// 10 minutes, the file no longer. The audit entry of each export names its file, so the sweep reads the
// recent audit log (newest first, bounded) instead of needing a listing of the storage.
import type { AuditEntry, AuditLog, PhotoStore } from '../stores/types';

export interface ExportSweepOptions {
  now?: () => Date;
  /** Age after which an export file is deleted. */
  maxAgeMs?: number;
  /** Audit entries older than this are not looked at (their files were swept long before). */
  lookbackMs?: number;
  pageSize?: number;
  maxPages?: number;
}

export const EXPORT_FILE_MAX_AGE_MS = 3_600_000;

function exportFile(e: AuditEntry): string | null {
  if (e.action !== 'export' && e.action !== 'export_full') return null;
  const id = (e.details as { fileID?: unknown } | null)?.fileID;
  return typeof id === 'string' && id ? id : null;
}

/** Deletes export files older than maxAgeMs; deleting an already deleted file is harmless (idempotent). */
export async function purgeExpiredExports(
  store: AuditLog,
  photos: PhotoStore,
  opts: ExportSweepOptions = {},
): Promise<{ deleted: number; failed: number }> {
  const now = (opts.now ?? (() => new Date()))().getTime();
  const cutoff = now - (opts.maxAgeMs ?? EXPORT_FILE_MAX_AGE_MS);
  const oldest = now - (opts.lookbackMs ?? 48 * 3_600_000);
  const pageSize = opts.pageSize ?? 100;
  const out = { deleted: 0, failed: 0 };
  for (let page = 1; page <= (opts.maxPages ?? 20); page++) {
    const { items } = await store.listAudit(page, pageSize);
    for (const e of items) {
      const at = new Date(e.at).getTime();
      const fileID = exportFile(e);
      if (!fileID || at > cutoff || at < oldest) continue;
      try {
        await photos.delete(fileID);
        out.deleted++;
      } catch {
        out.failed++;
      }
    }
    const last = items.at(-1);
    if (items.length < pageSize || !last || new Date(last.at).getTime() < oldest) break;
  }
  return out;
}
