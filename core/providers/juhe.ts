// Juhe responses (juhe-certificates.md, juhe-vehicle-registration-certificate.md,
// juhe-electronic-driving-licence.md): `{ error_code, reason, result }` where result is a
// Chinese-keyed object (certificates), a name/value list (registration certificate) or a
// desc/content list (electronic driving licence). Some doc samples show the bare result object.
import type { FieldWarning, RecognitionResult, Side } from '../contracts/result';
import { ProviderError } from '../contracts/errors';
import { PLATE_COLORS } from '../documents/enums';
import { getDocument } from '../documents/registry';
import { malformedPayload, providerError } from '../errors/catalogue';
import { normalizeDate, normalizePeriod } from '../normalize/index';
import { buildResult } from '../result/build';
import { hasOwn } from '../result/own';
import { warning } from '../validate/warnings';
import { detectJuheDocument, detectSide, JUHE_CARD_TYPES, juheLabels } from './juhe-cards';
import { asText, codeNumber, codeText, Collector, isRecord, normLabel, portraitMarker, type NormalizeOptions } from './util';

type Variant = 'certificates' | 'registration' | 'edriver';

/** Unwraps the envelope, throwing the documented error for error_code ≠ 0. */
function unwrap(payload: unknown): Record<string, unknown> {
  if (!isRecord(payload)) throw malformedPayload('juhe', `expected an object, got ${Array.isArray(payload) ? 'an array' : typeof payload}`);
  const reason = asText(payload.reason);
  const hasEnvelope = hasOwn(payload, 'error_code') || hasOwn(payload, 'result') || hasOwn(payload, 'resultcode');
  if (hasOwn(payload, 'error_code')) {
    const n = codeNumber(payload.error_code);
    if (Number.isNaN(n)) throw malformedPayload('juhe', 'error_code is not a number');
    if (n !== 0) throw providerError('juhe', codeText(payload.error_code), reason ? { detail: reason } : {});
  } else if (hasOwn(payload, 'resultcode')) {
    // Juhe's old envelope: resultcode "200" for success, otherwise the legacy system code (101…121).
    const rc = codeText(payload.resultcode);
    if (rc !== '200') throw providerError('juhe', rc, reason ? { detail: reason } : {});
  }
  if (!hasEnvelope) return payload; // a bare result object, as some doc samples show
  let result = payload.result;
  if (typeof result === 'string') {
    // The doc types `result` as string: accept a JSON-encoded object.
    try {
      result = JSON.parse(result) as unknown;
    } catch {
      throw malformedPayload('juhe', 'result is a string that is not JSON');
    }
  }
  if (!isRecord(result)) throw malformedPayload('juhe', 'result is missing or not an object');
  return result;
}

function variantOf(result: Record<string, unknown>, opts: NormalizeOptions): Variant {
  if (opts.docType === 'vehicle_registration_certificate' || hasOwn(result, 'vehicle_reg_cert_infos')) return 'registration';
  if (opts.docType === 'e_driver_license' || (Array.isArray(result.data) && opts.cardType === undefined)) return 'edriver';
  return 'certificates';
}

export function normalizeJuhe(payload: unknown, opts: NormalizeOptions = {}): RecognitionResult {
  const result = unwrap(payload);
  switch (variantOf(result, opts)) {
    case 'registration':
      return registration(result, opts);
    case 'edriver':
      return eDriver(result, opts);
    case 'certificates':
      return certificates(result, opts);
  }
}

const nowOpt = (opts: NormalizeOptions) => (opts.now ? { now: opts.now } : {});

// ---- 机动车登记证书 ------------------------------------------------------------------------------

const OWNER_TRIPLE = normLabel('机动车所有人/身份证明名称/号码');

function registration(result: Record<string, unknown>, opts: NormalizeOptions): RecognitionResult {
  const infos = result.vehicle_reg_cert_infos;
  if (!Array.isArray(infos)) throw malformedPayload('juhe', 'vehicle_reg_cert_infos is not an array');
  const docType = 'vehicle_registration_certificate';
  const labels = juheLabels(docType);
  const c = new Collector();
  infos.forEach((item: unknown, i) => {
    const name = isRecord(item) ? asText(item.name) : undefined;
    const value = isRecord(item) ? asText(item.value) : undefined;
    if (!name || value === undefined) {
      c.keep(`vehicle_reg_cert_infos[${i}]`, item);
      return;
    }
    if (normLabel(name) === OWNER_TRIPLE) {
      splitOwner(c, name, value);
      return;
    }
    const key = labels.get(normLabel(name));
    if (key) c.setOr(key, value, name);
    else c.keep(name, value);
  });
  for (const [k, v] of Object.entries(result)) if (k !== 'vehicle_reg_cert_infos') c.keep(k, v);
  return buildResult({ docType, side: null, provider: 'juhe', values: c.values, extra: c.extra, ...nowOpt(opts) });
}

/** "小明/居民身份证/584874705102015" → owner, ID document name, number. The owner (a company name)
 *  may itself contain a slash, so the last two parts are taken from the right. */
