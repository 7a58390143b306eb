// A handler context wired like the local server: the real pipeline with the Kuaitong and Juhe providers
// pointed at the local provider stand-in, PGlite in memory, the local photo store.
import sharp from 'sharp';
import { loadConfig, type Config } from '../../server/config';
import { createPipeline } from '../../server/pipeline';
import { createProviders } from '../../server/providers';
import type { HandlerContext } from '../../server/records/context';
import { memoryStore } from '../delivery/support';
import { testPhotos } from '../admin/support';
import type { ProviderServer } from './provider-server';

export async function jpeg(width = 1200, height = 760): Promise<Buffer> {
  return sharp({ create: { width, height, channels: 3, background: { r: 40, g: 90, b: 160 } } })
    .jpeg({ quality: 80 })
    .toBuffer();
}

export function faultConfig(providers: ProviderServer, env: Record<string, string> = {}): Config {
  return loadConfig({
    KUAITONG_APPCODE: 'test-appcode',
    KUAITONG_URL: providers.kuaitongUrl,
    JUHE_KEY: 'test-key',
    JUHE_BASE_URL: providers.juheBaseUrl,
    OCR_ROUTES: 'vehicle_license=kuaitong,juhe',
    ADMIN_OPENIDS: 'o-admin',
    ...env,
  });
}

export async function faultContext(providers: ProviderServer, opts: { timeoutMs?: number; env?: Record<string, string> } = {}) {
  const config = faultConfig(providers, opts.env);
  const store = await memoryStore(['o-admin']);
  const photos = testPhotos();
  const pipeline = createPipeline({
    ...createProviders(config, { local: false, timeoutMs: opts.timeoutMs ?? 500 }),
    routes: config.routes,
  });
  const ctx = (openid: string | null): HandlerContext => ({
    openid,
    isAdmin: openid === 'o-admin',
    store,
    photos,
    pipeline,
    config,
    now: () => new Date(),
  });
  return { config, store, photos, pipeline, ctx };
}
