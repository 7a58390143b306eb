// The shape of the document registry (DESIGN.md "Documents and canonical fields"). The registry
// itself (core/documents/registry.ts) lists every document type; forms in the mini program and the
// web console are built from it, so adding a document type is adding one entry.
import type { ProviderName, Side } from '../contracts/result';

/** How a value is normalized, validated and edited (picker for dates/enums, text otherwise). */
export type FieldFormat =
  | 'text'
  | 'date' // YYYY-MM-DD
  | 'period' // YYYY-MM-DD至YYYY-MM-DD | …至长期
  | 'plate'
  | 'vin'
  | 'engineNo'
  | 'idNumber'
  | 'mass' // 1820kg
  | 'passengers' // 5人
  | 'dimensions' // 4750×1820×1465mm
  | 'enum'
  | 'sex'
  | 'digits'
  | 'code'; // upper-case alphanumerics (licence classes, file numbers, …)

export interface FieldDef {
  /** Canonical key, camelCase, stable across providers. */
  key: string;
  /** Chinese label shown to the user. */
  label: string;
  format: FieldFormat;
  required: boolean;
  /** For format 'enum': the allowed values (a value outside them is a warning, not an error). */
  options?: readonly string[];
  /** Providers that can read this field. */
  providers: readonly ProviderName[];
  /** The field states when the document (or its inspection) expires: how to read that date
   *  (core/dossier/expiry.ts). Absent for fields that do not expire. */
  expiry?: ExpiryKind;
  /** The card prints a value (or a dash placeholder) here whenever the page is printed: a recognition
   *  that returns it empty missed it, and the field is marked (required fields say so anyway). */
  alwaysPrinted?: true;
  /** For format 'digits': how many digits the document prints (证芯编号 13, 档案编号 12). */
  digits?: number;
}

/** 'period': the end of a validity period (…至2030-01-01; 长期 never expires); 'inspection': the year
 *  and month of 检验有效期至 (valid to the month's last day); 'date': a plain expiry date. */
export type ExpiryKind = 'period' | 'inspection' | 'date';

export interface DocumentDef {
  /** snake_case id used in the API, the CLI and the records. */
  id: string;
  /** Chinese name. */
  name: string;
  /** [] for one-sided documents. */
  sides: readonly Side[];
  /** Fields per side in display order; one-sided documents use the key 'single'. */
  fields: Partial<Record<Side | 'single', readonly FieldDef[]>>;
  /** Card aspect ratio (width / height) for the capture frame. */
  aspect: number;
  /** Providers that can read this document, in the default routing order. */
  providers: readonly ProviderName[];
}
