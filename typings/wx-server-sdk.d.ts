// wx-server-sdk, typed for what this project uses (its own typings are loose: `openapi: Record<string,
// any>`, and DYNAMIC_CURRENT_ENV is a symbol that its init() type rejects). Mirrors
// server/stores/wechat/api.ts (WxCloud), which the stand-in implements. tsconfig.node.json maps the
// module name here (`paths`), so these declarations replace the package's own.
export interface WxContext {
  OPENID?: string;
  APPID?: string;
  UNIONID?: string;
  ENV?: string;
  SOURCE?: string;
}
export const DYNAMIC_CURRENT_ENV: symbol;
export function init(opts?: { env?: string | symbol; traceUser?: boolean; throwOnNotFound?: boolean }): void;
export function getWXContext(): WxContext;
/** See server/stores/wechat/api.ts WxDatabase for the subset used. */
export function database(opts?: { throwOnNotFound?: boolean }): unknown;
export function uploadFile(p: { cloudPath: string; fileContent: Buffer }): Promise<{ fileID: string; statusCode: number; errMsg?: string }>;
export function downloadFile(p: { fileID: string }): Promise<{ fileContent: Buffer; statusCode: number; errMsg?: string }>;
export function getTempFileURL(p: { fileList: (string | { fileID: string; maxAge?: number })[] }): Promise<{
  fileList: { fileID: string; tempFileURL: string; maxAge: number; status: number; errMsg: string }[];
}>;
export function deleteFile(p: { fileList: string[] }): Promise<{ fileList: { fileID: string; status: number; errMsg: string }[] }>;
/** cloud.openapi.ocr.vehicleLicense({ type, img: { contentType, value } }) — listed in config.json permissions. */
export const openapi: {
  ocr: {
    vehicleLicense(params: { type: 'photo' | 'scan'; img?: { contentType: string; value: Buffer }; imgUrl?: string }): Promise<Record<string, unknown>>;
  };
};
