// Every failure the user can meet, as one error with a stable code and a Chinese message. API refusals
// (core/contracts/errors.ts ApiErrorCode), provider failures kept on a failed record
// (ProviderErrorCode) and wx transport failures all end up here.
import { retryCanSucceed, type ApiErrorCode, type ProviderErrorCode } from '../core/contracts/errors';

export type AppErrorCode =
  | ApiErrorCode
  | ProviderErrorCode
  | 'NETWORK'
  | 'NOT_RECOGNIZED'
  /** No configured service reads the document (the server's pipeline): trying again changes nothing. */
  | 'NO_PROVIDER'
  | 'BAD_RESPONSE'
  | 'CANCELLED'
  | 'CAMERA_DENIED'
  | 'CAMERA_FAILED'
  | 'ALBUM_DENIED'
  | 'ALBUM_FAILED'
  | 'IMAGE_PROCESS_FAILED'
  | 'UPLOAD_FAILED'
  | 'CLOUD_FUNCTION_FAILED'
  | 'CLOUD_QUOTA'
  | 'CLOUD_ENV'
  | 'PRIVACY_DENIED';

export class AppError extends Error {
  readonly code: AppErrorCode;
  readonly retryable: boolean;
  constructor(code: AppErrorCode, message?: string) {
    super(message ?? defaultMessage(code));
    this.name = 'AppError';
    this.code = code;
    this.retryable = retryCanSucceed(code) || TRANSPORT_RETRYABLE.has(code);
  }
}

/** Whether sending the same photo again may succeed is core's rule (retryCanSucceed, the console's
 *  too); these are the wx transport's own failures of that kind (an upload or a call that broke off). */
const TRANSPORT_RETRYABLE = new Set<AppErrorCode>(['UPLOAD_FAILED', 'CLOUD_FUNCTION_FAILED']);

const MESSAGES: Record<AppErrorCode, string> = {
  NETWORK: '网络不可用，请检查网络后重试',
  TIMEOUT: '识别超时，请稍后重试',
  NO_PROVIDER: '没有可用的识别服务可以识别该证件，请联系管理员',
  PAYLOAD_TOO_LARGE: '照片太大，请靠近证件重拍或换一张照片',
  UNSUPPORTED_MEDIA_TYPE: '不支持的图片格式，请使用 JPG 或 PNG 照片',
  NOT_RECOGNIZED: '没有识别到证件内容，请将证件放在框内、避免反光后重拍',
  NOT_FOUND_IN_IMAGE: '没有识别到证件内容，请将证件放在框内、避免反光后重拍',
  BAD_IMAGE: '照片不清晰，请对焦后重拍',
  RECOGNITION_FAILED: '识别失败，请重拍',
  QUOTA: '今日识别额度已用完，请明天再试',
  RATE_LIMITED: '今日识别次数已用完，请明天再试',
  RATE_LIMIT: '识别请求太频繁，请稍后再试',
  AUTH: '识别服务配置有误，请联系管理员',
  UNSUPPORTED: '该证件暂不支持识别',
  UPSTREAM: '识别服务暂时不可用，请稍后重试',
  UNAUTHENTICATED: '登录已失效，请重新进入小程序',
  FORBIDDEN: '没有权限执行此操作',
  NOT_FOUND: '记录不存在或已删除',
  INVALID_ARGUMENT: '提交的内容不正确，请检查后重试',
  CONFLICT: '记录已被修改，请刷新后重试',
  INTERNAL: '服务出错了，请稍后重试',
  BAD_RESPONSE: '服务返回的数据无法识别，请稍后重试',
  CANCELLED: '已取消',
  CAMERA_DENIED: '未获得相机权限，可以在设置中开启，或从相册选择照片',
  CAMERA_FAILED: '相机拍照失败，请重试，或从相册选择照片',
  ALBUM_DENIED: '未获得相册权限，可以在设置中开启，或直接拍照',
  ALBUM_FAILED: '无法读取所选照片，请换一张照片或直接拍照',
  IMAGE_PROCESS_FAILED: '照片处理失败，请重拍或换一张照片',
  UPLOAD_FAILED: '照片上传失败，请检查网络后重试',
  CLOUD_FUNCTION_FAILED: '服务暂时出错，请稍后重试',
  CLOUD_QUOTA: '服务今日的使用额度已用完，请稍后再试或联系管理员',
  CLOUD_ENV: '小程序的云开发环境未配置或不可用，请联系管理员',
  PRIVACY_DENIED: '需要同意隐私保护指引后才能使用相机和相册',
};

