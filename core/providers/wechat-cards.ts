// WeChat's OCR endpoints besides the vehicle licence: ocr.idcard, ocr.driverLicense, ocr.bankcard,
// ocr.businessLicense (pages listed in test/fixtures/provider-payloads/README.md). As for the vehicle
// licence, HTTPS answers in snake_case and the cloud call in camelCase — and the docs' cloud samples
// mix both (`id_num`, `reg_num`, `enterprise_name` stay snake_case) — so every spelling is mapped.
// normalizeWechat() has already turned an error envelope into a ProviderError.
import type { RecognitionResult, Side } from '../contracts/result';
import { normalizePeriod } from '../normalize/date';
import { buildResult } from '../result/build';
import { asText, Collector, type NormalizeOptions } from './util';

export type WechatCardDoc = 'id_card' | 'driver_license' | 'bank_card' | 'business_license';
export const WECHAT_CARD_DOCS: readonly WechatCardDoc[] = ['id_card', 'driver_license', 'bank_card', 'business_license'];

export function isWechatCardDoc(docType: string | undefined): docType is WechatCardDoc {
  return (WECHAT_CARD_DOCS as readonly string[]).includes(docType ?? '');
}

const VALID_FROM = '#validFrom';
const VALID_TO = '#validTo';

/** snake_case → key; the camelCase spelling is added for every entry. */
function keys(entries: [string, string][]): Map<string, string> {
  const m = new Map<string, string>();
  for (const [snake, key] of entries) {
    m.set(snake, key);
    m.set(snake.replace(/_([a-z])/g, (_s, c: string) => c.toUpperCase()), key);
  }
  return m;
}

const KEYS: Record<WechatCardDoc, Map<string, string>> = {
  // `type` (Front/Back) is the side, read separately.
  id_card: keys([
    ['name', 'name'],
    ['id', 'idNumber'],
    ['addr', 'address'],
    ['gender', 'sex'],
    // 民族 in the doc's field table ("nationality" in WeChat's naming).
    ['nationality', 'ethnicity'],
    ['valid_date', 'validPeriod'],
  ]),
  driver_license: keys([
    ['id_num', 'licenseNo'],
    ['name', 'name'],
    ['sex', 'sex'],
    ['nationality', 'nationality'],
    ['address', 'address'],
    ['birth_date', 'birthDate'],
    // 初次领证日期 per the field table, not an issue date of this card.
    ['issue_date', 'firstIssueDate'],
    ['car_class', 'licenseClass'],
    ['valid_from', VALID_FROM],
    ['valid_to', VALID_TO],
    // 印章文字: the seal names the issuing traffic police authority.
    ['official_seal', 'issuingAuthority'],
  ]),
  // The sample calls the card number `id`, the field table `number`.
  bank_card: keys([
    ['number', 'cardNo'],
    ['id', 'cardNo'],
  ]),
  business_license: keys([
    // 注册号: on licences since 2015 the unified social credit code stands in that place.
    ['reg_num', 'creditCode'],
    ['enterprise_name', 'name'],
    ['type_of_enterprise', 'companyType'],
    ['address', 'address'],
    ['legal_representative', 'legalRepresentative'],
    ['type_of_organization', 'compositionForm'],
    ['registered_capital', 'registeredCapital'],
    ['registered_date', 'establishDate'],
    ['valid_period', 'businessTerm'],
    ['business_scope', 'businessScope'],
  ]),
};

const ENVELOPE = new Set(['errcode', 'errmsg', 'errCode', 'errMsg']);

/** The ID card's printed side from WeChat's `type`, or undefined when absent or unknown. */
function idCardSide(type: unknown): Side | undefined {
  const t = typeof type === 'string' ? type.trim().toLowerCase() : '';
  return t === 'front' ? 'front' : t === 'back' ? 'back' : undefined;
}

export function normalizeWechatCard(docType: WechatCardDoc, payload: Record<string, unknown>, opts: NormalizeOptions = {}): RecognitionResult {
  const table = KEYS[docType];
  const c = new Collector();
  const parts: Record<string, string> = {};
  for (const [name, raw] of Object.entries(payload)) {
    if (ENVELOPE.has(name)) continue;
    if (docType === 'id_card' && name === 'type' && idCardSide(raw)) continue;
    const key = table.get(name);
    const text = asText(raw);
    if (key === undefined || text === undefined) {
      c.keep(name, raw);
      continue;
    }
    if (key === VALID_FROM || key === VALID_TO) {
      if (parts[key] === undefined) parts[key] = text;
      else c.keep(name, raw);
      continue;
    }
    c.setOr(key, text, name);
  }

  // The driving licence prints its validity as two dates; the registry holds one period.
  const from = parts[VALID_FROM];
  const to = parts[VALID_TO];
  if (from !== undefined || to !== undefined) {
    if (from && to) c.set('validPeriod', normalizePeriod(`${from}至${to}`));
    else {
      if (from !== undefined) c.keep('valid_from', from);
      if (to !== undefined) c.keep('valid_to', to);
    }
  }

  let side: Side | null = null;
  // WeChat says which side it read; that wins over the side the caller asked for.
  if (docType === 'id_card') side = idCardSide(payload.type) ?? opts.side ?? 'front';
  // ocr.driverLicense reads the main page only.
  else if (docType === 'driver_license') side = 'front';

  return buildResult({
    docType,
    side,
    provider: 'wechat',
    values: c.values,
    extra: c.extra,
    ...(opts.now ? { now: opts.now } : {}),
  });
}
