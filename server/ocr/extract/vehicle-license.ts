// 机动车行驶证 (vehicle licence), front and back, for the local engine. Values are found by their
// labels (layout.ts); each field then gets a format-aware clean-up. Values are never invented: what
// cannot be read stays empty (with a warning where the card prints something we could not read).
import { USE_CHARACTERS, VEHICLE_TYPES } from '../../../core/documents/enums';
import { PROVINCES } from '../../../core/validate/plate';
import type { FieldWarning, Side } from '../../../core/contracts/result';
import type { OcrLine } from '../engine';
import {
  alnum,
  analyzeLayout,
  closestOption,
  digits,
  dropRedChars,
  findDate,
  labelScore,
  trimValue,
  valueStrip,
  type LabelSpec,
  type LayoutResult,
  type RawValue,
  type Token,
} from '../layout';
import type { Quad } from '../engine';
import { snapAuthority } from '../lexicon/authority';
import { BRAND_MARK, snapBrand } from '../lexicon/brands';
import { snapAddress } from '../lexicon/divisions';
import { keepRealNames } from '../lexicon/guard';
import { ENUM_LEXICONS, snapField, type EnumField } from '../lexicon/enums';
import { scoredChar } from '../lexicon/snap';
import { readVin } from '../read/checked';
import { applyTemplate, placeTemplate, type CardTemplate } from '../template';
import { readDate } from '../read/date';
import { warning } from '../../../core/validate/warnings';
import { checkPrinted, decodeBarcode } from '../barcode';
import { readSlashedZeros } from '../read/code';
import { readInspection } from '../read/inspection';
import { readPlate } from '../read/plate';
import type { Classification, DocumentExtractor, ExtractContext, Extraction } from './index';

export const VEHICLE_LICENSE_FRONT_LABELS: readonly LabelSpec[] = [
  { key: 'plateNo', aliases: ['号牌号码'] },
  { key: 'vehicleType', aliases: ['车辆类型'] },
  { key: 'owner', aliases: ['所有人'], spaced: true },
  { key: 'address', aliases: ['住址'], multiline: true, spaced: true },
  { key: 'useCharacter', aliases: ['使用性质'] },
  { key: 'model', aliases: ['品牌型号'] },
  { key: 'vin', aliases: ['车辆识别代号', '车架号'] },
  { key: 'engineNo', aliases: ['发动机号码', '发动机号'] },
  { key: 'registerDate', aliases: ['注册日期', '注册登记日期'] },
  { key: 'issueDate', aliases: ['发证日期'] },
];

export const VEHICLE_LICENSE_BACK_LABELS: readonly LabelSpec[] = [
  { key: 'plateNo', aliases: ['号牌号码'] },
  { key: 'fileNo', aliases: ['档案编号'] },
  { key: 'approvedPassengers', aliases: ['核定载人数'] },
  { key: 'grossMass', aliases: ['总质量'], spaced: true },
  { key: 'curbMass', aliases: ['整备质量'] },
  { key: 'approvedLoad', aliases: ['核定载质量'] },
  { key: 'overallDimensions', aliases: ['外廓尺寸'] },
  { key: 'tractionMass', aliases: ['准牵引总质量'] },
  { key: 'remarks', aliases: ['备注'], multiline: true, spaced: true },
  { key: 'inspectionRecord', aliases: ['检验记录'] },
  { key: 'fuelType', aliases: ['燃油类型', '能源类型', '燃料类型'] },
];

