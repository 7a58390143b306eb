// Run by bundle-without-sharp.test.ts in its own Node process: loads the built bundles in <dir> as
// the cloud would, where only the packages a function's package.json installs exist, and with sharp
// unavailable; wx-server-sdk is the stand-in. Prints one JSON line: what each bundle tried to load
// and what each action answered.
import Module from 'node:module';
import { readFile } from 'node:fs/promises';
import { isAbsolute, join, resolve } from 'node:path';
import { uploadFolder } from '../../core/contracts/upload';
import { createCloudStandin } from '../support/wx-cloud-standin';
import { installOpenapi } from './support';

const [dir, smallJpeg, largePng] = process.argv.slice(2).map((a) => resolve(a));
if (!dir || !smallJpeg || !largePng) throw new Error('usage: bundle-child <bundle dir> <small jpeg> <large png>');

const cloud = createCloudStandin();
installOpenapi(cloud);
const requested: Record<string, string[]> = {};
type Load = (req: string, parent: { filename?: string } | null | undefined, isMain: boolean) => unknown;
const moduleApi = Module as unknown as { _load: Load };
const load = moduleApi._load;
moduleApi._load = (req, parent, isMain) => {
  const from = parent?.filename ?? '';
  if (!from.startsWith(dir) || req.startsWith('.') || isAbsolute(req) || req.startsWith('node:') || Module.builtinModules.includes(req)) return load(req, parent, isMain);
  const fn = from.slice(dir.length + 1).split(/[\\/]/)[0]!;
  (requested[fn] ??= []).push(req);
  if (req === 'wx-server-sdk') return cloud;
  // sharp is declared by `ocr` but its binary is taken to be unloadable; anything else is not installed.
  throw Object.assign(new Error(`Cannot find module '${req}' (not installed for cloud function ${fn})`), { code: 'MODULE_NOT_FOUND' });
};
console.log = () => undefined; // the functions' own log lines

type Main = (event: unknown) => Promise<unknown>;
const mains: Record<string, Main | { loadError: string }> = {};
for (const fn of ['records', 'deliver', 'ocr']) {
  try {
    mains[fn] = (Module.createRequire(join(dir, fn, 'index.js'))(join(dir, fn, 'index.js')) as { main: Main }).main;
  } catch (e) {
    mains[fn] = { loadError: (e as Error).message };
  }
}

async function call(fn: string, event: unknown): Promise<unknown> {
  const main = mains[fn];
  if (typeof main !== 'function') return { notLoaded: main?.loadError };
  try {
    return await main(event);
  } catch (e) {
    return { threw: (e as Error).message };
  }
}

async function upload(openid: string, file: string): Promise<string> {
  const ext = file.endsWith('.png') ? 'png' : 'jpg';
  return (await cloud.uploadFile({ cloudPath: `${uploadFolder(openid)}/vehicle_license-${Date.now()}.${ext}`, fileContent: await readFile(file) })).fileID;
}

cloud.context = { OPENID: 'o-lean-user' };
const results: Record<string, unknown> = {};
results.ocrSmallJpeg = await call('ocr', { fileID: await upload('o-lean-user', smallJpeg), docType: 'vehicle_license', side: 'front' });
results.ocrLargePng = await call('ocr', { fileID: await upload('o-lean-user', largePng), docType: 'vehicle_license', side: 'front' });
results.recordsList = await call('records', { action: 'list' });
const id = (results.ocrSmallJpeg as { data?: { _id?: string } }).data?._id;
results.recordsGet = await call('records', { action: 'get', id });
results.recordsSubmit = await call('records', { action: 'submit', id, fields: { owner: '王京京' } });
results.deliver = await call('deliver', {});
const stored = [...cloud.files.entries()].filter(([k]) => k.includes('/photos/')).map(([, v]) => v.toString('latin1'));

process.stdout.write(`${JSON.stringify({ requested, results, storedPhotos: stored.length, storedWithExif: stored.filter((s) => s.includes('Exif\0\0')).length })}\n`);
