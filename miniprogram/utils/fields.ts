// The review form's model, built from the registry (core/documents) and a recognized record: one
// entry per field in display order, then any key the provider returned that the registry lacks.
import type { LicenseRecord, RecordPage } from '../core/contracts/records';
import { sideLabel } from '../core/documents/labels';
import { recordNumber, recordValue } from '../core/records/value';
import type { FieldResult, FieldWarning } from '../core/contracts/result';
import { doubtOf, isDoubtful, photoWarnings } from '../core/result/doubt';
import { cropArea, cropFrame, cropWidth, type Box } from '../core/result/box';
import type { FieldDef, FieldFormat } from '../core/documents/types';
import { fieldDefs, getDocument } from '../core/documents/registry';
import { isLongText } from '../core/documents/long-text';
import { isRealDate } from '../core/normalize/date';
import { validateField } from '../core/validate/index';

export interface FieldView {
  key: string;
  /** CSS-safe name for class names (provider keys may be Chinese or contain spaces). */
  cls: string;
  label: string;
  format: FieldFormat;
  required: boolean;
  /** Which input the form shows. */
  input: 'text' | 'textarea' | 'date' | 'select';
  options: string[];
  optionIndex: number;
  value: string;
  /** The recognized value (to show what changed). */
  original: string;
  warnings: string[];
  suggestion: string;
  doubtful: boolean;
  /** A blocking problem (required, malformed); '' when fine. */
  error: string;
  placeholder: string;
  /** Where the recognized value was read on the photo (0..1), when the provider knows. */
  box: Box | null;
  /** The crop of the photo shown beside a doubtful field once the photo's size is known (rpx). */
  crop: CropView | null;
}

/** A crop of the photo: a frame clipping the whole photo placed so the box shows (rpx), and the box
 *  in percent of the photo for the whole-photo view a tap opens. */
export interface CropView {
  frameW: number;
  frameH: number;
  imageW: number;
  imageH: number;
  left: number;
  top: number;
  mark: { left: string; top: string; width: string; height: string };
}

const PLACEHOLDERS: Partial<Record<FieldFormat, string>> = {
  date: '请选择日期',
  period: '如 2020-01-01至2030-01-01 或 …至长期',
  plate: '如 粤B12345',
  vin: '17 位车辆识别代号',
  idNumber: '18 位公民身份号码',
  mass: '如 1820kg',
  passengers: '如 5人',
  dimensions: '如 4750×1820×1465mm',
};

function inputFor(def: FieldDef, value: string): FieldView['input'] {
  if (def.format === 'date') return 'date';
  if ((def.format === 'enum' || def.format === 'sex') && def.options && def.options.length > 0) return 'select';
  // core's rule, the console's too: long free text is a growing multi-line box, never cut off.
  if (isLongText(def, value)) return 'textarea';
  return 'text';
}

/** What blocks submission: an empty required field or a value whose shape is certainly wrong.
 *  Softer problems (check digits, unknown enumeration values) stay warnings from the server. */
export function validateValue(def: Pick<FieldDef, 'format' | 'required' | 'label'>, raw: string): string {
  const value = raw.trim();
  if (!value) return def.required ? `请填写${def.label}` : '';
  if (value === '--') return '';
  switch (def.format) {
    case 'date':
      return isRealDate(value) ? '' : '日期格式应为 YYYY-MM-DD';
    case 'period': {
      const [from, to] = value.split('至');
      return from && to && isRealDate(from) && (to === '长期' || isRealDate(to)) ? '' : '有效期格式应为 YYYY-MM-DD至YYYY-MM-DD';
    }
    case 'vin':
      return /^[A-HJ-NPR-Z0-9]{17}$/i.test(value) ? '' : '车辆识别代号应为 17 位字母或数字（不含 I、O、Q）';
    case 'idNumber':
      return /^\d{17}[\dXx]$/.test(value) ? '' : '公民身份号码应为 18 位';
    case 'plate':
      return value.length >= 7 && value.length <= 9 ? '' : '号牌号码长度不正确';
    default:
      return '';
  }
}

function view(def: FieldDef, result: FieldResult | undefined, extraValue?: string, photo: readonly FieldWarning[] = []): FieldView {
  const options = def.options ? [...def.options] : [];
  const value = result?.value ?? extraValue ?? '';
  const warnings = (result?.warnings ?? []).map((w) => w.message);
  // core's one rule: the flag the server set, or the same rule for a record stored before it
  const doubtful = result ? doubtOf(result, photo) : false;
  return {
    key: def.key,
    cls: /^[A-Za-z0-9_-]+$/.test(def.key) ? def.key : `extra-${Array.from(def.key).map((c) => c.codePointAt(0)!.toString(36)).join('')}`,
    label: def.label,
    format: def.format,
    required: def.required,
    input: inputFor(def, value),
    options,
    optionIndex: Math.max(0, options.indexOf(value)),
    value,
    original: value,
    warnings,
    suggestion: result?.suggestion && result.suggestion !== value ? result.suggestion : '',
    doubtful,
    error: '',
    placeholder: PLACEHOLDERS[def.format] ?? `请输入${def.label}`,
    box: result?.box ?? null,
    crop: null,
  };
}

/** Widest crop beside a field (rpx), and at most this many rpx per photo pixel (about 2 screen px). */
const CROP_RPX = 440;
const CROP_MAX_ZOOM = 4;

