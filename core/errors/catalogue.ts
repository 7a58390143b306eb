// The error catalogue: every error code documented in provider-docs/ mapped to one of the DESIGN.md
// codes, with a retryable flag and a Chinese message for the user. Providers report errors both as
// HTTP statuses and inside HTTP 200 bodies; providerError() takes either (or both).
import { ProviderError, type ProviderErrorCode } from '../contracts/errors';
import { hasOwn } from '../result/own';

export type CatalogueProvider = 'wechat' | 'juhe' | 'kuaitong';

export interface CatalogueEntry {
  code: ProviderErrorCode;
  retryable: boolean;
  /** Chinese, for the user. */
  message: string;
  /** The provider's own wording, for support. */
  providerText: string;
}

const e = (code: ProviderErrorCode, retryable: boolean, message: string, providerText: string): CatalogueEntry => ({
  code,
  retryable,
  message,
  providerText,
});

const AUTH_MSG = '识别服务账号配置有误，请联系管理员';
const QUOTA_MSG = '识别服务今日额度已用完，请稍后再试或联系管理员';
const BUSY_MSG = '识别服务繁忙，请稍后重试';

/** WeChat errcodes (wechat-vehicle-licence-ocr.md, the other ocr.* pages — same table plus 101001/101002 —
 *  and the common openapi codes the call can return). */
const WECHAT: Record<string, CatalogueEntry> = {
  '-1': e('UPSTREAM', true, BUSY_MSG, 'system error'),
  '40001': e('AUTH', true, '微信接口凭证无效，请稍后重试', 'invalid credential, access_token is invalid or not latest'),
  '40013': e('AUTH', false, AUTH_MSG, 'invalid appid'),
  '40014': e('AUTH', true, '微信接口凭证无效，请稍后重试', 'invalid access_token'),
  '40125': e('AUTH', false, AUTH_MSG, 'invalid appsecret'),
  '40164': e('AUTH', false, AUTH_MSG, 'invalid ip, not in whitelist'),
  '41001': e('AUTH', true, '微信接口凭证缺失，请稍后重试', 'access_token missing'),
  '42001': e('AUTH', true, '微信接口凭证已过期，请稍后重试', 'access_token expired'),
  '40004': e('BAD_IMAGE', false, '图片格式不受支持，请换一张照片', 'invalid media type'),
  '40005': e('BAD_IMAGE', false, '图片格式不受支持，请换一张照片', 'invalid file type'),
  '40006': e('BAD_IMAGE', false, '图片过大，请压缩后重试', 'invalid file size'),
  '41005': e('BAD_IMAGE', false, '未收到图片，请重新上传', 'media data missing'),
  '44002': e('BAD_IMAGE', false, '未收到图片，请重新上传', 'empty post data'),
  '45002': e('BAD_IMAGE', false, '图片过大，请压缩后重试', 'content size out of limit'),
  '45009': e('QUOTA', false, QUOTA_MSG, 'reach max api daily quota limit'),
  '45011': e('RATE_LIMIT', true, '请求过于频繁，请稍后重试', 'api minute-quota reach limit'),
  '48001': e('AUTH', false, '小程序未获得证件识别接口权限，请联系管理员', 'api unauthorized'),
  '47001': e('UPSTREAM', false, BUSY_MSG, 'data format error'),
  '101000': e('BAD_IMAGE', false, '图片无法读取，请重新上传', 'invalid image url'),
  '101001': e('NOT_FOUND_IN_IMAGE', false, '图片中未找到证件，请将证件放入取景框内重新拍摄', 'certificate not found'),
  '101002': e('BAD_IMAGE', false, '图片无法解析或超过 2MB，请重新拍摄', 'invalid image data / decode image failed (image over the size limit)'),
  '101003': e('QUOTA', false, QUOTA_MSG, 'not enough market quota'),
  '-604101': e('AUTH', false, '云函数未获得证件识别接口权限，请联系管理员', 'function has no permission to call this API'),
};

