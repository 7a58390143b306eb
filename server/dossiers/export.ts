// Administrators' files: the due list (one row per expiring date, soonest first) and the dossiers (one
// row per dossier, with its documents, warnings and next expiry).
import { getDocument, findField } from '../../core/documents/registry';
import type { DossierView, DueListResponse } from '../../core/contracts/dossiers';
import { PURPOSES } from '../../core/dossier/purposes';
import { buildSheet, sheetFileName } from '../admin/sheet';

export function adminFileName(kind: 'due' | 'dossiers', now: Date): string {
  return sheetFileName(kind, now);
}

export function buildDossiersWorkbook(dossiers: DossierView[], generatedAt: Date): Promise<Buffer> {
  const columns = [
    { header: '号牌号码', key: 'plate', width: 12 },
    { header: '车辆识别代号', key: 'vin', width: 20 },
    { header: '名称', key: 'title', width: 16 },
    { header: '用途', key: 'purpose', width: 8 },
    { header: '证件', key: 'docs', width: 40 },
    { header: '问题', key: 'warnings', width: 50 },
    { header: '最近到期', key: 'next', width: 12 },
    { header: '档案编号', key: 'id', width: 26 },
  ];
  return buildSheet('档案', generatedAt, columns, dossiers.map((d) => ({
    plate: d.plate ?? '',
    vin: d.vin ?? '',
    title: d.title ?? '',
    purpose: PURPOSES[d.purpose].label,
    docs: d.records.map((r) => getDocument(r.docType)?.name ?? r.docType).join('、'),
    warnings: d.warnings.map((w) => w.message).join('；'),
    next: d.expiries.filter((e) => e.daysLeft >= 0).map((e) => e.date).sort()[0] ?? '',
    id: d._id,
  })));
}

export async function buildDueWorkbook(rows: DueListResponse['items'], generatedAt: Date): Promise<Buffer> {
  const columns = [
    { header: '到期日', key: 'date', width: 12 },
    { header: '剩余天数', key: 'daysLeft', width: 10 },
    { header: '证件类型', key: 'doc', width: 16 },
    { header: '到期项目', key: 'field', width: 14 },
    { header: '号牌号码', key: 'plate', width: 12 },
    { header: '记录编号', key: 'recordId', width: 26 },
  ];
  return buildSheet('到期提醒', generatedAt, columns, rows.map((r) => ({
    date: r.date,
    daysLeft: r.daysLeft,
    doc: getDocument(r.docType)?.name ?? r.docType,
    field: findField(r.docType, r.field)?.label ?? r.field,
    plate: r.plate ?? '',
    recordId: r.recordId,
  })));
}
