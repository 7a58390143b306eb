// Prepares what the mini program loads from outside its own sources (npm run pack:npm):
//  1. Vant Weapp, packed by miniprogram-ci's packNpmManually into miniprogram/miniprogram_npm;
//  2. the parts of core the mini program imports, bundled by esbuild into miniprogram/core/
//     (WeChat cannot require files outside miniprogramRoot);
//  3. the tab bar icons, PNGs rendered from their SVG sources (scripts/tab-icons.ts).
// All outputs are generated and gitignored; the test globalSetup calls these when they are missing.
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Plugin } from 'esbuild';

const require = createRequire(import.meta.url);
export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const MINIPROGRAM = join(ROOT, 'miniprogram');
export const NPM_DIST = join(MINIPROGRAM, 'miniprogram_npm');

/** npm packages the mini program uses at run time (the root package.json also lists server deps). */
const MINIPROGRAM_DEPENDENCIES = ['@vant/weapp'];

/** `root`: the mini program folder to pack into (a staged device copy, or the repository's own). */
export async function packNpm(root = MINIPROGRAM): Promise<{ miniProgramPackNum: number; warnings: string[] }> {
  const npmDist = join(root, 'miniprogram_npm');
  // packNpmManually packs every dependency of the package.json it is given; the root one lists the
  // server's dependencies (sharp, pglite…), so pack from a staging folder that holds only ours.
  // (Outside any node_modules: packNpmManually rewrites every `/node_modules/` in the path.)
  const staging = mkdtempSync(join(tmpdir(), 'licenselens-mp-npm-'));
  const dependencies: Record<string, string> = {};
  for (const name of MINIPROGRAM_DEPENDENCIES) {
    const pkgDir = dirname(require.resolve(`${name}/package.json`, { paths: [ROOT] }));
    const pkg = JSON.parse(readFileSync(join(pkgDir, 'package.json'), 'utf8')) as { version: string; miniprogram?: string };
    dependencies[name] = pkg.version;
    const target = join(staging, 'node_modules', name);
    mkdirSync(target, { recursive: true });
    cpSync(join(pkgDir, 'package.json'), join(target, 'package.json'));
    cpSync(join(pkgDir, pkg.miniprogram ?? 'miniprogram_dist'), join(target, pkg.miniprogram ?? 'miniprogram_dist'), { recursive: true });
  }
  writeFileSync(join(staging, 'package.json'), JSON.stringify({ name: 'licenselens-miniprogram', private: true, dependencies }, null, 2));

  const ci = require('miniprogram-ci') as {
    packNpmManually(opts: { packageJsonPath: string; miniprogramNpmDistDir: string }): Promise<{
      miniProgramPackNum: number;
      otherNpmPackNum: number;
      warnList: { msg?: string; jsPath?: string }[];
    }>;
  };
  rmSync(npmDist, { recursive: true, force: true });
  const result = await ci.packNpmManually({ packageJsonPath: join(staging, 'package.json'), miniprogramNpmDistDir: root });
  if (result.miniProgramPackNum < MINIPROGRAM_DEPENDENCIES.length) {
    throw new Error(`packNpmManually packed ${result.miniProgramPackNum} mini program package(s), expected ${MINIPROGRAM_DEPENDENCIES.length}`);
  }
  rmSync(staging, { recursive: true, force: true });
  markCommonJs(npmDist);
  return { miniProgramPackNum: result.miniProgramPackNum, warnings: result.warnList.map((w) => `${w.jsPath ?? ''} ${w.msg ?? ''}`.trim()) };
}

/** The repository's package.json says "type": "module"; these generated folders hold CommonJS
 *  (what WeChat runs), so Node — the component tests — must read them as such. */
function markCommonJs(dir: string): void {
  writeFileSync(join(dir, 'package.json'), `${JSON.stringify({ private: true, type: 'commonjs' }, null, 2)}\n`);
}

function listTs(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (name === 'miniprogram_npm' || name === 'core' || name === 'node_modules') continue;
    if (statSync(p).isDirectory()) out.push(...listTs(p));
    else if (name.endsWith('.ts') && !name.endsWith('.d.ts')) out.push(p);
  }
  return out;
}

const CORE_IMPORT_RE = /^\s*import\s+(?!type\b)([^;]*?)\s+from\s+['"]((?:\.\.\/)+|\.\/)core\/([^'"]+)['"]/gm;

/** The names the mini program imports from each core module for their values (`import type` and
 *  `type X` specifiers left out), or '*' for a namespace import. Only these go into the bundle. */
export function coreImportNames(root = MINIPROGRAM): Map<string, Set<string>> {
  const found = new Map<string, Set<string>>();
  const coreDist = join(root, 'core');
  for (const file of listTs(root)) {
    const src = readFileSync(file, 'utf8');
    for (const m of src.matchAll(CORE_IMPORT_RE)) {
      // Only paths that really point at miniprogram/core/ (the mirror of the repository's core/).
      const abs = resolve(dirname(file), `${m[2]}core/${m[3]}`);
      const rel = relative(coreDist, abs);
      if (rel.startsWith('..')) continue;
      const mod = rel.replace(/\\/g, '/');
      const names = found.get(mod) ?? new Set<string>();
      const clause = m[1] ?? '';
      if (/\*\s+as\s+/.test(clause) || !clause.includes('{')) names.add('*');
      for (const spec of (/\{([^}]*)\}/.exec(clause)?.[1] ?? '').split(',')) {
        const name = spec.trim();
        if (!name || name.startsWith('type ')) continue;
        names.add(name.split(/\s+as\s+/)[0]!.trim());
      }
      if (names.size) found.set(mod, names);
    }
  }
  return new Map([...found].sort(([a], [b]) => a.localeCompare(b)));
}

