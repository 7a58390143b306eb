// Text as it goes into an exported spreadsheet cell (OWASP "CSV Injection"). Cells are written as
// strings, but a value starting with = + - @ (or tab / CR) becomes a live formula once someone edits
// the cell or saves the sheet as CSV; bidi overrides and control characters make a cell read other
// than it is (a reversed plate, a hidden line break).

/** Bidi embeddings, overrides, isolates and marks. */
const BIDI = /[\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]/g;
/** C0 and C1 controls except the line feed (a remark may have several lines); CR LF counts as one. */
const CONTROL = /[\u0000-\u0009\u000B-\u001F\u007F-\u009F]/g;
/** What spreadsheet programs read as the start of a formula. */
const FORMULA_START = /^[=+\-@\t\r]/;

export function spreadsheetText(value: string): string {
  const clean = value.replace(/\r\n/g, '\n').replace(BIDI, '').replace(CONTROL, '');
  // A leading apostrophe keeps it text however it is edited or exported later (OWASP's advice).
  return FORMULA_START.test(clean) ? `'${clean}` : clean;
}
