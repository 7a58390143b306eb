// `npm start` runs this first: builds the web console when web/dist is missing or older than its
// sources (web/ and the core modules it bundles), so a fresh clone serves an up-to-date console.
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const repo = fileURLToPath(new URL('../..', import.meta.url));
const built = join(repo, 'web/dist/index.html');
const sources = ['web/src', 'web/index.html', 'web/vite.config.ts', 'core'];

function newest(path) {
  if (!existsSync(path)) return 0;
  const st = statSync(path);
  if (!st.isDirectory()) return st.mtimeMs;
  let max = 0;
  for (const name of readdirSync(path)) max = Math.max(max, newest(join(path, name)));
  return max;
}

const builtAt = existsSync(built) ? statSync(built).mtimeMs : 0;
const sourceAt = Math.max(...sources.map((s) => newest(join(repo, s))));
if (builtAt >= sourceAt) process.exit(0);

console.log(builtAt ? 'web console: sources changed, rebuilding…' : 'web console: building…');
const { build } = await import('vite');
await build({ configFile: join(repo, 'web/vite.config.ts') });
