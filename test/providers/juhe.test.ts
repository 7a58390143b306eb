import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { JUHE_CARD_TYPES } from '../../core/providers/juhe-cards';
import { createJuheProvider, JUHE_HOSTS } from '../../server/providers/juhe';
import type { ImageInput } from '../../server/providers/types';
import { CREDENTIALS, PATHS, startProviderServer, type ProviderServer, type RecordedRequest } from '../support/provider-server';
import { providerContract } from './contract';
import { cardImage, juheEnvelope, payload } from './support';

const vehicleLicense = juheEnvelope(payload('juhe-cert-vehicle-license-front'));

function urlencoded(req: RecordedRequest): void {
  expect(req.method).toBe('POST');
  expect(req.contentType).toMatch(/^application\/x-www-form-urlencoded/);
  expect(req.fields.key).toBe(CREDENTIALS.juheKey);
}

providerContract({
  name: 'juhe',
  create: (server, o) =>
    createJuheProvider({ key: o?.badCredentials ? 'wrong-key' : CREDENTIALS.juheKey, baseUrl: server.url, ...(o?.timeoutMs ? { timeoutMs: o.timeoutMs } : {}) }),
  path: PATHS.juheBase64,
  // "大小限制在3M以内" applies to the base64 text: 3/4 of it is the file.
  documentedLimit: 2_250_000,
  basic: { docType: 'vehicle_license', side: 'front' },
  unsupported: ['plate', 'vin', 'spaceship_licence'],
  success: [
    {
      title: 'vehicle licence front (cardType 6)',
      docType: 'vehicle_license',
      side: 'front',
      path: PATHS.juheBase64,
      reply: vehicleLicense,
      fields: { vehicleType: '小型轿车', useCharacter: '非营运', registerDate: '2000-06-13', issueDate: '2020-07-11' },
      resultSide: 'front',
      request: (r) => expect(r.fields.cardType).toBe('6'),
    },
    {
      title: 'ID card front (cardType 2)',
      docType: 'id_card',
      side: 'front',
      path: PATHS.juheBase64,
      reply: payload('juhe-cert-id-card-front'),
      fields: { sex: '男', ethnicity: '汉', birthDate: '1951-06-09' },
      resultSide: 'front',
      request: (r) => expect(r.fields.cardType).toBe('2'),
    },
    {
      title: 'business licence (cardType 2008)',
      docType: 'business_license',
      path: PATHS.juheBase64,
      reply: payload('juhe-cert-business-license'),
      fields: { creditCode: '91110105MA01AMC6Q', name: '北京数字传奇网络科技有限公司', establishDate: '2018-03-21', businessTerm: '2018-03-21至长期' },
      resultSide: null,
      request: (r) => expect(r.fields.cardType).toBe('2008'),
    },
    {
      title: 'HK/Macau/Taiwan residence permit back (cardType 32)',
      docType: 'hmt_residence_permit',
      side: 'back',
      path: PATHS.juheBase64,
      reply: payload('juhe-cert-hmt-residence-permit-back'),
      fields: {},
      resultSide: 'back',
      request: (r) => expect(r.fields.cardType).toBe('32'),
    },
    {
      title: 'vehicle registration certificate',
      docType: 'vehicle_registration_certificate',
      path: PATHS.juheRegCert,
      reply: payload('juhe-vehicle-reg-cert'),
      fields: { model: 'FV7', engineNo: 'S26', owner: '小明', ownerIdNumber: '584874705102015' },
      resultSide: null,
      request: (r) => {
        urlencoded(r);
        expect(Object.keys(r.fields).sort()).toEqual(['image_base64', 'key']);
      },
    },
    {
      title: 'electronic driving licence front (side 0)',
      docType: 'e_driver_license',
      side: 'front',
      path: PATHS.juheEDrive,
      reply: payload('juhe-e-driver-license-front'),
      fields: { name: '王三', licenseClass: 'C1', firstIssueDate: '2016-09-01', validPeriod: '2022-09-01至2032-09-01' },
      resultSide: 'front',
      request: (r) => {
        urlencoded(r);
        expect(r.fields.side).toBe('0');
        expect(r.fields.image?.length).toBeGreaterThan(100);
      },
    },
    {
      title: 'electronic driving licence back (side 1)',
      docType: 'e_driver_license',
      side: 'back',
      path: PATHS.juheEDrive,
      reply: payload('juhe-e-driver-license-back'),
      fields: { address: '江苏省扬州市东陵区竹兰东路888号', record: 'C1自2017年07月26日起' },
      resultSide: 'back',
      request: (r) => expect(r.fields.side).toBe('1'),
    },
  ],
  checkRequest(req, image) {
    urlencoded(req);
    expect(req.fields.cardType).toBe('6');
    expect(req.fields.base64).toBe(image.bytes.toString('base64'));
    expect(req.fields.base64?.startsWith('data:')).toBe(false);
  },
  errorReply: (code) => ({ json: { reason: `error ${code}`, result: null, error_code: Number(code) } }),
});

