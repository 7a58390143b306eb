// Property/fuzz test: thousands of random and malformed payloads through every normalizer. The
// contract: a schema-valid RecognitionResult (JSON-serializable for JSON input) or a ProviderError,
// never anything else.
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ProviderError } from '../../core/contracts/errors';
import { RecognitionResultSchema } from '../../core/contracts/result';
import { DOCUMENTS, allFieldDefs } from '../../core/documents/registry';
import { buildResult } from '../../core/result/build';
import { JUHE_CARD_TYPES, normalizePayload, PAYLOAD_PROVIDERS, type PayloadProvider } from '../../core/providers/index';

const NOW = new Date('2026-11-22T04:00:00Z');
const DIR = join(__dirname, '..', 'fixtures', 'provider-payloads');
const samples = readdirSync(DIR)
  .filter((f) => f.endsWith('.json') && f !== 'manifest.json')
  .map((f) => ({ provider: f.split('-')[0] as PayloadProvider, payload: JSON.parse(readFileSync(join(DIR, f), 'utf8')) as unknown }));

const provider = fc.constantFrom(...PAYLOAD_PROVIDERS);
const docIds = DOCUMENTS.map((d) => d.id);
const options = fc.record(
  {
    docType: fc.oneof(fc.constantFrom(...docIds), fc.string()),
    side: fc.constantFrom('front' as const, 'back' as const, null),
    cardType: fc.oneof(fc.constantFrom(...Object.keys(JUHE_CARD_TYPES).map(Number)), fc.integer()),
  },
  { requiredKeys: [] },
);

/** Options a real caller passes: a side for WeChat/Kuaitong; a card type or a document for Juhe. */
const sideOnly = fc.record({ side: fc.constantFrom('front' as const, 'back' as const) }, { requiredKeys: [] });
const juheOptions = fc.oneof(
  fc.record({ cardType: fc.constantFrom(...Object.keys(JUHE_CARD_TYPES).map(Number)) }),
  fc.record({ docType: fc.constantFrom(...docIds), side: fc.constantFrom('front' as const, 'back' as const) }, { requiredKeys: ['docType'] }),
  fc.constant({}),
);

/** Strings that look like what OCR returns: field-ish text, dates, masses, codes, punctuation. */
const ocrText = fc.oneof(
  fc.string(),
  fc.string({ unit: fc.constantFrom(...'0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ京粤鄂人kgKG×x*-—一年月日至长期.:：/ ()（）\n') }),
  fc.constantFrom('5人', '1820KG', '2018-07-06', '20180706', '2018年07月06日', '--', '——', '一一', '长期', 'LATPAB071W1005301', '粤B12345', '0k4582X1T95X1458'),
);
const scalarish = fc.oneof(ocrText, fc.integer(), fc.double({ noNaN: true, noDefaultInfinity: true }), fc.boolean(), fc.constant(null), fc.jsonValue());

const allLabels = [...new Set(DOCUMENTS.flatMap((d) => allFieldDefs(d.id).flatMap((f) => [f.label, f.key])))];
const keyish = fc.oneof(fc.constantFrom(...allLabels, '头像', '保留', 'orderid', '__proto__', 'constructor', 'toString', 'vhicle_type', 'plate_num_b', 'seal', 'allowNum'), fc.string());
const chineseResult = fc.dictionary(keyish, scalarish, { maxKeys: 25 });

const wechatPayload = fc.oneof(
  chineseResult,
  fc.record({ errcode: fc.oneof(fc.integer(), fc.constantFrom(0, -1, 40001, 101003), fc.string(), fc.constant(null)), errmsg: fc.string() }),
);
const juhePayload = fc.record(
  {
    error_code: fc.oneof(fc.constant(0), fc.constantFrom(10012, 215305, 277301, 253002), fc.integer(), fc.string(), fc.constant(null)),
    reason: fc.string(),
    result: fc.oneof(
      chineseResult,
      fc.record({ vehicle_reg_cert_infos: fc.oneof(fc.array(fc.oneof(fc.record({ name: keyish, value: scalarish }), scalarish), { maxLength: 12 }), scalarish) }),
      fc.record({ data: fc.oneof(fc.array(fc.oneof(fc.record({ desc: keyish, content: scalarish }), scalarish), { maxLength: 12 }), scalarish), orderid: fc.string() }),
      chineseResult.map((o) => JSON.stringify(o)),
      scalarish,
    ),
  },
  { requiredKeys: [] },
);
const kuaitongInfo = fc.oneof(chineseResult, fc.dictionary(fc.constantFrom('owner', 'address', 'plateNo', 'vin', 'engineNo', 'allowNum', 'totalMass', 'externalSize', 'energy'), scalarish), scalarish);
const kuaitongPayload = fc.record(
  {
    status: fc.oneof(fc.constant(200), fc.constantFrom(400, 401, 402, 413, 500, 502), fc.integer(), fc.string(), fc.constant(null)),
    code: fc.oneof(fc.constant(0), fc.constant(1009), fc.integer(), fc.string()),
    message: fc.string(),
    data: fc.oneof(fc.record({ frontInfo: kuaitongInfo, backInfo: kuaitongInfo }, { requiredKeys: [] }), scalarish),
  },
  { requiredKeys: [] },
);

