import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ProviderError } from '../../core/contracts/errors';
import { ERROR_CATALOGUE } from '../../core/errors/catalogue';
import type { ImageInput } from '../../server/providers/types';
import { createWechatProvider, type WxCloudLike } from '../../server/providers/wechat';
import { CREDENTIALS, PATHS, startProviderServer, type ProviderServer } from '../support/provider-server';
import { providerContract } from './contract';
import { cardImage, gifImage, payload } from './support';

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
  unsupported: ['e_driver_license', 'passport', 'e_vehicle_license', 'vehicle_registration_certificate'],
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
    {
      title: 'ocr.idcard front (type Front → side front)',
      docType: 'id_card',
      side: 'front',
      path: PATHS.wechatIdCard,
      reply: payload('wechat-https-id-card-front'),
      fields: { name: '张三', idNumber: '123456789012345678', address: '广东省广州市', sex: '男', ethnicity: '汉' },
      resultSide: 'front',
      request: (r) => expect(r.query.get('type')).toBe('photo'),
    },
    {
      title: "ocr.idcard back, side auto: the side is WeChat's type Back",
      docType: 'id_card',
      side: 'auto',
      path: PATHS.wechatIdCard,
      reply: payload('wechat-https-id-card-back'),
      fields: { validPeriod: '2007-01-05至2027-01-05' },
      resultSide: 'back',
    },
    {
      title: 'ocr.driverLicense (valid_from + valid_to → validPeriod)',
      docType: 'driver_license',
      path: PATHS.wechatDriverLicense,
      reply: payload('wechat-https-driver-license'),
      fields: { licenseNo: '660601XXXXXXXX1234', licenseClass: 'C1', firstIssueDate: '2012-12-21', validPeriod: '2018-07-06至2020-07-01', issuingAuthority: 'xx市公安局公安交通管理局' },
      resultSide: 'front',
      // The drivinglicense page lists no `type` parameter.
      request: (r) => expect(r.query.has('type')).toBe(false),
    },
    {
      title: 'ocr.bankcard (errcode "0" as a string, number in `id`)',
      docType: 'bank_card',
      path: PATHS.wechatBankCard,
      reply: payload('wechat-https-bank-card'),
      fields: { cardNo: '622213XXXXXXXXX' },
      resultSide: null,
      request: (r) => expect(r.files.img?.type).toBe('image/jpeg'),
    },
    {
      title: 'ocr.businessLicense (positions kept in extra)',
      docType: 'business_license',
      path: PATHS.wechatBizLicense,
      reply: payload('wechat-https-business-license'),
      fields: { name: 'XX饮食店', creditCode: '123123', legalRepresentative: '张三', establishDate: '2018-01-01', registeredCapital: '200万' },
      resultSide: null,
      request: (r) => expect(r.query.get('access_token')).toBe('ACCESS_TOKEN_1'),
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

describe('wechat document routing', () => {
  const p = createWechatProvider({ appId: CREDENTIALS.wechatAppId, secret: CREDENTIALS.wechatSecret, apiBase: 'http://127.0.0.1:9' });

  it('reads the vehicle licence, the ID card (either side or auto), the main page of the driving licence, bank cards and business licences', () => {
    for (const side of [undefined, 'front', 'back', 'auto'] as const) {
      expect(p.supports('vehicle_license', side)).toBe(true);
      expect(p.supports('id_card', side)).toBe(true);
      expect(p.supports('bank_card', side)).toBe(true);
      expect(p.supports('business_license', side)).toBe(true);
    }
    expect([p.supports('driver_license'), p.supports('driver_license', 'front'), p.supports('driver_license', 'auto')]).toEqual([true, true, true]);
    expect(p.supports('driver_license', 'back')).toBe(false);
    expect(p.supports('e_driver_license')).toBe(false);
    expect(p.supports('__proto__')).toBe(false);
  });

  it('refuses an unsupported document or side as UNSUPPORTED without calling WeChat', async () => {
    const image = await cardImage();
    const none: typeof fetch = () => Promise.reject(new Error('must not be called'));
    const q = createWechatProvider({ appId: CREDENTIALS.wechatAppId, secret: CREDENTIALS.wechatSecret, fetch: none });
    await expect(q.recognize(image, { docType: 'driver_license', side: 'back' })).rejects.toMatchObject({ code: 'UNSUPPORTED' });
    await expect(q.recognize(image, { docType: 'passport' })).rejects.toMatchObject({ code: 'UNSUPPORTED' });
  });
});

describe('wechat ocr.* endpoints over HTTPS: documented errors', () => {
  let server: ProviderServer;
  let image: ImageInput;
  beforeAll(async () => {
    server = await startProviderServer();
    image = await cardImage();
  });
  afterAll(() => server.close());

  const endpoints: [string, string][] = [
    ['id_card', PATHS.wechatIdCard],
    ['driver_license', PATHS.wechatDriverLicense],
    ['bank_card', PATHS.wechatBankCard],
    ['business_license', PATHS.wechatBizLicense],
  ];
  // The error tables of these pages: -1, 40001, 101000, 101001, 101002, 101003.
  const samples: [string, string, string][] = [
    ['wechat-error-system-busy', 'UPSTREAM', '-1'],
    ['wechat-error-101000-invalid-image-url', 'BAD_IMAGE', '101000'],
    ['wechat-error-101001-certificate-not-found', 'NOT_FOUND_IN_IMAGE', '101001'],
    ['wechat-error-101002-decode-image-failed', 'BAD_IMAGE', '101002'],
    ['wechat-error-101003-quota', 'QUOTA', '101003'],
  ];

  for (const [docType, path] of endpoints) {
    it(`${docType}: maps each sample, and refreshes the token once on 40001`, async () => {
      server.reset();
      const p = createWechatProvider({ appId: CREDENTIALS.wechatAppId, secret: CREDENTIALS.wechatSecret, apiBase: server.url, timeoutMs: 1500 });
      for (const [name, code, providerCode] of samples) {
        server.queue(path, { json: payload(name) });
        await expect(p.recognize(image, { docType })).rejects.toMatchObject({ code, providerCode });
      }
      const invalid = { json: payload('wechat-error-40001-invalid-credential') };
      server.queue(path, invalid, invalid);
      await expect(p.recognize(image, { docType })).rejects.toMatchObject({ code: 'AUTH', providerCode: '40001' });
      expect(server.requests.filter((r) => r.path === path)).toHaveLength(samples.length + 2);
      expect(server.requests.filter((r) => r.path === PATHS.wechatOcr)).toHaveLength(0);
    });

    it(`${docType}: refuses a GIF through the test server's protocol check`, async () => {
      server.reset();
      const p = createWechatProvider({ appId: CREDENTIALS.wechatAppId, secret: CREDENTIALS.wechatSecret, apiBase: server.url, timeoutMs: 1500 });
      await expect(p.recognize(await gifImage(), { docType })).rejects.toMatchObject({ code: 'BAD_IMAGE' });
      expect(server.requests.filter((r) => r.path === path)).toHaveLength(1);
    });
  }
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
function fakeCloud(respond: (params: Record<string, unknown>, method: string) => unknown): WxCloudLike & { calls: Record<string, unknown>[]; methods: string[] } {
  const calls: Record<string, unknown>[] = [];
  const methods: string[] = [];
  const method =
    (name: string) =>
    async (params: object): Promise<unknown> => {
      calls.push(params as Record<string, unknown>);
      methods.push(name);
      const out = await respond(params as Record<string, unknown>, name);
      return { ...(out as object), errCode: 0, errMsg: `openapi.ocr.${name}:ok` };
    };
  return {
    calls,
    methods,
    openapi: {
      ocr: {
        vehicleLicense: method('vehicleLicense'),
        idcard: method('idcard'),
        driverLicense: method('driverLicense'),
        bankcard: method('bankcard'),
        businessLicense: method('businessLicense'),
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

describe('wechat inside the cloud: the other ocr.* methods', () => {
  let image: ImageInput;
  const noHttp: typeof fetch = () => Promise.reject(new Error('the cloud path must not use HTTP'));
  beforeAll(async () => {
    image = await cardImage();
  });

  it('calls each documented method with the parameters of its doc example and normalizes the camelCase answer', async () => {
    const img = () => ({ contentType: 'image/jpeg', value: image.bytes });
    const cases: { docType: string; side?: 'front' | 'back' | 'auto'; method: string; params: Record<string, unknown>; reply: string; side_: string | null; fields: Record<string, string> }[] = [
      { docType: 'id_card', side: 'auto', method: 'idcard', params: { type: 'photo', img: img() }, reply: 'wechat-cloud-id-card-back', side_: 'back', fields: { validPeriod: '2007-01-05至2027-01-05' } },
      { docType: 'id_card', side: 'front', method: 'idcard', params: { type: 'photo', img: img() }, reply: 'wechat-https-id-card-front', side_: 'front', fields: { idNumber: '123456789012345678' } },
      {
        docType: 'driver_license',
        method: 'driverLicense',
        params: { type: 'photo', img: img() },
        reply: 'wechat-cloud-driver-license',
        side_: 'front',
        fields: { licenseNo: '660601XXXXXXXX1234', birthDate: '1990-12-21', licenseClass: 'C1', validPeriod: '2018-07-06至2020-07-01', issuingAuthority: 'xx市公安局公安交通管理局' },
      },
      { docType: 'bank_card', method: 'bankcard', params: { type: 'photo', img: img() }, reply: 'wechat-https-bank-card', side_: null, fields: { cardNo: '622213XXXXXXXXX' } },
      {
        docType: 'business_license',
        method: 'businessLicense',
        params: { img: img() },
        reply: 'wechat-cloud-business-license',
        side_: null,
        fields: { name: 'XX饮食店', legalRepresentative: '张三', compositionForm: '个人经营', businessScope: '中型餐馆(不含凉菜、不含裱花蛋糕,不含生食海产品)。' },
      },
    ];
    for (const c of cases) {
      const cloud = fakeCloud(() => payload(c.reply));
      const out = await createWechatProvider({ cloud, fetch: noHttp }).recognize(image, { docType: c.docType, ...(c.side ? { side: c.side } : {}) });
      expect(cloud.methods).toEqual([c.method]);
      expect(cloud.calls[0]).toEqual(c.params);
      expect([out.result.docType, out.result.side]).toEqual([c.docType, c.side_]);
      expect(Object.fromEntries(Object.entries(out.result.fields).map(([k, v]) => [k, v.value]))).toMatchObject(c.fields);
      expect(out.raw).toMatchObject({ errCode: 0, errMsg: `openapi.ocr.${c.method}:ok` });
    }
  });

  it('maps the errors each method throws (certificate not found, quota)', async () => {
    for (const docType of ['id_card', 'driver_license', 'bank_card', 'business_license']) {
      const notFound = fakeCloud((_p, m) => { throw cloudError(101001, `openapi.ocr.${m}:fail certificate not found`); });
      await expect(createWechatProvider({ cloud: notFound, fetch: noHttp }).recognize(image, { docType })).rejects.toMatchObject({ code: 'NOT_FOUND_IN_IMAGE', providerCode: '101001' });
      const quota = fakeCloud((_p, m) => { throw cloudError(101003, `openapi.ocr.${m}:fail not enough market quota`); });
      await expect(createWechatProvider({ cloud: quota, fetch: noHttp }).recognize(image, { docType })).rejects.toMatchObject({ code: 'QUOTA', providerCode: '101003' });
    }
  });

  it('is UNSUPPORTED when the cloud stand-in lacks the method', async () => {
    const cloud: WxCloudLike = { openapi: { ocr: { vehicleLicense: async () => ({}) } } };
    await expect(createWechatProvider({ cloud, fetch: noHttp }).recognize(image, { docType: 'bank_card' })).rejects.toMatchObject({ code: 'UNSUPPORTED' });
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