const JUHE_SYSTEM: Record<string, CatalogueEntry> = {
  '10001': e('AUTH', false, AUTH_MSG, '错误的请求KEY'),
  '10002': e('AUTH', false, AUTH_MSG, '该KEY无请求权限'),
  '10003': e('AUTH', false, AUTH_MSG, 'KEY过期'),
  '10004': e('AUTH', false, AUTH_MSG, '错误的OPENID'),
  '10005': e('AUTH', false, AUTH_MSG, '应用未审核超时，请提交认证'),
  '10007': e('AUTH', false, AUTH_MSG, '未知的请求源'),
  '10008': e('AUTH', false, AUTH_MSG, '被禁止的IP'),
  '10009': e('AUTH', false, AUTH_MSG, '被禁止的KEY'),
  '10011': e('RATE_LIMIT', true, '请求过于频繁，请稍后重试', '当前IP请求超过限制'),
  '10012': e('QUOTA', false, QUOTA_MSG, '请求超过次数限制'),
  '10013': e('QUOTA', false, QUOTA_MSG, '测试KEY超过请求限制'),
  '10014': e('UPSTREAM', true, BUSY_MSG, '系统内部异常'),
  '10020': e('UPSTREAM', true, '识别服务维护中，请稍后重试', '接口维护'),
  '10021': e('UPSTREAM', false, '识别服务已停用，请联系管理员', '接口停用'),
};

/** Juhe's old-style `resultcode` values are the system codes without the leading "100". */
const JUHE_LEGACY: Record<string, CatalogueEntry> = Object.fromEntries(
  Object.entries(JUHE_SYSTEM).map(([code, entry]) => [String(Number(code) - 9900), entry]),
);

const JUHE: Record<string, CatalogueEntry> = {
  // 证件识别 (juhe-certificates.md)
  '215300': e('UPSTREAM', true, '网络错误，请稍后重试', '网络错误,请稍后重试'),
  '215301': e('UPSTREAM', false, '识别服务调用方式有误，请联系管理员', '不支持GET请求'),
  '215302': e('BAD_IMAGE', false, '图片过大，请压缩后重试', '上传文件超过最大限制!'),
  '215303': e('UNSUPPORTED', false, '不支持该证件类型', 'cardType error!'),
  '215304': e('BAD_IMAGE', false, '图片格式不受支持，请换一张照片', 'file name type error!'),
  '215305': e('NOT_FOUND_IN_IMAGE', false, '未能识别证件内容，请重新拍摄清晰的证件照片', '识别失败!'),
  '215306': e('UPSTREAM', true, '图片上传失败，请重试', '图片上传失败'),
  '215307': e('UPSTREAM', true, '图片上传失败，请重试', '图片上传发生错误'),
  '215308': e('NOT_FOUND_IN_IMAGE', false, '图片中的证件与所选证件类型不符', '证件类型错误'),
  // 机动车登记证书识别 (juhe-vehicle-registration-certificate.md)
  '253001': e('BAD_IMAGE', false, '图片参数有误，请重新上传', '查询参数错误'),
  '253002': e('UPSTREAM', true, '识别请求失败，请稍后重试', '请求失败'),
  // 电子驾照识别 (juhe-electronic-driving-licence.md)
  '277301': e('TIMEOUT', true, '识别服务超时，请稍后重试', '数据源超时'),
  '277302': e('BAD_IMAGE', false, '未收到图片，请重新上传', '缺少必要参数'),
  '277306': e('NOT_FOUND_IN_IMAGE', false, '未能识别证件内容，请重新拍摄清晰的电子驾照截图', '识别失败'),
  '277307': e('UPSTREAM', false, '识别服务调用方式有误，请联系管理员', '不支持GET请求'),
  ...JUHE_SYSTEM,
  ...JUHE_LEGACY,
};

/** Kuaitong business codes (kuaitong-vehicle-licence.md shows 1009 with its failure example). */
const KUAITONG: Record<string, CatalogueEntry> = {
  '1009': e('BAD_IMAGE', false, '请求参数无效，请检查图片和证件面后重试', '存在非法参数'),
};

