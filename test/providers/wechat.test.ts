import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ProviderError } from '../../core/contracts/errors';
import { ERROR_CATALOGUE } from '../../core/errors/catalogue';
import type { ImageInput } from '../../server/providers/types';
import { createWechatProvider, type WxCloudLike } from '../../server/providers/wechat';
import { CREDENTIALS, PATHS, startProviderServer, type ProviderServer } from '../support/provider-server';
import { providerContract } from './contract';
import { cardImage, payload } from './support';

const https = payload('wechat-https-vehicle-license');

providerContract({
  name: 'wechat',
  create: (server, o) =>
    createWechatProvider({
      appId: CREDENTIALS.wechatAppId,
      secret: o?.badCredentials ? 'not-the-secret' : CREDENTIALS.wechatSecret,
      apiBase: server.url,
      ...(o?.timeoutMs ? { timeoutMs: o.timeoutMs } : {}),
    }),
  path: PATHS.wechatOcr,
  documentedLimit: 2 * 1024 * 1024,
  basic: { docType: 'vehicle_license', side: 'front' },
  unsupported: ['id_card', 'driver_license', 'business_license', 'bank_card', 'vehicle_registration_certificate'],
  success: [
    {
      title: 'HTTPS sample (snake_case, the doc spells vhicle_type)',
      docType: 'vehicle_license',
      side: 'front',
      path: PATHS.wechatOcr,
      reply: https,
      fields: { owner: '东莞市xxxxx机械厂', vehicleType: '小型普通客车', registerDate: '2018-07-06', issueDate: '2018-07-01', fileNo: '441xxxxxx3' },
      resultSide: 'front',
      request: (r) => expect(r.query.get('type')).toBe('photo'),
    },
    {
      title: 'the same with the errcode 0 envelope',
      docType: 'vehicle_license',
      side: 'auto',
      path: PATHS.wechatOcr,
      reply: { errcode: 0, errmsg: 'ok', ...https },
      fields: { useCharacter: '非营运', engineNo: 'J3XXXXX3' },
    },
  ],
  checkRequest(req, image) {
    expect(req.method).toBe('POST');
    expect(req.contentType).toMatch(/^multipart\/form-data; boundary=/);
    expect(req.query.get('type')).toBe('photo');
    expect(req.query.get('access_token')).toBe('ACCESS_TOKEN_1');
    expect(req.files.img?.bytes.equals(image.bytes)).toBe(true);
    expect(req.files.img?.type).toBe('image/jpeg');
    expect(req.headers.authorization).toBeUndefined();
  },
  errorReply: (code) => ({ json: { errcode: Number(code), errmsg: `errcode ${code}` } }),
});

