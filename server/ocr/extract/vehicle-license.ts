// 机动车行驶证 (vehicle licence), front and back, for the local engine. Values are found by their
// labels (layout.ts) or their place on the card (template.ts); each field then gets a format-aware
// clean-up (vehicle-values.ts). Values are never invented: what cannot be read stays empty (with a
// warning where the card prints something we could not read).
import { USE_CHARACTERS, VEHICLE_TYPES } from '../../../core/documents/enums';
import type { FieldWarning, Side } from '../../../core/contracts/result';
import { warning } from '../../../core/validate/warnings';
import { checkPrinted, decodeBarcode } from '../barcode';
import { analyzeLayout, isLabelRemnant, valueStrip, type Char, type LayoutResult, type RawValue, type Token } from '../layout';
import type { Quad } from '../types';
import { findDate, readDate } from '../read/date';
import { BRAND_MARK, knownBrand } from '../lexicon/brands';
import { snapField } from '../lexicon/enums';
import { scoredChar } from '../lexicon/snap';
import { readSlashedZeros } from '../read/code';
import { readInspection } from '../read/inspection';
import { quadOfChars } from '../locate';
import { applyTemplate } from '../template';
import type { DocumentExtractor, ExtractContext, Extraction } from './index';
import { BACK_TEMPLATE, classifyVehicleLicense, FRONT_TEMPLATE, VEHICLE_LICENSE_BACK_LABELS, VEHICLE_LICENSE_FRONT_LABELS } from './vehicle-labels';
import { AUTHORITY, sealText } from './vehicle-seal';
import {
  CLEANERS,
  DASH_PLACEHOLDER,
  DASHABLE,
  dimensionsOf,
  GRAMMAR_FIELDS,
  lineValue,
  needsSecondLook,
  ORPHAN_PLATE,
  text,
  wellFormed,
} from './vehicle-values';

/** A formatted value read with less confidence than this is read again from its strip. */
const SECOND_LOOK_BELOW = 0.5;

/** How sure a 证芯编号 is, by how it was read: both agreeing, the barcode alone (its symbology checks
 *  itself), the small printed digits alone (at most; their least sure digit may say less), or the two
 *  disagreeing — the decoded value is kept, as sure as the barcode alone: the unchecked printed digits
 *  are the likelier misreading (measured: every disagreement on the synthetic and tuning photos). */
const BARCODE_CONFIDENCE = { agrees: 0.99, 'decoded-only': 0.95, 'printed-only': 0.9, differs: 0.95, none: 0 } as const;

/** The 证芯编号 printed under the barcode: digits between asterisks, which the engine may return as
 *  full-width digits (４０１８…) or with spaces between them; with the characters it was read from. */
function barcode(layout: LayoutResult): { digits: string; confidence: number; chars: LayoutResult['orphans'][number]['chars'] } | null {
  for (const o of layout.orphans) {
    const t = o.text.normalize('NFKC').replace(/\s/g, '');
    if (/[\u4e00-\u9fff]/.test(t)) continue;
    const m = /\*?(\d{10,})\*?/.exec(t);
    // the small digits carry no check of their own: the least sure of them says how sure they are
    const digits = o.chars.filter((c) => /\d/.test(c.ch.normalize('NFKC')));
    if (m) return { digits: m[1]!, confidence: Math.min(1, ...digits.map((c) => c.score)), chars: o.chars };
  }
  return null;
}

