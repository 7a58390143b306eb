// Photos of the local server: DATA_DIR/files/<id> plus a small JSON sidecar (owner, type). Ids are 128
// random bits; a temporary URL carries an expiry and an HMAC over (id, expiry), so it can be handed to a
// browser or the mini program's <image> without a session and stops working after its TTL.
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { PhotoStore } from '../types';

const ID = /^[a-f0-9]{32}$/;

export interface LocalPhotoStore extends PhotoStore {
  /** Owner and type of a stored photo (access checks), null when absent. */
  meta(fileID: string): Promise<{ owner: string; mime: string } | null>;
  /** Checks a signed URL's parameters for a file id. */
  verify(fileID: string, exp: string | undefined, sig: string | undefined, now?: Date): boolean;
}

export function createLocalPhotoStore(opts: {
  dir: string;
  /** Signs temporary URLs; a random per-process key when unset (URLs then die with the process). */
  secret?: string;
  /** Prefix of temporary URLs (the server's origin); a path relative to it when unset. */
  baseUrl?: () => string;
  now?: () => Date;
}): LocalPhotoStore {
  const key = opts.secret ? Buffer.from(opts.secret) : randomBytes(32);
  const now = opts.now ?? (() => new Date());
  let made: Promise<unknown> | null = null;
  const ensureDir = () => (made ??= mkdir(opts.dir, { recursive: true }));
  const path = (id: string) => {
    if (!ID.test(id)) throw new Error('invalid photo id');
    return join(opts.dir, id);
  };
  const sign = (id: string, exp: number) => createHmac('sha256', key).update(`${id}.${exp}`).digest('base64url');

  async function meta(fileID: string): Promise<{ owner: string; mime: string } | null> {
    if (!ID.test(fileID)) return null;
    try {
      const m = JSON.parse(await readFile(`${path(fileID)}.json`, 'utf8')) as { owner?: unknown; mime?: unknown };
      return typeof m.owner === 'string' && typeof m.mime === 'string' ? { owner: m.owner, mime: m.mime } : null;
    } catch {
      return null;
    }
  }

  return {
    async put(bytes, mime, owner) {
      await ensureDir();
      const id = randomBytes(16).toString('hex');
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
      if (!ID.test(fileID)) return;
      await rm(`${path(fileID)}.json`, { force: true });
      await rm(path(fileID), { force: true });
    },
    async temporaryUrl(fileID, ttlSeconds) {
      if (!ID.test(fileID)) throw new Error('invalid photo id');
      const exp = Math.floor(now().getTime() / 1000) + Math.max(1, Math.floor(ttlSeconds));
      const rel = `/api/files/${fileID}?exp=${exp}&sig=${sign(fileID, exp)}`;
      return opts.baseUrl ? `${opts.baseUrl().replace(/\/+$/, '')}${rel}` : rel;
    },
    meta,
    verify(fileID, exp, sig, at = now()) {
      if (!ID.test(fileID) || !exp || !sig || !/^\d{1,12}$/.test(exp)) return false;
      if (Number(exp) < Math.floor(at.getTime() / 1000)) return false;
      const want = Buffer.from(sign(fileID, Number(exp)));
      const got = Buffer.from(sig);
      return want.length === got.length && timingSafeEqual(want, got);
    },
  };
}
