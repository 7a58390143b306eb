// What the review page tells the user before a submit, and of earlier submissions of the same vehicle:
// kept apart from the page so the wording is one function, tested on its own.
import { DUPLICATE_HINT, duplicateMatchText, type Duplicate } from '../core/contracts/review';
import { getDocument } from '../core/documents/registry';
import type { FieldView } from './fields';
import { formatTime } from './fields';

/** One earlier submission as the hint lists it. */
export interface DuplicateView {
  id: string;
  text: string;
}

export function duplicateViews(items: readonly Duplicate[]): DuplicateView[] {
  return items.map((d) => ({
    id: d._id,
    text: `${formatTime(d.submittedAt)} ${getDocument(d.docType)?.name ?? d.docType}（${duplicateMatchText(d)}）`,
  }));
}

/** The first non-empty value of a field over the pages (a licence's 副页 repeats the plate). */
export function firstValue(pages: readonly { fields: readonly FieldView[] }[], key: string): string {
  for (const p of pages) {
    const v = p.fields.find((f) => f.key === key)?.value.trim();
    if (v) return v;
  }
  return '';
}

/** The confirmation's text: the warnings still open (field: message), the same vehicle submitted
 *  before, what the user changed. A modal shows a few lines: the rest is counted. */
export function submitConfirmText(pages: readonly { title: string; fields: readonly FieldView[] }[], duplicates: number): string {
  const several = pages.length > 1;
  const open = pages.flatMap((p) => p.fields.flatMap((f) => f.warnings.map((w) => `${several ? `${p.title} · ` : ''}${f.label}：${w}`)));
  const changed = pages.reduce((n, p) => n + p.fields.filter((f) => f.value.trim() !== f.original).length, 0);
  const lines: string[] = [];
  if (open.length) {
    lines.push(`还有 ${open.length} 条提示未处理：`, ...open.slice(0, 3), ...(open.length > 3 ? [`等 ${open.length} 条`] : []));
  }
  if (duplicates > 0) lines.push(`${DUPLICATE_HINT}（${duplicates} 条），提交后将再保存一条。`);
  lines.push(changed > 0 ? `你修改了 ${changed} 项，确认信息无误并提交？` : '确认信息无误并提交？');
  return lines.join('\n');
}
