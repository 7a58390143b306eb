export { adminActions, audit, EXPORT_URL_TTL_SECONDS, exportRecords } from './actions';
export { countStats, shapeStats, statsFor } from './stats';
export { buildWorkbook, collectRecords, EXPORT_MAX_ROWS, exportFileName, XLSX_MIME } from './export';
