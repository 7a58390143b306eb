// The cloud functions' wiring, shared by cloudfunctions/ocr and cloudfunctions/records: wx-server-sdk
// in, handler calls out. Identity is getWXContext().OPENID (the platform's), never the event's fields
// (WeChat also injects event.userInfo; it is ignored). Results travel in an envelope because a thrown
// error reaches the mini program only as an opaque errMsg: { ok: true, data } | { ok: false, error }.
import { ApiError, type ApiErrorCode } from '../../core/contracts/errors';
import { OcrRequestSchema } from '../../core/contracts/records';
import { isInUploadFolder } from '../../core/contracts/upload';
import { loadConfig, type Config } from '../config';
import { createCloudPhotoStore } from '../stores/files/cloud';
import type { PhotoStore, RecordStore } from '../stores/types';
import type { WxCloud } from '../stores/wechat/api';
import { createWechatStore } from '../stores/wechat/index';
import { createWechatDossierStore } from '../stores/dossiers/wechat';
import type { DossierStore } from '../stores/dossiers/types';
import { createContext, type HandlerContext, type PipelineLike } from './context';
import { handleOcr, handleRecords, invalid } from './handlers';
import { requireCaller, toErrorResponse } from './edge';
import { ServicesRequestSchema } from '../../core/contracts/review';
import { configuredServices } from './review';

export type Envelope<T> = { ok: true; data: T } | { ok: false; error: { code: ApiErrorCode; message: string; details?: unknown } };

interface Services {
  config: Config;
  store: RecordStore;
  photos: PhotoStore;
  pipeline: PipelineLike;
  dossiers: DossierStore;
}

export interface CloudMainOptions {
  env?: Record<string, string | undefined>;
  /** The `ocr` function passes a factory (./cloud-pipeline); tests may pass a pipeline. Without one
   *  (the `records` function) nothing recognizes, and the provider and image code is not loaded. */
  pipeline?: PipelineLike | ((config: Config) => PipelineLike);
  /** The one clock of the handlers and the store (tests pin it). */
  now?: () => Date;
  log?: (line: string) => void;
}

const NO_PIPELINE: PipelineLike = {
  recognize: () => Promise.reject(new ApiError('INTERNAL', '此云函数不做识别，请调用 ocr 云函数')),
};

/** One instance per function container: init and the services are set up on the first call. */
export function createCloudRuntime(cloud: WxCloud, opts: CloudMainOptions = {}) {
  let services: Services | null = null;
  const log = opts.log ?? ((line: string) => console.log(line));

  function setup(): Services {
    if (services) return services;
    cloud.init({ env: cloud.DYNAMIC_CURRENT_ENV });
    const config = loadConfig(opts.env ?? process.env);
    services = {
      config,
      store: createWechatStore(cloud.database(), { adminOpenids: config.ADMIN_OPENIDS, createCollections: true, ...(opts.now ? { now: opts.now } : {}) }),
      dossiers: createWechatDossierStore(cloud.database(), { createCollections: true, ...(opts.now ? { now: opts.now } : {}) }),
      photos: createCloudPhotoStore(cloud),
      pipeline: typeof opts.pipeline === 'function' ? opts.pipeline(config) : (opts.pipeline ?? NO_PIPELINE),
    };
    return services;
  }

  async function context(): Promise<HandlerContext> {
    const s = setup();
    const openid = cloud.getWXContext().OPENID || null;
    return createContext({ openid, store: s.store, dossiers: s.dossiers, photos: s.photos, pipeline: s.pipeline, config: s.config, ...(opts.now ? { now: opts.now } : {}) });
  }

  async function envelope<T>(name: string, fn: () => Promise<T>): Promise<Envelope<T>> {
    const t0 = Date.now();
    try {
      const data = await fn();
      log(JSON.stringify({ fn: name, ok: true, ms: Date.now() - t0 }));
      return { ok: true, data };
    } catch (e) {
      const { body } = toErrorResponse(e, log);
      log(JSON.stringify({ fn: name, ok: false, code: body.code, ms: Date.now() - t0 }));
      return { ok: false, error: body };
    }
  }

  return {
    /** exports.main of cloudfunctions/ocr: { fileID, docType, side?, provider? } → the stored record;
     *  { action: 'services' } → the services it can call (it holds the provider keys, `records` does not). */
    ocr: (event: unknown) =>
      envelope('ocr', async () => {
        const ctx = requireCaller(await context());
        if (ServicesRequestSchema.safeParse(event).success) return configuredServices(ctx.pipeline);
        const req = OcrRequestSchema.safeParse(event);
        if (!req.success) throw invalid(req.error);
        // Someone holding another user's fileID must not get that photo recognized and read back.
        if (!isInUploadFolder(req.data.fileID, ctx.openid)) throw new ApiError('FORBIDDEN', '只能识别自己上传的照片，请重新拍摄');
        return handleOcr(ctx, req.data);
      }),
    /** exports.main of cloudfunctions/records: { action, … }. */
    records: (event: unknown) =>
      envelope('records', async () => {
        const ctx = await context();
        const { userInfo: _ignored, ...body } = (event && typeof event === 'object' ? event : {}) as Record<string, unknown>;
        return handleRecords(ctx, body);
      }),
  };
}
