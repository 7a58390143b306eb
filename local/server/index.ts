// Starts the local server: PGlite in DATA_DIR/db (PostgreSQL when DATABASE_URL is set), photos in
// DATA_DIR/files (an S3-compatible bucket when PHOTO_STORE=s3), providers routed from the environment.
// Returns a handle whose close() stops accepting connections, lets in-flight requests finish (for at
// most a grace period, then closes what is left) and then closes the store.
import { randomBytes } from 'node:crypto';
import { mkdir } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { serve } from '@hono/node-server';
import type { Config } from '../../server/config';
import { createOcrService } from '../../server/ocr/service';
import { createPipeline } from '../../server/pipeline/index';
import { fieldLexicon } from '../../server/ocr/lexicon/fields';
import { createLazyLocalProvider, createProviders } from '../../server/providers/index';
import type { Provider } from '../../server/providers/types';
import type { PipelineLike } from '../../server/records/context';
import { secretProblem as keyProblem, sessionSecretProblem } from '../../server/identity/session';
import { openPhotoStore } from '../../server/stores/files/index';
import { openSqlStore } from '../../server/stores/sql/index';
import type { RecordStore } from '../../server/stores/types';
import { createApp, type AppDeps } from './app';
import { lockDataDir, type DataDirLock } from './data-lock';
import { startDeliveryScheduler } from '../../server/delivery/scheduler';
import { createSqlDossierStore } from '../../server/stores/dossiers/sql';
import type { SqlAdapter } from '../../server/stores/sql/adapter';
import { webhookReminderSender } from '../../server/dossiers/senders';

export interface StartOptions {
  config: Config;
  dev?: boolean;
  /** Overrides config.PORT / config.HOST (0 = a free port). */
  port?: number;
  host?: string;
  /** Injected in tests; built from the configuration otherwise. */
  pipeline?: PipelineLike;
  store?: RecordStore;
  fetch?: typeof fetch;
  /** The one clock of the handlers and the store (tests pin it). */
  now?: () => Date;
  log?: (line: string) => void;
  /** The web console build; defaults to web/dist of this checkout. */
  webRoot?: string;
  /** Per-address limits of sign-in and refused tokens (DEFAULT_RATE_LIMITS of ./app otherwise). */
  rateLimits?: AppDeps['rateLimits'];
  /** The engine behind POST /api/engine/recognize (ENGINE_SERVICE_SECRET set); the offline engine otherwise. */
  engine?: Provider;
  /** How long close() waits for requests in flight before closing their connections (10 s). */
  shutdownGraceMs?: number;
}

/** A client that stalls mid-request must not keep the process from stopping (SIGTERM). */
export const SHUTDOWN_GRACE_MS = 10_000;

export interface RunningServer {
  url: string;
  port: number;
  host: string;
  store: RecordStore;
  close(): Promise<void>;
}

