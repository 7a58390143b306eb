// Docker cannot run here: the container files are checked as text instead. The compose file is parsed
// and interpolated as `docker compose` does with .env.example filled in, and its wiring (service names,
// ports, credentials, bucket) is checked against the server's own configuration parser; the
// Dockerfile's stages, user, health check and start command are checked line by line.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { CONFIG_VARIABLES, loadConfig } from '../../server/config';
import { ENGINE_PATH, EngineResponseSchema } from '../../core/contracts/engine';
import { newNonce, signedHeaders } from '../../server/engine-service/signing';
import { secretProblem } from '../../server/identity/session';
import { realFixture } from '../support/fixtures';

const ENGINE_KEY = 'f'.repeat(64);

const ROOT = join(import.meta.dirname, '../..');
const read = (f: string) => readFileSync(join(ROOT, f), 'utf8');

/** Compose's interpolation: ${X}, ${X:-default}, ${X:?error} (empty counts as unset for both), $$. */
function interpolate(text: string, env: Record<string, string>): string {
  return text.replace(/\$\$|\$\{([A-Z0-9_]+)(?:(:-|:\?)([^}]*))?\}/g, (whole, name: string | undefined, op: string | undefined, arg: string | undefined) => {
    if (whole === '$$') return '$';
    const value = env[name!];
    if (op === ':-') return value ? value : (arg ?? '');
    if (op === ':?') {
      if (!value) throw new Error(`required variable ${name} is missing a value: ${arg}`);
      return value;
    }
    return value ?? '';
  });
}

function dotenv(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const line of text.split('\n')) {
    const m = /^([A-Z0-9_]+)=(.*)$/.exec(line.trim());
    if (m) out[m[1]!] = m[2]!;
  }
  return out;
}

interface Service {
  image?: string;
  build?: unknown;
  environment?: Record<string, string>;
  depends_on?: Record<string, { condition: string }>;
  ports?: string[];
  healthcheck?: { test: string[] };
  entrypoint?: string[];
  command?: string[];
}
type Compose = { services: Record<string, Service> };

const sampleEnv = (): Record<string, string> => ({
  ...dotenv(read('.env.example')),
  SESSION_SECRET: 'a'.repeat(64),
  POSTGRES_PASSWORD: 'pg-password-123',
  MINIO_ROOT_PASSWORD: 'minio-password-123',
  ENGINE_SERVICE_SECRET: 'b'.repeat(64),
});

/** Compose interpolates the parsed values (so `X: ${Y:-}` is an empty string, not null). */
function interpolateValues(value: unknown, env: Record<string, string>): unknown {
  if (typeof value === 'string') return interpolate(value, env);
  if (Array.isArray(value)) return value.map((v) => interpolateValues(v, env));
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, interpolateValues(v, env)]));
  return value;
}

function compose(env: Record<string, string>, files = ['docker-compose.yml']): Compose {
  const [first, ...overrides] = files.map((f) => interpolateValues(parse(read(f)), env) as Compose);
  // Compose merges environment maps of an override into the service.
  for (const o of overrides) {
    for (const [name, svc] of Object.entries(o.services)) {
      const base = first!.services[name]!;
      base.environment = { ...base.environment, ...svc.environment };
    }
  }
  return first!;
}

