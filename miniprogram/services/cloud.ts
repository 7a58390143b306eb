// The cloud transport: the ONLY module of the mini program that touches wx.cloud.
import { UploadFolderResponseSchema } from '../core/contracts/upload';
import type { AppConfig } from '../config';
import { AppError, fromWxError } from './errors';
import type { DownloadParams, RecognizeParams, Transport } from './transport';
import { unwrap } from './transport';

let initialized = '';

function cloud(config: AppConfig): WxCloud {
  if (!wx.cloud) throw new Error('wx.cloud 不可用：请使用基础库 2.2.3 及以上版本并开通云开发');
  if (initialized !== config.cloudEnv) {
    wx.cloud.init({ env: config.cloudEnv, traceUser: true });
    initialized = config.cloudEnv;
  }
  return wx.cloud;
}

async function callFunction(config: AppConfig, name: string, data: Record<string, unknown>): Promise<unknown> {
  let res: ICloud.CallFunctionResult;
  try {
    res = await cloud(config).callFunction({ name, data });
  } catch (e) {
    throw fromWxError(e, 'cloud');
  }
  return unwrap(res.result);
}

function randomName(): string {
  return `${Date.now()}-${Math.random().toString(36).slice(2, 10)}`;
}

export function createCloudTransport(config: AppConfig): Transport {
  // The caller's upload folder (uploads/<openid>): the ocr function accepts photos from there only, and
  // the mini program does not know its openid, so it asks once (a failure is asked again next time).
  let folder: Promise<string> | null = null;
  const uploadFolder = (): Promise<string> => {
    folder ??= callFunction(config, 'records', { action: 'uploadFolder' }).then((out) => {
      const parsed = UploadFolderResponseSchema.safeParse(out);
      if (!parsed.success) throw new AppError('BAD_RESPONSE');
      return parsed.data.folder;
    });
    folder.catch(() => {
      folder = null;
    });
    return folder;
  };

  return {
    name: 'cloud',
    async recognize(params: RecognizeParams): Promise<unknown> {
      const c = cloud(config);
      const ext = /\.png$/i.test(params.filePath) ? 'png' : 'jpg';
      const folder = await uploadFolder();
      const fileID = await new Promise<string>((resolve, reject) => {
        // Callback style: only then does uploadFile return the task that reports progress.
        const task = c.uploadFile({
          cloudPath: `${folder}/${params.docType}-${randomName()}.${ext}`,
          filePath: params.filePath,
          success: (r) => resolve(r.fileID),
          fail: (e) => reject(fromWxError(e, 'upload')),
        });
        if (task && typeof task.onProgressUpdate === 'function') {
          task.onProgressUpdate((r) => params.onProgress?.({ phase: 'upload', percent: r.progress }));
        }
      });
      params.onProgress?.({ phase: 'upload', percent: 100 });
      params.onProgress?.({ phase: 'recognize' });
      return callFunction(config, 'ocr', {
        fileID,
        docType: params.docType,
        ...(params.side ? { side: params.side } : {}),
        ...(params.provider ? { provider: params.provider } : {}),
      });
    },
    services() {
      return callFunction(config, 'ocr', { action: 'services' });
    },
    records(body) {
      return callFunction(config, 'records', body);
    },
    download(params: DownloadParams): Promise<string> {
      const fileID = params.fileID;
      if (!fileID) return Promise.reject(new AppError('BAD_RESPONSE'));
      const c = cloud(config);
      return new Promise<string>((resolve, reject) => {
        // Callback style: only then does downloadFile return the task that reports progress.
        const task = c.downloadFile({
          fileID,
          success: (r) => {
            if (r.statusCode >= 400 || !r.tempFilePath) reject(new AppError('NETWORK', '文件下载失败，请重试'));
            else resolve(r.tempFilePath);
          },
          fail: (e) => reject(fromWxError(e)),
        });
        if (task && typeof task.onProgressUpdate === 'function') task.onProgressUpdate((r) => params.onProgress?.(r.progress));
      });
    },
  };
}
