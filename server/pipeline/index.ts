// The recognition pipeline: intake, then the document's providers in configured order until one
// answers. Falls back only on errors another provider could avoid (FALLBACK_CODES); every attempt is
// recorded. With no provider able to answer it says so — it never makes a result up.
import { FALLBACK_CODES, isProviderError, ProviderError } from '../../core/contracts/errors';
import type { Attempt } from '../../core/contracts/records';
import { PROVIDER_NAMES, RecognitionResultSchema, type ProviderName, type RecognitionResult, type RequestedSide } from '../../core/contracts/result';
import { getDocument } from '../../core/documents/registry';
import { inspectImage, IntakeError, prepareImage, type InspectOptions } from '../intake/index';
import { abortReason, providerLabel, upstreamError } from '../providers/http';
import type { SkippedProvider } from '../providers/index';
import type { ImageInput, Provider } from '../providers/types';

export type { Attempt } from '../../core/contracts/records';

export interface Timings {
  intakeMs: number;
  providerMs: number;
  totalMs: number;
}

export interface PipelineRequest {
  docType: string;
  side?: RequestedSide;
  /** A named provider is used alone; 'auto' (default) follows the routes. */
  provider?: ProviderName | 'auto';
  signal?: AbortSignal;
  /** Who asked (an openid), passed to the providers (the offline engine's queue is fair per user). */
  owner?: string;
}

/** Outcome codes: a ProviderErrorCode, or one of these when no provider could be asked. */
export type PipelineErrorCode = ProviderError['code'] | 'NO_PROVIDER' | 'UNSUPPORTED_DOCUMENT';

export type RecognizeOutcome =
  | { ok: true; result: RecognitionResult; raw: unknown; provider: ProviderName; attempts: Attempt[]; timings: Timings }
  | { ok: false; error: { code: PipelineErrorCode | string; message: string }; attempts: Attempt[]; timings: Timings };

export interface Pipeline {
  /** Throws IntakeError for an image no provider should see (before any provider is called). */
  recognize(bytes: Buffer, req: PipelineRequest): Promise<RecognizeOutcome>;
  /** The provider order a request would follow (for diagnostics and the CLI). */
  route(docType: string, provider?: ProviderName | 'auto'): ProviderName[];
}

export interface PipelineOptions {
  /** From createProviders (spread its result: providers and skipped). */
  providers: readonly Provider[];
  /** Why a provider is absent (no key, no engine here): recorded on its SKIPPED attempt. */
  skipped?: readonly SkippedProvider[];
  /** config.routes: per document type (or '*') an ordered provider list. */
  routes?: Record<string, ProviderName[]>;
  intake?: InspectOptions;
  /** Monotonic clock in ms (tests, bench). */
  now?: () => number;
}

const PAID: readonly ProviderName[] = PROVIDER_NAMES.filter((p) => p !== 'local');