describe('docker-compose.yml', () => {
  it('names only variables the server reads, and they parse into a PostgreSQL + S3 configuration', () => {
    const app = compose(sampleEnv()).services.licenselens!;
    const env = app.environment!;
    for (const name of Object.keys(env)) expect(CONFIG_VARIABLES, name).toContain(name);
    const config = loadConfig(env);
    expect(config.PHOTO_STORE).toBe('s3');
    expect(config.HOST).toBe('0.0.0.0');
    expect(sessionOk(config.SESSION_SECRET)).toBe(true);
    // Blank optional settings from the template are unset, not malformed.
    expect(config.WEBHOOK_URL).toBeUndefined();
    expect(config.ENGINE_SERVICE_SECRET).toBeUndefined();
  });

  it('wires the server to the postgres and minio services with their own credentials', () => {
    const { services } = compose(sampleEnv());
    const app = services.licenselens!;
    const config = loadConfig(app.environment!);
    const db = new URL(config.DATABASE_URL!);
    const pg = services[db.hostname]!;
    expect(pg.image).toMatch(/^postgres:/);
    expect(db.port).toBe('5432');
    expect([decodeURIComponent(db.username), decodeURIComponent(db.password), db.pathname.slice(1)]).toEqual([
      pg.environment!.POSTGRES_USER,
      pg.environment!.POSTGRES_PASSWORD,
      pg.environment!.POSTGRES_DB,
    ]);
    const s3 = new URL(config.S3_ENDPOINT!);
    const minio = services[s3.hostname]!;
    expect(minio.image).toMatch(/^minio\/minio/);
    expect(s3.port).toBe('9000');
    expect([config.S3_ACCESS_KEY_ID, config.S3_SECRET_ACCESS_KEY]).toEqual([minio.environment!.MINIO_ROOT_USER, minio.environment!.MINIO_ROOT_PASSWORD]);
    expect(config.S3_FORCE_PATH_STYLE).toBe(true);
    // The bucket the server uses is the one the init job creates, private.
    const init = services['minio-bucket']!.entrypoint!.join(' ');
    expect(init).toContain(`mc mb --ignore-existing local/${config.S3_BUCKET}`);
    expect(init).toContain(`anonymous set none local/${config.S3_BUCKET}`);
    expect(app.depends_on).toEqual({ postgres: { condition: 'service_healthy' }, 'minio-bucket': { condition: 'service_completed_successfully' } });
    expect(services['minio-bucket']!.depends_on).toEqual({ minio: { condition: 'service_healthy' } });
    for (const s of ['postgres', 'minio']) expect(services[s]!.healthcheck?.test.length, s).toBeGreaterThan(0);
    expect(app.ports).toEqual([`8787:${config.PORT}`]);
  });

  it('refuses to start without each secret, naming it', () => {
    for (const name of ['SESSION_SECRET', 'POSTGRES_PASSWORD', 'MINIO_ROOT_PASSWORD']) {
      expect(() => compose({ ...sampleEnv(), [name]: '' }), name).toThrow(new RegExp(`${name} is missing`));
    }
  });

  it('turns the engine service on with docker-compose.engine.yml, which requires its secret', () => {
    const env = compose(sampleEnv(), ['docker-compose.yml', 'docker-compose.engine.yml']).services.licenselens!.environment!;
    const config = loadConfig(env);
    expect(secretProblem('ENGINE_SERVICE_SECRET', config.ENGINE_SERVICE_SECRET)).toBeNull();
    expect(() => compose({ ...sampleEnv(), ENGINE_SERVICE_SECRET: '' }, ['docker-compose.yml', 'docker-compose.engine.yml'])).toThrow(/ENGINE_SERVICE_SECRET/);
  });

  it('lists in .env.example every variable the compose files ask for', () => {
    const listed = Object.keys(dotenv(read('.env.example')));
    for (const f of ['docker-compose.yml', 'docker-compose.engine.yml']) {
      for (const m of read(f).matchAll(/\$\{([A-Z0-9_]+)/g)) expect(listed, `${f}: ${m[1]}`).toContain(m[1]);
    }
  });
});

function sessionOk(secret: string | undefined): boolean {
  return secretProblem('SESSION_SECRET', secret) === null;
}

/** Dockerfile instructions with continuation lines joined, comments dropped. */
function instructions(): { op: string; args: string }[] {
  return read('Dockerfile')
    .replace(/\\\n/g, ' ')
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith('#'))
    .map((l) => {
      const [op, ...rest] = l.split(/\s+/);
      return { op: op!.toUpperCase(), args: rest.join(' ') };
    });
}

