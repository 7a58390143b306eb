// 机动车行驶证 (vehicle licence): each field's format-aware clean-up of a raw value, and the shape a
// cleaned value must have. Values are chosen among what the engine read, never invented.
import { PROVINCES } from '../../../core/validate/plate';
import type { OcrLine } from '../engine';
import { alnum, digits, dropRedChars, trimValue, type RawValue } from '../layout';
import { BRAND_MARK, snapBrand } from '../lexicon/brands';
import { snapAddress } from '../lexicon/divisions';
import { ENUM_LEXICONS, readClosed, type EnumField } from '../lexicon/enums';
import { keepRealNames } from '../lexicon/guard';
import { scoredChar } from '../lexicon/snap';
import { readVin } from '../read/checked';
import { readSlashedZeros } from '../read/code';
import { findDate, readDate } from '../read/date';
import { readInspection } from '../read/inspection';
import { readPlate } from '../read/plate';

const DASH = /^[-—–一_~ー－·.]+$/;

/** A cleaned value, with the reader's own confidence when a grammar chose among the engine's readings. */
export type Cleaner = (v: RawValue) => string | { value: string; confidence: number };

export const text = (v: RawValue) => trimValue(dropRedChars(v.chars).map((c) => c.ch).join(''));
/** Chinese-only values: English sub-label fragments and stray Latin letters dropped. */
const cjk = (v: RawValue) => text(v).replace(/[A-Za-z]+/g, '');

/** A plate as the extractor reads it (with the OCR's slack: up to 6 characters after the letter). */
const PLATE = `[${PROVINCES}使领][A-Z][A-Z0-9]{4,6}[警学挂港澳使领]?`;
const PLATE_IN_TEXT = new RegExp(PLATE);
const PLATE_EXACT = new RegExp(`^${PLATE}$`);
/** A plate among label-less text (letters in either case). */
export const ORPHAN_PLATE = new RegExp(`[${PROVINCES}][A-Za-z][A-Za-z0-9]{4,6}`);

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

/** An enumeration: always an entry of its closed list (lexicon/enums.ts readClosed). */
function enumValue(key: EnumField): Cleaner {
  return (v) => {
    const read = readClosed(dropRedChars(v.chars).filter((c) => /[\u4e00-\u9fff]/.test(c.ch)).map(scored), ENUM_LEXICONS[key]);
    return read.matched ? read.value : cjk(v);
  };
}

export const scored = scoredChar;

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
    const chars = dropRedChars(v.chars);
    // the dash placeholder is tested before trimming (trimming eats dashes)
    const bare = chars.map((c) => c.ch).join('').replace(/\s/g, '');
    if (DASH.test(bare)) return '--';
    const read = printedDigits(chars);
    const t = trimValue(read.value).replace(/\s/g, '');
    if (t === '') return '';
    const m = pattern.exec(t);
    if (!m) return t;
    return { value: `${digits(m[1]!)}${unit}`, confidence: Math.min(v.confidence, read.confidence) };
  };
}

/** The characters as printed: the card prints numbers with slashed zeros, which a photo turns into an
 *  unsure 8, 6 or 9 with the 0 among the engine's own alternatives (read/code.ts). */
function printedDigits(chars: readonly RawValue['chars'][number][]): { value: string; confidence: number } {
  const read = readSlashedZeros(chars.filter((c) => c.ch.trim() !== ''));
  return read.changed || read.ambiguous ? read : { value: read.value, confidence: 1 };
}

/** 外廓尺寸 from what the engine read (a labelled value or a label-less row): three groups of
 *  millimetres, slashed zeros restored where the engine saw a 0. */
export function dimensionsOf(chars: readonly RawValue['chars'][number][]): { value: string; confidence: number } | null {
  const inked = dropRedChars(chars);
  const bare = inked.map((c) => c.ch).join('').replace(/\s/g, '');
  if (DASH.test(bare)) return { value: '--', confidence: 1 };
  const read = printedDigits(inked);
  // slashed zeros are also read as Ø/日/D/O: map them inside the number groups
  const n = read.value.replace(/\s/g, '').replace(/[ØΘθOoD日口]/g, '0');
  const m = /(\d{3,5})[^\d]{0,2}?[×xX*＊乘](\d{3,5})[^\d]{0,2}?[×xX*＊乘](\d{3,5})/.exec(n);
  return m ? { value: `${m[1]}×${m[2]}×${m[3]}mm`, confidence: read.confidence } : null;
}

