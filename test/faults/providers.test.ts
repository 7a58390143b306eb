// Provider faults through the real pipeline and the ocr handler: a fallback where another provider can
// answer, otherwise a clear error — and in every case the record is kept with its attempts.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { handleOcr } from '../../server/records/handlers';
import { startProviderServer, type Behaviour, type ProviderServer } from './provider-server';
import { faultContext, jpeg } from './support';

let providers: ProviderServer;
let env: Awaited<ReturnType<typeof faultContext>>;
let image: Buffer;

beforeAll(async () => {
  providers = await startProviderServer();
  env = await faultContext(providers, { timeoutMs: 300 });
  image = await jpeg();
});
afterAll(async () => {
  await env.store.close();
  await providers.close();
});
beforeEach(() => {
  providers.behaviour.kuaitong = 'ok';
  providers.behaviour.juhe = 'ok';
});

const recognize = () => handleOcr(env.ctx('o-user'), { bytes: image, docType: 'vehicle_license', side: 'front' });

describe('the first provider fails, the second answers', () => {
  const cases: [Behaviour, string][] = [
    ['timeout', 'TIMEOUT'],
    ['5xx', 'UPSTREAM'],
    ['malformed', 'UPSTREAM'],
    ['quota', 'QUOTA'],
  ];
  for (const [behaviour, code] of cases) {
    it(`kuaitong ${behaviour} → ${code}, falls back to juhe, record kept`, async () => {
      providers.behaviour.kuaitong = behaviour;
      const rec = await recognize();
      expect(rec.status).toBe('recognized');
      expect(rec.provider).toBe('juhe');
      expect(rec.attempts.map((a) => [a.provider, a.ok, a.code])).toEqual([
        ['kuaitong', false, code],
        ['juhe', true, undefined],
      ]);
      expect(rec.attempts[0]!.message).toMatch(/[\u4e00-\u9fff]/);
      expect(rec.recognized?.plateNo?.value).toBe('粤B12345');
      expect(await env.store.getRecord(rec._id)).toMatchObject({ status: 'recognized', provider: 'juhe' });
    });
  }
});

describe('no provider can answer', () => {
  const cases: [Behaviour, Behaviour, string][] = [
    ['timeout', 'quota', 'QUOTA'],
    ['5xx', '5xx', 'UPSTREAM'],
    ['quota', 'malformed', 'UPSTREAM'],
    ['malformed', 'timeout', 'TIMEOUT'],
  ];
  for (const [k, j, code] of cases) {
    it(`kuaitong ${k}, juhe ${j} → a 'failed' record with both attempts and a clear ${code} error`, async () => {
      providers.behaviour.kuaitong = k;
      providers.behaviour.juhe = j;
      const rec = await recognize();
      expect(rec.status).toBe('failed');
      expect(rec.error?.code).toBe(code);
      expect(rec.error?.message).toMatch(/[\u4e00-\u9fff]/);
      expect(rec.attempts.map((a) => [a.provider, a.ok])).toEqual([
        ['kuaitong', false],
        ['juhe', false],
      ]);
      const stored = await env.store.getRecord(rec._id);
      expect(stored).toMatchObject({ status: 'failed', recognized: null, error: { code } });
      expect(stored!.attempts).toHaveLength(2);
    });
  }

  it('an authentication error does not fall back (another provider would not fix our key) and says so', async () => {
    providers.behaviour.kuaitong = 'auth';
    const before = providers.hits.juhe;
    const rec = await recognize();
    expect(rec.status).toBe('failed');
    expect(rec.error?.code).toBe('AUTH');
    expect(rec.attempts).toHaveLength(1);
    expect(providers.hits.juhe).toBe(before);
  });

  it('a failed record cannot be submitted', async () => {
    providers.behaviour.kuaitong = 'quota';
    providers.behaviour.juhe = 'quota';
    const rec = await recognize();
    const { handleRecords } = await import('../../server/records/handlers');
    await expect(handleRecords(env.ctx('o-user'), { action: 'submit', id: rec._id, fields: {} })).rejects.toMatchObject({
      code: 'CONFLICT',
    });
  });
});