describe('Dockerfile', () => {
  const all = instructions();
  const stages = all.flatMap((i, n) => (i.op === 'FROM' ? [{ at: n, name: /\bAS\s+(\S+)/i.exec(i.args)?.[1] }] : []));
  const final = all.slice(stages.at(-1)!.at);

  it('builds in named stages and copies only from them or from files in the repository', () => {
    expect(stages.length).toBeGreaterThanOrEqual(3);
    const names = stages.map((s) => s.name);
    for (const i of all.filter((x) => x.op === 'COPY')) {
      const from = /--from=(\S+)/.exec(i.args)?.[1];
      const parts = i.args.replace(/--\S+/g, '').trim().split(/\s+/);
      if (from) expect(names, i.args).toContain(from);
      else for (const src of parts.slice(0, -1)) if (src !== '.') expect(existsSync(join(ROOT, src)), src).toBe(true);
    }
    const scripts = Object.keys((JSON.parse(read('package.json')) as { scripts: Record<string, string> }).scripts);
    for (const m of read('Dockerfile').matchAll(/npm run (\S+)/g)) expect(scripts).toContain(m[1]);
  });

  it('runs as an unprivileged user, with a health check on /healthz and the port it listens on', () => {
    const user = final.filter((i) => i.op === 'USER').at(-1)?.args;
    expect(user).toBeDefined();
    expect(['root', '0', '0:0']).not.toContain(user);
    const health = final.find((i) => i.op === 'HEALTHCHECK')?.args ?? '';
    expect(health).toMatch(/\/healthz/);
    const env = final.filter((i) => i.op === 'ENV').map((i) => i.args).join(' ');
    expect(env).toMatch(/HOST=0\.0\.0\.0/);
    const port = /PORT=(\d+)/.exec(env)?.[1];
    expect(final.find((i) => i.op === 'EXPOSE')?.args).toBe(port);
  });

  it('starts the server directly, installing or downloading nothing at start', () => {
    const cmd = final.filter((i) => i.op === 'CMD' || i.op === 'ENTRYPOINT').map((i) => i.args).join(' ');
    expect(cmd).toMatch(/bin\/licenselens\.mjs", "serve"/);
    expect(cmd).not.toMatch(/\b(npm|npx|curl|wget|pip)\b/);
    // Dependencies come from the lockfile; install scripts (which may download) are off.
    for (const i of all.filter((x) => x.op === 'RUN' && /npm (ci|install)/.test(x.args))) {
      expect(i.args).toMatch(/npm ci\b.*--ignore-scripts/);
    }
    // tsx runs the sources at start: it must be a production dependency.
    expect(Object.keys((JSON.parse(read('package.json')) as { dependencies: Record<string, string> }).dependencies)).toContain('tsx');
  });

  it('loads the offline engine while building, from a module that exports it', () => {
    const run = final.find((i) => i.op === 'RUN' && i.args.includes('getEngine'))?.args ?? '';
    const module = /import\('\.\/([^']+)'\)/.exec(run)?.[1];
    expect(module).toBeDefined();
    expect(read(module!)).toMatch(/export (async )?function getEngine\b/);
  });

  it('keeps the host machine’s installs, data and secrets out of the build context', () => {
    const ignored = read('.dockerignore').split('\n').map((l) => l.trim());
    for (const x of ['node_modules', 'data', '.env', '.git']) expect(ignored).toContain(x);
  });
});

describe('the image’s file set', () => {
  it('starts a production server from exactly what the runtime stage copies: healthy, and its engine reads a card', async () => {
    const { cp, mkdtemp, rm, symlink } = await import('node:fs/promises');
    const { tmpdir } = await import('node:os');
    const { spawn } = await import('node:child_process');
    const all = instructions();
    const final = all.slice(all.map((i) => i.op).lastIndexOf('FROM'));
    const app = await mkdtemp(join(tmpdir(), 'll-image-'));
    try {
      for (const i of final.filter((x) => x.op === 'COPY' && !x.args.includes('--from'))) {
        const [src, dest] = i.args.split(/\s+/) as [string, string];
        // `COPY file ./` lands in the folder under its own name, as Docker does.
        await cp(join(ROOT, src), join(app, dest.endsWith('/') ? join(dest, src) : dest), { recursive: true });
      }
      // node_modules comes from the deps stage (npm ci --omit=dev): the checkout's stands in for it.
      await symlink(join(ROOT, 'node_modules'), join(app, 'node_modules'), 'dir');
      const child = spawn(process.execPath, ['bin/licenselens.mjs', 'serve', '--port', '0', '--host', '127.0.0.1'], {
        cwd: app,
        env: { PATH: process.env.PATH ?? '', SESSION_SECRET: 'c'.repeat(64), ENGINE_SERVICE_SECRET: ENGINE_KEY, DATA_DIR: join(app, 'data') },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      const out: string[] = [];
      child.stderr!.on('data', (d: Buffer) => out.push(d.toString()));
      try {
        const url = await new Promise<string>((ok, fail) => {
          child.stdout!.on('data', (d: Buffer) => {
            out.push(d.toString());
            const m = /listening on (http:\/\/\S+)/.exec(out.join(''));
            if (m) ok(m[1]!);
          });
          child.once('exit', (code) => fail(new Error(`exited ${code}: ${out.join('')}`)));
        });
        const res = await fetch(`${url}/healthz`);
        expect(res.status).toBe(200);
        expect(await res.json()).toMatchObject({ ok: true, dev: false });
        // The engine with its models and lexicons, from nothing but the copied sources and node_modules.
        const card = realFixture('vehicle-licence-front-01');
        const body = JSON.stringify({ nonce: newNonce(), docType: 'vehicle_license', side: 'front', image: { mime: 'image/png', base64: card.bytes.toString('base64') } });
        const scan = await fetch(`${url}${ENGINE_PATH}`, { method: 'POST', headers: { 'content-type': 'application/json', ...signedHeaders(ENGINE_KEY, body) }, body });
        expect(scan.status, out.join('')).toBe(200);
        expect(EngineResponseSchema.parse(await scan.json()).result.fields.plateNo?.value).toBe(card.fields.plateNo);
      } finally {
        const exited = new Promise((ok) => child.once('exit', ok));
        child.kill('SIGTERM');
        await exited;
      }
    } finally {
      await rm(app, { recursive: true, force: true });
    }
  }, 120_000);
});
