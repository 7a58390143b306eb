// The offline engine as a service, for real: `startServer` with ENGINE_SERVICE_SECRET runs the engine
// behind POST /api/engine/recognize on loopback, and the `ocr` cloud function's providers (LOCAL_OCR_URL
// + LOCAL_OCR_SECRET, no engine of their own) route WeChat first, then the engine, as OCR_ROUTES says.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ENGINE_PATH } from '../../core/contracts/engine';
import { startServer, type RunningServer } from '../../local/server/index';
import { loadConfig } from '../../server/config';
import { signedHeaders } from '../../server/engine-service/signing';
import { createPipeline } from '../../server/pipeline/index';
import { createProviders } from '../../server/providers/index';
import { createCloudRuntime } from '../../server/records/cloud';
import { createCloudPipeline } from '../../server/records/cloud-pipeline';
import type { WxCloud } from '../../server/stores/wechat/api';
import { createWechatStore } from '../../server/stores/wechat/index';
import { uploadFixture } from '../cloudfunctions/support';
import { realFixture } from '../support/fixtures';
import { CREDENTIALS, PATHS, startProviderServer, type ProviderServer } from '../support/provider-server';
import { createCloudStandin } from '../support/wx-cloud-standin';

const SECRET = 'e'.repeat(16) + '-engine-service-secret-for-tests';
const SESSION_SECRET = 's'.repeat(48);
const card = realFixture('vehicle-licence-front-01');

let dir: string;
let engine: RunningServer;
let wechat: ProviderServer;

async function start(env: Record<string, string>): Promise<RunningServer> {
  return startServer({
    config: loadConfig({ DATA_DIR: dir, SESSION_SECRET, ...env }),
    port: 0,
    host: '127.0.0.1',
    store: createWechatStore(createCloudStandin().database(), { createCollections: true }),
    log: () => undefined,
    webRoot: join(dir, 'no-web'),
  });
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'll-engine-service-'));
  engine = await start({ ENGINE_SERVICE_SECRET: SECRET });
  wechat = await startProviderServer();
});
afterAll(async () => {
  await engine?.close();
  await wechat?.close();
  await rm(dir, { recursive: true, force: true });
});

const smallJpeg = Buffer.from(
  '/9j/4AAQSkZJRgABAQEASABIAAD/2wBDAP//////////////////////////////////////////////////////////////////////////////////////wgALCAABAAEBAREA/8QAFBABAAAAAAAAAAAAAAAAAAAAAP/aAAgBAQABPxA=',
  'base64',
);

function post(body: string, headers: Record<string, string>): Promise<Response> {
  return fetch(`${engine.url}${ENGINE_PATH}`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });
}
const bodyOf = (image: Buffer, nonce = `n-${Math.random().toString(36).slice(2)}-0123456789`) =>
  JSON.stringify({ nonce, docType: 'vehicle_license', side: 'front', image: { mime: 'image/jpeg', base64: image.toString('base64') } });