export function defaultMessage(code: AppErrorCode): string {
  return MESSAGES[code];
}

function isKnown(code: string): code is AppErrorCode {
  return Object.prototype.hasOwnProperty.call(MESSAGES, code);
}

/** Message from the backend when it is Chinese and specific; ours otherwise. */
export function fromCode(code: string, message?: string): AppError {
  const known = isKnown(code) ? code : 'INTERNAL';
  // Quota/limit messages carry the limit; intake refusals explain the image. Keep those.
  const keepServerMessage = !!message && /[\u4e00-\u9fa5]/.test(message) && known !== 'INTERNAL';
  return new AppError(known, keepServerMessage ? message : undefined);
}

/** Which wx operation failed: the same errMsg word ("fail") means different things for each. */
export type WxOperation = 'camera' | 'album' | 'canvas' | 'upload' | 'cloud' | 'request';

const NETWORK_RE = /net::|network|ENOTFOUND|ECONN|ERR_INTERNET|request:fail|网络|\s-1\b/i;
const DENIED_RE = /auth den(y|ied)|authorize|permission|scope/i;
/** WeChat cloud: resource quota exhausted (-501006 …, "exceed", 超出/配额/额度). */
const QUOTA_RE = /quota|exceed|超出|配额|额度|-50100[46]|-601008/i;
/** WeChat cloud: environment missing or not initialized (-501000, -404001 "env not found"). */
const ENV_RE = /env(ironment)?\s*(not\s*(found|exist)|invalid)|-501000|-404001|cloud\.init|未初始化/i;

/** A wx API failure ({ errMsg, errCode }) or anything thrown, as an AppError with the message of what
 *  actually failed: a refused camera is not a network problem. */
export function fromWxError(err: unknown, op?: WxOperation): AppError {
  if (err instanceof AppError) return err;
  const e = (err ?? {}) as { errMsg?: string; errCode?: number; message?: string };
  const msg = `${e.errMsg ?? ''} ${e.message ?? ''} ${e.errCode ?? ''}`;
  if (/cancel/i.test(msg)) return new AppError('CANCELLED');
  if (/timeout|timed out|超时/i.test(msg)) return new AppError('TIMEOUT', '网络超时，请检查网络后重试');
  // The operation is told by the caller or read from the errMsg prefix (insertCamera:fail, …).
  const kind: WxOperation | undefined =
    op ??
    (/camera|takePhoto/i.test(msg)
      ? 'camera'
      : /chooseMedia|chooseImage|getImageInfo|saveImage/i.test(msg)
        ? 'album'
        : /canvas|compressImage/i.test(msg)
          ? 'canvas'
          : /callFunction/i.test(msg)
            ? 'cloud'
            : /uploadFile/i.test(msg)
              ? 'upload'
              : /request|downloadFile|login/i.test(msg)
                ? 'request'
                : undefined);
  switch (kind) {
    case 'camera':
      return new AppError(DENIED_RE.test(msg) ? 'CAMERA_DENIED' : 'CAMERA_FAILED');
    case 'album':
      return new AppError(DENIED_RE.test(msg) ? 'ALBUM_DENIED' : 'ALBUM_FAILED');
    case 'canvas':
      return new AppError('IMAGE_PROCESS_FAILED');
    case 'upload':
      if (QUOTA_RE.test(msg)) return new AppError('CLOUD_QUOTA');
      if (/too large|exceed.*size|size.*exceed|maximum/i.test(msg)) return new AppError('PAYLOAD_TOO_LARGE');
      return new AppError(NETWORK_RE.test(msg) ? 'NETWORK' : 'UPLOAD_FAILED');
    case 'cloud':
      if (QUOTA_RE.test(msg)) return new AppError('CLOUD_QUOTA');
      if (ENV_RE.test(msg)) return new AppError('CLOUD_ENV');
      return new AppError(NETWORK_RE.test(msg) ? 'NETWORK' : 'CLOUD_FUNCTION_FAILED');
    case 'request':
      return new AppError(NETWORK_RE.test(msg) || /fail/i.test(msg) ? 'NETWORK' : 'INTERNAL');
    default:
      return new AppError(NETWORK_RE.test(msg) ? 'NETWORK' : 'INTERNAL');
  }
}