// Where the labels sit on the card (measured on the tuning photos: every edition since 2008 prints the
// same grid). Units: 号牌号码 at (0, 0), the last label row at y = 1 (server/ocr/template.ts).
export const FRONT_TEMPLATE: CardTemplate = [
  { key: 'plateNo', x: 0, x1: 0.19, y: 0, n: 4 },
  { key: 'vehicleType', x: 0.848, x1: 1.037, y: 0, n: 4 },
  { key: 'owner', x: 0, x1: 0.19, y: 0.16, n: 3 },
  { key: 'address', x: 0, x1: 0.195, y: 0.332, n: 2 },
  { key: 'useCharacter', x: 0, x1: 0.193, y: 0.499, n: 4 },
  { key: 'model', x: 0.704, x1: 0.896, y: 0.499, n: 4 },
  { key: 'vin', x: 0.494, x1: 0.8, y: 0.681, n: 6 },
  { key: 'engineNo', x: 0.499, x1: 0.757, y: 0.84, n: 5 },
  { key: 'registerDate', x: 0.51, x1: 0.685, y: 1, n: 4 },
  { key: 'issueDate', x: 1.257, x1: 1.426, y: 1, n: 4 },
];
export const BACK_TEMPLATE: CardTemplate = [
  { key: 'plateNo', x: 0, x1: 0.189, y: 0, n: 4 },
  { key: 'fileNo', x: 0.877, x1: 1.05, y: 0, n: 4 },
  { key: 'approvedPassengers', x: 0.009, x1: 0.195, y: 0.164, n: 5 },
  { key: 'grossMass', x: 1.223, x1: 1.325, y: 0.164, n: 3 },
  { key: 'curbMass', x: 0.015, x1: 0.208, y: 0.329, n: 4 },
  { key: 'approvedLoad', x: 1.225, x1: 1.462, y: 0.329, n: 5 },
  { key: 'overallDimensions', x: 0.012, x1: 0.205, y: 0.496, n: 4 },
  { key: 'tractionMass', x: 1.239, x1: 1.477, y: 0.496, n: 6 },
  { key: 'remarks', x: 0.009, x1: 0.2, y: 0.657, n: 2 },
  { key: 'inspectionRecord', x: 0.017, x1: 0.212, y: 1, n: 4 },
];

// Labels that only one side prints (号牌号码 is on both).
const FRONT_ONLY = VEHICLE_LICENSE_FRONT_LABELS.filter((l) => l.key !== 'plateNo');
const BACK_ONLY = VEHICLE_LICENSE_BACK_LABELS.filter((l) => l.key !== 'plateNo' && l.key !== 'fuelType');

const DASH = /^[-—–一_~ー－·.]+$/;

/** A cleaned value, with the reader's own confidence when a grammar chose among the engine's readings. */
type Cleaner = (v: RawValue) => string | { value: string; confidence: number };

const text = (v: RawValue) => trimValue(dropRedChars(v.chars).map((c) => c.ch).join(''));
/** Chinese-only values: English sub-label fragments and stray Latin letters dropped. */
const cjk = (v: RawValue) => text(v).replace(/[A-Za-z]+/g, '');

/** A plate as the extractor reads it (with the OCR's slack: up to 6 characters after the letter). */
const PLATE = `[${PROVINCES}使领][A-Z][A-Z0-9]{4,6}[警学挂港澳使领]?`;
const PLATE_IN_TEXT = new RegExp(PLATE);
const PLATE_EXACT = new RegExp(`^${PLATE}$`);
/** A plate among label-less text (letters in either case). */
const ORPHAN_PLATE = new RegExp(`[${PROVINCES}][A-Za-z][A-Za-z0-9]{4,6}`);

function plate(v: RawValue): string | { value: string; confidence: number } {
  return readPlate(dropRedChars(v.chars)) ?? plateAsRead(v);
}

/** The plate from the text alone (no reading passes the plate grammar: keep what was printed). */
function plateAsRead(v: RawValue): string {
  const t = text(v).replace(/[\s·.\-]/g, '').toUpperCase();
  const m = PLATE_IN_TEXT.exec(t.replace(/[ØΘ]/g, '0'));
  // plates never use the letters O and I after the authority letter: they are a 0 and a 1
  const fix = (p: string) => p.slice(0, 2) + p.slice(2).replace(/O/g, '0').replace(/I/g, '1');
  return m ? fix(m[0]) : t.replace(/[^0-9A-Z\u4e00-\u9fff]/g, '');
}

/** An enumeration: snapped by the lexicon rule (unsure characters only), else the closest entry of
 *  the closed list within a third of its length (a list value is never free text). */
function enumValue(key: EnumField): Cleaner {
  return (v) => {
    const snapped = snapField(key, dropRedChars(v.chars).filter((c) => /[\u4e00-\u9fff]/.test(c.ch)).map(scored)).value;
    if ((ENUM_LEXICONS[key] as readonly string[]).includes(snapped)) return snapped;
    const t = cjk(v);
    return closestOption(t, ENUM_LEXICONS[key])?.value ?? t;
  };
}

const scored = scoredChar;

