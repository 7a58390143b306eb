// Every failure the user can meet, as one error with a stable code and a Chinese message. API refusals
// (core/contracts/errors.ts ApiErrorCode), provider failures kept on a failed record
// (ProviderErrorCode) and wx transport failures all end up here.
import type { ApiErrorCode, ProviderErrorCode } from '../core/contracts/errors';

export type AppErrorCode =
  | ApiErrorCode
  | ProviderErrorCode
  | 'NETWORK'
  | 'NOT_RECOGNIZED'
  | 'BAD_RESPONSE'
  | 'CANCELLED'
  | 'CAMERA_DENIED'
  | 'PRIVACY_DENIED';

export class AppError extends Error {
  readonly code: AppErrorCode;
  readonly retryable: boolean;
  constructor(code: AppErrorCode, message?: string) {
    super(message ?? defaultMessage(code));
    this.name = 'AppError';
    this.code = code;
    this.retryable = RETRYABLE.has(code);
  }
}

const RETRYABLE = new Set<AppErrorCode>(['NETWORK', 'TIMEOUT', 'UPSTREAM', 'INTERNAL', 'RATE_LIMIT', 'BAD_RESPONSE', 'NOT_RECOGNIZED', 'NOT_FOUND_IN_IMAGE', 'BAD_IMAGE', 'RECOGNITION_FAILED']);

const MESSAGES: Record<AppErrorCode, string> = {
  NETWORK: '网络不可用，请检查网络后重试',
  TIMEOUT: '识别超时，请稍后重试',
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

/** A wx API failure ({ errMsg, errCode }) or anything thrown, as an AppError. */
export function fromWxError(err: unknown): AppError {
  if (err instanceof AppError) return err;
  const e = (err ?? {}) as { errMsg?: string; errCode?: number; message?: string };
  const msg = `${e.errMsg ?? ''} ${e.message ?? ''}`;
  if (/cancel/i.test(msg)) return new AppError('CANCELLED');
  if (/timeout|timed out|超时/i.test(msg)) return new AppError('TIMEOUT', '网络超时，请检查网络后重试');
  if (/fail|network|ENOTFOUND|ECONN|-1\b/i.test(msg)) return new AppError('NETWORK');
  return new AppError('INTERNAL');
}
