export { adminActions, audit, EXPORT_URL_TTL_SECONDS, exportRecords, shapeStats, statsFor } from './actions';
export { buildWorkbook, collectRecords, EXPORT_MAX_ROWS, exportFileName, XLSX_MIME } from './export';
