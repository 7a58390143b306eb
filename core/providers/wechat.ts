// WeChat vehicleLicense OCR (wechat-vehicle-licence-ocr.md). The HTTPS call answers in snake_case,
// the cloud call (openapi.ocr.vehicleLicense) in camelCase, and the doc's own sample spells
// vehicle_type as `vhicle_type`: all variants map to the same canonical keys.
import type { RecognitionResult } from '../contracts/result';
import { malformedPayload, providerError } from '../errors/catalogue';
import { normalizeValue } from '../normalize/index';
import { buildResult } from '../result/build';
import { hasOwn } from '../result/own';
import { plateAgreement } from '../validate/cross-field';
import { asText, codeNumber, codeText, Collector, isRecord, type NormalizeOptions } from './util';
import { isWechatCardDoc, normalizeWechatCard } from './wechat-cards';

const FRONT_PLATE = '#frontPlate';
const BACK_PLATE = '#backPlate';

const KEYS = new Map<string, string>([
  ['vehicle_type', 'vehicleType'],
  ['vhicle_type', 'vehicleType'],
  ['vehicleType', 'vehicleType'],
  ['vhicleType', 'vehicleType'],
  ['owner', 'owner'],
  ['addr', 'address'],
  ['address', 'address'],
  ['use_character', 'useCharacter'],
  ['useCharacter', 'useCharacter'],
  ['model', 'model'],
  ['vin', 'vin'],
  ['engine_num', 'engineNo'],
  ['engineNum', 'engineNo'],
  ['register_date', 'registerDate'],
  ['registerDate', 'registerDate'],
  ['issue_date', 'issueDate'],
  ['issueDate', 'issueDate'],
  ['plate_num', FRONT_PLATE],
  ['plateNum', FRONT_PLATE],
  ['plate_num_b', BACK_PLATE],
  ['plateNumB', BACK_PLATE],
  // The doc labels `record` 号牌, but its sample value (441xxxxxx3) is the 档案编号 of the back page.
  ['record', 'fileNo'],
  ['passengers_num', 'approvedPassengers'],
  ['passengersNum', 'approvedPassengers'],
  ['total_quality', 'grossMass'],
  ['totalQuality', 'grossMass'],
  ['prepare_quality', 'curbMass'],
  ['prepareQuality', 'curbMass'],
  ['load_quality', 'approvedLoad'],
  ['loadQuality', 'approvedLoad'],
  ['overall_size', 'overallDimensions'],
  ['overallSize', 'overallDimensions'],
]);

/** Envelope keys, not document content. */
const ENVELOPE = new Set(['errcode', 'errmsg', 'errCode', 'errMsg']);

export function normalizeWechat(payload: unknown, opts: NormalizeOptions = {}): RecognitionResult {
  if (!isRecord(payload)) throw malformedPayload('wechat', `expected an object, got ${Array.isArray(payload) ? 'an array' : typeof payload}`);
  const errcode = hasOwn(payload, 'errcode') ? payload.errcode : payload.errCode;
  if (errcode !== undefined && errcode !== null) {
    const n = codeNumber(errcode);
    if (Number.isNaN(n)) throw malformedPayload('wechat', 'errcode is not a number');
    if (n !== 0) {
      const msg = asText(payload.errmsg ?? payload.errMsg);
      throw providerError('wechat', codeText(errcode), msg ? { detail: msg } : {});
    }
  }

  // The other ocr.* endpoints share the envelope checked above.
  if (isWechatCardDoc(opts.docType)) return normalizeWechatCard(opts.docType, payload, opts);

  const side = opts.side ?? 'front';
  const c = new Collector();
  const plates: Record<string, string> = {};
  for (const [name, raw] of Object.entries(payload)) {
    if (ENVELOPE.has(name)) continue;
    const key = KEYS.get(name);
    const text = asText(raw);
    if (key === undefined || text === undefined) {
      c.keep(name, raw);
      continue;
    }
    if (key === FRONT_PLATE || key === BACK_PLATE) {
      if (plates[key] === undefined) plates[key] = text;
      else c.keep(name, raw);
      continue;
    }
    c.setOr(key, text, name);
  }

  // One plate field per result; when the payload carries both pages' plates they must agree.
  const front = plates[FRONT_PLATE];
  const back = plates[BACK_PLATE];
  const primary = side === 'back' ? (back ?? front) : (front ?? back);
  if (primary !== undefined) c.set('plateNo', primary);
  const warnings =
    front !== undefined && back !== undefined ? plateAgreement(normalizeValue('plate', front), normalizeValue('plate', back)) : [];
  if (front !== undefined && back !== undefined) c.keep(side === 'back' ? 'plate_num' : 'plate_num_b', side === 'back' ? front : back);

  return buildResult({
    docType: opts.docType ?? 'vehicle_license',
    side,
    provider: 'wechat',
    values: c.values,
    extra: c.extra,
    warnings,
    ...(opts.now ? { now: opts.now } : {}),
  });
}
