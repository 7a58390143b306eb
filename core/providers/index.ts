// normalizePayload: a provider's raw response → the RecognitionResult contract, or the documented
// error as a ProviderError. Anything that is not what the provider documents becomes a ProviderError
// (code UPSTREAM) too: callers get a well-formed result or a typed error, never a crash.
import { ProviderError } from '../contracts/errors';
import type { RecognitionResult, Side } from '../contracts/result';
import { getDocument } from '../documents/registry';
import { malformedPayload } from '../errors/catalogue';
import { normalizeJuhe } from './juhe';
import { normalizeKuaitong } from './kuaitong';
import type { NormalizeOptions } from './util';
import { normalizeWechat } from './wechat';
import { isWechatCardDoc } from './wechat-cards';

export { JUHE_CARD_TYPES, juheCardTypeFor, detectJuheDocument } from './juhe-cards';
export { normalizeWechat } from './wechat';
export { WECHAT_CARD_DOCS, isWechatCardDoc, normalizeWechatCard } from './wechat-cards';
export { normalizeJuhe } from './juhe';
export { normalizeKuaitong } from './kuaitong';
export type { NormalizeOptions } from './util';

export type PayloadProvider = 'wechat' | 'juhe' | 'kuaitong';
export const PAYLOAD_PROVIDERS: readonly PayloadProvider[] = ['wechat', 'juhe', 'kuaitong'];

/** Juhe reads every registry document; WeChat the vehicle licence and its other ocr.* cards. */
function reads(provider: PayloadProvider, docType: string): boolean {
  if (provider === 'juhe') return true;
  return docType === 'vehicle_license' || (provider === 'wechat' && isWechatCardDoc(docType));
}

export function normalizePayload(
  provider: PayloadProvider,
  payload: unknown,
  opts: { docType?: string; side?: Side | null; cardType?: number; now?: Date } = {},
): RecognitionResult {
  // JavaScript callers may pass 'auto' or junk: only a real side (or null) is a side.
  const side = opts.side === 'front' || opts.side === 'back' || opts.side === null ? opts.side : undefined;
  const { side: _ignored, ...rest } = opts;
  const o: NormalizeOptions = side === undefined ? rest : { ...rest, side };
  try {
    if (o.docType !== undefined && (!getDocument(o.docType) || !reads(provider, o.docType))) {
      throw new ProviderError({
        provider,
        code: 'UNSUPPORTED',
        retryable: false,
        providerCode: undefined,
        message: `该识别服务不支持此证件类型（${o.docType}）`,
      });
    }
    switch (provider) {
      case 'wechat':
        return normalizeWechat(payload, o);
      case 'juhe':
        return normalizeJuhe(payload, o);
      case 'kuaitong':
        return normalizeKuaitong(payload, o);
      default:
        throw new ProviderError({ provider: String(provider), code: 'UNSUPPORTED', retryable: false, message: '不支持的识别服务' });
    }
  } catch (e) {
    if (ProviderError.isInstance(e)) throw e;
    // A defect on an input nobody foresaw must still surface as the one typed error.
    throw malformedPayload(provider, e instanceof Error ? e.message : String(e));
  }
}
