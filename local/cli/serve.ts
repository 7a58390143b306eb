// `licenselens serve [--dev] [--port N] [--host H]`: the local server. `npm start` runs it with --dev
// (dev identity header accepted on loopback). Stops gracefully on SIGINT/SIGTERM.
import { parseArgs } from 'node:util';
import { loadConfig } from '../../server/config';
import type { CliIo } from './index';

/** The administrator identity a dev server offers when ADMIN_OPENIDS is not set. */
export const DEV_ADMIN = 'dev-admin';

export async function run(args: string[], io: CliIo): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args,
      options: { dev: { type: 'boolean', default: false }, port: { type: 'string' }, host: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
      allowPositionals: false,
    });
  } catch (e) {
    io.stderr(`licenselens serve: ${(e as Error).message}\n`);
    return 2;
  }
  if (parsed.values.help) {
    io.stdout('usage: licenselens serve [--dev] [--port N] [--host H]\n  env: PORT (8787; 0 = any free port), HOST (127.0.0.1), DATA_DIR (./data), DATABASE_URL, SESSION_SECRET, ADMIN_OPENIDS, provider keys\n');
    return 0;
  }
  const config = loadConfig({
    ...process.env,
    ...(parsed.values.port !== undefined ? { PORT: parsed.values.port } : {}),
    ...(parsed.values.host !== undefined ? { HOST: parsed.values.host } : {}),
  });
  // A first run with no configuration should show every screen: in dev mode (loopback only, dev
  // identities) an unset ADMIN_OPENIDS names one administrator identity. Production never does this.
  if (parsed.values.dev && config.ADMIN_OPENIDS.length === 0) config.ADMIN_OPENIDS = [DEV_ADMIN];
  const { startServer } = await import('../server/index');
  let server: Awaited<ReturnType<typeof startServer>>;
  try {
    server = await startServer({ config, dev: parsed.values.dev, log: (l) => io.stderr(`${l}\n`) });
  } catch (e) {
    // A refusal to start says why in one line, no stack: a second server on the same DATA_DIR (1), a
    // weak SESSION_SECRET in production or the port taken (2).
    io.stderr(`licenselens serve: ${(e as Error).message}\n`);
    return (e as Error).name === 'DataDirLockedError' ? 1 : 2;
  }
  io.stdout(`LicenseLens ${parsed.values.dev ? '(dev) ' : ''}listening on ${server.url}\n`);
  if (parsed.values.dev) {
    const { isLoopback } = await import('../server/app');
    if (isLoopback(server.host)) {
      io.stdout(`dev identity: send the header x-licenselens-openid: <any-id> (loopback only)\n`);
      io.stdout(`administrators: ${config.ADMIN_OPENIDS.join(', ')}\n`);
    }
    else io.stderr(`warning: HOST=${server.host} is not loopback, so the dev identity header is ignored; sign in with a session\n`);
  }

  await new Promise<void>((done) => {
    const stop = (signal: string) => {
      io.stderr(`${signal}: shutting down…\n`);
      process.off('SIGINT', onInt);
      process.off('SIGTERM', onTerm);
      server.close().then(done, (e: unknown) => {
        io.stderr(`shutdown error: ${(e as Error).message}\n`);
        done();
      });
    };
    const onInt = () => stop('SIGINT');
    const onTerm = () => stop('SIGTERM');
    process.on('SIGINT', onInt);
    process.on('SIGTERM', onTerm);
  });
  return 0;
}
