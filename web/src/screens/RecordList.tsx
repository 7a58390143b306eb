// History (scope 'mine') and, for administrators, all records (scope 'all'): filters, search,
// pagination, and for administrators the export of exactly the search on screen. Filters live in module
// state so that coming back from a detail keeps them; on a phone they fold away behind one button.
import { useEffect, useState } from 'preact/hooks';
import type { ListResponse, RecordStatus } from '../../../core/contracts/records';
import type { WarningCode } from '../../../core/validate/warnings';
import { exportXlsx, listRecords, type ListFilters } from '../api';
import { dateTime, docName, PROVIDER_LABELS, recordOwnerName, recordTitle, sideLabel, STATUS_LABELS } from '../format';
import { href, navigate } from '../router';
import { DocTypeOptions, StatusOptions, WarningOptions } from '../components/Options';
import { ErrorBox } from '../components/Status';

const PAGE_SIZE = 20;

interface Filters {
  status: RecordStatus | '';
  docType: string;
  from: string;
  to: string;
  q: string;
  /** Administrators only: records carrying this warning. */
  warning: WarningCode | '';
  page: number;
}
const EMPTY: Filters = { status: '', docType: '', from: '', to: '', q: '', warning: '', page: 1 };
const remembered: Record<'mine' | 'all', Filters> = { mine: { ...EMPTY }, all: { ...EMPTY } };

type Load = { state: 'loading'; prev: ListResponse | null } | { state: 'ok'; data: ListResponse } | { state: 'error'; message: string };

/** The request fields of the filters as applied (not as being edited). */
function requestOf(filters: Filters): Omit<ListFilters, 'scope' | 'page' | 'pageSize'> {
  const req: Omit<ListFilters, 'scope' | 'page' | 'pageSize'> = {};
  if (filters.status) req.status = filters.status;
  if (filters.docType) req.docType = filters.docType;
  if (filters.from) req.from = filters.from;
  if (filters.to) req.to = filters.to;
  if (filters.q.trim()) req.q = filters.q.trim();
  if (filters.warning) req.warning = filters.warning;
  return req;
}

const activeCount = (f: Filters): number => [f.status, f.docType, f.from, f.to, f.warning].filter(Boolean).length;