async function extract(ctx: ExtractContext, side: Side | null): Promise<Extraction> {
  const [f, b] = classifyVehicleLicense(ctx.lines);
  const s: Side = side ?? (f!.score >= b!.score ? 'front' : 'back');
  const specs = s === 'front' ? VEHICLE_LICENSE_FRONT_LABELS : VEHICLE_LICENSE_BACK_LABELS;
  const layout = analyzeLayout(ctx.lines, specs);
  const template = s === 'front' ? FRONT_TEMPLATE : BACK_TEMPLATE;
  // text found by position is a formatted field's value only when it has that field's shape
  const placed = applyTemplate(layout, template, template.map((t) => t.key), (v) => {
    if (!GRAMMAR_FIELDS.has(v.key) && v.key !== 'inspectionRecord') return true;
    const r = (CLEANERS[v.key] ?? text)(v);
    const value = typeof r === 'string' ? r : r.value;
    return v.key === 'inspectionRecord' ? readInspection(v.chars) !== null : value === '--' || wellFormed(v.key, value);
  });
  const values: Extraction['values'] = {};
  // Nothing detected where the card prints a formatted value: read that strip again; a reading that
  // has the field's shape is taken (a free-text field is not, it could be any text nearby).
  // The strips are read at once (the engine shares them between its threads), then taken in order.
  const unread = [...placed.unread].filter(([key]) => GRAMMAR_FIELDS.has(key));
  const unreadLines = await Promise.all(unread.map(([, quad]) => ctx.reread(quad)));
  for (const [i, [key, quad]] of unread.entries()) {
    const line = unreadLines[i];
    if (!line) {
      // The label was placed by the card's layout (not read: a warped card's detector may glue it to
      // the neighbouring value), and nothing readable is printed there: an empty quantity prints dashes.
      if (DASHABLE.has(key) && ctx.isDashPlaceholder(quad)) values[key] = { ...DASH_PLACEHOLDER, box: quad };
      continue;
    }
    const raw = lineValue(key, line);
    const r = (CLEANERS[key] ?? text)(raw);
    const read = typeof r === 'string' ? { value: r, confidence: raw.confidence } : r;
    if (read.value && wellFormed(key, read.value)) {
      values[key] = { value: read.value, confidence: round(Math.min(read.confidence, 0.85)), box: quadOfChars(read.value, raw.chars) ?? line.box };
    }
  }
  const fieldWarnings: Record<string, FieldWarning[]> = {};

  // Each field's second look is independent of the others': all are read at once (the engine shares
  // them between its threads), then the values are kept in the specs' order.
  const settled = await Promise.all(specs.map(async (spec) => {
    const raw = layout.values.get(spec.key);
    if (!raw || values[spec.key]) return null;
    const clean = (rv: RawValue) => {
      const r = (CLEANERS[spec.key] ?? text)(rv);
      return typeof r === 'string' ? { value: r, confidence: rv.confidence } : r;
    };
    let { value, confidence } = clean(raw);
    // where the value was read: the characters it came from, or the strip a second look read
    let box: Quad | undefined;
    let from = raw.chars;
    // values stop at labels: a piece of this field's own label is not its value
    if (isLabelRemnant(value, spec)) value = '';
    // Second look: a value the detector missed or cut short is re-read as one strip right of its label.
    const positional = raw.label.end === raw.label.start; // found by its place on the card: no label strip
    // A doubtful formatted value (a digit lost at the edge, a grammar repair) gets a second look too.
    const doubtful = GRAMMAR_FIELDS.has(spec.key) && confidence < SECOND_LOOK_BELOW;
    if (!positional && (doubtful || needsSecondLook(spec.key, raw.text, value))) {
      const line = await ctx.reread(valueStrip(layout, raw.label));
      if (line) {
        const again: RawValue = { ...lineValue(spec.key, line), label: raw.label };
        const second = clean(again);
        const better =
          !wellFormed(spec.key, value) ||
          (needsSecondLook(spec.key, raw.text, value) && !needsSecondLook(spec.key, again.text, second.value)) ||
          (doubtful && second.confidence > confidence);
        if (wellFormed(spec.key, second.value) && better) {
          value = second.value;
          from = again.chars;
          // a second look is less certain than a clean first read
          confidence = Math.min(second.confidence, line.score, 0.9);
        }
      }
    }
    if (value === '' && !positional && DASHABLE.has(spec.key) && ctx.isDashPlaceholder(valueStrip(layout, raw.label))) {
      ({ value, confidence } = DASH_PLACEHOLDER);
      box = valueStrip(layout, raw.label);
    }
    box ??= value ? quadOfChars(value, from) : undefined;
    return { key: spec.key, value, confidence, box };
  }));
  for (const r of settled) {
    if (!r) continue;
    // an empty value of a field the card always prints is marked by core (buildResult: VALUE_UNREAD)
    values[r.key] = { value: r.value, confidence: round(r.confidence), ...(r.box ? { box: r.box } : {}) };
  }

  // Labels too faint to read: a value with an unmistakable format is still found among the
  // label-less text (a plate, an enumeration such as 非营运), never guessed from position.
  const orphanChars = layout.orphans.map((o) => o.chars.filter((c) => c.token.red < 0.12));
  const orphanText = orphanChars.map((cs) => cs.map((c) => c.ch).join(''));
  /** A value found in the i-th orphan's text, with where it stands. */
  const fromOrphan = (value: string, i: number, confidence: number) => ({ value, confidence, ...boxOf(value, orphanChars[i] ?? []) });
  if (!values.plateNo?.value) {
    for (const [i, t] of orphanText.entries()) {
      const m = ORPHAN_PLATE.exec(t);
      if (m) {
        values.plateNo = fromOrphan(m[0].toUpperCase(), i, 0.8);
        break;
      }
    }
  }
  if (s === 'back' && !values.approvedPassengers?.value) {
    // 人 is printed by this field only
    for (const [i, t] of orphanText.entries()) {
      const m = /(?:^|[^\d])(\d{1,2})人/.exec(t);
      if (m) {
        values.approvedPassengers = fromOrphan(`${m[1]}人`, i, 0.8);
        break;
      }
    }
  }
  if (s === 'back' && !values.overallDimensions?.value) {
    for (const o of layout.orphans) {
      // the orphan's own characters, with the engine's alternatives (slashed zeros)
      const cs = o.chars.filter((c) => c.token.red < 0.12);
      const d = dimensionsOf(cs);
      if (d && d.value !== '--') {
        values.overallDimensions = { value: d.value, confidence: round(Math.min(0.8, d.confidence)), ...boxOf(d.value, cs) };
        break;
      }
    }
  }
  if (s === 'back' && !values.fuelType?.value) {
    // the fuel type printed on its own with no label (older backs, a masked label): a label-less piece
    // that is a whole entry of the registry's list, by the strict lexicon rule (no nearest-entry guess)
    for (const o of layout.orphans) {
      const pieces = new Map<Token, typeof o.chars>();
      for (const c of o.chars) if (c.red < 0.5 && /[\u4e00-\u9fff]/.test(c.ch)) pieces.set(c.token, [...(pieces.get(c.token) ?? []), c]);
      const hit = [...pieces.values()].find((cs) => cs.length >= 2 && snapField('fuelType', cs.map(scoredChar)).matched !== '');
      if (hit) {
        const value = snapField('fuelType', hit.map(scoredChar)).value;
        values.fuelType = { value, confidence: round(Math.min(0.8, ...hit.map((c) => c.score))), ...boxOf(value, hit) };
        break;
      }
    }
  }
  if (s === 'back' && !values.inspectionRecord?.value) {
    // the stamp may stand anywhere on the page (a continuation page prints no labels at all)
    for (const row of layout.rows) {
      const stamp = readInspection(row.chars);
      if (stamp) {
        values.inspectionRecord = { value: stamp, confidence: 0.8, ...boxOf(stamp, row.chars) };
        break;
      }
    }
  }
  if (s === 'front' && (!values.registerDate?.value || !values.issueDate?.value)) {
    // the front prints two dates, both on its last row, 注册日期 left of 发证日期 and never after it:
    // with their labels lost (masked, blurred), the label-less dates still say which is which
    const dates = labelFreeDates(layout);
    const missing = (k: string) => !values[k]?.value;
    const put = (k: string, d: LabelFreeDate) => {
      if (missing(k)) values[k] = { value: d.value, confidence: round(Math.min(LABEL_FREE_DATE_CONFIDENCE, d.confidence)), ...boxOf(d.value, d.chars) };
    };
    if (dates.length === 2 && dates[0]!.value <= dates[1]!.value) {
      put('registerDate', dates[0]!);
      put('issueDate', dates[1]!);
    } else if (dates.length === 1) {
      const d = dates[0]!;
      const register = values.registerDate?.value;
      const issue = values.issueDate?.value;
      if (register && missing('issueDate') && d.value >= register) put('issueDate', d);
      if (issue && missing('registerDate') && d.value <= issue) put('registerDate', d);
    }
  }

  if (s === 'front' && knownBrand(values.model?.value ?? '') === null) {
    // 品牌型号 with its label lost or garbled ("品牌票起亚牌YQ…", or placed by position from the wrong
    // character on): "<known brand>牌<code>" on a row is a model, the brand read exactly (no snap
    // without a label), the code as printed
    for (const row of layout.rows) {
      const found = labelFreeModel(row.chars.filter((c) => c.red < 0.5));
      if (found) {
        values.model = { value: found.value, confidence: round(Math.min(LABEL_FREE_MODEL_CONFIDENCE, found.confidence)), ...boxOf(found.value, row.chars) };
        break;
      }
    }
  }

  if (s === 'front') {
    for (const [key, options] of [['useCharacter', USE_CHARACTERS], ['vehicleType', VEHICLE_TYPES]] as const) {
      if (values[key]?.value) continue;
      let best = { value: '', at: -1 };
      for (const [i, t] of orphanText.entries()) for (const o of options) if (t.includes(o) && o.length > best.value.length) best = { value: o, at: i };
      if (best.value) values[key] = fromOrphan(best.value, best.at, 0.8);
    }
  }

  if (s === 'front') {
    const seal = await sealText(ctx, layout);
    if (AUTHORITY.test(seal.text)) {
      values.issuingAuthority = { value: seal.text, confidence: 0.9, ...(seal.box ? { box: seal.box } : {}) };
    } else {
      values.issuingAuthority = { value: '' };
      // seal text seen but not read as an authority may be a boxed seal misread: doubtful; no seal text
      // at all is a round seal, whose curved text no engine reads: left for the user, as every round
      // seal is, with a note (a fact about the card, not a doubt about a reading)
      fieldWarnings.issuingAuthority = [seal.seen ? warning('SEAL_UNREADABLE') : warning('SEAL_NOT_READ')];
    }
  } else {
    // the barcode itself, decoded, checked against the digits printed under it
    const printed = barcode(layout);
    const check = checkPrinted(ctx.region.image.width > 1 ? await decodeBarcode(ctx.region.image).catch(() => null) : null, printed?.digits ?? null);
    if (check.status !== 'none') {
      // where the digits are printed (the decoded bars alone have no place here: the value is then found among the lines)
      const confidence = check.status === 'printed-only' ? Math.min(BARCODE_CONFIDENCE[check.status], printed?.confidence ?? 0) : BARCODE_CONFIDENCE[check.status];
      values.barcode = { value: check.value, confidence: round(confidence), ...boxOf(check.value, printed?.chars ?? []) };
      if (check.status === 'differs') {
        fieldWarnings.barcode = [warning('BARCODE_MISMATCH')];
      }
    }
  }
  // A label the card prints but we could not find at all: leave the field out for the user to fill.
  return { values, fieldWarnings, extra: {} };
}

