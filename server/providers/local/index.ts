// The `local` provider: the offline OCR engine (server/ocr) behind the Provider interface. It is given
// the OCR service to use (engine + queue, server/ocr/service.ts); recognitions are queued (bounded), so
// a burst of scans waits or is refused with a retryable error instead of exhausting memory. The models
// load on the first recognition (or at once with `preload`) and are shared by the whole process.
import { ProviderError } from '../../../core/contracts/errors';
import type { RequestedSide } from '../../../core/contracts/result';
import type { RecognitionResult } from '../../../core/contracts/result';
import { buildResult } from '../../../core/result/build';
import { joinPages, pickPage } from '../../../core/result/pages';
import { EngineBusyError, sharedOcrService } from '../../ocr/engine';
import { getExtractor, listExtractors } from '../../ocr/extract/index';
import { LocalRecognitionError, recognizeLocal, type LocalPage } from '../../ocr/recognize';
import { createOcrService, type OcrService } from '../../ocr/service';
import type { ImageInput, Provider, ProviderOutput, RecognizeRequest } from '../types';

export interface LocalProviderSettings {
  /** The OCR service to run on (its queue bounds the work). Default: the process's shared one, or a
   *  service of this provider's own when queue settings are given below. */
  engine?: OcrService;
  /** Recognitions allowed to wait behind the running one(s) before QUEUE_FULL (default 8). This and the
   *  next two make a service of this provider's own; they are ignored when `engine` is given. */
  maxQueue?: number;
  /** Recognitions one user may have waiting (default half of maxQueue). */
  maxQueuedPerOwner?: number;
  /** Recognitions run at once (default 1: the engine is CPU bound; raise it only with spare cores). */
  concurrency?: number;
  /** Per-recognition limit including queue wait, ms (default 30 s). */
  timeoutMs?: number;
  /** Start loading the models now instead of on the first recognition. */
  preload?: boolean;
}

/** Larger than any photo after intake: the engine reads pixels, not an upload. */
export const LOCAL_MAX_BYTES = 10 * 1024 * 1024;

export function createLocalProvider(settings: LocalProviderSettings = {}): Provider {
  const ownQueue = settings.maxQueue !== undefined || settings.maxQueuedPerOwner !== undefined || settings.concurrency !== undefined;
  const service =
    settings.engine ??
    (ownQueue
      ? createOcrService({
          ...(settings.maxQueue !== undefined ? { maxQueue: settings.maxQueue } : {}),
          ...(settings.maxQueuedPerOwner !== undefined ? { maxQueuedPerOwner: settings.maxQueuedPerOwner } : {}),
          ...(settings.concurrency !== undefined ? { concurrency: settings.concurrency } : {}),
        })
      : sharedOcrService);
  if (settings.preload) void service.load().catch(() => undefined); // a failure resurfaces on first use
  const timeoutMs = settings.timeoutMs ?? 30_000;

  return {
    name: 'local',
    maxBytes: LOCAL_MAX_BYTES,
    supports(docType: string, side?: RequestedSide): boolean {
      if (docType === 'auto') return listExtractors().length > 0;
      const x = getExtractor(docType);
      if (!x) return false;
      if (side === 'front' || side === 'back') return x.sides.includes(side);
      return true;
    },
    async recognize(image: ImageInput, req: RecognizeRequest): Promise<ProviderOutput> {
      const timeout = AbortSignal.timeout(timeoutMs);
      const signal = req.signal ? AbortSignal.any([req.signal, timeout]) : timeout;
      try {
        // The caller gets its answer at the deadline; a job already running finishes in the background
        // (checking the signal between stages) and keeps its queue slot until then, so load stays bounded.
        const job = service.run(
          (engine) => recognizeLocal(engine, image.bytes, { docType: req.docType, side: req.side, signal }),
          // the queue takes users in turn: one user's burst cannot starve the others
          { signal, owner: req.owner },
        );
        job.catch(() => undefined);
        const rec = await Promise.race([job, aborted(signal)]);
        // A photo holding several pages yields one result per page, built like a single page.
        const pages = rec.pages && rec.pages.length > 1 ? rec.pages : [rec];
        const result = joinPages(pages.map(pageResult), pickPage(pages, rec.docType, rec.side));
        return { result, raw: rec.raw };
      } catch (e) {
        throw toProviderError(e, timeout.aborted);
      }
    },
  };
}

/** One page the engine read as a normalized, validated result. */
export function pageResult(page: LocalPage): RecognitionResult {
  const result = buildResult({
    docType: page.docType,
    side: page.side,
    provider: 'local',
    values: page.values,
    extra: page.extra ?? {},
    warnings: page.warnings ?? [],
  });
  // Warnings only the engine knows (an unreadable seal) join the validators' own.
  for (const [key, ws] of Object.entries(page.fieldWarnings ?? {})) {
    const f = result.fields[key];
    if (f) f.warnings.push(...ws.filter((w) => !f.warnings.some((x) => x.code === w.code)));
  }
  return result;
}

function aborted(signal: AbortSignal): Promise<never> {
  return new Promise((_, reject) => {
    if (signal.aborted) reject(signal.reason);
    else signal.addEventListener('abort', () => reject(signal.reason), { once: true });
  });
}

function toProviderError(e: unknown, timedOut: boolean): ProviderError {
  if (ProviderError.isInstance(e)) return e;
  if (EngineBusyError.isInstance(e)) {
    return new ProviderError({ provider: 'local', code: 'RATE_LIMIT', retryable: true, providerCode: e.code, message: e.message, cause: e });
  }
  if (LocalRecognitionError.isInstance(e)) {
    return new ProviderError({ provider: 'local', code: e.code, retryable: false, providerCode: e.code, message: e.message, cause: e });
  }
  if (timedOut) {
    return new ProviderError({ provider: 'local', code: 'TIMEOUT', retryable: true, message: '离线识别超时，请稍后重试', cause: e });
  }
  if (e instanceof Error && e.name === 'AbortError') {
    return new ProviderError({ provider: 'local', code: 'TIMEOUT', retryable: true, message: '识别已取消', cause: e });
  }
  return new ProviderError({
    provider: 'local',
    code: 'UPSTREAM',
    retryable: false,
    message: `离线识别引擎出错（${e instanceof Error ? e.message : String(e)}）`,
    cause: e,
  });
}

