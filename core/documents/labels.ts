// Chinese names of the providers, one table for the server's messages, the mini program and the web
// console. Kept apart from contracts/result.ts so that importing it does not pull zod into a bundle.
import type { ProviderName, Side } from '../contracts/result';

export const PROVIDER_LABELS: Record<ProviderName, string> = {
  wechat: '微信 OCR',
  juhe: '聚合数据',
  kuaitong: '快瞳',
  local: '离线识别',
};

/** Documents printed as a booklet, whose sides are pages (正页/副页) rather than faces (正面/反面). */
const BOOKLETS: ReadonlySet<string> = new Set(['vehicle_license', 'driver_license']);

/** What one side of a document is called, for titles and the export; '' for one-sided documents. */
export function sideLabel(docType: string, side: Side | null): string {
  if (!side) return '';
  if (BOOKLETS.has(docType)) return side === 'front' ? '正页' : '副页';
  return side === 'front' ? '正面' : '反面';
}