/** A model found with no label is never surer than this (the doubt rule marks it). */
const LABEL_FREE_MODEL_CONFIDENCE = 0.75;
/** The model code after 牌: letters, digits and the separators cards print, four or more. */
const MODEL_CODE = /^[A-Z0-9][A-Z0-9\-/()]{3,}/;

/** "<known brand>牌<model code>" inside label-less text, the brand read exactly (lexicon/brands.ts)
 *  and the code's slashed zeros restored where the engine saw a 0 (read/code.ts). */
function labelFreeModel(chars: readonly RawValue['chars'][number][]): { value: string; confidence: number } | null {
  const text = chars.map((c) => c.ch).join('');
  for (let i = 1; i < chars.length; i++) {
    if (chars[i]!.ch !== BRAND_MARK) continue;
    const brand = [...Array(i).keys()].map((k) => text.slice(k, i + 1)).find((t) => knownBrand(t) !== null && knownBrand(t)!.length === t.length - 1);
    if (!brand) continue;
    const codeChars = chars.slice(i + 1).filter((c) => c.ch.trim() !== '');
    const code = readSlashedZeros(codeChars);
    const m = MODEL_CODE.exec(code.value.toUpperCase());
    if (!m) continue;
    const brandChars = chars.slice(i + 1 - brand.length, i + 1);
    return { value: brand + m[0], confidence: Math.min(code.confidence, ...brandChars.map((c) => c.score)) };
  }
  return null;
}

