// The provider contract suite (DESIGN.md "Providers"; style of unstorage's driver suite): every HTTP
// provider is run through the same checks against the loopback server speaking its documented
// protocol — what we send, the documented responses, every documented error code, and the transport
// failures a real network produces.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ProviderError } from '../../core/contracts/errors';
import { RecognitionResultSchema, type ProviderName, type RequestedSide } from '../../core/contracts/result';
import { ERROR_CATALOGUE, type CatalogueProvider } from '../../core/errors/catalogue';
import type { ImageInput, Provider } from '../../server/providers/types';
import { startProviderServer, type ProviderServer, type RecordedRequest, type Reply } from '../support/provider-server';
import { cardImage, gifImage, padJpeg } from './support';

export interface SuccessCase {
  title: string;
  docType: string;
  side?: RequestedSide;
  /** Server path the request must reach. */
  path: string;
  /** The documented response replayed by the server. */
  reply: unknown;
  /** Canonical values the normalized result must hold. */
  fields: Record<string, string>;
  resultSide?: 'front' | 'back' | null;
  resultWarnings?: string[];
  /** Protocol details of this request beyond the common checks. */
  request?: (req: RecordedRequest) => void;
  /** What the provider keeps as its raw answer, when not the whole reply (an envelope around it). */
  raw?: unknown;
}

export interface ContractSubject {
  name: ProviderName;
  /** The documented error codes, when not the catalogue's (a service of ours documents its own). */
  catalogue?: Record<string, { code: string; message: string }>;
  create(server: ProviderServer, opts?: { timeoutMs?: number; badCredentials?: boolean }): Provider;
  /** The path of the recognition call (where replies are queued). */
  path: string;
  /** The documented upper bound of an upload, in bytes of the file. */
  documentedLimit: number;
  basic: { docType: string; side?: RequestedSide };
  unsupported: string[];
  success: SuccessCase[];
  /** The common request checks: method, content type, image field, auth. */
  checkRequest(req: RecordedRequest, image: ImageInput): void;
  /** How the provider carries a documented error code (`http:NNN` = an HTTP status). */
  errorReply(code: string): Reply;
}

const provider = (e: unknown): ProviderError => {
  expect(e).toBeInstanceOf(ProviderError);
  return e as ProviderError;
};

async function failure(p: Promise<unknown>): Promise<ProviderError> {
  return provider(await p.then(() => undefined, (e: unknown) => e));
}