describe('engine service', () => {
  it('serves a cloud function whose WeChat quota is used up: the scan falls through to the engine', async () => {
    const config = loadConfig({
      WECHAT_APPID: CREDENTIALS.wechatAppId,
      WECHAT_SECRET: CREDENTIALS.wechatSecret,
      WECHAT_API_BASE: wechat.url,
      LOCAL_OCR_URL: engine.url,
      LOCAL_OCR_SECRET: SECRET,
      OCR_ROUTES: 'vehicle_license=wechat,local',
    });
    wechat.queue(PATHS.wechatOcr, { json: { errcode: 101003, errmsg: 'not enough market quota' } });
    // local: false is what the `ocr` cloud function passes: no engine in its own process.
    const pipeline = createPipeline({ ...createProviders(config, { local: false }), routes: config.routes });
    const out = await pipeline.recognize(card.bytes, { docType: 'vehicle_license', side: 'front' });
    expect(out.attempts.map((a) => [a.provider, a.ok ? 'ok' : a.code])).toEqual([
      ['wechat', 'QUOTA'],
      ['local', 'ok'],
    ]);
    if (!out.ok) throw new Error('expected a result');
    expect(out.provider).toBe('local');
    expect(out.result.fields.plateNo?.value).toBe(card.fields.plateNo);
    expect(out.result.fields.vin?.value).toBe(card.fields.vin);
  }, 180_000);

  it('is where the `ocr` cloud function sends a scan once WeChat says the quota is used up', async () => {
    const cloud = createCloudStandin();
    cloud.openapi = {
      ocr: {
        // wx-server-sdk throws the openapi's errCode (101003: not enough market quota).
        async vehicleLicense() {
          throw Object.assign(new Error('openapi.ocr.vehicleLicense:fail 101003'), { errCode: 101003, errMsg: 'openapi.ocr.vehicleLicense:fail not enough market quota' });
        },
      },
    };
    // Wired as cloudfunctions/ocr wires it: the runtime with the cloud pipeline factory.
    const runtime = createCloudRuntime(cloud as unknown as WxCloud, {
      pipeline: (config) => createCloudPipeline(cloud as unknown as WxCloud, config),
      env: { LOCAL_OCR_URL: engine.url, LOCAL_OCR_SECRET: SECRET, OCR_ROUTES: 'vehicle_license=wechat,local' },
      log: () => undefined,
    });
    cloud.context = { OPENID: 'o-cloud-user', APPID: 'wx-test' };
    const fileID = await uploadFixture('o-cloud-user', cloud);
    const out = (await runtime.ocr({ fileID, docType: 'vehicle_license', side: 'front' })) as {
      ok: boolean;
      data?: { provider: string; attempts: { provider: string; ok: boolean; code?: string }[]; recognized: Record<string, { value: string }> };
    };
    expect(out.ok, JSON.stringify(out)).toBe(true);
    expect(out.data!.provider).toBe('local');
    expect(out.data!.attempts.map((a) => [a.provider, a.ok ? 'ok' : a.code])).toEqual([
      ['wechat', 'QUOTA'],
      ['local', 'ok'],
    ]);
    expect(out.data!.recognized.plateNo?.value).toBe(card.fields.plateNo);
  }, 180_000);

  it('answers a signed request once, and refuses the same request replayed', async () => {
    const body = bodyOf(smallJpeg);
    const headers = signedHeaders(SECRET, body);
    const first = await post(body, headers);
    // The image is no card: the engine itself answers, whatever it finds — but the request was accepted.
    expect(first.status).not.toBe(401);
    const again = await post(body, headers);
    expect(again.status).toBe(401);
    expect(await again.json()).toMatchObject({ error: { code: 'AUTH', providerCode: 'REPLAYED' } });
  }, 120_000);

  it('refuses a wrong secret, a stale timestamp, a tampered body and a missing signature', async () => {
    const body = bodyOf(smallJpeg);
    const cases: [Record<string, string>, string, string][] = [
      [signedHeaders('w'.repeat(40), body), body, 'BAD_SIGNATURE'],
      [signedHeaders(SECRET, body, Math.floor(Date.now() / 1000) - 3600), body, 'STALE'],
      [signedHeaders(SECRET, body), body.replace('front', 'back'), 'BAD_SIGNATURE'],
      [{}, body, 'BAD_SIGNATURE'],
    ];
    for (const [headers, sent, code] of cases) {
      const res = await post(sent, headers);
      expect(res.status).toBe(401);
      const json = (await res.json()) as { error: { providerCode: string; message: string } };
      expect(json.error.providerCode).toBe(code);
      expect(json.error.message).toMatch(/[\u4e00-\u9fa5]/);
    }
  });

  it('refuses a signed request that is not an image, or not the documented body, with 400', async () => {
    const gif = Buffer.from('R0lGODlhAQABAIAAAAAAAP///ywAAAAAAQABAAACAUwAOw==', 'base64');
    const notImage = bodyOf(gif);
    const res = await post(notImage, signedHeaders(SECRET, notImage));
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ error: { code: 'BAD_IMAGE', providerCode: 'BAD_IMAGE' } });
    const odd = JSON.stringify({ nonce: 'short', docType: 'vehicle_license' });
    const bad = await post(odd, signedHeaders(SECRET, odd));
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({ error: { providerCode: 'BAD_REQUEST' } });
  });

  it('does not exist on a server started without ENGINE_SERVICE_SECRET', async () => {
    const plain = await start({});
    try {
      const body = bodyOf(smallJpeg);
      const res = await fetch(`${plain.url}${ENGINE_PATH}`, { method: 'POST', headers: signedHeaders(SECRET, body), body });
      expect(res.status).toBe(404);
    } finally {
      await plain.close();
    }
  });

  it('refuses to start with an empty or short ENGINE_SERVICE_SECRET, saying why', async () => {
    await expect(start({ ENGINE_SERVICE_SECRET: '' })).rejects.toThrow(/ENGINE_SERVICE_SECRET is empty/);
    await expect(start({ ENGINE_SERVICE_SECRET: 'secret' })).rejects.toThrow(/ENGINE_SERVICE_SECRET has 6 bytes; at least 32/);
  });

  it('leaves the engine out of a cloud function whose LOCAL_OCR_SECRET is weak, recording why', () => {
    const providers = createProviders(loadConfig({ LOCAL_OCR_URL: engine.url, LOCAL_OCR_SECRET: 'short' }), { local: false });
    expect(providers.providers.map((p) => p.name)).not.toContain('local');
    expect(providers.skipped.find((s) => s.provider === 'local')?.reason).toMatch(/LOCAL_OCR_SECRET.*at least 32/);
  });
});
