// The recognition pipeline: intake, then the document's providers in configured order until one
// answers. Falls back only on errors another provider could avoid (FALLBACK_CODES); every attempt is
// recorded. With no provider able to answer it says so — it never makes a result up.
import { FALLBACK_CODES, isProviderError, ProviderError } from '../../core/contracts/errors';
import type { Attempt } from '../../core/contracts/records';
import { PROVIDER_NAMES, RecognitionResultSchema, type ProviderName, type RecognitionResult, type RequestedSide } from '../../core/contracts/result';
import { getDocument } from '../../core/documents/registry';
import { addLexiconWarnings, type FieldLexicon } from '../../core/validate/lexicon';
import { inspectImage, IntakeError, prepareImage, type InspectOptions, type PreparedImage } from '../intake/index';
import { abortReason, providerLabel, upstreamError } from '../providers/http';
import { addPhotoWarnings, MEASURE_LONG_SIDE } from '../quality/index';
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
  /** The providers this pipeline can call (configured), in PROVIDER_NAMES order: what clients offer. */
  providers(): ProviderName[];
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
  /** The maintained lists core's lexicon checks ask (server/ocr/lexicon/fields.ts), for every
   *  provider's result; absent where the lists are not shipped (the cloud functions). */
  lexicon?: FieldLexicon;
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

  /** One recognition, top to bottom: the document and its side, the route, each provider in turn (its
   *  own intake size), until one answers or an error another provider could not avoid. */
  async function recognize(bytes: Buffer, req: PipelineRequest): Promise<RecognizeOutcome> {
    const attempts: Attempt[] = [];
    const clock = startTimings(now);
    const doc = getDocument(req.docType);
    if (!doc) {
      return clock.done({ ok: false, error: { code: 'UNSUPPORTED_DOCUMENT', message: `不支持的证件类型：${req.docType}` }, attempts });
    }
    // One-sided documents take no side; two-sided ones default to letting the provider decide.
    const side: RequestedSide | undefined = doc.sides.length === 0 ? undefined : (req.side ?? 'auto');
    const explicit = req.provider !== undefined && req.provider !== 'auto';
    const intake = intakeCache(bytes, clock.timings);

    let last: ProviderError | undefined;
    for (const name of route(req.docType, req.provider)) {
      if (req.signal?.aborted) throw abortReason(req.signal);
      const provider = usableProvider(name, doc.name, req.docType, side, explicit, attempts);
      if (!provider) continue;
      const image = await intake.imageFor(provider, attempts);
      if (!image) continue;
      const step = await askProvider(provider, image, req, side, clock.timings);
      attempts.push(step.attempt);
      if (step.ok) {
        // Photo quality and authenticity for every provider, by core's checks (doubt recomputed), on the
        // provider's prepared copy: already bounded in size, and a small photo stays small; its pixels
        // were kept by the intake's own decode, so the photo is not decoded a second time.
        const qStart = now();
        const photoChecked = await addPhotoWarnings(step.result, image);
        // real divisions, authority names and brands: the same doubt for every provider's fields
        const result = opts.lexicon ? addLexiconWarnings(photoChecked, opts.lexicon) : photoChecked;
        clock.timings.intakeMs += now() - qStart;
        return clock.done({ ok: true, result, raw: step.raw, provider: name, attempts });
      }
      last = step.error;
      if (!FALLBACK_CODES.has(step.error.code)) break;
    }

    if (last) return clock.done({ ok: false, error: { code: last.code, message: last.message }, attempts });
    // Nothing was asked: still refuse an unusable image first, as when a provider is available.
    await intake.checkOnce();
    // The user's message names the services, never the server settings behind them (those stay in
    // the attempts, for whoever configures the server).
    const known = (p: string): p is ProviderName => (PROVIDER_NAMES as readonly string[]).includes(p);
    const reasons = attempts
      .map((a) => (a.code === 'SKIPPED' ? `${known(a.provider) ? providerLabel(a.provider) : a.provider}未启用` : a.message))
      .filter(Boolean);
    return clock.done({
      ok: false,
      error: { code: 'NO_PROVIDER', message: `没有可用的识别服务可以识别${doc.name}${reasons.length ? `：${reasons.join('；')}` : ''}` },
      attempts,
    });
  }

  /** The provider to ask, or null (with a SKIPPED or, when asked for by name, UNSUPPORTED attempt). */
  function usableProvider(
    name: ProviderName,
    docName: string,
    docType: string,
    side: RequestedSide | undefined,
    explicit: boolean,
    attempts: Attempt[],
  ): Provider | null {
    const provider = byName.get(name);
    if (!provider) {
      attempts.push({ provider: name, ok: false, code: 'SKIPPED', message: skipped.get(name) ?? `${providerLabel(name)}未启用，已跳过`, durationMs: 0 });
      return null;
    }
    if (!provider.supports(docType, side)) {
      if (explicit) attempts.push({ provider: name, ok: false, code: 'UNSUPPORTED', message: `${providerLabel(name)}不支持识别${docName}`, durationMs: 0 });
      return null;
    }
    return provider;
  }

  /** Intake once per distinct byte limit; the first failure is the caller's (a 4xx, no record), a later
   *  one only means the image cannot fit that provider's smaller limit (a BAD_IMAGE attempt). */
  function intakeCache(bytes: Buffer, timings: Timings) {
    const prepared = new Map<number, PreparedImage>();
    let checked = false;
    async function timed<T>(work: () => Promise<T>): Promise<T> {
      const start = now();
      try {
        return await work();
      } finally {
        checked = true;
        timings.intakeMs += now() - start;
      }
    }
    return {
      async imageFor(p: Provider, attempts: Attempt[]): Promise<PreparedImage | null> {
        const hit = prepared.get(p.maxBytes);
        if (hit) return hit;
        try {
          const image = await timed(() => prepareImage(bytes, { ...opts.intake, maxBytes: p.maxBytes, pixelsLongSide: MEASURE_LONG_SIDE }));
          prepared.set(p.maxBytes, image);
          return image;
        } catch (e) {
          if (!IntakeError.isInstance(e) || prepared.size === 0) throw e;
          attempts.push({ provider: p.name, ok: false, code: 'BAD_IMAGE', message: e.message, durationMs: 0 });
          return null;
        }
      },
      async checkOnce(): Promise<void> {
        if (!checked) await timed(() => inspectImage(bytes, opts.intake));
      },
    };
  }

  /** One provider call: its result checked against the contract, or its failure as a ProviderError. */
  async function askProvider(
    provider: Provider,
    image: ImageInput,
    req: PipelineRequest,
    side: RequestedSide | undefined,
    timings: Timings,
  ): Promise<
    | { ok: true; result: RecognitionResult; raw: unknown; attempt: Attempt }
    | { ok: false; error: ProviderError; attempt: Attempt }
  > {
    const name = provider.name;
    const start = now();
    const elapsed = (): number => {
      const durationMs = round(now() - start);
      timings.providerMs += durationMs;
      return durationMs;
    };
    try {
      const out = await provider.recognize(image, {
        docType: req.docType,
        ...(side ? { side } : {}),
        ...(req.signal ? { signal: req.signal } : {}),
        ...(req.owner !== undefined ? { owner: req.owner } : {}),
      });
      const checked = RecognitionResultSchema.safeParse({ ...out.result, provider: name });
      if (!checked.success) throw upstreamError(name, `识别结果不符合约定（${checked.error.issues[0]?.message ?? ''}）`, checked.error);
      return { ok: true, result: checked.data, raw: out.raw, attempt: { provider: name, ok: true, durationMs: elapsed() } };
    } catch (e) {
      const durationMs = elapsed();
      if (req.signal?.aborted) throw e; // the caller gave up: no fallback, no outcome
      const error = isProviderError(e) ? e : upstreamError(name, e instanceof Error ? e.message : String(e), e);
      const attempt: Attempt = {
        provider: name,
        ok: false,
        code: error.code,
        ...(error.providerCode === undefined ? {} : { providerCode: error.providerCode }),
        message: error.message,
        durationMs,
      };
      return { ok: false, error, attempt };
    }
  }

  const providers = (): ProviderName[] => PROVIDER_NAMES.filter((p) => byName.has(p));

  return { recognize, route, providers };
}

/** The outcome's timings: intake and provider time add up as they happen, the total at the end. */
function startTimings(now: () => number) {
  const t0 = now();
  const timings: Timings = { intakeMs: 0, providerMs: 0, totalMs: 0 };
  return {
    timings,
    done<T extends DistributiveOmit<RecognizeOutcome, 'timings'>>(o: T): T & { timings: Timings } {
      timings.totalMs = round(now() - t0);
      timings.intakeMs = round(timings.intakeMs);
      timings.providerMs = round(timings.providerMs);
      return { ...o, timings };
    },
  };
}

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;

function round(ms: number): number {
  return Math.max(0, Math.round(ms * 100) / 100);
}
