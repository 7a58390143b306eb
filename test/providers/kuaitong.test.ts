import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createKuaitongProvider } from '../../server/providers/kuaitong';
import type { ImageInput } from '../../server/providers/types';
import { CREDENTIALS, PATHS, startProviderServer, type ProviderServer } from '../support/provider-server';
import { providerContract } from './contract';
import { cardImage, payload } from './support';

/** The back page in the documented field names (the doc shows only a front sample). */
const back = {
  code: 0,
  reqId: 'f1c2d3e4-bd20-11eb-82a1-b42e99a9afd7',
  status: 200,
  message: 'success',
  serialNo: '360562482416189441',
  data: {
    frontInfo: {},
    backInfo: {
      plateNo: '粤B12345',
      fileNo: '440300123456',
      allowNum: '5人',
      totalMass: '1820kg',
      curbWeight: '1450kg',
      loadQuality: '--',
      externalSize: '4750×1820×1465mm',
      marks: '',
      record: '检验有效期至2025年07月粤B',
      totalQuasiMass: '--',
      energy: '汽油',
      barcode: '4400012345678',
    },
  },
};

const gatewayReason: Record<string, string> = {
  '400': 'Invalid Param',
  '401': 'Invalid AppCode',
  '402': 'Quota Exhausted',
  '403': 'Unauthorized',
  '404': 'Api Not Found',
  '413': 'Request body too large',
  '500': 'Internal Error',
  '502': 'Bad Gateway',
};

providerContract({
  name: 'kuaitong',
  create: (server, o) =>
    createKuaitongProvider({
      appCode: o?.badCredentials ? 'stolen-code' : CREDENTIALS.kuaitongAppCode,
      url: `${server.url}${PATHS.kuaitong}`,
      ...(o?.timeoutMs ? { timeoutMs: o.timeoutMs } : {}),
    }),
  path: PATHS.kuaitong,
  documentedLimit: 2 * 1024 * 1024,
  basic: { docType: 'vehicle_license', side: 'front' },
  unsupported: ['id_card', 'driver_license', 'vehicle_registration_certificate', 'e_vehicle_license'],
  success: [
    {
      title: 'front sample (its fields are shifted: flagged, not hidden)',
      docType: 'vehicle_license',
      side: 'front',
      path: PATHS.kuaitong,
      reply: payload('kuaitong-front-shifted'),
      fields: { useCharacter: '非营运', issuingAuthority: '广东省揭阳市公安局交通警察支队', owner: '5人' },
      resultSide: 'front',
      resultWarnings: ['FIELDS_SHIFTED'],
      request: (r) => expect(r.fields.cardSide).toBe('FRONT'),
    },
    {
      title: 'back page',
      docType: 'vehicle_license',
      side: 'back',
      path: PATHS.kuaitong,
      reply: back,
      fields: { plateNo: '粤B12345', approvedPassengers: '5人', grossMass: '1820kg', curbMass: '1450kg', overallDimensions: '4750×1820×1465mm' },
      resultSide: 'back',
      request: (r) => expect(r.fields.cardSide).toBe('BACK'),
    },
  ],
  checkRequest(req, image) {
    expect(req.method).toBe('POST');
    expect(req.contentType).toMatch(/^multipart\/form-data; boundary=/);
    expect(req.headers.authorization).toBe(`APPCODE ${CREDENTIALS.kuaitongAppCode}`);
    expect(req.fields).toEqual({ cardSide: 'FRONT' });
    expect(req.files.file?.bytes.equals(image.bytes)).toBe(true);
    expect(req.files.file?.type).toBe('image/jpeg');
  },
  errorReply: (code) =>
    code.startsWith('http:')
      ? { status: Number(code.slice(5)), body: '', headers: { 'x-ca-error-message': gatewayReason[code.slice(5)] ?? 'error' } }
      : { status: 400, json: { ...payload('kuaitong-error-1009'), code: Number(code) } },
});

describe('kuaitong specifics', () => {
  let server: ProviderServer;
  let image: ImageInput;
  beforeAll(async () => {
    server = await startProviderServer();
    image = await cardImage();
  });
  afterAll(() => server.close());
  beforeEach(() => server.reset());
  const make = () => createKuaitongProvider({ appCode: CREDENTIALS.kuaitongAppCode, url: `${server.url}${PATHS.kuaitong}` });

  it("reads the main page for side 'auto' (the documented default)", async () => {
    server.queue(PATHS.kuaitong, { json: payload('kuaitong-front-shifted') });
    await make().recognize(image, { docType: 'vehicle_license', side: 'auto' });
    expect(server.requests[0]?.fields.cardSide).toBe('FRONT');
  });

  it('maps an error carried in a 200 body', async () => {
    server.queue(PATHS.kuaitong, { status: 200, json: payload('kuaitong-error-1009') });
    await expect(make().recognize(image, { docType: 'vehicle_license' })).rejects.toMatchObject({ code: 'BAD_IMAGE', providerCode: '1009' });
  });

  it('maps the gateway refusals the documentation lists', async () => {
    const cases: [number, string][] = [
      [401, 'AUTH'],
      [402, 'QUOTA'],
      [403, 'AUTH'],
      [413, 'BAD_IMAGE'],
      [500, 'UPSTREAM'],
      [502, 'UPSTREAM'],
    ];
    for (const [status, code] of cases) {
      server.queue(PATHS.kuaitong, { status, body: '', headers: { 'x-ca-error-message': gatewayReason[String(status)]! } });
      await expect(make().recognize(image, { docType: 'vehicle_license' })).rejects.toMatchObject({ code, providerCode: `http:${status}` });
    }
  });

  it('reports a wrong endpoint (404) as a configuration problem', async () => {
    const wrong = createKuaitongProvider({ appCode: CREDENTIALS.kuaitongAppCode, url: `${server.url}/not-the-api` });
    const e = await wrong.recognize(image, { docType: 'vehicle_license' }).catch((x: unknown) => x);
    expect(e).toMatchObject({ code: 'UPSTREAM', providerCode: 'http:404' });
    expect((e as Error).message).toMatch(/地址/);
  });
});