function vin(v: RawValue): string | { value: string; confidence: number } {
  const read = readVin(v.chars.filter((c) => /[0-9A-Za-zØøΘθ〇|]/.test(c.ch) || c.alts?.some((a) => /^[0-9A-Z]$/.test(a.ch))));
  if (read) return read;
  // O, Q and I never occur in a VIN: from our engine they are misread (slashed) zeros and ones
  const t = alnum(text(v)).replace(/[OQ]/g, '0').replace(/I/g, '1');
  if (t.length > 17) {
    const m = /[A-HJ-NPR-Z0-9]{17}/.exec(t);
    if (m) return m[0];
  }
  return t;
}

function date(v: RawValue): string | { value: string; confidence: number } {
  // seal ink over the digits leaves them red: the grammar, not the colour, tells date from seal text
  return readDate(v.chars, { padded: true }) ?? findDate(text(v)) ?? text(v);
}

/** A number with a fixed unit; the printed dash placeholder stays "--". */
function quantity(unit: string, pattern: RegExp): Cleaner {
  return (v) => {
    // the dash placeholder is tested before trimming (trimming eats dashes)
    const bare = dropRedChars(v.chars).map((c) => c.ch).join('').replace(/\s/g, '');
    if (DASH.test(bare)) return '--';
    const t = text(v).replace(/\s/g, '');
    if (t === '') return '';
    const m = pattern.exec(t);
    if (!m) return t;
    return `${digits(m[1]!)}${unit}`;
  };
}

function dimensions(v: RawValue): string {
  const bare = dropRedChars(v.chars).map((c) => c.ch).join('').replace(/\s/g, '');
  if (DASH.test(bare)) return '--';
  const t = text(v).replace(/\s/g, '');
  // slashed zeros are read as 0/Ø/日/D/O: map them inside the number groups
  const n = t.replace(/[ØΘθOoD日口]/g, '0');
  const m = /(\d{3,5})[^\d]{0,2}?[×xX*＊乘](\d{3,5})[^\d]{0,2}?[×xX*＊乘](\d{3,5})/.exec(n);
  return m ? `${m[1]}×${m[2]}×${m[3]}mm` : t;
}

function freeText(v: RawValue): string {
  return text(v).replace(/（/g, '(').replace(/）/g, ')');
}

const CLEANERS: Record<string, Cleaner> = {
  plateNo: plate,
  vehicleType: enumValue('vehicleType'),
  owner: (v) => trimValue(text(v).replace(/[A-Za-z]{2,}$/, '')),
  address: (v) => {
    const chars = dropRedChars(v.chars).map(scored);
    return trimValue(keepRealNames(chars.map((c) => c.ch).join(''), snapAddress(chars)).value.replace(/^[A-Za-z]+/, ''));
  },
  useCharacter: enumValue('useCharacter'),
  model: (v) => {
    const chars = dropRedChars(v.chars).filter((c) => c.ch.trim() !== '');
    const brand = snapBrand(chars.map(scored)).value;
    // the model code after 牌 is printed in the card's font: its zeros are slashed
    const mark = [...brand].indexOf(BRAND_MARK);
    const code = readSlashedZeros(chars.slice(mark + 1));
    return { value: trimValue([...brand].slice(0, mark + 1).join('') + code.value), confidence: Math.min(v.confidence, code.confidence) };
  },
  vin,
  engineNo: (v) => {
    const code = readSlashedZeros(dropRedChars(v.chars).filter((c) => /[0-9A-Za-zØøΘθ]/.test(c.ch)));
    return { value: alnum(code.value), confidence: code.confidence };
  },
  registerDate: date,
  issueDate: date,
  fileNo: (v) => digits(text(v)),
  approvedPassengers: quantity('人', /([\dOoDIl|]+)\s*人?/),
  grossMass: quantity('kg', /([\dOoDIl|]{2,})/),
  curbMass: quantity('kg', /([\dOoDIl|]{2,})/),
  approvedLoad: quantity('kg', /([\dOoDIl|]{2,})/),
  tractionMass: quantity('kg', /([\dOoDIl|]{2,})/),
  overallDimensions: dimensions,
  remarks: freeText,
  inspectionRecord: (v) => readInspection(v.chars) ?? freeText(v),
  fuelType: enumValue('fuelType'),
};