/** A date found with no label is placed by the card's layout, not read beside its label: never surer
 *  than this (the doubt rule marks it for the user to check). */
const LABEL_FREE_DATE_CONFIDENCE = 0.75;

/** Dates printed on label-less rows, one per piece the engine read, in reading order (rows top to
 *  bottom, left to right): each read under the date grammar from the engine's alternatives, or from
 *  the text (slashed zeros read as 8 where only a 0 makes a date) when it has none. */
function labelFreeDates(layout: LayoutResult): LabelFreeDate[] {
  const out: (LabelFreeDate & { row: number; x: number })[] = [];
  for (const o of layout.orphans) {
    const pieces = new Map<Token, typeof o.chars>();
    for (const c of o.chars) if (c.red < 0.5) pieces.set(c.token, [...(pieces.get(c.token) ?? []), c]);
    for (const cs of pieces.values()) {
      const read = readDate(cs, { padded: true });
      const value = read?.value ?? findDate(cs.map((c) => c.ch).join(''));
      if (!value) continue;
      // a date repaired from its text alone is less sure than one its alternatives allowed
      const confidence = read ? read.confidence : Math.min(...cs.map((c) => c.score)) * TEXT_REPAIR_PENALTY;
      out.push({ value, confidence, chars: cs, row: o.row, x: cs[0]!.x });
    }
  }
  return out.sort((a, b) => a.row - b.row || a.x - b.x).map(({ value, confidence, chars }) => ({ value, confidence, chars }));
}

interface LabelFreeDate {
  value: string;
  confidence: number;
  /** The characters it was read from. */
  chars: readonly Char[];
}

/** `{ box }` of a value picked from these characters, or nothing when they carry no place. */
function boxOf(value: string, chars: readonly Char[]): { box?: Quad } {
  const box = quadOfChars(value, chars);
  return box ? { box } : {};
}

/** Confidence kept by a date read from plain text (no per-character alternatives to choose among). */
const TEXT_REPAIR_PENALTY = 0.8;

function round(x: number): number {
  return Math.round(x * 1000) / 1000;
}

export const vehicleLicenseExtractor: DocumentExtractor = {
  docType: 'vehicle_license',
  sides: ['front', 'back'],
  classify: classifyVehicleLicense,
  extract,
};