describe('wechat access token (HTTPS)', () => {
  let server: ProviderServer;
  let image: ImageInput;
  let clock: number;
  const make = () => createWechatProvider({ appId: CREDENTIALS.wechatAppId, secret: CREDENTIALS.wechatSecret, apiBase: server.url, now: () => clock });
  const count = (path: string) => server.requests.filter((r) => r.path === path).length;

  beforeAll(async () => {
    server = await startProviderServer();
    image = await cardImage();
  });
  afterAll(() => server.close());
  beforeEach(() => {
    server.reset();
    server.setDefault(PATHS.wechatOcr, { json: https });
    clock = 1_700_000_000_000;
  });

  it('fetches the token from the app id and secret and reuses it until it expires', async () => {
    const p = make();
    for (let i = 0; i < 3; i++) await p.recognize(image, { docType: 'vehicle_license', side: 'front' });
    expect(count(PATHS.wechatToken)).toBe(1);
    const tokenReq = server.requests.find((r) => r.path === PATHS.wechatToken)!;
    expect(tokenReq.method).toBe('GET');
    expect(Object.fromEntries(tokenReq.query)).toEqual({ grant_type: 'client_credential', appid: CREDENTIALS.wechatAppId, secret: CREDENTIALS.wechatSecret });
    expect(server.requests.filter((r) => r.path === PATHS.wechatOcr).map((r) => r.query.get('access_token'))).toEqual(Array(3).fill('ACCESS_TOKEN_1'));
  });

  it('shares one token request between concurrent recognitions', async () => {
    const p = make();
    await Promise.all([1, 2, 3, 4].map(() => p.recognize(image, { docType: 'vehicle_license' })));
    expect(count(PATHS.wechatToken)).toBe(1);
    expect(count(PATHS.wechatOcr)).toBe(4);
  });

  it('renews the token before expires_in runs out', async () => {
    const p = make();
    await p.recognize(image, { docType: 'vehicle_license' });
    clock += 7000 * 1000; // inside the renewal margin of a 7200 s token
    await p.recognize(image, { docType: 'vehicle_license' });
    expect(server.tokens.issued).toEqual(['ACCESS_TOKEN_1', 'ACCESS_TOKEN_2']);
    expect(server.requests.filter((r) => r.path === PATHS.wechatOcr).map((r) => r.query.get('access_token'))).toEqual(['ACCESS_TOKEN_1', 'ACCESS_TOKEN_2']);
  });

  it('refreshes the token and retries once when WeChat says it expired (42001)', async () => {
    const p = make();
    await p.recognize(image, { docType: 'vehicle_license' });
    server.tokens.expireAll();
    const out = await p.recognize(image, { docType: 'vehicle_license' });
    expect(out.result.fields.owner?.value).toBe('东莞市xxxxx机械厂');
    const ocr = server.requests.filter((r) => r.path === PATHS.wechatOcr).map((r) => r.query.get('access_token'));
    expect(ocr).toEqual(['ACCESS_TOKEN_1', 'ACCESS_TOKEN_1', 'ACCESS_TOKEN_2']);
  });

  it('refreshes on 40001 and gives up after one retry with AUTH', async () => {
    const p = make();
    const invalid = { json: { errcode: 40001, errmsg: 'invalid credential' } };
    server.queue(PATHS.wechatOcr, invalid, invalid, invalid);
    const e = await p.recognize(image, { docType: 'vehicle_license' }).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(ProviderError);
    expect(e).toMatchObject({ code: 'AUTH', providerCode: '40001' });
    expect(count(PATHS.wechatOcr)).toBe(2);
    expect(count(PATHS.wechatToken)).toBe(2);
  });

  it('does not retry other errors', async () => {
    server.queue(PATHS.wechatOcr, { json: payload('wechat-error-101003-quota') });
    await expect(make().recognize(image, { docType: 'vehicle_license' })).rejects.toMatchObject({ code: 'QUOTA', providerCode: '101003' });
    expect(count(PATHS.wechatOcr)).toBe(1);
    expect(count(PATHS.wechatToken)).toBe(1);
  });

  it('maps the documented error samples', async () => {
    const cases: [string, string][] = [
      ['wechat-error-system-busy', 'UPSTREAM'],
      ['wechat-error-101000-invalid-image-url', 'BAD_IMAGE'],
      ['wechat-error-101003-quota', 'QUOTA'],
    ];
    for (const [name, code] of cases) {
      server.queue(PATHS.wechatOcr, { json: payload(name) });
      await expect(make().recognize(image, { docType: 'vehicle_license' })).rejects.toMatchObject({ code });
    }
  });

  it('reports a token endpoint that serves an HTML page as UPSTREAM', async () => {
    server.queue(PATHS.wechatToken, { status: 502, body: '<html><title>502 Bad Gateway</title></html>', headers: { 'content-type': 'text/html' } });
    const e = await make().recognize(image, { docType: 'vehicle_license' }).catch((x: unknown) => x);
    expect(e).toMatchObject({ code: 'UPSTREAM' });
    expect((e as Error).message).toMatch(/HTML/);
  });

  it('needs either the cloud or an app id and secret', () => {
    expect(() => createWechatProvider({ appId: CREDENTIALS.wechatAppId })).toThrow(/appId/);
  });
});

/** wx-server-sdk's documented behaviour: camelCase in and out, errors thrown as {errCode, errMsg}. */
function fakeCloud(respond: (params: Record<string, unknown>) => unknown): WxCloudLike & { calls: Record<string, unknown>[] } {
  const calls: Record<string, unknown>[] = [];
  return {
    calls,
    openapi: {
      ocr: {
        async vehicleLicense(params) {
          calls.push(params as Record<string, unknown>);
          const out = await respond(params as Record<string, unknown>);
          return { ...(out as object), errCode: 0, errMsg: 'openapi.ocr.vehicleLicense:ok' };
        },
      },
    },
  };
}

function cloudError(errCode: number, errMsg: string): Error & { errCode: number; errMsg: string } {
  return Object.assign(new Error(`errCode: ${errCode} | errMsg: ${errMsg}`), { errCode, errMsg });
}