/** How sure a 证芯编号 is, by how it was read: both agreeing, the barcode alone (its symbology checks
 *  itself), the small printed digits alone, or the two disagreeing. */
const BARCODE_CONFIDENCE = { agrees: 0.99, 'decoded-only': 0.95, 'printed-only': 0.9, differs: 0.5, none: 0 } as const;

/** A formatted value read with less confidence than this is read again from its strip. */
const SECOND_LOOK_BELOW = 0.5;

/** Fields with a grammar strict enough that a reading of the right shape is that field's value. */
const GRAMMAR_FIELDS = new Set(['plateNo', 'vin', 'registerDate', 'issueDate', 'approvedPassengers', 'grossMass', 'curbMass', 'approvedLoad', 'tractionMass', 'overallDimensions', 'fileNo']);

/** One re-read line as a raw value of `key`. */
function lineValue(key: string, line: OcrLine): RawValue {
  return {
    key,
    text: line.text.replace(/\s/g, ''),
    chars: [...line.text]
      .map((ch, i) => ({ ch, score: line.chars[i]?.score ?? line.score, x: 0, red: line.chars[i]?.red ?? 0, alts: line.chars[i]?.alts }))
      .filter((c) => c.ch.trim() !== ''),
    confidence: line.score,
    label: { key, row: -1, start: 0, end: 0, distance: Infinity, alias: '' },
  };
}

/** Does a cleaned value have the field's shape? (decides whether a second look is worth it) */
function wellFormed(key: string, value: string): boolean {
  switch (key) {
    case 'plateNo':
      return PLATE_EXACT.test(value);
    case 'vin':
      return /^[A-Z0-9]{17}$/.test(value);
    case 'registerDate':
    case 'issueDate':
      return /^\d{4}-\d{2}-\d{2}$/.test(value);
    case 'approvedPassengers':
      return /^(\d{1,3}人|--)$/.test(value);
    case 'grossMass':
    case 'curbMass':
    case 'approvedLoad':
    case 'tractionMass':
      return /^(\d{2,6}kg|--)$/.test(value);
    case 'overallDimensions':
      return /^\d{3,5}×\d{3,5}×\d{3,5}mm$/.test(value);
    case 'fileNo':
      return /^\d{6,}$/.test(value);
    default:
      return value !== '';
  }
}

// Back-page quantities print a dash placeholder when they do not apply.
const DASHABLE = new Set(['approvedPassengers', 'grossMass', 'curbMass', 'approvedLoad', 'tractionMass', 'overallDimensions']);
const MASSES = new Set(['grossMass', 'curbMass', 'approvedLoad', 'tractionMass']);

/** Worth re-reading the strip right of the label: the value is malformed, or a mass lost its printed
 *  unit (the box was cut short: "2170kg" read as "217"). */
function needsSecondLook(key: string, raw: string, value: string): boolean {
  if (!ALWAYS_PRINTED.has(key)) return false;
  if (!wellFormed(key, value)) return true;
  return MASSES.has(key) && value !== '--' && !/[kK]/.test(raw);
}

// Fields whose value is printed whenever the label is (a blank read means the detector missed it).
const ALWAYS_PRINTED = new Set(['approvedPassengers', 'grossMass', 'curbMass', 'approvedLoad', 'tractionMass', 'overallDimensions', 'fileNo', 'plateNo', 'vin', 'engineNo', 'registerDate', 'issueDate', 'vehicleType', 'useCharacter', 'model', 'owner']);

/** A red, boxed printed seal reads as label-free red rows: join them top to bottom. Each seal line is
 *  read twice — as detected, and widened with only its red ink kept (the seal's first character sits
 *  against the box frame; the card's pattern shows through) — and the better reading is kept. A round
 *  seal yields fragments that do not form an authority name; those are left for the user. */
