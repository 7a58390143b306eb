// 到期提醒 (administrators): the expiry dates due — expired, or within 30/60/90 days — by document
// type, and the list exported as .xlsx.
import { useEffect, useState } from 'preact/hooks';
import type { DueListResponse } from '../../../core/contracts/dossiers';
import { findField } from '../../../core/documents/registry';
import { downloadUrl, dueList, exportDue } from '../api';
import { docName } from '../format';
import { href } from '../router';
import { DocTypeOptions } from '../components/Options';
import { ErrorBox } from '../components/Status';
import { expiryText } from './Dossiers';

type Window = 'expired' | '30' | '60' | '90';
const WINDOWS: { id: Window; label: string }[] = [
  { id: 'expired', label: '已过期' },
  { id: '30', label: '30 天内' },
  { id: '60', label: '60 天内' },
  { id: '90', label: '90 天内' },
];

type Load = { state: 'loading' } | { state: 'ok'; data: DueListResponse } | { state: 'error'; message: string };

export function Due() {
  const [window, setWindow] = useState<Window>('30');
  const [docType, setDocType] = useState('');
  const [page, setPage] = useState(1);
  const [load, setLoad] = useState<Load>({ state: 'loading' });
  const [exporting, setExporting] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    setLoad({ state: 'loading' });
    dueList({ window, ...(docType ? { docType } : {}), page, pageSize: 50 }).then(
      (data) => live && setLoad({ state: 'ok', data }),
      (e: unknown) => live && setLoad({ state: 'error', message: e instanceof Error ? e.message : String(e) }),
    );
    return () => {
      live = false;
    };
  }, [window, docType, page]);

  const doExport = async (): Promise<void> => {
    setExporting('正在生成文件…');
    try {
      const file = await exportDue({ window, ...(docType ? { docType } : {}) });
      await downloadUrl(file.url, file.fileName);
      setExporting(`已导出 ${file.count} 条${file.truncated ? '（超出部分请缩小范围后再导出）' : ''}`);
    } catch (e) {
      setExporting(`导出失败：${e instanceof Error ? e.message : String(e)}`);
    }
  };
  const data = load.state === 'ok' ? load.data : null;
  const pages = data ? Math.max(1, Math.ceil(data.total / 50)) : 1;
  return (
    <div class="stack">
      <h1 class="page-title">到期提醒</h1>
      <div class="panel filters" role="group" aria-label="到期范围">
        <div class="field field-wide">
          <span class="field-label">范围</span>
          <div class="segmented" role="radiogroup" aria-label="范围">
          {WINDOWS.map((w) => (
            <button key={w.id} type="button" role="radio" aria-checked={window === w.id} class={`btn btn-small ${window === w.id ? 'btn-primary' : ''}`} onClick={() => (setWindow(w.id), setPage(1))}>
              {w.label}
            </button>
          ))}
          </div>
        </div>
        <label class="field">
          <span class="field-label">证件类型</span>
          <select class="input" name="docType" value={docType} onChange={(e) => (setDocType(e.currentTarget.value), setPage(1))}>
            <option value="">全部证件</option>
            <DocTypeOptions />
          </select>
        </label>
        <div class="filter-actions">
          <button type="button" class="btn" onClick={() => void doExport()} disabled={exporting === '正在生成文件…'}>
            导出 Excel
          </button>
          {exporting ? (
            <span class="small" role="status">
              {exporting}
            </span>
          ) : null}
        </div>
      </div>
      {load.state === 'error' ? <ErrorBox message={load.message} /> : null}
      <section class="panel table-panel" aria-busy={load.state === 'loading'} aria-label="到期列表">
        <table class="table table-cards" data-testid="due-table">
          <thead>
            <tr>
              <th scope="col">到期日</th>
              <th scope="col">剩余</th>
              <th scope="col">证件</th>
              <th scope="col">到期项目</th>
              <th scope="col">号牌号码</th>
            </tr>
          </thead>
          <tbody>
            {data?.items.map((e) => (
              <tr key={`${e.recordId}:${e.field}`} class={e.daysLeft < 0 ? 'expired' : ''}>
                <td class="mono" data-label="到期日">
                  <a href={href(`/records/${encodeURIComponent(e.recordId)}`)}>{e.date}</a>
                </td>
                <td data-label="剩余">{expiryText(e.daysLeft)}</td>
                <td data-label="证件">{docName(e.docType)}</td>
                <td data-label="到期项目">{findField(e.docType, e.field)?.label ?? e.field}</td>
                <td class="mono" data-label="号牌号码">{e.plate ?? '—'}</td>
              </tr>
            ))}
            {data && data.items.length === 0 ? (
              <tr>
                <td colSpan={5} class="empty">
                  该范围内没有到期的证件
                </td>
              </tr>
            ) : null}
          </tbody>
        </table>
        <nav class="pager" aria-label="分页">
          <button type="button" class="btn btn-small" disabled={page <= 1} onClick={() => setPage(page - 1)}>
            上一页
          </button>
          <span class="small" aria-live="polite">
            {data ? `第 ${page} / ${pages} 页，共 ${data.total} 条` : '加载中…'}
          </span>
          <button type="button" class="btn btn-small" disabled={page >= pages} onClick={() => setPage(page + 1)}>
            下一页
          </button>
        </nav>
      </section>
    </div>
  );
}