export function providerContract(subject: ContractSubject): void {
  describe(`${subject.name} provider contract`, () => {
    let server: ProviderServer;
    let image: ImageInput;
    let p: Provider;
    const ocrRequests = () => server.requests.filter((r) => r.path === subject.path);

    beforeAll(async () => {
      server = await startProviderServer();
      image = await cardImage();
    });
    afterAll(() => server.close());
    beforeEach(() => {
      server.reset();
      p = subject.create(server, { timeoutMs: 1500 });
    });

    it('names itself and keeps uploads within the documented limit', () => {
      expect(p.name).toBe(subject.name);
      expect(p.maxBytes).toBeGreaterThan(1_000_000);
      expect(p.maxBytes).toBeLessThanOrEqual(subject.documentedLimit);
    });

    it('declares which documents it reads', () => {
      expect(p.supports(subject.basic.docType, subject.basic.side)).toBe(true);
      for (const doc of subject.unsupported) expect(p.supports(doc)).toBe(false);
    });

    it('sends what the documentation asks for', async () => {
      server.queue(subject.path, { json: subject.success[0]!.reply });
      await p.recognize(image, subject.basic);
      const [req] = ocrRequests();
      expect(req).toBeDefined();
      subject.checkRequest(req!, image);
    });

    for (const c of subject.success) {
      it(`normalizes the documented response: ${c.title}`, async () => {
        server.queue(c.path, { json: c.reply });
        const out = await p.recognize(image, { docType: c.docType, ...(c.side ? { side: c.side } : {}) });
        expect(RecognitionResultSchema.parse(out.result)).toEqual(out.result);
        expect(out.result.docType).toBe(c.docType);
        expect(out.result.provider).toBe(subject.name);
        if (c.resultSide !== undefined) expect(out.result.side).toBe(c.resultSide);
        const values = Object.fromEntries(Object.entries(out.result.fields).map(([k, v]) => [k, v.value]));
        expect(values).toMatchObject(c.fields);
        for (const w of c.resultWarnings ?? []) expect(out.result.warnings.map((x) => x.code)).toContain(w);
        expect(out.raw).toEqual('raw' in c ? c.raw : c.reply);
        const req = server.requests.find((r) => r.path === c.path);
        expect(req, `request to ${c.path}`).toBeDefined();
        c.request?.(req!);
      });
    }

    it('maps every documented error code through the catalogue', async () => {
      const entries = Object.entries(subject.catalogue ?? ERROR_CATALOGUE[subject.name as CatalogueProvider]);
      expect(entries.length).toBeGreaterThan(0);
      for (const [code, entry] of entries) {
        // A rejected token is retried once with a fresh one: both answers carry the code.
        server.queue(subject.path, subject.errorReply(code), subject.errorReply(code));
        const e = await failure(p.recognize(image, subject.basic));
        expect([code, e.code, e.message]).toEqual([code, entry.code, entry.message]);
        expect(e.provider).toBe(subject.name);
        expect(e.providerCode).toBe(code);
        server.reset();
      }
    });

    it('refuses wrong credentials as AUTH', async () => {
      const wrong = subject.create(server, { badCredentials: true });
      const e = await failure(wrong.recognize(image, subject.basic));
      expect(e.code).toBe('AUTH');
      expect(e.message).toMatch(/[\u4e00-\u9fa5]/);
    });

    it("maps the provider's own refusal of a GIF (checked by the test server) to BAD_IMAGE", async () => {
      const e = await failure(p.recognize(await gifImage(), subject.basic));
      expect(e.code).toBe('BAD_IMAGE');
    });

    it('uploads an image just under its limit, and is refused above the documented one', async () => {
      const near = padJpeg(image, p.maxBytes - 64);
      server.queue(subject.path, { json: subject.success[0]!.reply });
      await expect(p.recognize(near, subject.basic)).resolves.toHaveProperty('result');
      const sent = ocrRequests()[0]!;
      expect(sent.bodyBytes).toBeGreaterThan(p.maxBytes - 64);
      const over = padJpeg(image, subject.documentedLimit + 1024);
      const e = await failure(p.recognize(over, subject.basic));
      expect(e.code).toBe('BAD_IMAGE');
    });

    it('times out on a provider that never answers', async () => {
      const fast = subject.create(server, { timeoutMs: 150 });
      server.queue(subject.path, { hang: true });
      const e = await failure(fast.recognize(image, subject.basic));
      expect(e.code).toBe('TIMEOUT');
      expect(e.retryable).toBe(true);
      expect(e.message).toMatch(/超时/);
    });

    it('reports an HTML error page from a gateway as UPSTREAM, saying so', async () => {
      server.queue(subject.path, {
        status: 502,
        body: '<html><head><title>502 Bad Gateway</title></head><body><center>nginx</center></body></html>',
        headers: { 'content-type': 'text/html' },
      });
      const e = await failure(p.recognize(image, subject.basic));
      expect(e.code).toBe('UPSTREAM');
      expect(e.message).toMatch(/HTML/);
      expect(e.message).toContain('502');
    });

    it('reports a 5xx without a documented body as UPSTREAM', async () => {
      server.queue(subject.path, { status: 503, json: { message: 'Service Unavailable' } });
      const e = await failure(p.recognize(image, subject.basic));
      expect(e.code).toBe('UPSTREAM');
      expect(e.providerCode).toBe('http:503');
    });

    it('reports an HTML page served with status 200 as UPSTREAM', async () => {
      server.queue(subject.path, { status: 200, body: '<!DOCTYPE html><html><title>维护中</title></html>', headers: { 'content-type': 'text/html' } });
      const e = await failure(p.recognize(image, subject.basic));
      expect(e.code).toBe('UPSTREAM');
      expect(e.message).toMatch(/HTML.*维护中/);
    });

    it('reports a truncated body as UPSTREAM', async () => {
      server.queue(subject.path, { truncate: subject.success[0]!.reply });
      const e = await failure(p.recognize(image, subject.basic));
      expect(e.code).toBe('UPSTREAM');
    });

    it('reports a body cut short by the provider as UPSTREAM, saying it is incomplete', async () => {
      const text = JSON.stringify(subject.success[0]!.reply);
      server.queue(subject.path, { status: 200, body: text.slice(0, text.length - 7), headers: { 'content-type': 'application/json' } });
      const e = await failure(p.recognize(image, subject.basic));
      expect(e.code).toBe('UPSTREAM');
      expect(e.message).toMatch(/不完整|不是 JSON/);
    });

    it('reports a non-JSON body as UPSTREAM', async () => {
      server.queue(subject.path, { status: 200, body: 'OK' });
      const e = await failure(p.recognize(image, subject.basic));
      expect(e.code).toBe('UPSTREAM');
      expect(e.message).toMatch(/JSON/);
    });

    it('reports an empty body as UPSTREAM', async () => {
      server.queue(subject.path, { status: 200, body: '' });
      expect((await failure(p.recognize(image, subject.basic))).code).toBe('UPSTREAM');
    });

    it('reports a reset connection as UPSTREAM', async () => {
      server.queue(subject.path, { destroy: true });
      const e = await failure(p.recognize(image, subject.basic));
      expect(e.code).toBe('UPSTREAM');
      expect(e.message).toMatch(/网络/);
    });

    it('reports an unreachable provider as UPSTREAM', async () => {
      const closed = await startProviderServer();
      await closed.close();
      const offline = subject.create(closed, { timeoutMs: 1500 });
      expect((await failure(offline.recognize(image, subject.basic))).code).toBe('UPSTREAM');
    });

    it("stops when the caller aborts, with the caller's reason", async () => {
      server.queue(subject.path, { hang: true });
      const controller = new AbortController();
      const pending = p.recognize(image, { ...subject.basic, signal: controller.signal });
      const reason = new Error('caller went away');
      setTimeout(() => controller.abort(reason), 30);
      await expect(pending).rejects.toBe(reason);
      await expect(p.recognize(image, { ...subject.basic, signal: controller.signal })).rejects.toBe(reason);
    });
  });
}
