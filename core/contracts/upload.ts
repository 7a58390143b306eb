// Where the mini program puts a photo in cloud storage, and which photos a caller may have recognized
// (issue 13, item 17). Each user uploads into a folder named by their openid; the `ocr` cloud function
// refuses a fileID outside the caller's folder, and the storage security rules
// (cloudfunctions/storage-rules.json) let a client touch only files it created.
import { z } from 'zod';

export const UPLOAD_ROOT = 'uploads';

/** The caller's folder: `uploads/<openid>`. */
export function uploadFolder(openid: string): string {
  return `${UPLOAD_ROOT}/${openid}`;
}

/** The storage path inside a fileID (`cloud://<env>.<bucket>/<path>`), or null for anything else. */
export function cloudPathOf(fileID: string): string | null {
  const m = /^cloud:\/\/[^/]+\/(.+)$/.exec(fileID);
  return m ? m[1]! : null;
}

/** Whether a fileID is a file directly inside the caller's upload folder (no sub-folders, no dot
 *  segments, no encoded separators: the folder check cannot be walked around). */
export function isInUploadFolder(fileID: string, openid: string): boolean {
  if (!openid) return false;
  const path = cloudPathOf(fileID);
  if (!path) return false;
  const prefix = `${uploadFolder(openid)}/`;
  if (!path.startsWith(prefix)) return false;
  const name = path.slice(prefix.length);
  return /^[A-Za-z0-9_-][A-Za-z0-9_.-]{0,127}$/.test(name) && !name.includes('..');
}

/** `records` action `uploadFolder`: where the caller uploads (the mini program does not know its openid). */
export const UploadFolderRequestSchema = z.object({ action: z.literal('uploadFolder') }).strict();
export const UploadFolderResponseSchema = z.object({ folder: z.string().min(1) });
export type UploadFolderResponse = z.infer<typeof UploadFolderResponseSchema>;
