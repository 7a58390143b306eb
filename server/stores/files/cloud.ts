// Photos in WeChat cloud storage (wx-server-sdk uploadFile / downloadFile / getTempFileURL / deleteFile).
// Temporary URLs come from getTempFileURL with the requested maxAge.
import { randomBytes } from 'node:crypto';
import type { WxCloud } from '../wechat/api';
import type { PhotoStore } from '../types';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const EXT: Record<string, string> = { 'image/jpeg': 'jpg', 'image/png': 'png', 'image/webp': 'webp', [XLSX]: 'xlsx' };

function notFound(e: unknown): boolean {
  const code = (e as { errCode?: unknown })?.errCode;
  const msg = String((e as { errMsg?: unknown; message?: unknown })?.errMsg ?? (e as Error)?.message ?? '');
  return code === -503003 || /NONEXIST|not exist|not found/i.test(msg);
}

export function createCloudPhotoStore(cloud: Pick<WxCloud, 'uploadFile' | 'downloadFile' | 'getTempFileURL' | 'deleteFile'>): PhotoStore {
  return {
    async put(bytes, mime) {
      // The owner is on the record, not in the path: paths must not reveal who uploaded what. Exports
      // go to exports/, which the storage rules (cloudfunctions/storage-rules.json) let a signed-in
      // client download by its unguessable fileID; photos/ no client reads directly (temporary URLs).
      const folder = mime === XLSX ? 'exports' : 'photos';
      const cloudPath = `${folder}/${new Date().toISOString().slice(0, 10)}/${randomBytes(16).toString('hex')}.${EXT[mime] ?? 'bin'}`;
      return (await cloud.uploadFile({ cloudPath, fileContent: bytes })).fileID;
    },
    async get(fileID) {
      try {
        const r = await cloud.downloadFile({ fileID });
        const ext = /\.(\w+)$/.exec(fileID)?.[1]?.toLowerCase();
        const mime = Object.entries(EXT).find(([, e]) => e === ext || (ext === 'jpeg' && e === 'jpg'))?.[0] ?? 'application/octet-stream';
        return { bytes: Buffer.from(r.fileContent), mime };
      } catch (e) {
        if (notFound(e)) return null;
        throw e;
      }
    },
    async delete(fileID) {
      await cloud.deleteFile({ fileList: [fileID] });
    },
    async temporaryUrl(fileID, ttlSeconds) {
      const r = await cloud.getTempFileURL({ fileList: [{ fileID, maxAge: Math.max(1, Math.floor(ttlSeconds)) }] });
      const item = r.fileList[0];
      if (!item || item.status !== 0 || !item.tempFileURL) throw new Error(`getTempFileURL failed: ${item?.errMsg ?? 'no result'}`);
      return item.tempFileURL;
    },
  };
}
