// `licenselens serve --dev` (what `npm start` runs) as a real process: PORT=0 picks a free port, the URL is
// printed, SIGTERM stops it cleanly.
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { expect, it } from 'vitest';

it('starts on loopback, prints its URL, offers a dev administrator, answers, and exits 0 on SIGTERM', { timeout: 120_000 }, async () => {
  const dataDir = await mkdtemp(join(tmpdir(), 'licenselens-cli-'));
  const child = spawn(process.execPath, [resolve('bin/licenselens.mjs'), 'serve', '--dev'], {
    env: { ...process.env, PORT: '0', DATA_DIR: dataDir, HOST: '127.0.0.1', ADMIN_OPENIDS: '' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  try {
    let out = '';
    let err = '';
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    const url = await new Promise<string>((ok, fail) => {
      child.stdout.on('data', (d: Buffer) => {
        out += d.toString();
        const m = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(out);
        if (m) ok(m[1]!);
      });
      child.once('exit', (code) => fail(new Error(`exited ${code}: ${err}`)));
    });
    expect(await (await fetch(`${url}/healthz`)).json()).toMatchObject({ ok: true, store: 'pglite', dev: true });
    // With ADMIN_OPENIDS unset, dev mode names one administrator identity (and prints it); others are users.
    expect(out).toContain('administrators: dev-admin');
    const who = async (openid: string) =>
      (await (await fetch(`${url}/api/session/info`, { headers: { 'x-licenselens-openid': openid } })).json()) as {
        user: { isAdmin: boolean } | null;
      };
    expect((await who('dev-admin')).user).toEqual({ openid: 'dev-admin', isAdmin: true });
    expect((await who('someone')).user).toEqual({ openid: 'someone', isAdmin: false });
    const exit = new Promise<number | null>((ok) => child.once('exit', (code) => ok(code)));
    child.kill('SIGTERM');
    expect(await exit).toBe(0);
    expect(err).toContain('SIGTERM');
    // The healthz request was logged by route, without anything personal.
    expect(err).toContain('"route":"/healthz"');
  } finally {
    if (child.exitCode === null) child.kill('SIGKILL');
    await rm(dataDir, { recursive: true, force: true });
  }
});

it('refuses to start in production mode with an empty SESSION_SECRET: exit 2, one line naming it', { timeout: 120_000 }, async () => {
  const dataDir = await mkdtemp(join(tmpdir(), 'licenselens-cli-'));
  const child = spawn(process.execPath, [resolve('bin/licenselens.mjs'), 'serve'], {
    env: { ...process.env, PORT: '0', DATA_DIR: dataDir, HOST: '127.0.0.1', SESSION_SECRET: '' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  try {
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    const code = await new Promise<number | null>((ok) => child.once('exit', (c) => ok(c)));
    expect(code).toBe(2);
    expect(err).toMatch(/^licenselens serve: SESSION_SECRET is empty\. .*at least 32 bytes/m);
    expect(out).not.toContain('listening');
  } finally {
    if (child.exitCode === null) child.kill('SIGKILL');
    await rm(dataDir, { recursive: true, force: true });
  }
});