describe('wechat inside the cloud (openapi.ocr.vehicleLicense)', () => {
  let image: ImageInput;
  const noHttp: typeof fetch = () => Promise.reject(new Error('the cloud path must not use HTTP'));
  beforeAll(async () => {
    image = await cardImage();
  });

  it('sends the image as a file part and normalizes the camelCase answer', async () => {
    const cloud = fakeCloud(() => payload('wechat-cloud-vehicle-license'));
    const p = createWechatProvider({ cloud, fetch: noHttp });
    const out = await p.recognize(image, { docType: 'vehicle_license', side: 'front' });
    expect(cloud.calls).toHaveLength(1);
    expect(cloud.calls[0]).toEqual({ type: 'photo', img: { contentType: 'image/jpeg', value: image.bytes } });
    expect(out.result.fields.owner?.value).toBe('东莞市xxxxx机械厂');
    expect(out.result.fields.registerDate?.value).toBe('2018-07-06');
    expect(out.raw).toMatchObject({ errCode: 0, owner: '东莞市xxxxx机械厂' });
  });

  it('maps every documented error the SDK throws', async () => {
    for (const [code, entry] of Object.entries(ERROR_CATALOGUE.wechat)) {
      const p = createWechatProvider({ cloud: fakeCloud(() => { throw cloudError(Number(code), `openapi.ocr.vehicleLicense:fail ${entry.providerText}`); }), fetch: noHttp });
      const e = await p.recognize(image, { docType: 'vehicle_license' }).catch((x: unknown) => x);
      expect(e).toBeInstanceOf(ProviderError);
      expect([code, (e as ProviderError).code, (e as ProviderError).message]).toEqual([code, entry.code, entry.message]);
    }
  });

  it('reports an SDK failure without an errCode (no cloud reachable) as UPSTREAM', async () => {
    const p = createWechatProvider({
      cloud: fakeCloud(() => { throw Object.assign(new Error('getaddrinfo ENOTFOUND api.weixin.qq.com'), { code: 'ENOTFOUND' }); }),
      fetch: noHttp,
    });
    await expect(p.recognize(image, { docType: 'vehicle_license' })).rejects.toMatchObject({ code: 'UPSTREAM' });
  });

  it('stops waiting for an SDK call that never returns', async () => {
    const p = createWechatProvider({ cloud: fakeCloud(() => new Promise(() => undefined)), fetch: noHttp, timeoutMs: 100 });
    await expect(p.recognize(image, { docType: 'vehicle_license' })).rejects.toMatchObject({ code: 'TIMEOUT' });
  });

  it('reports a malformed SDK answer as UPSTREAM', async () => {
    const cloud: WxCloudLike = { openapi: { ocr: { vehicleLicense: async () => 'ok' } } };
    await expect(createWechatProvider({ cloud }).recognize(image, { docType: 'vehicle_license' })).rejects.toMatchObject({ code: 'UPSTREAM' });
  });
});

describe('wechat token sharing under abort', () => {
  it("one caller giving up does not fail the others' shared token request", async () => {
    const server = await startProviderServer();
    try {
      server.setDefault(PATHS.wechatOcr, { json: https });
      const image = await cardImage();
      // The token endpoint answers late: the first caller aborts while it is pending.
      let release!: () => void;
      const gate = new Promise<void>((r) => (release = r));
      const slowFetch: typeof fetch = async (input, init) => {
        if (String(input).includes(PATHS.wechatToken)) await gate;
        return fetch(input, init);
      };
      const p = createWechatProvider({ appId: CREDENTIALS.wechatAppId, secret: CREDENTIALS.wechatSecret, apiBase: server.url, fetch: slowFetch });
      const controller = new AbortController();
      const first = p.recognize(image, { docType: 'vehicle_license', signal: controller.signal });
      const second = p.recognize(image, { docType: 'vehicle_license' });
      const reason = new Error('first caller left');
      controller.abort(reason);
      await expect(first).rejects.toBe(reason);
      release();
      await expect(second).resolves.toHaveProperty('result.fields.owner.value', '东莞市xxxxx机械厂');
      expect(server.requests.filter((r) => r.path === PATHS.wechatToken)).toHaveLength(1);
    } finally {
      await server.close();
    }
  });
});
