// Builds the providers this process may call, from configuration only (keys never come from a
// request). A provider without its key is not created; the reason comes back beside the providers so
// that the pipeline can record a SKIPPED attempt instead of failing silently.
import { ProviderError } from '../../core/contracts/errors';
import type { ProviderName, RequestedSide } from '../../core/contracts/result';
import { documentsReadBy } from '../../core/documents/registry';
import type { Config } from '../config';
import { upstreamError } from './http';
import { createJuheProvider, type JuheSettings } from './juhe/index';
import { createKuaitongProvider } from './kuaitong/index';
import { createRemoteEngineProvider } from './local/remote';
import { secretProblem } from '../identity/session';
import type { ImageInput, Provider, ProviderOutput, RecognizeRequest } from './types';
import { createWechatProvider, type WxCloudLike } from './wechat/index';

export type { WxCloudLike } from './wechat/index';

export interface SkippedProvider {
  provider: ProviderName;
  /** Chinese, recorded on the attempt. */
  reason: string;
}

/** The providers that could be created, and why the others were not (what createPipeline takes). */
export interface ProviderSet {
  providers: Provider[];
  skipped: SkippedProvider[];
}

type LocalSettings = NonNullable<Parameters<typeof import('./local/index').createLocalProvider>[0]>;

export interface CreateProvidersOptions {
  /** wx-server-sdk's `cloud` inside a cloud function: WeChat OCR then needs no app secret. */
  cloud?: WxCloudLike;
  fetch?: typeof globalThis.fetch;
  timeoutMs?: number;
  /** Juhe certificates upload form (default base64). */
  juheUpload?: JuheSettings['upload'];
  /** The offline engine: settings for it, or false where it cannot run (a cloud function). */
  local?: false | LocalSettings;
}

export function createProviders(config: Config, opts: CreateProvidersOptions = {}): ProviderSet {
  const common = { ...(opts.fetch ? { fetch: opts.fetch } : {}), ...(opts.timeoutMs ? { timeoutMs: opts.timeoutMs } : {}) };
  const providers: Provider[] = [];
  const skipped: SkippedProvider[] = [];

  if (opts.cloud) {
    providers.push(createWechatProvider({ ...common, cloud: opts.cloud }));
  } else if (config.WECHAT_APPID && config.WECHAT_SECRET) {
    providers.push(createWechatProvider({ ...common, appId: config.WECHAT_APPID, secret: config.WECHAT_SECRET, apiBase: config.WECHAT_API_BASE }));
  } else {
    skipped.push({ provider: 'wechat', reason: '未配置 WECHAT_APPID 和 WECHAT_SECRET（且不在云函数环境中），已跳过微信 OCR' });
  }

  if (config.JUHE_KEY) {
    providers.push(
      createJuheProvider({
        ...common,
        key: config.JUHE_KEY,
        ...(config.JUHE_BASE_URL ? { baseUrl: config.JUHE_BASE_URL } : {}),
        ...(opts.juheUpload ? { upload: opts.juheUpload } : {}),
      }),
    );
  } else {
    skipped.push({ provider: 'juhe', reason: '未配置 JUHE_KEY，已跳过聚合数据' });
  }

  if (config.KUAITONG_APPCODE && config.KUAITONG_URL) {
    providers.push(createKuaitongProvider({ ...common, appCode: config.KUAITONG_APPCODE, url: config.KUAITONG_URL }));
  } else {
    const missing = [!config.KUAITONG_APPCODE && 'KUAITONG_APPCODE', !config.KUAITONG_URL && 'KUAITONG_URL'].filter(Boolean).join(' 和 ');
    skipped.push({ provider: 'kuaitong', reason: `未配置 ${missing}，已跳过快瞳` });
  }

  // LOCAL_OCR_URL: the engine runs elsewhere (a container) and is called over signed HTTP — what a
  // cloud function does, where the models cannot run.
  if (config.LOCAL_OCR_URL) {
    const problem = secretProblem('LOCAL_OCR_SECRET', config.LOCAL_OCR_SECRET);
    if (problem) skipped.push({ provider: 'local', reason: `已配置 LOCAL_OCR_URL，但 LOCAL_OCR_SECRET 无效（${problem}），已跳过离线识别服务` });
    else providers.push(createRemoteEngineProvider({ ...common, url: config.LOCAL_OCR_URL, secret: config.LOCAL_OCR_SECRET! }));
  } else if (opts.local === false) skipped.push({ provider: 'local', reason: '此环境未启用离线识别引擎（可配置 LOCAL_OCR_URL 与 LOCAL_OCR_SECRET 调用离线识别服务）' });
  else providers.push(createLazyLocalProvider(opts.local));

  return { providers, skipped };
}

/** Larger than any photo after intake: the engine reads pixels, not an upload. */
export const LOCAL_MAX_BYTES = 10 * 1024 * 1024;

/**
 * The offline engine behind a lazy import: neither its module nor its models load until the first
 * recognition that reaches it. Support is read from the registry until then.
 */
export function createLazyLocalProvider(settings?: LocalSettings): Provider {
  // The same list the engine's extractor table is built from (server/ocr/extract/all.ts).
  const docs = new Set(documentsReadBy('local').map((d) => d.id));
  let loading: Promise<Provider> | undefined;
  const load = (): Promise<Provider> =>
    (loading ??= import('./local/index')
      .then((m) => m.createLocalProvider(settings))
      .catch((e: unknown) => {
        loading = undefined;
        throw upstreamError('local', `离线识别引擎无法加载（${e instanceof Error ? e.message : String(e)}）`, e);
      }));
  return {
    name: 'local',
    maxBytes: LOCAL_MAX_BYTES,
    supports: (docType: string, _side?: RequestedSide) => docs.has(docType),
    async recognize(image: ImageInput, req: RecognizeRequest): Promise<ProviderOutput> {
      const engine = await load();
      if (!engine.supports(req.docType, req.side)) {
        throw new ProviderError({ provider: 'local', code: 'UNSUPPORTED', retryable: false, message: `离线识别引擎暂不支持该证件（${req.docType}）` });
      }
      return engine.recognize(image, req);
    },
  };
}
