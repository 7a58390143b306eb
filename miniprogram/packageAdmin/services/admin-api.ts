// The administrators' part of the records client: 导出 and 统计. It lives in the admin subpackage so
// the main package (what every user downloads first) carries none of it; it uses the main package's
// transport and response check (services/api.ts).
import type { ExportResponse, LicenseRecord, StatsResponse } from '../../core/contracts/records';
import { ExportResponseSchema, StatsResponseSchema } from '../../core/contracts/records';
import { check, transport, withoutEmpty } from '../../services/api';

/** Administrators: the filters of the list, plus `full` for unmasked ID numbers (audit-logged). */
export interface ExportQuery {
  status?: LicenseRecord['status'];
  docType?: string;
  from?: string;
  to?: string;
  q?: string;
  full?: boolean;
}

export type ExportProgress = { phase: 'generate' } | { phase: 'download'; percent: number };

/** The `export` action, then the file itself: a cloud storage fileID (cloud) or the server's link,
 *  downloaded to a local temporary path that wx.openDocument can open. */
export async function exportRecords(
  query: ExportQuery,
  onProgress?: (p: ExportProgress) => void,
): Promise<ExportResponse & { filePath: string }> {
  onProgress?.({ phase: 'generate' });
  const t = transport();
  const res = check(ExportResponseSchema, await t.records({ action: 'export', ...withoutEmpty(query) }));
  onProgress?.({ phase: 'download', percent: 0 });
  const filePath = await t.download({
    fileID: res.fileID,
    url: res.url,
    onProgress: (percent) => onProgress?.({ phase: 'download', percent }),
  });
  return { ...res, filePath };
}

/** Administrators: counts per day / document type / provider / status and per-field correction rates. */
export async function stats(query: { from?: string; to?: string; docType?: string } = {}): Promise<StatsResponse> {
  return check(StatsResponseSchema, await transport().records({ action: 'stats', ...withoutEmpty(query) }));
}
