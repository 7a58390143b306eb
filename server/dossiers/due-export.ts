// The due list as an .xlsx file for administrators: one row per expiring date, soonest first.
import { getDocument, findField } from '../../core/documents/registry';
import type { DueListResponse } from '../../core/contracts/dossiers';

export function dueFileName(now: Date): string {
  const stamp = now.toISOString().replace(/[-:]/g, '').replace(/\..*$/, '').replace('T', '-');
  return `licenselens-due-${stamp}.xlsx`;
}

export async function buildDueWorkbook(rows: DueListResponse['items'], generatedAt: Date): Promise<Buffer> {
  // Loaded on first export only: exceljs is large.
  const { default: ExcelJS } = await import('exceljs');
  const wb = new ExcelJS.Workbook();
  wb.creator = 'LicenseLens';
  wb.created = generatedAt;
  const ws = wb.addWorksheet('到期提醒');
  ws.columns = [
    { header: '到期日', key: 'date', width: 12 },
    { header: '剩余天数', key: 'daysLeft', width: 10 },
    { header: '证件类型', key: 'doc', width: 16 },
    { header: '到期项目', key: 'field', width: 14 },
    { header: '号牌号码', key: 'plate', width: 12 },
    { header: '记录编号', key: 'recordId', width: 26 },
  ];
  for (const r of rows) {
    ws.addRow({
      date: r.date,
      daysLeft: r.daysLeft,
      doc: getDocument(r.docType)?.name ?? r.docType,
      field: findField(r.docType, r.field)?.label ?? r.field,
      plate: r.plate ?? '',
      recordId: r.recordId,
    });
  }
  ws.views = [{ state: 'frozen', ySplit: 1 }];
  ws.autoFilter = { from: 'A1', to: 'F1' };
  ws.getRow(1).font = { bold: true };
  return Buffer.from(await wb.xlsx.writeBuffer());
}