export function createPipeline(opts: PipelineOptions): Pipeline {
  const byName = new Map(opts.providers.map((p) => [p.name, p]));
  const skipped = new Map((opts.skipped ?? []).map((s) => [s.provider, s.reason]));
  const routes = opts.routes ?? {};
  const now = opts.now ?? (() => performance.now());

  function route(docType: string, provider?: ProviderName | 'auto'): ProviderName[] {
    if (provider && provider !== 'auto') return [provider];
    const configured = routes[docType] ?? routes['*'];
    if (configured) return [...configured];
    // Default: the paid providers the registry lists for the document (its order), then the engine.
    const listed = getDocument(docType)?.providers ?? PROVIDER_NAMES;
    return [...listed.filter((p) => PAID.includes(p)), ...(listed.includes('local') ? (['local'] as const) : [])];
  }

  async function recognize(bytes: Buffer, req: PipelineRequest): Promise<RecognizeOutcome> {
    const t0 = now();
    const attempts: Attempt[] = [];
    const timings: Timings = { intakeMs: 0, providerMs: 0, totalMs: 0 };
    const done = <T extends RecognizeOutcome>(o: T): T => {
      timings.totalMs = round(now() - t0);
      timings.intakeMs = round(timings.intakeMs);
      timings.providerMs = round(timings.providerMs);
      return o;
    };
    const doc = getDocument(req.docType);
    if (!doc) {
      return done({ ok: false, error: { code: 'UNSUPPORTED_DOCUMENT', message: `不支持的证件类型：${req.docType}` }, attempts, timings });
    }
    // One-sided documents take no side; two-sided ones default to letting the provider decide.
    const side: RequestedSide | undefined = doc.sides.length === 0 ? undefined : (req.side ?? 'auto');
    const explicit = req.provider !== undefined && req.provider !== 'auto';
    const order = route(req.docType, req.provider);

    // Intake once per distinct byte limit; the first failure is the caller's (a 4xx, no record).
    const prepared = new Map<number, ImageInput>();
    let intakeChecked = false;
    async function imageFor(p: Provider): Promise<ImageInput> {
      const hit = prepared.get(p.maxBytes);
      if (hit) return hit;
      const start = now();
      try {
        const image = await prepareImage(bytes, { ...opts.intake, maxBytes: p.maxBytes });
        prepared.set(p.maxBytes, image);
        return image;
      } finally {
        intakeChecked = true;
        timings.intakeMs += now() - start;
      }
    }

    let last: ProviderError | undefined;
    for (const name of order) {
      if (req.signal?.aborted) throw abortReason(req.signal);
      const provider = byName.get(name);
      if (!provider) {
        attempts.push({ provider: name, ok: false, code: 'SKIPPED', message: skipped.get(name) ?? `${providerLabel(name)}未启用，已跳过`, durationMs: 0 });
        continue;
      }
      if (!provider.supports(req.docType, side)) {
        if (explicit) {
          attempts.push({ provider: name, ok: false, code: 'UNSUPPORTED', message: `${providerLabel(name)}不支持识别${doc.name}`, durationMs: 0 });
        }
        continue;
      }
      let image: ImageInput;
      try {
        image = await imageFor(provider);
      } catch (e) {
        // The image itself is unusable, or cannot fit this provider's smaller limit.
        if (!IntakeError.isInstance(e) || prepared.size === 0) throw e;
        attempts.push({ provider: name, ok: false, code: 'BAD_IMAGE', message: e.message, durationMs: 0 });
        continue;
      }
      const start = now();
      try {
        const out = await provider.recognize(image, {
          docType: req.docType,
          ...(side ? { side } : {}),
          ...(req.signal ? { signal: req.signal } : {}),
          ...(req.owner !== undefined ? { owner: req.owner } : {}),
        });
        const checked = RecognitionResultSchema.safeParse({ ...out.result, provider: name });
        if (!checked.success) throw upstreamError(name, `识别结果不符合约定（${checked.error.issues[0]?.message ?? ''}）`, checked.error);
        const durationMs = round(now() - start);
        timings.providerMs += durationMs;
        attempts.push({ provider: name, ok: true, durationMs });
        return done({ ok: true, result: checked.data, raw: out.raw, provider: name, attempts, timings });
      } catch (e) {
        const durationMs = round(now() - start);
        timings.providerMs += durationMs;
        if (req.signal?.aborted) throw e; // the caller gave up: no fallback, no outcome
        const err = isProviderError(e) ? e : upstreamError(name, e instanceof Error ? e.message : String(e), e);
        attempts.push({
          provider: name,
          ok: false,
          code: err.code,
          ...(err.providerCode === undefined ? {} : { providerCode: err.providerCode }),
          message: err.message,
          durationMs,
        });
        last = err;
        if (!FALLBACK_CODES.has(err.code)) break;
      }
    }

    if (last) return done({ ok: false, error: { code: last.code, message: last.message }, attempts, timings });
    // Nothing was asked: still refuse an unusable image first, as when a provider is available.
    if (!intakeChecked) {
      const start = now();
      try {
        await inspectImage(bytes, opts.intake);
      } finally {
        timings.intakeMs += now() - start;
      }
    }
    const reasons = attempts.map((a) => a.message).filter(Boolean);
    return done({
      ok: false,
      error: {
        code: 'NO_PROVIDER',
        message: `没有可用的识别服务可以识别${doc.name}${reasons.length ? `：${reasons.join('；')}` : ''}`,
      },
      attempts,
      timings,
    });
  }

  return { recognize, route };
}

function round(ms: number): number {
  return Math.max(0, Math.round(ms * 100) / 100);
}