describe('juhe specifics', () => {
  let server: ProviderServer;
  let image: ImageInput;
  beforeAll(async () => {
    server = await startProviderServer();
    image = await cardImage();
  });
  afterAll(() => server.close());
  beforeEach(() => server.reset());
  const make = (upload?: 'base64' | 'file') => createJuheProvider({ key: CREDENTIALS.juheKey, baseUrl: server.url, ...(upload ? { upload } : {}) });

  it('sends the documented card type for every document and side it reads', async () => {
    server.setDefault(PATHS.juheBase64, { json: { reason: '识别失败!', result: null, error_code: 215305 } });
    const p = make();
    const targets = Object.entries(JUHE_CARD_TYPES).filter(([, t]) => !t.detectDoc);
    for (const [cardType, t] of targets) {
      const side = t.side === undefined ? 'auto' : t.side === null ? undefined : t.side;
      expect(p.supports(t.docType, side)).toBe(true);
      await expect(p.recognize(image, { docType: t.docType, ...(side ? { side } : {}) })).rejects.toMatchObject({ code: 'NOT_FOUND_IN_IMAGE' });
      expect([t.docType, side, server.requests.at(-1)?.fields.cardType]).toEqual([t.docType, side, cardType]);
    }
    expect(server.requests).toHaveLength(targets.length);
  });

  it('uses the File version (multipart `pic`) when configured', async () => {
    server.queue(PATHS.juheFile, { json: payload('juhe-cert-business-license-file') });
    const out = await make('file').recognize(image, { docType: 'business_license' });
    expect(out.result.fields.creditCode?.value).toBe('91110105MA01AMC6Q');
    const req = server.requests[0]!;
    expect([req.method, req.path]).toEqual(['POST', PATHS.juheFile]);
    expect(req.contentType).toMatch(/^multipart\/form-data/);
    expect(req.fields).toEqual({ key: CREDENTIALS.juheKey, cardType: '2008' });
    expect(req.files.pic?.bytes.equals(image.bytes)).toBe(true);
    expect(req.files.pic?.type).toBe('image/jpeg');
  });

  it('refuses an oversized upload before paying for a call', async () => {
    const big = { ...image, bytes: Buffer.concat([image.bytes, Buffer.alloc(2_300_000)]) };
    await expect(make().recognize(big, { docType: 'vehicle_license' })).rejects.toMatchObject({ code: 'BAD_IMAGE', providerCode: '215302' });
    expect(server.requests).toHaveLength(0);
  });

  it('maps the documented error samples', async () => {
    const cases: [string, string, string][] = [
      ['juhe-error-10001-bad-key', PATHS.juheBase64, 'AUTH'],
      ['juhe-error-10012-quota', PATHS.juheBase64, 'QUOTA'],
      ['juhe-error-215305-not-recognized', PATHS.juheBase64, 'NOT_FOUND_IN_IMAGE'],
      ['juhe-error-253002-failed', PATHS.juheRegCert, 'UPSTREAM'],
      ['juhe-error-277301-timeout', PATHS.juheEDrive, 'TIMEOUT'],
    ];
    const doc: Record<string, string> = { [PATHS.juheBase64]: 'vehicle_license', [PATHS.juheRegCert]: 'vehicle_registration_certificate', [PATHS.juheEDrive]: 'e_driver_license' };
    for (const [name, path, code] of cases) {
      server.queue(path, { json: payload(name) });
      await expect(make().recognize(image, { docType: doc[path]! })).rejects.toMatchObject({ code });
    }
  });

  it('reports an answer with neither error_code nor result as UPSTREAM', async () => {
    server.queue(PATHS.juheBase64, { json: { reason: 'ok' } });
    await expect(make().recognize(image, { docType: 'vehicle_license' })).rejects.toMatchObject({ code: 'UPSTREAM' });
  });

  it('defaults to the documented hosts', async () => {
    const seen: string[] = [];
    const spy: typeof fetch = async (url) => {
      seen.push(String(url));
      return new Response(JSON.stringify({ reason: '识别失败', result: null, error_code: 215305 }), { headers: { 'content-type': 'application/json' } });
    };
    const p = createJuheProvider({ key: 'k', fetch: spy });
    await p.recognize(image, { docType: 'id_card', side: 'back' }).catch(() => undefined);
    await p.recognize(image, { docType: 'vehicle_registration_certificate' }).catch(() => undefined);
    await p.recognize(image, { docType: 'e_driver_license' }).catch(() => undefined);
    expect(seen).toEqual([
      `${JUHE_HOSTS.certificates}/certificates/queryBase64`,
      `${JUHE_HOSTS.apis}/vehicle_reg_cert_ocr/query`,
      `${JUHE_HOSTS.apis}/edriveimage/verify`,
    ]);
  });
});