/** Core modules imported for their values (not `import type`) anywhere in the mini program. */
export function coreImports(): string[] {
  return [...coreImportNames().keys()];
}

/** zod's `z` namespace re-exports all of its ~50 message locales, so no bundler can drop them; the
 *  mini program shows its own Chinese messages, never zod's, and keeps only zod's default (English). */
const ZOD_LOCALES_ONLY_DEFAULT: Plugin = {
  name: 'zod-locales-only-default',
  setup(b) {
    b.onResolve({ filter: /^\.\/[\w-]+\.js$/ }, (args) =>
      /[\\/]zod[\\/]v4[\\/]locales[\\/]index\.js$/.test(args.importer) && args.path !== './en.js'
        ? { path: args.path, namespace: 'zod-unused-locale' }
        : undefined,
    );
    b.onLoad({ filter: /.*/, namespace: 'zod-unused-locale' }, () => ({
      contents: 'export default function () { return { localeError: function () { return undefined; } }; }',
      loader: 'js',
    }));
  },
};

/** zod decides per object schema, when the schema is built, whether to compile a parser with
 *  `new Function`: jitless must be set before any core module runs, so it is the bundle's first import. */
const ZOD_JITLESS = 'licenselens:zod-jitless';
const zodJitless: Plugin = {
  name: 'zod-jitless',
  setup(b) {
    b.onResolve({ filter: /^licenselens:zod-jitless$/ }, (args) => ({ path: args.path, namespace: 'zod-jitless' }));
    b.onLoad({ filter: /.*/, namespace: 'zod-jitless' }, () => ({
      contents: "import { config } from 'zod';\nconfig({ jitless: true });\n",
      loader: 'js',
      resolveDir: ROOT,
    }));
  },
};

const HEADER = '// GENERATED by scripts/pack-npm.ts from core/ — do not edit; run `npm run pack:npm`.\n';

/** One esbuild bundle (miniprogram/core/bundle.js) holding every imported core module as a
 *  namespace, plus one tiny file per module at the path the sources import. */
export async function bundleCore(root = MINIPROGRAM): Promise<{ modules: string[]; bytes: number }> {
  const { build } = await import('esbuild');
  const coreDist = join(root, 'core');
  const imports = coreImportNames(root);
  const modules = [...imports.keys()];
  rmSync(coreDist, { recursive: true, force: true });
  mkdirSync(coreDist, { recursive: true });
  // Named imports, so esbuild drops every export the mini program does not use (a namespace import
  // would keep them all). zod runs jitless: mini programs forbid `new Function`.
  const entry = [
    `import ${JSON.stringify(ZOD_JITLESS)};`,
    ...modules.map((m, i) => {
      const names = [...(imports.get(m) ?? [])];
      const from = JSON.stringify(join(ROOT, 'core', m));
      if (names.includes('*')) return `import * as m${i} from ${from};\nexport { m${i} };`;
      return `import { ${names.map((n) => `${n} as m${i}_${n}`).join(', ')} } from ${from};\nexport const m${i} = { ${names.map((n) => `${n}: m${i}_${n}`).join(', ')} };`;
    }),
  ].join('\n');
  const result = await build({
    plugins: [ZOD_LOCALES_ONLY_DEFAULT, zodJitless],
    stdin: { contents: entry, resolveDir: ROOT, loader: 'ts', sourcefile: 'miniprogram-core-entry.ts' },
    bundle: true,
    format: 'cjs',
    platform: 'neutral',
    mainFields: ['module', 'main'],
    target: 'es2018',
    minify: true,
    legalComments: 'none',
    banner: { js: HEADER },
    write: false,
    logLevel: 'silent',
  });
  const code = result.outputFiles[0]?.text ?? '';
  writeFileSync(join(coreDist, 'bundle.js'), code);
  modules.forEach((m, i) => {
    const file = join(coreDist, `${m}.js`);
    mkdirSync(dirname(file), { recursive: true });
    const rel = relative(dirname(file), join(coreDist, 'bundle.js')).replace(/\\/g, '/');
    writeFileSync(file, `${HEADER}module.exports = require(${JSON.stringify(rel.startsWith('.') ? rel : `./${rel}`)}).m${i};\n`);
  });
  markCommonJs(coreDist);
  return { modules, bytes: Buffer.byteLength(code) };
}

export function isPacked(): boolean {
  return existsSync(join(NPM_DIST, '@vant', 'weapp', 'button', 'index.js')) && existsSync(join(NPM_DIST, 'package.json'));
}

async function main(): Promise<void> {
  const started = Date.now();
  const npm = await packNpm();
  const core = await bundleCore();
  // tab-icons imports this module: loaded once this one has finished evaluating (no top-level await
  // here, or the two would wait on each other).
  const { buildTabIcons } = await import('./tab-icons');
  const icons = await buildTabIcons();
  console.log(`tab bar icons: ${icons.length} PNG(s)`);
  console.log(`miniprogram_npm: ${npm.miniProgramPackNum} package(s)${npm.warnings.length ? `, warnings: ${npm.warnings.join('; ')}` : ''}`);
  console.log(`miniprogram/core: ${core.modules.join(', ') || '(nothing imported)'} — ${(core.bytes / 1024).toFixed(1)} KB`);
  console.log(`done in ${Date.now() - started} ms`);
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main().then(
    // miniprogram-ci leaves a file watcher running.
    () => process.exit(0),
    (e: unknown) => {
      console.error(e instanceof Error ? (e.stack ?? e.message) : e);
      process.exit(1);
    },
  );
}
