import sharp from 'sharp';
import { beforeAll, describe, expect, it } from 'vitest';
import { ProviderError, type ProviderErrorCode } from '../../core/contracts/errors';
import type { ProviderName, RecognitionResult } from '../../core/contracts/result';
import { IntakeError } from '../../server/intake';
import { createPipeline } from '../../server/pipeline';
import type { ImageInput, Provider, RecognizeRequest } from '../../server/providers/types';

type Behaviour = (image: ImageInput, req: RecognizeRequest) => Promise<unknown> | unknown;

interface FakeProvider extends Provider {
  calls: { image: ImageInput; req: RecognizeRequest }[];
}

function result(provider: string, docType = 'vehicle_license', side: 'front' | 'back' | null = 'front'): RecognitionResult {
  return {
    docType,
    side,
    provider,
    fields: { plateNo: { value: '粤B12345', warnings: [] } },
    extra: {},
    warnings: [],
  };
}

function fake(name: ProviderName, behaviour: Behaviour = () => ({ result: result(name), raw: { from: name } }), opts: { maxBytes?: number; docs?: string[] } = {}): FakeProvider {
  const calls: FakeProvider['calls'] = [];
  return {
    name,
    maxBytes: opts.maxBytes ?? 2_000_000,
    calls,
    supports: (docType) => (opts.docs ?? ['vehicle_license', 'id_card', 'business_license']).includes(docType),
    async recognize(image, req) {
      calls.push({ image, req });
      return (await behaviour(image, req)) as never;
    },
  };
}

const fail = (provider: ProviderName, code: ProviderErrorCode, providerCode = '1') => () => {
  throw new ProviderError({ provider, code, retryable: code !== 'BAD_IMAGE', providerCode, message: `${provider} 失败 ${code}` });
};

let jpeg: Buffer;
let bigJpeg: Buffer;
let gif: Buffer;
beforeAll(async () => {
  jpeg = await sharp({ create: { width: 800, height: 500, channels: 3, background: '#dde' } }).jpeg().toBuffer();
  bigJpeg = await sharp({ create: { width: 3000, height: 2000, channels: 3, background: '#888', noise: { type: 'gaussian', mean: 128, sigma: 60 } } })
    .jpeg({ quality: 95 })
    .toBuffer();
  gif = await sharp({ create: { width: 20, height: 20, channels: 3, background: '#f00' } }).gif().toBuffer();
});

