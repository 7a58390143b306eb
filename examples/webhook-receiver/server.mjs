// A minimal LicenseLens webhook receiver: Node only, no dependencies.
//   WEBHOOK_SECRET=… PORT=9000 node examples/webhook-receiver/server.mjs
// It verifies X-LicenseLens-Signature over `${timestamp}.${rawBody}`, refuses stale timestamps, and
// processes each Idempotency-Key once (deliveries are at least once: a retry after a lost response
// repeats the key). Keep the seen keys in your database in real use, not in memory.
import { createHmac, timingSafeEqual } from 'node:crypto';
import { createServer } from 'node:http';
import { pathToFileURL } from 'node:url';

const MAX_BODY = 1024 * 1024;

/** True when the signature is the HMAC-SHA256 (hex) of `${timestamp}.${body}` and the timestamp is recent. */
export function verifySignature({ secret, timestamp, signature, body, nowSeconds, toleranceSeconds = 300 }) {
  if (typeof timestamp !== 'string' || !/^\d+$/.test(timestamp)) return false;
  if (typeof signature !== 'string' || !/^[0-9a-f]{64}$/i.test(signature)) return false;
  const now = nowSeconds ?? Math.floor(Date.now() / 1000);
  if (Math.abs(now - Number(timestamp)) > toleranceSeconds) return false;
  const expected = createHmac('sha256', secret).update(`${timestamp}.${body}`, 'utf8').digest();
  return timingSafeEqual(expected, Buffer.from(signature, 'hex'));
}

/**
 * The request handler. `onDelivery(payload, key)` runs once per Idempotency-Key; throw from it to make
 * LicenseLens retry later. `seen` can be any Set-like store of processed keys.
 */
export function createHandler({ secret, onDelivery = () => {}, seen = new Set(), toleranceSeconds, now } = {}) {
  if (!secret) throw new Error('createHandler: secret is required');
  const inFlight = new Map();
  return async (req, res) => {
    const reply = (status, obj) => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(obj));
    };
    if (req.method !== 'POST') return reply(405, { error: 'method not allowed' });
    const chunks = [];
    let size = 0;
    for await (const chunk of req) {
      size += chunk.length;
      if (size > MAX_BODY) return reply(413, { error: 'too large' });
      chunks.push(chunk);
    }
    // Verify the raw bytes as received: re-serialized JSON would not match the signature.
    const body = Buffer.concat(chunks).toString('utf8');
    const ok = verifySignature({
      secret,
      timestamp: req.headers['x-licenselens-timestamp'],
      signature: req.headers['x-licenselens-signature'],
      body,
      toleranceSeconds,
      nowSeconds: now ? Math.floor(now() / 1000) : undefined,
    });
    if (!ok) return reply(401, { error: 'bad signature' });
    const key = req.headers['idempotency-key'];
    if (typeof key !== 'string' || !key) return reply(400, { error: 'missing Idempotency-Key' });
    if (await seen.has(key)) return reply(200, { ok: true, duplicate: true });
    // A retry racing the first request for the same key waits for it instead of processing twice.
    if (inFlight.has(key)) {
      try {
        await inFlight.get(key);
        return reply(200, { ok: true, duplicate: true });
      } catch {
        return reply(503, { error: 'retry later' });
      }
    }
    const work = (async () => {
      await onDelivery(JSON.parse(body), key);
      await seen.add(key);
    })();
    inFlight.set(key, work);
    try {
      await work;
      reply(200, { ok: true });
    } catch {
      reply(503, { error: 'retry later' });
    } finally {
      inFlight.delete(key);
    }
  };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const secret = process.env.WEBHOOK_SECRET;
  if (!secret) {
    console.error('set WEBHOOK_SECRET');
    process.exit(2);
  }
  const port = Number(process.env.PORT ?? 9000);
  const handler = createHandler({
    secret,
    // Log ids only: the payload carries personal data (names, plates, VINs).
    onDelivery: (payload, key) => console.log(`received ${payload.event} record=${payload.record?.id} key=${key}`),
  });
  createServer((req, res) => {
    handler(req, res).catch(() => {
      if (!res.headersSent) res.writeHead(500);
      res.end();
    });
  }).listen(port, process.env.HOST ?? '127.0.0.1', () => console.log(`webhook receiver on http://127.0.0.1:${port}`));
}
