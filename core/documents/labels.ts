// Chinese names of the providers, one table for the server's messages, the mini program and the web
// console. Kept apart from contracts/result.ts so that importing it does not pull zod into a bundle.
import type { ProviderName } from '../contracts/result';

export const PROVIDER_LABELS: Record<ProviderName, string> = {
  wechat: '微信 OCR',
  juhe: '聚合数据',
  kuaitong: '快瞳',
  local: '离线识别',
};