describe('pipeline routing', () => {
  it('follows the registry order by default and records why unconfigured providers were skipped', async () => {
    const juhe = fake('juhe');
    const providers = {
      providers: [juhe],
      skipped: [
        { provider: 'wechat' as const, reason: '未配置 WECHAT_APPID' },
        { provider: 'kuaitong' as const, reason: '未配置 KUAITONG_APPCODE' },
        { provider: 'local' as const, reason: '此环境未启用离线识别引擎' },
      ],
    };
    const pipeline = createPipeline({ ...providers, routes: {} });
    expect(pipeline.route('vehicle_license')).toEqual(['wechat', 'kuaitong', 'juhe', 'local']);
    const out = await pipeline.recognize(jpeg, { docType: 'vehicle_license', side: 'front' });
    expect(out.ok).toBe(true);
    if (!out.ok) return;
    expect(out.provider).toBe('juhe');
    expect(out.raw).toEqual({ from: 'juhe' });
    expect(out.result.fields.plateNo?.value).toBe('粤B12345');
    expect(out.attempts.map((a) => [a.provider, a.ok, a.code])).toEqual([
      ['wechat', false, 'SKIPPED'],
      ['kuaitong', false, 'SKIPPED'],
      ['juhe', true, undefined],
    ]);
    expect(out.attempts[0]?.message).toBe('未配置 WECHAT_APPID');
    expect(juhe.calls[0]?.req).toMatchObject({ docType: 'vehicle_license', side: 'front' });
    expect(out.timings.intakeMs).toBeGreaterThanOrEqual(0);
    expect(out.timings.providerMs).toBeGreaterThanOrEqual(0);
    expect(out.timings.totalMs).toBeGreaterThanOrEqual(out.timings.providerMs);
  });

  it.each(['QUOTA', 'RATE_LIMIT', 'TIMEOUT', 'UPSTREAM'] as const)('falls back to the next provider on %s', async (code) => {
    const wechat = fake('wechat', fail('wechat', code, '101003'));
    const juhe = fake('juhe');
    const pipeline = createPipeline({ providers: [wechat, juhe], routes: { vehicle_license: ['wechat', 'juhe'] } });
    const out = await pipeline.recognize(jpeg, { docType: 'vehicle_license' });
    expect(out.ok && out.provider).toBe('juhe');
    expect(out.attempts).toHaveLength(2);
    expect(out.attempts[0]).toMatchObject({ provider: 'wechat', ok: false, code, providerCode: '101003', message: `wechat 失败 ${code}` });
    expect(out.attempts[1]).toMatchObject({ provider: 'juhe', ok: true });
  });

  it.each(['BAD_IMAGE', 'NOT_FOUND_IN_IMAGE', 'AUTH', 'UNSUPPORTED'] as const)('stops on %s without asking the next provider', async (code) => {
    const wechat = fake('wechat', fail('wechat', code, '42'));
    const juhe = fake('juhe');
    const pipeline = createPipeline({ providers: [wechat, juhe], routes: { vehicle_license: ['wechat', 'juhe'] } });
    const out = await pipeline.recognize(jpeg, { docType: 'vehicle_license' });
    expect(out.ok).toBe(false);
    if (out.ok) return;
    expect(out.error).toEqual({ code, message: `wechat 失败 ${code}` });
    expect(out.attempts).toEqual([expect.objectContaining({ provider: 'wechat', ok: false, code, providerCode: '42' })]);
    expect(juhe.calls).toHaveLength(0);
  });

  it('reports the last failure when every provider fails with a fallback code', async () => {
    const pipeline = createPipeline({
      providers: [fake('wechat', fail('wechat', 'QUOTA')), fake('kuaitong', fail('kuaitong', 'TIMEOUT'))],
      routes: { '*': ['wechat', 'kuaitong'] },
    });
    const out = await pipeline.recognize(jpeg, { docType: 'vehicle_license' });
    expect(out.ok).toBe(false);
    if (out.ok) return;
    expect(out.error.code).toBe('TIMEOUT');
    expect(out.attempts.map((a) => a.code)).toEqual(['QUOTA', 'TIMEOUT']);
  });

  it('treats an unexpected exception as an upstream failure and falls back', async () => {
    const broken = fake('kuaitong', () => {
      throw new TypeError('Cannot read properties of undefined');
    });
    const pipeline = createPipeline({ providers: [broken, fake('juhe')], routes: { vehicle_license: ['kuaitong', 'juhe'] } });
    const out = await pipeline.recognize(jpeg, { docType: 'vehicle_license' });
    expect(out.ok && out.provider).toBe('juhe');
    expect(out.attempts[0]).toMatchObject({ provider: 'kuaitong', code: 'UPSTREAM' });
    expect(out.attempts[0]?.message).toContain('Cannot read properties');
  });

  it('does not trust a provider result that breaks the contract', async () => {
    const liar = fake('wechat', () => ({ result: { docType: 'vehicle_license', fields: { plateNo: '粤B12345' } }, raw: {} }));
    const pipeline = createPipeline({ providers: [liar, fake('juhe')], routes: { vehicle_license: ['wechat', 'juhe'] } });
    const out = await pipeline.recognize(jpeg, { docType: 'vehicle_license' });
    expect(out.ok && out.provider).toBe('juhe');
    expect(out.attempts[0]).toMatchObject({ provider: 'wechat', ok: false, code: 'UPSTREAM' });
    expect(out.attempts[0]?.message).toMatch(/不符合约定/);
  });

  it('follows configured routes, per document and with a wildcard', async () => {
    const providers = [fake('wechat', fail('wechat', 'QUOTA')), fake('juhe', fail('juhe', 'RATE_LIMIT')), fake('kuaitong')];
    const pipeline = createPipeline({ providers, routes: { vehicle_license: ['juhe', 'kuaitong', 'wechat'], '*': ['wechat', 'juhe'] } });
    expect(pipeline.route('vehicle_license')).toEqual(['juhe', 'kuaitong', 'wechat']);
    expect(pipeline.route('id_card')).toEqual(['wechat', 'juhe']);
    const out = await pipeline.recognize(jpeg, { docType: 'vehicle_license' });
    expect(out.attempts.map((a) => [a.provider, a.code ?? 'ok'])).toEqual([
      ['juhe', 'RATE_LIMIT'],
      ['kuaitong', 'ok'],
    ]);
    const id = await pipeline.recognize(jpeg, { docType: 'id_card', side: 'back' });
    expect(id.ok).toBe(false);
    expect(id.attempts.map((a) => a.code)).toEqual(['QUOTA', 'RATE_LIMIT']);
  });

  it('skips providers that cannot read the document without recording them', async () => {
    const kuaitong = fake('kuaitong', undefined, { docs: ['vehicle_license'] });
    const juhe = fake('juhe', () => ({ result: result('juhe', 'business_license', null), raw: {} }));
    const pipeline = createPipeline({ providers: [kuaitong, juhe], routes: { '*': ['kuaitong', 'juhe'] } });
    const out = await pipeline.recognize(jpeg, { docType: 'business_license', side: 'front' });
    expect(out.ok && out.provider).toBe('juhe');
    expect(out.attempts).toHaveLength(1);
    expect(kuaitong.calls).toHaveLength(0);
    // One-sided documents take no side.
    expect(juhe.calls[0]?.req.side).toBeUndefined();
  });

  it('uses an explicitly requested provider alone', async () => {
    const wechat = fake('wechat');
    const juhe = fake('juhe');
    const pipeline = createPipeline({ providers: [wechat, juhe], routes: { vehicle_license: ['wechat', 'juhe'] } });
    const out = await pipeline.recognize(jpeg, { docType: 'vehicle_license', provider: 'juhe', side: 'back' });
    expect(out.ok && out.provider).toBe('juhe');
    expect(wechat.calls).toHaveLength(0);
    expect(juhe.calls[0]?.req.side).toBe('back');
  });

  it('explains an explicit provider that is not configured or cannot read the document', async () => {
    const pipeline = createPipeline({
      providers: [fake('kuaitong', undefined, { docs: ['vehicle_license'] })],
      skipped: [{ provider: 'juhe' as const, reason: '未配置 JUHE_KEY，已跳过聚合数据' }],
    });
    const missing = await pipeline.recognize(jpeg, { docType: 'vehicle_license', provider: 'juhe' });
    expect(missing).toMatchObject({ ok: false, error: { code: 'NO_PROVIDER' }, attempts: [{ provider: 'juhe', code: 'SKIPPED' }] });
    // The settings are named in the attempt (for whoever configures the server), never to the user.
    if (!missing.ok) expect([missing.error.message, missing.attempts[0]?.message]).toEqual([expect.stringContaining('聚合数据未启用'), expect.stringContaining('JUHE_KEY')]);
    if (!missing.ok) expect(missing.error.message).not.toMatch(/[A-Z]+_[A-Z]+/);
    const unsupported = await pipeline.recognize(jpeg, { docType: 'id_card', provider: 'kuaitong' });
    expect(unsupported).toMatchObject({ ok: false, error: { code: 'NO_PROVIDER' }, attempts: [{ provider: 'kuaitong', code: 'UNSUPPORTED' }] });
  });

  it('never makes a result up when no provider is available', async () => {
    const pipeline = createPipeline({
      providers: [],
      skipped: [
        { provider: 'wechat' as const, reason: '未配置微信' },
        { provider: 'juhe' as const, reason: '未配置聚合' },
        { provider: 'kuaitong' as const, reason: '未配置快瞳' },
        { provider: 'local' as const, reason: '未启用离线引擎' },
      ],
    });
    const out = await pipeline.recognize(jpeg, { docType: 'vehicle_license' });
    expect(out).not.toHaveProperty('result');
    expect(out.ok).toBe(false);
    if (out.ok) return;
    expect(out.error.code).toBe('NO_PROVIDER');
    expect(out.error.message).toMatch(/没有可用的识别服务.*微信 OCR未启用.*离线识别未启用/);
    expect(out.attempts.every((a) => a.code === 'SKIPPED' && a.durationMs === 0)).toBe(true);
  });

  it('refuses a bad image before any provider is called, even when none is available', async () => {
    const wechat = fake('wechat');
    await expect(createPipeline({ providers: [wechat] }).recognize(gif, { docType: 'vehicle_license' })).rejects.toMatchObject({ code: 'GIF' });
    expect(wechat.calls).toHaveLength(0);
    const none = createPipeline({ providers: [] });
    await expect(none.recognize(Buffer.from('not an image'), { docType: 'vehicle_license' })).rejects.toBeInstanceOf(IntakeError);
  });

  it('prepares the image to each provider limit, once per limit', async () => {
    const small = fake('wechat', fail('wechat', 'QUOTA'), { maxBytes: 400_000 });
    const same = fake('kuaitong', fail('kuaitong', 'UPSTREAM'), { maxBytes: 400_000 });
    const large = fake('juhe', undefined, { maxBytes: 2_250_000 });
    const pipeline = createPipeline({ providers: [small, same, large], routes: { vehicle_license: ['wechat', 'kuaitong', 'juhe'] } });
    expect(bigJpeg.length).toBeGreaterThan(2_250_000);
    const out = await pipeline.recognize(bigJpeg, { docType: 'vehicle_license' });
    expect(out.ok).toBe(true);
    const [a, b, c] = [small.calls[0]!.image, same.calls[0]!.image, large.calls[0]!.image];
    expect(a.bytes.length).toBeLessThanOrEqual(400_000);
    expect(b).toBe(a);
    expect(c.bytes.length).toBeLessThanOrEqual(2_250_000);
    expect(c.bytes.length).toBeGreaterThan(a.bytes.length);
  });

  it('records a provider whose limit the image cannot fit and moves on', async () => {
    const tiny = fake('kuaitong', undefined, { maxBytes: 2_000 });
    const juhe = fake('juhe');
    const pipeline = createPipeline({ providers: [juhe, tiny], routes: { vehicle_license: ['juhe', 'kuaitong'] } });
    // juhe first (prepares fine) then fails over to a provider whose limit is impossible.
    juhe.recognize = async () => fail('juhe', 'UPSTREAM')();
    const out = await pipeline.recognize(bigJpeg, { docType: 'vehicle_license' });
    expect(out.attempts.map((a) => [a.provider, a.code])).toEqual([
      ['juhe', 'UPSTREAM'],
      ['kuaitong', 'BAD_IMAGE'],
    ]);
    expect(tiny.calls).toHaveLength(0);
  });

  it('stops at once when the caller aborts', async () => {
    const controller = new AbortController();
    // The caller gives up while the first provider is working.
    const slow = fake('wechat', (_image, req) => {
      const gone = new Promise((_, reject) => req.signal?.addEventListener('abort', () => reject(req.signal?.reason)));
      controller.abort(new Error('client went away'));
      return gone;
    });
    const juhe = fake('juhe');
    const pipeline = createPipeline({ providers: [slow, juhe], routes: { vehicle_license: ['wechat', 'juhe'] } });
    await expect(pipeline.recognize(jpeg, { docType: 'vehicle_license', signal: controller.signal })).rejects.toThrow('client went away');
    expect(juhe.calls).toHaveLength(0);
    await expect(pipeline.recognize(jpeg, { docType: 'vehicle_license', signal: controller.signal })).rejects.toThrow('client went away');
    expect(slow.calls).toHaveLength(1);
  });

  it('refuses an unknown document type', async () => {
    const out = await createPipeline({ providers: [fake('juhe')] }).recognize(jpeg, { docType: 'spaceship_licence' });
    expect(out).toMatchObject({ ok: false, error: { code: 'UNSUPPORTED_DOCUMENT' }, attempts: [] });
  });
});

