// Builds the web console into web/dist when it is missing or older than its sources (web/ and the core
// modules it bundles). `npm start` runs it first (prestart) so a fresh clone serves an up-to-date
// console; the e2e tests call it too. A lock directory keeps concurrent callers from building over
// each other (vite empties web/dist first).
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const repo = fileURLToPath(new URL('../..', import.meta.url));
const built = join(repo, 'web/dist/index.html');
// Outside the checkout (nothing to ignore), one per checkout.
const lock = join(tmpdir(), `licenselens-web-build-${createHash('sha1').update(repo).digest('hex').slice(0, 12)}.lock`);
const sources = ['web/src', 'web/index.html', 'web/vite.config.ts', 'core'];

function newest(path) {
  if (!existsSync(path)) return 0;
  const st = statSync(path);
  if (!st.isDirectory()) return st.mtimeMs;
  let max = 0;
  for (const name of readdirSync(path)) max = Math.max(max, newest(join(path, name)));
  return max;
}

export function isWebStale() {
  const builtAt = existsSync(built) ? statSync(built).mtimeMs : 0;
  return builtAt < Math.max(...sources.map((s) => newest(join(repo, s))));
}

async function acquire() {
  const deadline = Date.now() + 120_000;
  for (;;) {
    try {
      mkdirSync(lock);
      return;
    } catch {
      // A lock older than any build is left over from a killed process.
      if (existsSync(lock) && Date.now() - statSync(lock).mtimeMs > 120_000) rmSync(lock, { recursive: true, force: true });
      if (Date.now() > deadline) throw new Error(`web console: ${lock} is held too long`);
      await new Promise((r) => setTimeout(r, 200));
    }
  }
}

/** @returns {Promise<boolean>} whether it built */
export async function ensureWebBuilt({ log = console.log } = {}) {
  if (!isWebStale()) return false;
  await acquire();
  try {
    if (!isWebStale()) return false; // someone else built it while we waited
    log(existsSync(built) ? 'web console: sources changed, rebuilding…' : 'web console: building…');
    const { build } = await import('vite');
    await build({ configFile: join(repo, 'web/vite.config.ts'), logLevel: 'warn' });
    return true;
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) await ensureWebBuilt();
