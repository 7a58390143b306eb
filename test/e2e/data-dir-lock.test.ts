// Two servers on one DATA_DIR (issue 13, item 5): embedded PGlite belongs to one process. The second
// server refuses to start with a clear Chinese + English message, the first keeps running and stops on
// SIGTERM, and the folder is free again afterwards. Real processes, as an operator would start them.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { hostname, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { DataDirLockedError, LOCK_FILE, lockDataDir } from '../../local/server/data-lock';

const dirs: string[] = [];
const children: ChildProcess[] = [];
afterEach(async () => {
  for (const c of children.splice(0)) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
  for (const d of dirs.splice(0)) await rm(d, { recursive: true, force: true });
});

async function tempDir(): Promise<string> {
  const d = await mkdtemp(join(tmpdir(), 'll-lock-'));
  dirs.push(d);
  return d;
}

interface Served {
  child: ChildProcess;
  /** Resolves with the URL once listening, rejects if the process exits first. */
  url: Promise<string>;
  exit: Promise<number | null>;
  stderr: () => string;
}

function serve(dataDir: string): Served {
  const child = spawn(process.execPath, [resolve('bin/licenselens.mjs'), 'serve', '--dev'], {
    env: { ...process.env, PORT: '0', DATA_DIR: dataDir, HOST: '127.0.0.1', ADMIN_OPENIDS: '' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  let out = '';
  let err = '';
  child.stderr!.on('data', (d: Buffer) => (err += d.toString()));
  const exit = new Promise<number | null>((ok) => child.once('exit', (code) => ok(code)));
  const url = new Promise<string>((ok, fail) => {
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(out);
      if (m) ok(m[1]!);
    });
    void exit.then((code) => fail(new Error(`exited ${code}: ${err}`)));
  });
  url.catch(() => undefined);
  return { child, url, exit, stderr: () => err };
}

/** Listening, and past start-up: `serve` installs its signal handlers after printing the URL. */
async function ready(s: Served): Promise<string> {
  const url = await s.url;
  expect((await fetch(`${url}/healthz`)).status).toBe(200);
  await new Promise((r) => setTimeout(r, 200));
  return url;
}

function within<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  return Promise.race([p, new Promise<never>((_, fail) => setTimeout(() => fail(new Error(`${what}: still running after ${ms} ms`)), ms))]);
}

describe('one server per DATA_DIR', () => {
  it('a second server on the same folder refuses to start; the first keeps serving and exits on SIGTERM; the folder is free after', { timeout: 180_000 }, async () => {
    const dataDir = await tempDir();
    const first = serve(dataDir);
    const url = await ready(first);
    const lock = JSON.parse(await readFile(join(dataDir, LOCK_FILE), 'utf8')) as { pid: number };
    expect(lock.pid).toBe(first.child.pid);

    const second = serve(dataDir);
    expect(await within(second.exit, 60_000, 'second server')).toBe(1);
    expect(second.stderr()).toContain('已被另一个 LicenseLens 服务使用');
    expect(second.stderr()).toContain('is in use by another LicenseLens server');
    expect(second.stderr()).toContain(`pid ${first.child.pid}`);
    expect(second.stderr()).not.toMatch(/\n\s+at /); // a message, not a stack trace

    // The first one is unaffected and stops cleanly.
    expect(await (await fetch(`${url}/healthz`)).json()).toMatchObject({ ok: true, store: 'pglite' });
    first.child.kill('SIGTERM');
    expect(await within(first.exit, 30_000, 'SIGTERM')).toBe(0);
    expect(existsSync(join(dataDir, LOCK_FILE))).toBe(false);

    const third = serve(dataDir);
    await ready(third);
    third.child.kill('SIGTERM');
    expect(await within(third.exit, 30_000, 'SIGTERM')).toBe(0);
  });
});

describe('lockDataDir', () => {
  it('refuses a second lock in the same process and on a live holder of another host; frees on release', async () => {
    const dataDir = await tempDir();
    const a = await lockDataDir(dataDir);
    await expect(lockDataDir(dataDir)).rejects.toBeInstanceOf(DataDirLockedError);
    await a.release();
    const b = await lockDataDir(dataDir);
    await b.release();
    await writeFile(join(dataDir, LOCK_FILE), JSON.stringify({ pid: 1, host: 'another-host', startedAt: 'x' }));
    const refused = await lockDataDir(dataDir).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(DataDirLockedError);
    expect((refused as Error).message).toContain('another-host');
  });

  it('takes over a lock left by a process that no longer exists (kill -9)', async () => {
    const dataDir = await tempDir();
    const gone = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
    await writeFile(join(dataDir, LOCK_FILE), JSON.stringify({ pid: Number(gone.stdout), host: hostname(), startedAt: '2026-01-01T00:00:00.000Z' }));
    const lock = await lockDataDir(dataDir);
    expect(JSON.parse(await readFile(join(dataDir, LOCK_FILE), 'utf8'))).toMatchObject({ pid: process.pid });
    await lock.release();
    expect(existsSync(join(dataDir, LOCK_FILE))).toBe(false);
  });
});
