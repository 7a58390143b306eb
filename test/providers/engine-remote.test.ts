// The `local` provider in remote mode (a cloud function calling the engine container) through the
// provider contract, against a loopback server speaking the engine service's protocol
// (core/contracts/engine): signed JSON in, the engine's result or its refusal out.
import { expect } from 'vitest';
import { ENGINE_MAX_IMAGE_BYTES, ENGINE_REFUSALS, EngineRequestSchema } from '../../core/contracts/engine';
import { buildResult } from '../../core/result/build';
import { verify } from '../../server/delivery/sign';
import { createRemoteEngineProvider } from '../../server/providers/local/remote';
import { CREDENTIALS, engineRefusal, PATHS } from '../support/provider-server';
import { providerContract } from './contract';

const raw = { lines: [{ text: '粤B12345', box: [10, 10, 200, 40], score: 0.98 }] };
const front = {
  result: buildResult({
    docType: 'vehicle_license',
    side: 'front',
    provider: 'local',
    values: { plateNo: { value: '粤B12345', confidence: 0.98 }, vin: { value: 'LSVAM4187C2184847', confidence: 0.95 }, owner: { value: '张三' } },
  }),
  raw,
};
const idBack = {
  result: buildResult({ docType: 'id_card', side: 'back', provider: 'local', values: { issuingAuthority: { value: '深圳市公安局福田分局' }, validPeriod: { value: '2014.11.05-2024.11.05' } } }),
  raw: { lines: [] },
};

providerContract({
  name: 'local',
  catalogue: ENGINE_REFUSALS,
  create: (server, o) =>
    createRemoteEngineProvider({
      url: server.url,
      secret: o?.badCredentials ? 'another-secret-0123456789abcdef0123456789' : CREDENTIALS.engineSecret,
      ...(o?.timeoutMs ? { timeoutMs: o.timeoutMs } : {}),
    }),
  path: PATHS.engine,
  documentedLimit: ENGINE_MAX_IMAGE_BYTES,
  basic: { docType: 'vehicle_license', side: 'front' },
  unsupported: ['passport', 'spaceship_licence'],
  success: [
    {
      title: 'vehicle licence front',
      docType: 'vehicle_license',
      side: 'front',
      path: PATHS.engine,
      reply: front,
      raw,
      fields: { plateNo: '粤B12345', vin: 'LSVAM4187C2184847', owner: '张三' },
      resultSide: 'front',
      request: (r) => expect(JSON.parse(r.body.toString('utf8'))).toMatchObject({ docType: 'vehicle_license', side: 'front' }),
    },
    {
      title: 'ID card back, dates made canonical by the engine',
      docType: 'id_card',
      side: 'back',
      path: PATHS.engine,
      reply: idBack,
      raw: idBack.raw,
      fields: { validPeriod: '2014-11-05至2024-11-05' },
      resultSide: 'back',
    },
  ],
  checkRequest(req, image) {
    expect(req.method).toBe('POST');
    expect(req.contentType).toMatch(/^application\/json/);
    const body = req.body.toString('utf8');
    const ts = String(req.headers['x-licenselens-timestamp']);
    expect(Math.abs(Number(ts) - Date.now() / 1000)).toBeLessThan(5);
    expect(verify({ secret: CREDENTIALS.engineSecret, timestamp: ts, signature: String(req.headers['x-licenselens-signature']), body })).toBe(true);
    const sent = EngineRequestSchema.parse(JSON.parse(body));
    expect(Buffer.from(sent.image.base64, 'base64').equals(image.bytes)).toBe(true);
    expect(sent.image.mime).toBe(image.mime);
  },
  errorReply: (code) => engineRefusal(code),
});