export function RecordList({ scope }: { scope: 'mine' | 'all' }) {
  const [filters, setFilters] = useState<Filters>(remembered[scope]);
  const [draft, setDraft] = useState<Filters>(filters);
  const [load, setLoad] = useState<Load>({ state: 'loading', prev: null });
  const [tick, setTick] = useState(0);

  useEffect(() => {
    remembered[scope] = filters;
    let live = true;
    setLoad((l) => ({ state: 'loading', prev: l.state === 'ok' ? l.data : l.state === 'loading' ? l.prev : null }));
    listRecords({ scope, page: filters.page, pageSize: PAGE_SIZE, ...requestOf(filters) }).then(
      (data) => live && setLoad({ state: 'ok', data }),
      (e: unknown) => live && setLoad({ state: 'error', message: e instanceof Error ? e.message : String(e) }),
    );
    return () => {
      live = false;
    };
  }, [scope, filters, tick]);

  const [open, setOpen] = useState(false);
  const [exporting, setExporting] = useState(false);
  const [exportMessage, setExportMessage] = useState('');
  const apply = (e: Event): void => {
    e.preventDefault();
    setFilters({ ...draft, page: 1 });
  };
  // Exactly what the list shows (the applied filters, every page of it), never the half-edited form.
  const exportShown = async (): Promise<void> => {
    setExporting(true);
    setExportMessage('');
    try {
      const res = await exportXlsx(requestOf(filters));
      setExportMessage(`已导出 ${res.count} 条记录${res.truncated ? '（超出单个文件上限，请缩小范围）' : ''}`);
    } catch (err) {
      setExportMessage(err instanceof Error ? err.message : String(err));
    } finally {
      setExporting(false);
    }
  };
  const reset = (): void => {
    setDraft(EMPTY);
    setFilters(EMPTY);
  };

  const data = load.state === 'ok' ? load.data : load.state === 'loading' ? load.prev : null;
  const pages = data ? Math.max(1, Math.ceil(data.total / PAGE_SIZE)) : 1;
  const admin = scope === 'all';
  const title = admin ? '全部记录' : '我的记录';
  const columns = admin ? 7 : 6;

  return (
    <div class="stack">
      <h1 class="page-title">{title}</h1>
      <form class={`panel filters ${open ? 'filters-open' : ''}`} onSubmit={apply} role="search" aria-label={`${title}筛选`}>
        <label class="field field-q">
          <span class="field-label">搜索</span>
          <input
            class="input"
            type="search"
            name="q"
            placeholder="号牌、车架号、发动机号、档案编号、姓名或完整身份证号"
            value={draft.q}
            onInput={(e) => setDraft({ ...draft, q: e.currentTarget.value })}
          />
        </label>
        {/* Phones only (CSS): the other filters fold away so the list starts on the first screen. */}
        <button
          type="button"
          class="btn filters-toggle"
          aria-expanded={open}
          aria-controls={`filters-more-${scope}`}
          onClick={() => setOpen(!open)}
        >
          {open ? '收起筛选' : `更多筛选${activeCount(filters) ? `（${activeCount(filters)}）` : ''}`}
        </button>
        <div class="filters-more" id={`filters-more-${scope}`}>
        <label class="field">
          <span class="field-label">状态</span>
          <select class="input" name="status" value={draft.status} onChange={(e) => setDraft({ ...draft, status: e.currentTarget.value as RecordStatus | '' })}>
            <option value="">全部状态</option>
            <StatusOptions />
          </select>
        </label>
        <label class="field">
          <span class="field-label">证件类型</span>
          <select class="input" name="docType" value={draft.docType} onChange={(e) => setDraft({ ...draft, docType: e.currentTarget.value })}>
            <option value="">全部证件</option>
            <DocTypeOptions />
          </select>
        </label>
        <label class="field">
          <span class="field-label">开始日期</span>
          <input class="input" type="date" name="from" value={draft.from} onInput={(e) => setDraft({ ...draft, from: e.currentTarget.value })} />
        </label>
        <label class="field">
          <span class="field-label">结束日期</span>
          <input class="input" type="date" name="to" value={draft.to} onInput={(e) => setDraft({ ...draft, to: e.currentTarget.value })} />
        </label>
        {scope === 'all' ? (
          <label class="field">
            <span class="field-label">警告</span>
            <select class="input" name="warning" value={draft.warning} onChange={(e) => setDraft({ ...draft, warning: e.currentTarget.value as WarningCode | '' })}>
              <option value="">不限</option>
              <WarningOptions />
            </select>
          </label>
        ) : null}
        </div>
        <div class="filter-actions">
          <button type="submit" class="btn btn-primary">
            查询
          </button>
          <button type="button" class="btn" onClick={reset}>
            重置
          </button>
        </div>
      </form>
      {admin ? (
        <div class="list-actions">
          <button type="button" class="btn" disabled={exporting || !data || data.total === 0} onClick={() => void exportShown()}>
            {exporting ? '正在导出…' : '导出当前结果 (.xlsx)'}
          </button>
          {exportMessage ? (
            <span class="small" role="status" data-testid="list-export-message">
              {exportMessage}
            </span>
          ) : null}
        </div>
      ) : null}

      {load.state === 'error' ? <ErrorBox message={load.message} onRetry={() => setTick((t) => t + 1)} /> : null}

      <section class="panel table-panel" aria-busy={load.state === 'loading'} aria-label={`${title}列表`}>
        <div class="table-wrap">
          <table class="table table-cards" data-testid="records-table">
            <thead>
              <tr>
                <th scope="col">时间</th>
                <th scope="col">证件</th>
                <th scope="col">号码</th>
                <th scope="col">所有人 / 姓名</th>
                <th scope="col">状态</th>
                <th scope="col">识别服务</th>
                {admin ? <th scope="col">提交用户</th> : null}
              </tr>
            </thead>
            <tbody>
              {data
                ? data.items.map((r) => (
                    <tr
                      key={r._id}
                      class="row-link"
                      data-id={r._id}
                      onClick={() => navigate(`/records/${encodeURIComponent(r._id)}`)}
                    >
                      <td class="nowrap" data-label="时间">{dateTime(r.createdAt)}</td>
                      <td data-label="证件">
                        <span>
                          {docName(r.docType)}
                          {r.pages ? <span class="muted">·{r.pages.length} 页</span> : r.side ? <span class="muted">·{sideLabel(r.side)}</span> : null}
                        </span>
                      </td>
                      <td class="mono" data-label="号码">
                        <a href={href(`/records/${encodeURIComponent(r._id)}`)} onClick={(e) => e.stopPropagation()}>
                          {recordTitle(r)}
                        </a>
                      </td>
                      <td data-label="所有人">{recordOwnerName(r)}</td>
                      <td data-label="状态">
                        <span>
                          <span class={`status status-${r.status}`}>{STATUS_LABELS[r.status]}</span>
                          {Object.keys(r.corrections).length ? (
                            <span class="muted small" title="用户修改的字段数"> 改 {Object.keys(r.corrections).length}</span>
                          ) : null}
                        </span>
                      </td>
                      <td data-label="识别服务">{r.provider ? (PROVIDER_LABELS[r.provider] ?? r.provider) : '—'}</td>
                      {admin ? <td class="mono small ellipsis" data-label="提交用户">{r._openid}</td> : null}
                    </tr>
                  ))
                : Array.from({ length: 6 }, (_, i) => (
                    <tr key={i} aria-hidden="true">
                      {Array.from({ length: columns }, (_, j) => (
                        <td key={j}>
                          <span class="skeleton skeleton-text" />
                        </td>
                      ))}
                    </tr>
                  ))}
              {data && data.items.length === 0 ? (
                <tr>
                  <td colSpan={columns} class="empty">
                    {admin ? '没有符合条件的记录' : '还没有记录，去「扫描识别」上传第一张证件吧'}
                  </td>
                </tr>
              ) : null}
            </tbody>
          </table>
        </div>
        <nav class="pager" aria-label="分页">
          <button
            type="button"
            class="btn btn-small"
            disabled={filters.page <= 1 || load.state === 'loading'}
            onClick={() => setFilters({ ...filters, page: filters.page - 1 })}
          >
            上一页
          </button>
          <span class="small" aria-live="polite" data-testid="pager-status">
            {data ? `第 ${filters.page} / ${pages} 页，共 ${data.total} 条` : '加载中…'}
          </span>
          <button
            type="button"
            class="btn btn-small"
            disabled={filters.page >= pages || load.state === 'loading'}
            onClick={() => setFilters({ ...filters, page: filters.page + 1 })}
          >
            下一页
          </button>
        </nav>
      </section>
    </div>
  );
}