export function dimensions(v: RawValue): string | { value: string; confidence: number } {
  const read = dimensionsOf(v.chars);
  if (!read) return text(v).replace(/\s/g, '');
  return { value: read.value, confidence: Math.min(v.confidence, read.confidence) };
}

function freeText(v: RawValue): string {
  return text(v).replace(/（/g, '(').replace(/）/g, ')');
}

export const CLEANERS: Record<string, Cleaner> = {
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
    const snapped = snapBrand(chars.map(scored));
    const brand = snapped.value;
    // the model code after 牌 is printed in the card's font: its zeros are slashed
    const mark = [...brand].indexOf(BRAND_MARK);
    const code = readSlashedZeros(chars.slice(mark + 1));
    // a brand read exactly as a known one is confirmed by the lexicon: only the code's reading is in doubt;
    // a brand no list knows is as sure as its least sure character (core marks an unknown brand read unsurely)
    const confirmed = snapped.matched !== '' && !snapped.changed;
    const brandScore = snapped.matched === '' && mark > 0 ? Math.min(...chars.slice(0, mark).map((c) => c.score)) : 1;
    return {
      value: trimValue([...brand].slice(0, mark + 1).join('') + code.value),
      confidence: confirmed ? code.confidence : Math.min(v.confidence, code.confidence, brandScore),
    };
  },
  vin,
  engineNo: (v) => {
    const code = readSlashedZeros(dropRedChars(v.chars).filter((c) => /[0-9A-Za-zØøΘθ]/.test(c.ch)));
    return { value: alnum(code.value), confidence: code.confidence };
  },
  registerDate: date,
  issueDate: date,
  fileNo: (v) => {
    const read = printedDigits(dropRedChars(v.chars));
    return { value: digits(trimValue(read.value)), confidence: Math.min(v.confidence, read.confidence) };
  },
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

/** Fields with a grammar strict enough that a reading of the right shape is that field's value. */
export const GRAMMAR_FIELDS = new Set(['plateNo', 'vin', 'registerDate', 'issueDate', 'approvedPassengers', 'grossMass', 'curbMass', 'approvedLoad', 'tractionMass', 'overallDimensions', 'fileNo']);

/** One re-read line as a raw value of `key`. */
export function lineValue(key: string, line: OcrLine): RawValue {
  return {
    key,
    text: line.text.replace(/\s/g, ''),
    chars: [...line.text]
      .map((ch, i) => ({ ch, score: line.chars[i]?.score ?? line.score, x: 0, red: line.chars[i]?.red ?? 0, alts: line.chars[i]?.alts, src: { line, k: i } }))
      .filter((c) => c.ch.trim() !== ''),
    confidence: line.score,
    label: { key, row: -1, start: 0, end: 0, distance: Infinity, alias: '' },
  };
}

/** Does a cleaned value have the field's shape? (decides whether a second look is worth it) */
export function wellFormed(key: string, value: string): boolean {
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
export const DASHABLE = new Set(['approvedPassengers', 'grossMass', 'curbMass', 'approvedLoad', 'tractionMass', 'overallDimensions']);
/** A dash placeholder seen in a value's strip: no character was read there, so it is less sure than a
 *  clean reading. */
export const DASH_PLACEHOLDER = { value: '--', confidence: 0.7 } as const;
const MASSES = new Set(['grossMass', 'curbMass', 'approvedLoad', 'tractionMass']);

/** Worth re-reading the strip right of the label: the value is malformed, or a mass lost its printed
 *  unit (the box was cut short: "2170kg" read as "217"). */
export function needsSecondLook(key: string, raw: string, value: string): boolean {
  if (!ALWAYS_PRINTED.has(key)) return false;
  if (!wellFormed(key, value)) return true;
  return MASSES.has(key) && value !== '--' && !/[kK]/.test(raw);
}

// Fields whose value is printed whenever the label is (a blank read means the detector missed it).
export const ALWAYS_PRINTED = new Set(['approvedPassengers', 'grossMass', 'curbMass', 'approvedLoad', 'tractionMass', 'overallDimensions', 'fileNo', 'plateNo', 'vin', 'engineNo', 'registerDate', 'issueDate', 'vehicleType', 'useCharacter', 'model', 'owner']);