/** A doc sample with one leaf replaced, or one key removed, anywhere in the tree. */
function mutate(value: unknown, path: number[], replacement: unknown, remove: boolean): unknown {
  if (path.length === 0 || value === null || typeof value !== 'object') return replacement;
  const [head = 0, ...rest] = path;
  if (Array.isArray(value)) {
    if (value.length === 0) return replacement;
    const i = head % value.length;
    return value.map((v, j) => (j === i ? mutate(v, rest, replacement, remove) : v));
  }
  const keys = Object.keys(value);
  if (keys.length === 0) return replacement;
  const k = keys[head % keys.length] ?? '';
  const copy: Record<string, unknown> = { ...(value as Record<string, unknown>) };
  if (remove && rest.length === 0) delete copy[k];
  else copy[k] = mutate(copy[k], rest, replacement, remove);
  return copy;
}
const mutated = fc
  .record({
    sample: fc.constantFrom(...samples),
    path: fc.array(fc.nat(), { maxLength: 4 }),
    replacement: scalarish,
    remove: fc.boolean(),
  })
  .map(({ sample, path, replacement, remove }) => ({ provider: sample.provider, payload: mutate(sample.payload, path, replacement, remove) }));

let results = 0;
let errors = 0;
/** The property itself: a valid result (that survives JSON) or a ProviderError. */
function check(p: PayloadProvider, payload: unknown, opts: Record<string, unknown>, json: boolean): void {
  let out: unknown;
  try {
    out = normalizePayload(p, payload, { ...opts, now: NOW });
  } catch (e) {
    if (!(e instanceof ProviderError)) throw e;
    expect(['AUTH', 'QUOTA', 'RATE_LIMIT', 'BAD_IMAGE', 'NOT_FOUND_IN_IMAGE', 'UNSUPPORTED', 'UPSTREAM', 'TIMEOUT']).toContain(e.code);
    expect(e.message).toMatch(/[\u4e00-\u9fff]/);
    errors++;
    return;
  }
  const parsed = RecognitionResultSchema.parse(out);
  expect(parsed.provider).toBe(p);
  if (json) {
    const text = JSON.stringify(out);
    expect(JSON.stringify(RecognitionResultSchema.parse(JSON.parse(text)))).toBe(text);
  }
  results++;
}

// Generous timeout: two shared cores under load can make 11,000 runs take a while.
describe('fuzz: every normalizer, random and malformed payloads', { timeout: 180_000 }, () => {
  it('any JSON value, any provider, any options', () => {
    fc.assert(fc.property(provider, fc.jsonValue(), options, (p, payload, opts) => check(p, payload, opts, true)), { numRuns: 2000 });
  });

  it('any JavaScript value (undefined, symbols-free objects, hostile keys)', () => {
    fc.assert(fc.property(provider, fc.anything({ withNullPrototype: true, withObjectString: true }), options, (p, payload, opts) => check(p, payload, opts, false)), {
      numRuns: 1000,
    });
  });

  it('provider-shaped payloads with random contents', () => {
    fc.assert(fc.property(wechatPayload, sideOnly, (payload, opts) => check('wechat', payload, opts, true)), { numRuns: 1000 });
    fc.assert(fc.property(juhePayload, juheOptions, (payload, opts) => check('juhe', payload, opts, true)), { numRuns: 2000 });
    fc.assert(fc.property(kuaitongPayload, sideOnly, (payload, opts) => check('kuaitong', payload, opts, true)), { numRuns: 1000 });
  });

  it('every doc sample with one part replaced or removed', () => {
    fc.assert(
      fc.property(mutated, juheOptions, sideOnly, ({ provider: p, payload }, jOpts, sOpts) => check(p, payload, p === 'juhe' ? jOpts : sOpts, true)),
      { numRuns: 2000 },
    );
  });

  it('buildResult with random values for every document', () => {
    const input = fc.record({
      docType: fc.constantFrom(...docIds),
      side: fc.constantFrom('front' as const, 'back' as const, null),
      values: fc.dictionary(keyish, fc.record({ value: ocrText, confidence: fc.option(fc.double(), { nil: undefined }) }, { requiredKeys: ['value'] }), { maxKeys: 20 }),
    });
    fc.assert(
      fc.property(input, ({ docType, side, values }) => {
        const r = RecognitionResultSchema.parse(buildResult({ docType, side, provider: 'local', values: values as never, now: NOW }));
        for (const f of Object.values(r.fields)) if (f.suggestion !== undefined) expect(f.suggestion).not.toBe(f.value);
      }),
      { numRuns: 2000 },
    );
  });

  it('exercised both outcomes', () => {
    expect(results).toBeGreaterThan(1000);
    expect(errors).toBeGreaterThan(1000);
  });
});
