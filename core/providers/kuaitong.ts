// Kuaitong vehicle licence OCR through the Alibaba Cloud API market (kuaitong-vehicle-licence.md):
// `{ status, code, message, data: { frontInfo, backInfo } }`. Errors come as status ≠ 200 and/or
// code ≠ 0 in the body (and as HTTP statuses, which the provider maps with the same catalogue).
import type { RecognitionResult, Side } from '../contracts/result';
import { malformedPayload, providerError } from '../errors/catalogue';
import { normalizeValue } from '../normalize/index';
import { buildResult } from '../result/build';
import { hasOwn } from '../result/own';
import { plateAgreement } from '../validate/cross-field';
import { asText, codeNumber, codeText, Collector, isRecord, type NormalizeOptions } from './util';

const FRONT = new Map<string, string>([
  ['owner', 'owner'],
  ['address', 'address'],
  ['vehicleType', 'vehicleType'],
  ['model', 'model'],
  ['registerDate', 'registerDate'],
  ['issueDate', 'issueDate'],
  ['seal', 'issuingAuthority'],
  ['vin', 'vin'],
  ['plateNo', 'plateNo'],
  ['useCharacter', 'useCharacter'],
  ['engineNo', 'engineNo'],
]);

const BACK = new Map<string, string>([
  ['plateNo', 'plateNo'],
  ['fileNo', 'fileNo'],
  ['allowNum', 'approvedPassengers'],
  ['totalMass', 'grossMass'],
  ['curbWeight', 'curbMass'],
  ['loadQuality', 'approvedLoad'],
  ['externalSize', 'overallDimensions'],
  ['marks', 'remarks'],
  ['record', 'inspectionRecord'],
  ['totalQuasiMass', 'tractionMass'],
  ['energy', 'fuelType'],
  ['barcode', 'barcode'],
]);

function info(data: Record<string, unknown>, name: 'frontInfo' | 'backInfo'): Record<string, unknown> {
  const v = data[name];
  if (v === undefined || v === null) return {};
  if (!isRecord(v)) throw malformedPayload('kuaitong', `${name} is not an object`);
  return v;
}

export function normalizeKuaitong(payload: unknown, opts: NormalizeOptions = {}): RecognitionResult {
  if (!isRecord(payload)) throw malformedPayload('kuaitong', `expected an object, got ${Array.isArray(payload) ? 'an array' : typeof payload}`);
  const status = payload.status === undefined || payload.status === null ? 200 : codeNumber(payload.status);
  const code = payload.code === undefined || payload.code === null ? 0 : codeNumber(payload.code);
  const detail = asText(payload.message);
  if (status !== 200 || code !== 0) {
    if (Number.isNaN(status) && Number.isNaN(code)) throw malformedPayload('kuaitong', 'status and code are not numbers');
    const businessCode = code !== 0 && !Number.isNaN(code) ? codeText(payload.code) : undefined;
    throw providerError('kuaitong', businessCode, {
      ...(Number.isNaN(status) || status === 200 ? {} : { httpStatus: status }),
      ...(detail ? { detail } : {}),
    });
  }
  if (!isRecord(payload.data)) throw malformedPayload('kuaitong', 'data is missing or not an object');
  const front = info(payload.data, 'frontInfo');
  const back = info(payload.data, 'backInfo');

  const hasContent = (o: Record<string, unknown>) => Object.values(o).some((v) => asText(v)?.trim());
  const side: Side = opts.side ?? (hasContent(front) || !hasContent(back) ? 'front' : 'back');
  const c = new Collector();
  const walk = (o: Record<string, unknown>, map: Map<string, string>, prefix: string) => {
    for (const [name, raw] of Object.entries(o)) {
      const key = map.get(name);
      const text = asText(raw);
      if (key === undefined || text === undefined) {
        c.keep(hasOwn(c.extra, name) ? `${prefix}.${name}` : name, raw);
        continue;
      }
      // The other page's value of a shared key (plateNo) is kept in extra under its page.
      if (!c.set(key, text)) c.keep(`${prefix}.${name}`, raw);
    }
  };
  if (side === 'front') {
    walk(front, FRONT, 'frontInfo');
    walk(back, BACK, 'backInfo');
  } else {
    walk(back, BACK, 'backInfo');
    walk(front, FRONT, 'frontInfo');
  }
  const frontPlate = asText(front.plateNo) ?? '';
  const backPlate = asText(back.plateNo) ?? '';
  const warnings = plateAgreement(normalizeValue('plate', frontPlate), normalizeValue('plate', backPlate));

  return buildResult({
    docType: opts.docType ?? 'vehicle_license',
    side,
    provider: 'kuaitong',
    values: c.values,
    extra: c.extra,
    warnings,
    ...(opts.now ? { now: opts.now } : {}),
  });
}
