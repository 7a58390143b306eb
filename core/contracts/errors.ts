// One error type for every provider failure (DESIGN.md "Providers"). Codes are a small closed set;
// the provider's own code is kept in providerCode for support.
import { hasMarker } from '../errors/brand';
export const PROVIDER_ERROR_CODES = [
  'AUTH',
  'QUOTA',
  'RATE_LIMIT',
  'BAD_IMAGE',
  'NOT_FOUND_IN_IMAGE',
  'UNSUPPORTED',
  'UPSTREAM',
  'TIMEOUT',
] as const;
export type ProviderErrorCode = (typeof PROVIDER_ERROR_CODES)[number];

/** Codes after which routing tries the next provider. BAD_IMAGE etc. would fail everywhere. */
export const FALLBACK_CODES: ReadonlySet<ProviderErrorCode> = new Set(['QUOTA', 'RATE_LIMIT', 'TIMEOUT', 'UPSTREAM']);

export interface ProviderErrorInit {
  provider: string;
  code: ProviderErrorCode;
  retryable: boolean;
  /** The provider's own code (Juhe error_code, Kuaitong code/HTTP status, WeChat errcode), as text. */
  providerCode?: string | undefined;
  /** Chinese, for the user. */
  message: string;
  cause?: unknown;
}

const PROVIDER_ERROR: unique symbol = Symbol.for('licenselens.error.ProviderError');

export class ProviderError extends Error {
  /** The brand `isInstance` recognises in any copy of this module. */
  readonly [PROVIDER_ERROR] = true;
  readonly provider: string;
  readonly code: ProviderErrorCode;
  readonly retryable: boolean;
  readonly providerCode: string | undefined;

  constructor(init: ProviderErrorInit) {
    super(init.message, init.cause === undefined ? undefined : { cause: init.cause });
    this.name = 'ProviderError';
    this.provider = init.provider;
    this.code = init.code;
    this.retryable = init.retryable;
    this.providerCode = init.providerCode;
  }

  toJSON(): { provider: string; code: ProviderErrorCode; retryable: boolean; providerCode?: string; message: string } {
    return {
      provider: this.provider,
      code: this.code,
      retryable: this.retryable,
      ...(this.providerCode === undefined ? {} : { providerCode: this.providerCode }),
      message: this.message,
    };
  }

  static isInstance(e: unknown): e is ProviderError {
    return hasMarker(e, PROVIDER_ERROR);
  }
}

export function isProviderError(e: unknown): e is ProviderError {
  return ProviderError.isInstance(e);
}

/** Failures after which sending the same photo again may succeed (a timeout, a busy or unreachable
 *  service, a cancelled upload). A bad photo, a refused format, an exhausted quota or a missing
 *  configuration fail again: the clients offer 重试 only for these. */
const RETRY_CAN_SUCCEED: ReadonlySet<string> = new Set(['TIMEOUT', 'UPSTREAM', 'RATE_LIMIT', 'INTERNAL', 'NETWORK', 'ABORTED', 'CANCELLED']);

export function retryCanSucceed(code: string): boolean {
  return RETRY_CAN_SUCCEED.has(code);
}

/** Refusals of the records/ocr API (cloud functions and local server alike). */
export const API_ERROR_CODES = [
  'UNAUTHENTICATED',
  'FORBIDDEN',
  'NOT_FOUND',
  'INVALID_ARGUMENT',
  'CONFLICT',
  'RATE_LIMITED',
  'PAYLOAD_TOO_LARGE',
  'UNSUPPORTED_MEDIA_TYPE',
  'RECOGNITION_FAILED',
  'INTERNAL',
] as const;
export type ApiErrorCode = (typeof API_ERROR_CODES)[number];

/** The HTTP statuses the API answers with (literal, so a web framework takes them without a cast). */
export type ApiErrorStatus = 400 | 401 | 403 | 404 | 409 | 413 | 415 | 422 | 429 | 500;

export const API_ERROR_HTTP_STATUS = {
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  INVALID_ARGUMENT: 400,
  CONFLICT: 409,
  RATE_LIMITED: 429,
  PAYLOAD_TOO_LARGE: 413,
  UNSUPPORTED_MEDIA_TYPE: 415,
  RECOGNITION_FAILED: 422,
  INTERNAL: 500,
} as const satisfies Record<ApiErrorCode, ApiErrorStatus>;

const API_ERROR: unique symbol = Symbol.for('licenselens.error.ApiError');

export class ApiError extends Error {
  /** The brand `isInstance` recognises in any copy of this module. */
  readonly [API_ERROR] = true;
  readonly code: ApiErrorCode;
  readonly details: unknown;
  constructor(code: ApiErrorCode, message: string, details?: unknown) {
    super(message);
    this.name = 'ApiError';
    this.code = code;
    this.details = details;
  }
  toJSON(): { code: ApiErrorCode; message: string; details?: unknown } {
    return { code: this.code, message: this.message, ...(this.details === undefined ? {} : { details: this.details }) };
  }

  static isInstance(e: unknown): e is ApiError {
    return hasMarker(e, API_ERROR);
  }
}
