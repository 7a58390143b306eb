// The administrator's spreadsheet: the filtered history as .xlsx (exceljs). ID numbers are masked
// unless the administrator asked for full data (which the caller audit-logs). Headers, statuses and
// field names read as the console words them; times are China time, whatever the server's clock says.
import type { ExportRequest, LicenseRecord } from '../../core/contracts/records';
import { DELIVERY_LABELS, fieldLabel, PROVIDER_LABELS, sideLabel, STATUS_LABELS } from '../../core/documents/labels';
import { localDateTime } from '../../core/records/time';
import { recordPages } from '../../core/records/pages';
import { recordValue } from '../../core/records/value';
import { fieldDefs, getDocument } from '../../core/documents/registry';
import { maskDeep } from '../../core/privacy/mask';
import { doubtOf, photoWarnings } from '../../core/result/doubt';
import { recordQueryOf } from '../records/query';
import type { RecordsStore } from '../stores/types';
import { buildSheet, sheetFileName } from './sheet';

export const XLSX_MIME = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
/** One file stays small enough for a phone to open; more rows → narrow the filter. */
export const EXPORT_MAX_ROWS = 5_000;
const PAGE = 100;

const providerLabel = (p: string | null): string => (p ? ((PROVIDER_LABELS as Record<string, string>)[p] ?? p) : '');

export type ExportFilter = Omit<ExportRequest, 'action' | 'full'>;

export async function collectRecords(
  store: Pick<RecordsStore, 'listRecords'>,
  filter: ExportFilter,
  maxRows = EXPORT_MAX_ROWS,
): Promise<{ records: LicenseRecord[]; total: number; truncated: boolean }> {
  // The list's query exactly (days of China included): the export is what the list showed.
  const base = recordQueryOf(filter);
  const records: LicenseRecord[] = [];
  let total = 0;
  for (let page = 1; records.length < maxRows; page++) {
    const res = await store.listRecords({ ...base, page, pageSize: PAGE });
    total = res.total;
    records.push(...res.items);
    if (res.items.length < PAGE) break;
  }
  return { records: records.slice(0, maxRows), total, truncated: total > maxRows };
}

/** Field columns in registry order per document, then any other key the records carry; every page of
 *  a two-page record counts (one row holds both pages' fields). */
function fieldColumns(records: LicenseRecord[]): { key: string; label: string }[] {
  const cols = new Map<string, string>();
  for (const p of records.flatMap((r) => recordPages(r))) {
    const sides = p.side ? [p.side] : (getDocument(p.docType)?.sides ?? []);
    const defs = sides.length ? sides.flatMap((s) => fieldDefs(p.docType, s)) : fieldDefs(p.docType, null);
    for (const d of defs) if (!cols.has(d.key)) cols.set(d.key, d.label);
  }
  for (const p of records.flatMap((r) => recordPages(r))) {
    for (const k of Object.keys(p.submitted ?? {})) if (!cols.has(k)) cols.set(k, fieldLabel(k));
    for (const k of Object.keys(p.recognized)) if (!cols.has(k)) cols.set(k, fieldLabel(k));
  }
  return [...cols].map(([key, label]) => ({ key, label }));
}

export async function buildWorkbook(records: LicenseRecord[], opts: { full: boolean; generatedAt: Date }): Promise<Buffer> {
  const rows = opts.full ? records : records.map((r) => maskDeep(r));
  const fields = fieldColumns(rows);
  const columns = [
    { header: '记录编号', key: '_id', width: 26 },
    { header: '证件类型', key: 'docType', width: 16 },
    { header: '面', key: 'side', width: 6 },
    { header: '状态', key: 'status', width: 10 },
    { header: '识别服务', key: 'provider', width: 10 },
    { header: '识别时间（北京时间）', key: 'createdAt', width: 22 },
    { header: '提交时间（北京时间）', key: 'submittedAt', width: 22 },
    { header: '推送', key: 'delivery', width: 10 },
    { header: '用户修改的字段', key: 'corrections', width: 24 },
    { header: '存疑字段', key: 'doubtful', width: 24 },
    { header: '提示', key: 'warnings', width: 30 },
    ...fields.map((f) => ({ header: f.label, key: `f:${f.key}`, width: 20 })),
    { header: '提交用户', key: '_openid', width: 30 },
  ];
  return buildSheet('记录', opts.generatedAt, columns, rows.map((r) => rowOf(r, fields)));
}

function rowOf(r: LicenseRecord, fields: readonly { key: string }[]): Record<string, string> {
  const pages = recordPages(r);
  const row: Record<string, string> = {
    _id: r._id,
    docType: getDocument(r.docType)?.name ?? r.docType,
    side: pages.map((p) => sideLabel(p.docType, p.side)).filter(Boolean).join('+'),
    status: STATUS_LABELS[r.status],
    provider: providerLabel(r.provider),
    createdAt: localDateTime(r.createdAt, { seconds: true }),
    submittedAt: localDateTime(r.submittedAt, { seconds: true }),
    delivery: DELIVERY_LABELS[r.delivery],
    corrections: [...new Set(pages.flatMap((p) => Object.keys(p.corrections)))].map(fieldLabel).join('、'),
    // the recognized fields core's doubt rule marked (the flag stored on each field)
    doubtful: [
      ...new Set(
        pages.flatMap((p) => {
          const labels = new Map(fieldDefs(p.docType, p.side).map((d) => [d.key, d.label]));
          const photo = photoWarnings(p.warnings);
          return Object.entries(p.recognized ?? {}).filter(([, f]) => doubtOf(f, photo)).map(([k]) => labels.get(k) ?? k);
        }),
      ),
    ].join('、'),
    warnings: [
      ...new Set([
        ...pages.flatMap((p) => p.warnings.map((w) => w.message)),
        ...pages.flatMap((p) => Object.values(p.recognized).flatMap((f) => f.warnings.map((w) => w.message))),
        ...(r.error ? [r.error.message] : []),
      ]),
    ].join('；'),
    _openid: r._openid,
  };
  for (const f of fields) row[`f:${f.key}`] = recordValue(r, f.key) ?? '';
  return row;
}

export function exportFileName(now: Date): string {
  return sheetFileName('records', now);
}