function splitOwner(c: Collector, name: string, value: string): void {
  if (c.has('owner')) {
    c.keep(name, value);
    return;
  }
  const parts = value.split(/[/／]/u);
  if (parts.length >= 3) {
    const number = parts.pop() ?? '';
    const idType = parts.pop() ?? '';
    c.set('owner', parts.join('/'));
    c.set('ownerIdType', idType);
    c.set('ownerIdNumber', number);
  } else {
    c.set('owner', parts[0] ?? '');
    if (parts.length === 2) c.set('ownerIdNumber', parts[1] ?? '');
    c.keep(name, value); // not the documented shape: keep the original beside the guess
  }
}

// ---- 电子驾照 ------------------------------------------------------------------------------------

function eDriver(result: Record<string, unknown>, opts: NormalizeOptions): RecognitionResult {
  const data = result.data;
  if (!Array.isArray(data)) throw malformedPayload('juhe', 'result.data is not an array');
  const docType = 'e_driver_license';
  const labels = juheLabels(docType);
  const c = new Collector();
  const names: string[] = [];
  data.forEach((item: unknown, i) => {
    const desc = isRecord(item) ? asText(item.desc) : undefined;
    const content = isRecord(item) ? asText(item.content) : undefined;
    if (!desc || content === undefined) {
      c.keep(`data[${i}]`, item);
      return;
    }
    names.push(desc);
    const key = labels.get(normLabel(desc));
    if (key) c.setOr(key, content, desc);
    else c.keep(desc, content);
  });
  for (const [k, v] of Object.entries(result)) if (k !== 'data') c.keep(k, v);
  const side = opts.side ?? detectSide(docType, names);
  return buildResult({ docType, side, provider: 'juhe', values: c.values, extra: c.extra, ...nowOpt(opts) });
}

// ---- 证件识别 ------------------------------------------------------------------------------------

function target(result: Record<string, unknown>, opts: NormalizeOptions): { docType: string; side: Side | null } {
  const keys = Object.keys(result);
  const card = opts.cardType === undefined ? undefined : JUHE_CARD_TYPES[opts.cardType];
  if (opts.cardType !== undefined && !card) {
    throw new ProviderError({ provider: 'juhe', code: 'UNSUPPORTED', retryable: false, message: `不支持的证件类型编号（cardType ${opts.cardType}）` });
  }
  if (card?.detectDoc) {
    const found = detectJuheDocument(keys, ['id_card', 'driver_license', 'vehicle_license']);
    return found ?? { docType: card.docType, side: opts.side ?? detectSide(card.docType, keys) };
  }
  const docType = card?.docType ?? opts.docType ?? detectJuheDocument(keys)?.docType;
  if (!docType || !getDocument(docType)) throw malformedPayload('juhe', 'cannot tell the document type: pass cardType or docType');
  const doc = getDocument(docType);
  if (doc && doc.sides.length === 0) return { docType, side: null };
  const side = card?.side ?? opts.side ?? detectSide(docType, keys);
  return { docType, side };
}

/** Validity printed in two parts on driving licences (有效起始日期 + 有效期至 / 有效期限). */
const VALID_FROM = new Set(['有效起始日期', '起始日期']);
const VALID_TO = new Set(['有效期至', '有效期限', '有效截止日期']);

function certificates(result: Record<string, unknown>, opts: NormalizeOptions): RecognitionResult {
  const { docType, side } = target(result, opts);
  const labels = juheLabels(docType);
  const c = new Collector();
  const warnings: FieldWarning[] = [];
  let from: string | undefined;
  let to: string | undefined;
  let plateScore: number | undefined;

  for (const [name, raw] of Object.entries(result)) {
    const norm = normLabel(name);
    const text = asText(raw);
    if (norm === '头像') {
      c.keep(name, portraitMarker(raw));
      continue;
    }
    if (text === undefined) {
      c.keep(name, raw);
      continue;
    }
    if (docType === 'driver_license' && VALID_FROM.has(norm)) {
      from = text;
      c.keep(name, raw);
      continue;
    }
    if (docType === 'driver_license' && VALID_TO.has(norm) && /^\d{4}-\d{2}-\d{2}$/.test(normalizeDate(text))) {
      // a single date: the end of a period whose start is printed separately
      to = text;
      c.keep(name, raw);
      continue;
    }
    if (docType === 'plate' && norm === '整牌可信度') {
      const n = codeNumber(text);
      if (!Number.isNaN(n)) plateScore = n;
      c.keep(name, raw);
      continue;
    }
    if (docType === 'plate' && norm === '车牌颜色') {
      c.setOr('plateColor', hasOwn(PLATE_COLORS, text.trim()) ? (PLATE_COLORS[text.trim()] ?? text) : text, name);
      continue;
    }
    const key = labels.get(norm);
    if (key) c.setOr(key, text, name);
    else c.keep(name, raw);
  }

  if (docType === 'driver_license' && !c.hasValueFor('validPeriod') && (from || to)) {
    c.values.validPeriod = { value: from && to ? normalizePeriod(`${from}至${to}`) : (from ?? to ?? '') };
  }
  if (plateScore !== undefined && c.has('plateNo')) {
    const v = c.values.plateNo;
    if (v) v.confidence = plateScore > 1 ? plateScore / 100 : plateScore;
  }
  if (opts.side && side && opts.side !== side) warnings.push(warning('SIDE_MISMATCH'));
  return buildResult({ docType, side, provider: 'juhe', values: c.values, extra: c.extra, warnings, ...nowOpt(opts) });
}