async function sealText(ctx: ExtractContext, layout: LayoutResult): Promise<string> {
  const red: Token[] = [];
  for (const o of layout.orphans) {
    // JPEG chroma subsampling thins red strokes: any clear share of red ink marks a seal line
    for (const t of new Set(o.chars.map((c) => c.token))) if (t.red >= 0.12 && !red.includes(t)) red.push(t);
  }
  const byColour = await readSeal(ctx, red);
  if (AUTHORITY.test(byColour)) return byColour;
  // a greyscale scan or photocopy has no red: the seal is the label-free text where the card prints it
  const p = placeTemplate(layout, FRONT_TEMPLATE);
  if (!p) return byColour;
  const inBox = (t: Token) => {
    const c = p.toTemplate({ x: (t.x0 + t.x1) / 2, y: (t.y0 + t.y1) / 2 });
    return c.x >= SEAL_BOX.x0 && c.x <= SEAL_BOX.x1 && c.y >= SEAL_BOX.y0 && c.y <= SEAL_BOX.y1;
  };
  const placed: Token[] = [];
  for (const o of layout.orphans) for (const t of new Set(o.chars.map((c) => c.token))) if (inBox(t) && /[\u4e00-\u9fff]/.test(t.text) && !placed.includes(t)) placed.push(t);
  placed.sort((a, b) => a.y0 - b.y0);
  const byPlace = placed.length ? await readSeal(ctx, placed) : '';
  return AUTHORITY.test(byPlace) ? byPlace : byColour;
}

/** Where the seal is printed on the front (template units, see FRONT_TEMPLATE): bottom left. */
const SEAL_BOX = { x0: -0.12, x1: 0.47, y0: 0.55, y1: 1.2 };

async function readSeal(ctx: ExtractContext, tokens: Token[]): Promise<string> {
  const plain = tokens.map((t) => t.chars.map(scored));
  const inked = await Promise.all(
    tokens.map(async (t, i) => {
      const line = await ctx.reread(widen(t.source.box, 0.35), { ink: 'red' });
      return line ? [...line.text].map((ch, k) => scored({ ch, score: line.chars[k]?.score ?? line.score, alts: line.chars[k]?.alts })) : plain[i]!;
    }),
  );
  // the seal's characters snapped to a real place and a standard ending where the engine was unsure
  const cands = [plain, inked].map((parts) => {
    const chars = parts.flat().filter((c) => /[\u4e00-\u9fff]/.test(c.ch));
    return keepRealNames(chars.map((c) => c.ch).join(''), snapAuthority(chars)).value;
  });
  // a reading that is an authority name wins; then the one with more characters (nothing cut off)
  cands.sort((a, b) => Number(AUTHORITY.test(b)) - Number(AUTHORITY.test(a)) || b.length - a.length);
  return cands[0] ?? '';
}

/** Grow a quad along its text direction by `k` text heights at each end. */
function widen(q: Quad, k: number): Quad {
  const [tl, tr, br, bl] = q;
  const w = Math.hypot(tr[0] - tl[0], tr[1] - tl[1]) || 1;
  const h = Math.hypot(bl[0] - tl[0], bl[1] - tl[1]);
  const ux = ((tr[0] - tl[0]) / w) * k * h;
  const uy = ((tr[1] - tl[1]) / w) * k * h;
  return [
    [tl[0] - ux, tl[1] - uy],
    [tr[0] + ux, tr[1] + uy],
    [br[0] + ux, br[1] + uy],
    [bl[0] - ux, bl[1] - uy],
  ];
}

const AUTHORITY = /^[\u4e00-\u9fff]{2,}(公安|交通|警察|车辆管理)[\u4e00-\u9fff]*(局|支队|大队|总队|分局|车管所|管理所)$/;

function barcode(layout: LayoutResult): string | null {
  for (const o of layout.orphans) {
    const m = /\*?\s*(\d{10,})\s*\*?/.exec(o.text);
    if (m && !/[\u4e00-\u9fff]/.test(o.text)) return m[1]!;
  }
  return null;
}

function classify(lines: readonly OcrLine[]): Classification[] {
  return [
    { side: 'front', score: labelScore(lines, FRONT_ONLY) },
    { side: 'back', score: labelScore(lines, BACK_ONLY) },
  ];
}

