// Photos of the local server: DATA_DIR/files/<id> plus a small JSON sidecar (owner, type). Links are
// the server's own signed URLs (./served).
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createLinkSigner, newPhotoId, PHOTO_ID, type LinkSettings, type ServedPhotoStore } from './served';

export type LocalPhotoStore = ServedPhotoStore;

export function createLocalPhotoStore(opts: LinkSettings & { dir: string }): LocalPhotoStore {
  const now = opts.now ?? (() => new Date());
  let made: Promise<unknown> | null = null;
  const ensureDir = () => (made ??= mkdir(opts.dir, { recursive: true }));
  const path = (id: string) => {
    if (!PHOTO_ID.test(id)) throw new Error('invalid photo id');
    return join(opts.dir, id);
  };

  async function meta(fileID: string): Promise<{ owner: string; mime: string } | null> {
    if (!PHOTO_ID.test(fileID)) return null;
    try {
      const m = JSON.parse(await readFile(`${path(fileID)}.json`, 'utf8')) as { owner?: unknown; mime?: unknown };
      return typeof m.owner === 'string' && typeof m.mime === 'string' ? { owner: m.owner, mime: m.mime } : null;
    } catch {
      return null;
    }
  }

  return {
    driver: 'folder',
    async put(bytes, mime, owner) {
      await ensureDir();
      const id = newPhotoId();
      // Sidecar last: a photo is visible only once both files exist.
      await writeFile(path(id), bytes, { mode: 0o600 });
      await writeFile(`${path(id)}.json`, JSON.stringify({ owner, mime, size: bytes.length, at: now().toISOString() }), { mode: 0o600 });
      return id;
    },
    async get(fileID) {
      const m = await meta(fileID);
      if (!m) return null;
      try {
        return { bytes: await readFile(path(fileID)), mime: m.mime };
      } catch {
        return null;
      }
    },
    async delete(fileID) {
      if (!PHOTO_ID.test(fileID)) return;
      await rm(`${path(fileID)}.json`, { force: true });
      await rm(path(fileID), { force: true });
    },
    meta,
    ...createLinkSigner(opts),
  };
}