export async function startServer(opts: StartOptions): Promise<RunningServer> {
  const { config } = opts;
  const dev = opts.dev ?? false;
  const host = opts.host ?? config.HOST;
  const log = opts.log ?? ((line: string) => process.stdout.write(`${line}\n`));
  const dataDir = resolve(config.DATA_DIR);
  // Production: a session signing key anyone could guess (or an empty one from a template) would let
  // anyone mint an administrator's session, so refuse to start rather than run open (issue 13 item 1).
  const secretProblem = sessionSecretProblem(config.SESSION_SECRET);
  if (secretProblem && !dev) {
    throw new Error(`${secretProblem}. Production mode needs a random SESSION_SECRET of at least 32 bytes (e.g. \`openssl rand -hex 32\`).`);
  }
  // The engine service takes requests from other servers on the strength of this key alone: refuse to
  // start with one anyone could guess (in dev mode too — the endpoint is not a dev convenience).
  const engineSecret = config.ENGINE_SERVICE_SECRET;
  if (engineSecret !== undefined) {
    const problem = keyProblem('ENGINE_SERVICE_SECRET', engineSecret);
    if (problem) throw new Error(`${problem}. The engine service needs a random ENGINE_SERVICE_SECRET of at least 32 bytes (e.g. \`openssl rand -hex 32\`), the same as the callers' LOCAL_OCR_SECRET.`);
  }
  // Embedded PGlite belongs to one process: a second server on the same DATA_DIR refuses to start,
  // before it opens anything (so it has nothing to hang on at exit).
  const embedded = !opts.store && !config.DATABASE_URL;
  let lock: DataDirLock | null = null;
  if (embedded) {
    await mkdir(dataDir, { recursive: true });
    lock = await lockDataDir(dataDir);
  }
  let store: RecordStore;
  try {
    store = opts.store ?? (await openSqlStore(config.DATABASE_URL ? { url: config.DATABASE_URL } : { dataDir }, {
        adminOpenids: config.ADMIN_OPENIDS,
        ...(opts.now ? { now: opts.now } : {}),
      }));
  } catch (e) {
    await lock?.release();
    throw e;
  }
  // Dev mode never signs with a weak key either: it uses a random one (sessions end with the process).
  if (secretProblem && config.SESSION_SECRET !== undefined) log(JSON.stringify({ level: 'warn', message: `${secretProblem}: using a random key for this process` }));
  const secret = secretProblem ? randomBytes(32).toString('hex') : config.SESSION_SECRET!;
  const publicOrigin = config.PUBLIC_ORIGIN;
  const photos = openPhotoStore(config, dataDir, {
    secret: `${secret}.files`,
    // Links are relative unless an origin is configured: never built from a request's Host header.
    ...(publicOrigin ? { baseUrl: () => publicOrigin } : {}),
  });
  // The server owns its OCR service (engine + queue) and hands it to the local provider — and to the
  // engine service's endpoint, so both share one queue; the models load on the first scan.
  const ocr = createOcrService();
  const pipeline =
    opts.pipeline ?? createPipeline({ ...createProviders(config, { ...(opts.fetch ? { fetch: opts.fetch } : {}), local: { engine: ocr } }), routes: config.routes, lexicon: fieldLexicon });
  // Dossiers live in the same database as the records (their rows reference records).
  const adapter = (store as { adapter?: SqlAdapter }).adapter;
  const dossiers = adapter ? createSqlDossierStore(adapter, opts.now) : undefined;
  const app = createApp({
    config,
    store,
    ...(dossiers ? { dossiers } : {}),
    photos,
    pipeline,
    dev,
    host,
    sessionSecret: secret,
    publicOrigin,
    ...(opts.rateLimits ? { rateLimits: opts.rateLimits } : {}),
    ...(engineSecret !== undefined ? { engine: { secret: engineSecret, engine: opts.engine ?? createLazyLocalProvider({ engine: ocr }) } } : {}),
    log,
    // The console built beside this checkout, wherever the command is started from.
    webRoot: opts.webRoot ?? fileURLToPath(new URL('../../web/dist', import.meta.url)),
    ...(opts.fetch ? { fetch: opts.fetch } : {}),
    ...(opts.now ? { now: opts.now } : {}),
  });

  let server: ReturnType<typeof serve>;
  try {
    server = await new Promise<ReturnType<typeof serve>>((ok, fail) => {
      const s = serve({ fetch: app.fetch, port: opts.port ?? config.PORT, hostname: host }, () => ok(s));
      s.once('error', fail);
    });
  } catch (e) {
    // The port is taken: what was opened is closed again (the store we opened, the folder lock).
    if (!opts.store) await store.close().catch(() => undefined);
    await lock?.release();
    throw e;
  }
  const port = (server.address() as AddressInfo).port;
  const shownHost = host.includes(':') ? `[${host}]` : host === '0.0.0.0' ? '127.0.0.1' : host;
  const baseUrl = `http://${shownHost}:${port}`;
  // Reminders go to the webhook, signed like the deliveries, as their own event type.
  const reminders = dossiers && config.WEBHOOK_URL && config.WEBHOOK_SECRET ? webhookReminderSender({ url: config.WEBHOOK_URL, secret: config.WEBHOOK_SECRET, ...(opts.fetch ? { fetch: opts.fetch } : {}) }) : null;
  const stopScheduler = startDeliveryScheduler({ store, photos, config, log, intervalMs: config.SCHEDULER_INTERVAL_SECONDS * 1000, ...(dossiers ? { dossiers } : {}), ...(reminders ? { reminders } : {}) }); // webhook outbox, photo retention, dossier filings, reminders

  // PGlite has no autovacuum: keep statistics and the visibility map fresh for the admin queries.
  const maintain = (store as { maintain?: () => Promise<void> }).maintain;
  const maintenance = maintain
    ? setInterval(() => {
        maintain.call(store).catch((e: unknown) => log(JSON.stringify({ level: 'warn', message: 'maintenance failed', name: (e as Error).name })));
      }, 15 * 60_000).unref()
    : null;

  let closing: Promise<void> | null = null;
  return {
    url: baseUrl,
    port,
    host,
    store,
    close() {
      closing ??= (async () => {
        if (maintenance) clearInterval(maintenance);
        // Stop accepting; idle keep-alive sockets are closed, requests in flight run to completion —
        // until the grace period ends: then every remaining connection (a stalled upload) is closed.
        const http = server as unknown as { closeIdleConnections?: () => void; closeAllConnections?: () => void };
        let deadline: NodeJS.Timeout | undefined;
        await new Promise<void>((ok) => {
          server.close(() => ok());
          http.closeIdleConnections?.();
          deadline = setTimeout(() => http.closeAllConnections?.(), opts.shutdownGraceMs ?? SHUTDOWN_GRACE_MS);
        });
        clearTimeout(deadline);
        await stopScheduler();
        await store.close();
        await lock?.release();
      })();
      return closing;
    },
  };
}
