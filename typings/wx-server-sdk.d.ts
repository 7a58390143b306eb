// wx-server-sdk, typed for what this project uses (its own typings are loose: `openapi: Record<string,
// any>`, and DYNAMIC_CURRENT_ENV is a symbol that its init() type rejects). Each member takes its type
// from server/stores/wechat/api.ts (WxCloud), which the test stand-in implements, so that the module
// itself is a WxCloud. tsconfig.node.json maps the module name here (`paths`), so these declarations
// replace the package's own.
import type { WxCloud } from '../server/stores/wechat/api';

export type { WxContext } from '../server/stores/wechat/api';
export const DYNAMIC_CURRENT_ENV: WxCloud['DYNAMIC_CURRENT_ENV'];
export const init: WxCloud['init'];
export const getWXContext: WxCloud['getWXContext'];
export const database: WxCloud['database'];
export const uploadFile: WxCloud['uploadFile'];
export const downloadFile: WxCloud['downloadFile'];
export const getTempFileURL: WxCloud['getTempFileURL'];
export const deleteFile: WxCloud['deleteFile'];
/** cloud.openapi.ocr.* (vehicleLicense, idcard, …) — each method called is listed in cloudfunctions/ocr/config.json. */
export const openapi: WxCloud['openapi'];
