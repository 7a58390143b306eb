// The provider interface (DESIGN.md "Providers"): one folder per provider under server/providers/,
// each a factory `create<Name>Provider(settings)` returning this object. Failures are thrown as the
// one ProviderError of core/contracts/errors.
import type { ProviderName, RecognitionResult, RequestedSide } from '../../core/contracts/result';

/** An image after intake (server/intake): type known from magic bytes, EXIF orientation applied. */
export interface ImageInput {
  bytes: Buffer;
  mime: 'image/jpeg' | 'image/png' | 'image/webp';
  width: number;
  height: number;
  /** Optional public URL of the same image, for providers that can fetch it themselves. */
  url?: string;
}

export interface RecognizeRequest {
  docType: string;
  /** 'auto' lets the provider/engine decide; undefined for one-sided documents. */
  side?: RequestedSide;
  signal?: AbortSignal;
  /** Who asked (an openid): a shared queue (the offline engine's) serves users fairly by it. */
  owner?: string;
}

export interface ProviderOutput {
  /** Normalized and validated (core normalizers + validators). */
  result: RecognitionResult;
  /** The provider's raw response, stored beside the fields. */
  raw: unknown;
}

export interface Provider {
  readonly name: ProviderName;
  /** Largest image (bytes of the file) the provider accepts; intake recompresses to fit. */
  readonly maxBytes: number;
  supports(docType: string, side?: RequestedSide): boolean;
  recognize(image: ImageInput, request: RecognizeRequest): Promise<ProviderOutput>;
}

/** Settings every factory accepts besides its own keys. */
export interface CommonProviderSettings {
  /** Injectable fetch (tests point it at a local server; defaults to globalThis.fetch). */
  fetch?: typeof globalThis.fetch;
  /** Per-request timeout in milliseconds. */
  timeoutMs?: number;
}
