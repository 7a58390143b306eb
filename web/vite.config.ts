// The web console is a static bundle the local server serves at `/`. Everything it needs is bundled:
// no CDN, system fonts only. Core (registry, contracts) is imported from ../core, outside this root.
import { defineConfig } from 'vite';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('.', import.meta.url));

export default defineConfig({
  root,
  base: './',
  publicDir: false,
  logLevel: 'warn',
  esbuild: { jsx: 'automatic', jsxImportSource: 'preact' },
  build: {
    outDir: fileURLToPath(new URL('./dist', import.meta.url)),
    emptyOutDir: true,
    target: 'es2022',
    // One small app: a single chunk keeps the server's static mount trivial.
    chunkSizeWarningLimit: 400,
  },
  // `npx vite --config web/vite.config.ts`: hot reload against a running `npm start` (API proxied).
  server: {
    fs: { allow: [fileURLToPath(new URL('..', import.meta.url))] },
    proxy: { '/api': process.env.LICENSELENS_URL ?? 'http://127.0.0.1:8787' },
  },
});