/** Kuaitong / Alibaba Cloud API market HTTP statuses ("通用的ERROR_MESSAGE"). */
const KUAITONG_HTTP: Record<string, CatalogueEntry> = {
  '400': e('BAD_IMAGE', false, '识别请求被拒绝，请检查图片后重试', '业务异常，具体message提示'),
  '401': e('AUTH', false, AUTH_MSG, '身份验证失败（token过期或非法账号）'),
  '402': e('QUOTA', false, QUOTA_MSG, '未开通产品权限；或者产品次数不足'),
  '403': e('AUTH', false, AUTH_MSG, '权限不足'),
  '404': e('UPSTREAM', false, '识别服务地址配置有误，请联系管理员', '请求路径不存在'),
  '413': e('BAD_IMAGE', false, '图片超过2MB，请压缩后重试', '客户发送的请求大小超过了2MB限制'),
  '500': e('UPSTREAM', true, BUSY_MSG, '系统内部异常'),
  '502': e('UPSTREAM', true, BUSY_MSG, '网关异常'),
};

/** Every documented code, per provider; `http:` entries are HTTP statuses. Tests iterate this. */
export const ERROR_CATALOGUE: Readonly<Record<CatalogueProvider, Readonly<Record<string, CatalogueEntry>>>> = {
  wechat: WECHAT,
  juhe: JUHE,
  kuaitong: {
    ...KUAITONG,
    ...Object.fromEntries(Object.entries(KUAITONG_HTTP).map(([status, entry]) => [`http:${status}`, entry])),
  },
};

/** Statuses no doc lists, from any provider's gateway. */
function genericHttp(status: number): CatalogueEntry | undefined {
  if (status === 401 || status === 403) return e('AUTH', false, AUTH_MSG, `HTTP ${status}`);
  if (status === 408 || status === 504) return e('TIMEOUT', true, '识别服务超时，请稍后重试', `HTTP ${status}`);
  if (status === 413) return e('BAD_IMAGE', false, '图片过大，请压缩后重试', `HTTP ${status}`);
  if (status === 429) return e('RATE_LIMIT', true, '请求过于频繁，请稍后重试', `HTTP ${status}`);
  if (status >= 500) return e('UPSTREAM', true, BUSY_MSG, `HTTP ${status}`);
  return undefined;
}

/** Looks up a code without building an error (for tests, docs and the admin console). */
export function lookupError(
  provider: CatalogueProvider,
  providerCode: string | number | undefined,
  httpStatus?: number,
): CatalogueEntry | undefined {
  const table = ERROR_CATALOGUE[provider];
  if (providerCode !== undefined && providerCode !== '') {
    const key = String(providerCode).trim();
    if (hasOwn(table, key)) return table[key];
  }
  if (httpStatus !== undefined) {
    const key = `http:${httpStatus}`;
    if (hasOwn(table, key)) return table[key];
    return genericHttp(httpStatus);
  }
  return undefined;
}

/**
 * The ProviderError for a provider's error code (a body's errcode / error_code / code) and/or HTTP
 * status. The body's code wins over the status; an undocumented one is UPSTREAM, not retried, with
 * the provider's code and detail kept for support.
 */
export function providerError(
  provider: CatalogueProvider,
  providerCode: string | number | undefined,
  opts: { httpStatus?: number; detail?: string; cause?: unknown } = {},
): ProviderError {
  const entry = lookupError(provider, providerCode, opts.httpStatus);
  const codeText =
    providerCode !== undefined && providerCode !== '' ? String(providerCode) : opts.httpStatus !== undefined ? `http:${opts.httpStatus}` : undefined;
  const cause = opts.cause ?? (opts.detail ? opts.detail : undefined);
  if (entry) {
    return new ProviderError({ provider, code: entry.code, retryable: entry.retryable, providerCode: codeText, message: entry.message, cause });
  }
  const detail = opts.detail ? `：${opts.detail}` : '';
  return new ProviderError({
    provider,
    code: 'UPSTREAM',
    retryable: false,
    providerCode: codeText,
    message: `识别服务返回了未知错误（${codeText ?? '无错误码'}）${detail}`,
    cause,
  });
}

/** A response that is not what the provider documents (wrong types, missing parts). */
export function malformedPayload(provider: string, detail: string): ProviderError {
  return new ProviderError({
    provider,
    code: 'UPSTREAM',
    retryable: false,
    providerCode: 'MALFORMED',
    message: '识别服务返回的结果无法解析，请稍后重试',
    cause: detail,
  });
}