describe('pipeline lexicon checks', () => {
  it('marks a cloud provider\'s authority whose place is not a real division, with the lists it is given, and leaves it alone without them', async () => {
    const garbled = (): RecognitionResult => ({
      ...result('kuaitong'),
      fields: {
        plateNo: { value: '新A12345', warnings: [], confidence: 0.99, doubtful: false },
        issuingAuthority: { value: '新驿作桥的自治区乌自水齐市公更局交通警察支队', warnings: [], confidence: 0.99, doubtful: false },
      },
    });
    const { fieldLexicon } = await import('../../server/ocr/lexicon/fields');
    const checked = createPipeline({ providers: [fake('kuaitong', () => ({ result: garbled(), raw: {} }))], routes: {}, lexicon: fieldLexicon });
    const out = await checked.recognize(jpeg, { docType: 'vehicle_license', side: 'front' });
    expect(out.ok).toBe(true);
    if (!out.ok) return;
    expect(out.result.fields.issuingAuthority?.warnings.map((w) => w.code)).toEqual(['AUTHORITY_UNKNOWN']);
    expect(out.result.fields.issuingAuthority?.doubtful).toBe(true);
    expect(out.result.fields.issuingAuthority?.value).toBe('新驿作桥的自治区乌自水齐市公更局交通警察支队');
    const unchecked = createPipeline({ providers: [fake('kuaitong', () => ({ result: garbled(), raw: {} }))], routes: {} });
    const plain = await unchecked.recognize(jpeg, { docType: 'vehicle_license', side: 'front' });
    expect(plain.ok && plain.result.fields.issuingAuthority?.warnings).toEqual([]);
  });
});
