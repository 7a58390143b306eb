// The one shape of every spreadsheet administrators download: a single sheet with a bold, frozen,
// filterable header row, every text cell made safe (./cell-text.ts), named by kind and China time.
import { localDateTime } from '../../core/records/time';
import { spreadsheetText } from './cell-text';

export interface SheetColumn {
  header: string;
  key: string;
  width: number;
}

export async function buildSheet(
  name: string,
  generatedAt: Date,
  columns: readonly SheetColumn[],
  rows: Iterable<Record<string, string | number>>,
): Promise<Buffer> {
  // Loaded on first export only: exceljs is large and most functions never export.
  const { default: ExcelJS } = await import('exceljs');
  const wb = new ExcelJS.Workbook();
  wb.creator = 'LicenseLens';
  wb.created = generatedAt;
  const ws = wb.addWorksheet(name);
  ws.columns = [...columns];
  ws.getRow(1).font = { bold: true };
  // The header stays in view while scrolling and carries a filter button on every column.
  ws.views = [{ state: 'frozen', ySplit: 1 }];
  ws.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: columns.length } };
  // Every text cell is a string value, never a formula, and safe to edit or save as CSV later.
  for (const row of rows) ws.addRow(Object.fromEntries(Object.entries(row).map(([k, v]) => [k, typeof v === 'string' ? spreadsheetText(v) : v])));
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/** licenselens-<kind>-YYYYMMDD-HHMMSS.xlsx in China time, so the name matches the times inside. */
export function sheetFileName(kind: string, now: Date): string {
  const stamp = localDateTime(now.toISOString(), { seconds: true }).replace(/[-:]/g, '').replace(' ', '-');
  return `licenselens-${kind}-${stamp}.xlsx`;
}