async function extract(ctx: ExtractContext, side: Side | null): Promise<Extraction> {
  const [f, b] = classify(ctx.lines);
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
  for (const [key, quad] of placed.unread) {
    if (!GRAMMAR_FIELDS.has(key)) continue;
    const line = await ctx.reread(quad);
    if (!line) continue;
    const raw = lineValue(key, line);
    const r = (CLEANERS[key] ?? text)(raw);
    const read = typeof r === 'string' ? { value: r, confidence: raw.confidence } : r;
    if (read.value && wellFormed(key, read.value)) values[key] = { value: read.value, confidence: round(Math.min(read.confidence, 0.85)) };
  }
  const fieldWarnings: Record<string, FieldWarning[]> = {};

  for (const spec of specs) {
    const raw = layout.values.get(spec.key);
    if (!raw || values[spec.key]) continue;
    const clean = (rv: RawValue) => {
      const r = (CLEANERS[spec.key] ?? text)(rv);
      return typeof r === 'string' ? { value: r, confidence: rv.confidence } : r;
    };
    let { value, confidence } = clean(raw);
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
          // a second look is less certain than a clean first read
          confidence = Math.min(second.confidence, line.score, 0.9);
        }
      }
    }
    if (value === '' && !positional && DASHABLE.has(spec.key) && ctx.isDashPlaceholder(valueStrip(layout, raw.label))) {
      value = '--';
      confidence = 0.7;
    }
    values[spec.key] = { value, confidence: round(confidence) };
  }

  // Labels too faint to read: a value with an unmistakable format is still found among the
  // label-less text (a plate, an enumeration such as 非营运), never guessed from position.
  const orphanText = layout.orphans.map((o) => o.chars.filter((c) => c.token.red < 0.12).map((c) => c.ch).join(''));
  if (!values.plateNo?.value) {
    for (const t of orphanText) {
      const m = ORPHAN_PLATE.exec(t);
      if (m) {
        values.plateNo = { value: m[0].toUpperCase(), confidence: 0.8 };
        break;
      }
    }
  }
  if (s === 'back' && !values.approvedPassengers?.value) {
    // 人 is printed by this field only
    for (const t of orphanText) {
      const m = /(?:^|[^\d])(\d{1,2})人/.exec(t);
      if (m) {
        values.approvedPassengers = { value: `${m[1]}人`, confidence: 0.8 };
        break;
      }
    }
  }
  if (s === 'back' && !values.overallDimensions?.value) {
    for (const t of orphanText) {
      const d = dimensions({ key: 'overallDimensions', text: t, chars: [...t].map((ch) => ({ ch, score: 0.8, x: 0, red: 0 })), confidence: 0.8, label: null as never });
      if (/^\d{3,5}×\d{3,5}×\d{3,5}mm$/.test(d)) {
        values.overallDimensions = { value: d, confidence: 0.8 };
        break;
      }
    }
  }
  if (s === 'back' && !values.inspectionRecord?.value) {
    // the stamp may stand anywhere on the page (a continuation page prints no labels at all)
    for (const row of layout.rows) {
      const stamp = readInspection(row.chars);
      if (stamp) {
        values.inspectionRecord = { value: stamp, confidence: 0.8 };
        break;
      }
    }
  }
  if (s === 'front') {
    for (const [key, options] of [['useCharacter', USE_CHARACTERS], ['vehicleType', VEHICLE_TYPES]] as const) {
      if (values[key]?.value) continue;
      let best = '';
      for (const t of orphanText) for (const o of options) if (t.includes(o) && o.length > best.length) best = o;
      if (best) values[key] = { value: best, confidence: 0.8 };
    }
  }

  if (s === 'front') {
    const seal = await sealText(ctx, layout);
    if (AUTHORITY.test(seal)) {
      values.issuingAuthority = { value: seal, confidence: 0.9 };
    } else {
      values.issuingAuthority = { value: '' };
      fieldWarnings.issuingAuthority = [
        { code: 'SEAL_UNREADABLE', message: '发证机关印章无法可靠识别，请对照证件填写' },
      ];
    }
  } else {
    // the barcode itself, decoded, checked against the digits printed under it
    const check = checkPrinted(ctx.region.image.width > 1 ? await decodeBarcode(ctx.region.image).catch(() => null) : null, barcode(layout));
    if (check.status !== 'none') {
      values.barcode = { value: check.value, confidence: BARCODE_CONFIDENCE[check.status] };
      if (check.status === 'differs') {
        fieldWarnings.barcode = [warning('BARCODE_MISMATCH')];
      }
    }
  }
  // A label the card prints but we could not find at all: leave the field out for the user to fill.
  return { values, fieldWarnings, extra: {} };
}

function round(x: number): number {
  return Math.round(x * 1000) / 1000;
}

export const vehicleLicenseExtractor: DocumentExtractor = {
  docType: 'vehicle_license',
  sides: ['front', 'back'],
  classify,
  extract,
};