/** The field with its crop, for a doubtful recognized value read at a known place on a photo of
 *  `photoW`×`photoH` pixels; an edited value (the user's own) or a calm one shows none. */
export function withCrop(field: FieldView, photoW: number, photoH: number): FieldView {
  if (!field.box || !field.doubtful || field.value !== field.original || photoW <= 0 || photoH <= 0) return { ...field, crop: null };
  const area = cropArea(field.box);
  const frameW = cropWidth(area, photoW, CROP_RPX, CROP_MAX_ZOOM);
  const f = cropFrame(area, photoW, photoH, frameW);
  const pct = (n: number) => `${(n * 100).toFixed(2)}%`;
  const b = field.box;
  return {
    ...field,
    crop: { frameW, frameH: f.frameH, imageW: f.imageW, imageH: f.imageH, left: f.left, top: f.top, mark: { left: pct(b.x), top: pct(b.y), width: pct(b.width), height: pct(b.height) } },
  };
}

export function buildFieldViews(record: Pick<LicenseRecord, 'docType' | 'side' | 'recognized' | 'extra'> & { warnings?: LicenseRecord['warnings'] }): FieldView[] {
  const recognized = record.recognized ?? {};
  const photo = photoWarnings(record.warnings ?? []);
  const defs = fieldDefs(record.docType, record.side);
  const out = defs.map((d) => view(d, recognized[d.key], undefined, photo));
  const known = new Set(defs.map((d) => d.key));
  // Keys outside the registry are kept, never dropped (DESIGN.md): shown as plain text fields.
  for (const [key, result] of Object.entries(recognized)) {
    if (known.has(key)) continue;
    known.add(key);
    out.push(view({ key, label: key, format: 'text', required: false, providers: [] }, result, undefined, photo));
  }
  // Unknown keys the provider returned (kept under their original names): editable text too.
  for (const [key, raw] of Object.entries(record.extra ?? {})) {
    if (known.has(key) || (typeof raw !== 'string' && typeof raw !== 'number')) continue;
    known.add(key);
    out.push(view({ key, label: key, format: 'text', required: false, providers: [] }, undefined, String(raw)));
  }
  return out;
}

/** A new value typed or picked by the user: warnings and suggestion come from core's validators (the
 *  same ones the server ran), so a corrected VIN loses its warning at once. */
export function withValue(field: FieldView, value: string): FieldView {
  const optionIndex = field.options.indexOf(value);
  const def: FieldDef = {
    key: field.key,
    label: field.label,
    format: field.format,
    required: field.required,
    providers: [],
    ...(field.options.length > 0 ? { options: field.options } : {}),
  };
  const checked = value.trim() ? validateField(def, value.trim(), { now: new Date() }) : { warnings: [] };
  const suggestion = checked.suggestion && checked.suggestion !== value ? checked.suggestion : '';
  return {
    ...field,
    value,
    optionIndex: optionIndex >= 0 ? optionIndex : field.optionIndex,
    warnings: checked.warnings.map((w) => w.message),
    suggestion,
    // a value the user typed has no recognition score: only its warnings count, by the same rule
    doubtful: isDoubtful({ value: value.trim(), warnings: checked.warnings, confidence: 1 }),
    error: field.error ? validateValue(field, value) : '',
    // the crop shows where the recognized value was read: not for a value the user typed
    crop: value === field.original ? field.crop : null,
  };
}

/** Re-validates every field; returns the views with errors set and how many block submission. */
export function validateAll(fields: FieldView[]): { fields: FieldView[]; invalid: number } {
  let invalid = 0;
  const out = fields.map((f) => {
    const error = validateValue(f, f.value);
    if (error) invalid++;
    return { ...f, error };
  });
  return { fields: out, invalid };
}

export function valuesOf(fields: FieldView[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const f of fields) out[f.key] = f.value.trim();
  return out;
}

export function documentTitle(docType: string, side: string | null): string {
  const doc = getDocument(docType);
  const name = doc ? doc.name : docType;
  if (side === 'front') return `${name}（正面）`;
  if (side === 'back') return `${name}（反面）`;
  return name;
}

/** A page's own title in a record of several pages: 机动车行驶证正页, 机动车行驶证副页 (core's rule). */
export function pageTitle(docType: string, side: string | null): string {
  const doc = getDocument(docType);
  return `${doc ? doc.name : docType}${side === 'front' || side === 'back' ? sideLabel(docType, side) : ''}`;
}

/** A record's title in lists and headers: a photo of several pages says how many. */
export function recordTitle(record: Pick<LicenseRecord, 'docType' | 'side'> & { pages?: readonly unknown[] | undefined }): string {
  if (record.pages && record.pages.length > 1) {
    const doc = getDocument(record.docType);
    return `${doc ? doc.name : record.docType}（共 ${record.pages.length} 页）`;
  }
  return documentTitle(record.docType, record.side);
}

/** The value to show in lists: plate first, then the usual identifying fields (of any page). */
export function headline(record: Pick<LicenseRecord, 'recognized' | 'submitted'> & { pages?: Pick<RecordPage, 'recognized' | 'submitted'>[] | undefined }): string {
  return recordNumber(record);
}

export function formatTime(iso: string | null | undefined): string {
  if (!iso) return '';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  const p = (n: number): string => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())} ${p(d.getHours())}:${p(d.getMinutes())}`;
}
