// What the local server needs of a photo store besides PhotoStore: the owner of a photo (access
// checks on GET /api/files/:id) and its own signed, short-lived links. Both the DATA_DIR folder and
// S3-compatible storage serve photos through the server, so the bucket stays private and a link made
// by one replica opens on any other (they share the key).
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { PhotoStore } from '../types';

/** Photo ids: 128 random bits, hex. Never derived from the owner or the content. */
export const PHOTO_ID = /^[a-f0-9]{32}$/;

export function newPhotoId(): string {
  return randomBytes(16).toString('hex');
}

export interface ServedPhotoStore extends PhotoStore {
  readonly driver: string;
  /** Owner and type of a stored photo (access checks), null when absent. */
  meta(fileID: string): Promise<{ owner: string; mime: string } | null>;
  /** Checks a signed URL's parameters for a file id. */
  verify(fileID: string, exp: string | undefined, sig: string | undefined, now?: Date): boolean;
}

export interface LinkSettings {
  /** Signs temporary URLs; a random per-process key when unset (URLs then die with the process). */
  secret?: string;
  /** Prefix of temporary URLs (the server's origin); a path relative to it when unset. */
  baseUrl?: () => string;
  now?: () => Date;
}

/** `/api/files/<id>?exp=…&sig=…`: an expiry and an HMAC over (id, expiry). */
export function createLinkSigner(opts: LinkSettings): Pick<ServedPhotoStore, 'temporaryUrl' | 'verify'> {
  const key = opts.secret ? Buffer.from(opts.secret) : randomBytes(32);
  const now = opts.now ?? (() => new Date());
  const sign = (id: string, exp: number) => createHmac('sha256', key).update(`${id}.${exp}`).digest('base64url');
  return {
    async temporaryUrl(fileID, ttlSeconds) {
      if (!PHOTO_ID.test(fileID)) throw new Error('invalid photo id');
      const exp = Math.floor(now().getTime() / 1000) + Math.max(1, Math.floor(ttlSeconds));
      const rel = `/api/files/${fileID}?exp=${exp}&sig=${sign(fileID, exp)}`;
      return opts.baseUrl ? `${opts.baseUrl().replace(/\/+$/, '')}${rel}` : rel;
    },
    verify(fileID, exp, sig, at = now()) {
      if (!PHOTO_ID.test(fileID) || !exp || !sig || !/^\d{1,12}$/.test(exp)) return false;
      if (Number(exp) < Math.floor(at.getTime() / 1000)) return false;
      const want = Buffer.from(sign(fileID, Number(exp)));
      const got = Buffer.from(sig);
      return want.length === got.length && timingSafeEqual(want, got);
    },
  };
}
