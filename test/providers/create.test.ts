import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../server/config';
import { createPipeline } from '../../server/pipeline';
import { createLazyLocalProvider, createProviders } from '../../server/providers';
import type { WxCloudLike } from '../../server/providers/wechat';
import { CREDENTIALS, PATHS, startProviderServer, type ProviderServer } from '../support/provider-server';
import { cardImage, juheEnvelope, payload } from './support';

describe('createProviders', () => {
  let server: ProviderServer;
  beforeAll(async () => {
    server = await startProviderServer();
  });
  afterAll(() => server.close());
  beforeEach(() => server.reset());

  const keyed = () =>
    loadConfig({
      WECHAT_APPID: CREDENTIALS.wechatAppId,
      WECHAT_SECRET: CREDENTIALS.wechatSecret,
      WECHAT_API_BASE: server.url,
      JUHE_KEY: CREDENTIALS.juheKey,
      JUHE_BASE_URL: server.url,
      KUAITONG_APPCODE: CREDENTIALS.kuaitongAppCode,
      KUAITONG_URL: `${server.url}${PATHS.kuaitong}`,
      OCR_ROUTES: 'vehicle_license=kuaitong,wechat,juhe',
    });

  it('creates only what has its keys and says why the rest is skipped', () => {
    const list = createProviders(loadConfig({}), {});
    expect(list.providers.map((p) => p.name)).toEqual(['local']);
    expect(list.skipped.map((s) => s.provider)).toEqual(['wechat', 'juhe', 'kuaitong']);
    expect(list.skipped.find((s) => s.provider === 'wechat')?.reason).toMatch(/WECHAT_APPID/);
    expect(list.skipped.find((s) => s.provider === 'juhe')?.reason).toMatch(/JUHE_KEY/);
    expect(list.skipped.find((s) => s.provider === 'kuaitong')?.reason).toMatch(/KUAITONG_APPCODE 和 KUAITONG_URL/);
    const half = createProviders(loadConfig({ KUAITONG_APPCODE: 'x' }), { local: false });
    expect(half.providers.map((p) => p.name)).toEqual([]);
    expect(half.skipped.map((s) => s.reason).join()).toMatch(/未配置 KUAITONG_URL，/);
    expect(half.skipped.find((s) => s.provider === 'local')?.reason).toMatch(/离线/);
  });

  it('hands the pipeline why each absent provider was skipped, recorded on its attempt', async () => {
    const pipeline = createPipeline({ ...createProviders(loadConfig({}), { local: false }), routes: { vehicle_license: ['juhe', 'kuaitong'] } });
    const out = await pipeline.recognize((await cardImage()).bytes, { docType: 'vehicle_license', side: 'front' });
    expect(out.ok).toBe(false);
    expect(out.attempts.map((a) => [a.provider, a.code])).toEqual([
      ['juhe', 'SKIPPED'],
      ['kuaitong', 'SKIPPED'],
    ]);
    expect(out.attempts[0]?.message).toMatch(/JUHE_KEY/);
    expect(out.attempts[1]?.message).toMatch(/KUAITONG_APPCODE/);
  });

  it('creates every provider from keys in the environment', () => {
    const list = createProviders(keyed(), { local: false });
    expect(list.providers.map((p) => p.name)).toEqual(['wechat', 'juhe', 'kuaitong']);
    expect(list.skipped.map((s) => s.provider)).toEqual(['local']);
  });

  it('uses the cloud for WeChat inside a cloud function, without an app secret', async () => {
    const calls: unknown[] = [];
    const cloud: WxCloudLike = {
      openapi: { ocr: { vehicleLicense: async (p) => (calls.push(p), { ...payload('wechat-cloud-vehicle-license'), errCode: 0, errMsg: 'openapi.ocr.vehicleLicense:ok' }) } },
    };
    const list = createProviders(loadConfig({}), { cloud, local: false });
    expect(list.providers.map((p) => p.name)).toEqual(['wechat']);
    const out = await list.providers[0]!.recognize(await cardImage(), { docType: 'vehicle_license' });
    expect(calls).toHaveLength(1);
    expect(out.result.fields.owner?.value).toBe('东莞市xxxxx机械厂');
  });

  it('runs the configured route end to end through the real adapters, falling back as documented', async () => {
    const config = keyed();
    const pipeline = createPipeline({ ...createProviders(config, { local: false, timeoutMs: 2000 }), routes: config.routes });
    server.queue(PATHS.kuaitong, { status: 402, body: '', headers: { 'x-ca-error-message': 'Quota Exhausted' } });
    server.queue(PATHS.wechatOcr, { json: payload('wechat-error-101003-quota') });
    server.queue(PATHS.juheBase64, { json: juheEnvelope(payload('juhe-cert-vehicle-license-front')) });
    const out = await pipeline.recognize((await cardImage()).bytes, { docType: 'vehicle_license', side: 'front' });
    expect(out.ok).toBe(true);
    if (!out.ok) return;
    expect(out.provider).toBe('juhe');
    expect(out.result.fields.vehicleType?.value).toBe('小型轿车');
    expect(out.attempts.map((a) => [a.provider, a.ok, a.code, a.providerCode])).toEqual([
      ['kuaitong', false, 'QUOTA', 'http:402'],
      ['wechat', false, 'QUOTA', '101003'],
      ['juhe', true, undefined, undefined],
    ]);
    expect(server.requests.map((r) => r.path)).toEqual([PATHS.kuaitong, PATHS.wechatToken, PATHS.wechatOcr, PATHS.juheBase64]);
  });

  it('keeps the offline engine unloaded until a recognition reaches it', () => {
    const local = createLazyLocalProvider();
    expect(local.name).toBe('local');
    expect(local.supports('vehicle_license')).toBe(true);
    expect(local.supports('bank_card')).toBe(false);
  });
});
