// Administrators: statistics (per day, document type, provider, status; how often each provider's
// fields were corrected), the .xlsx export of a filtered history, and the audit log. Each part is shown
// only when the server offers its action (an older server answers "unknown action": hide it).
import { useEffect, useState } from 'preact/hooks';
import type { AuditResponse, ExportResponse, RecordStatus, StatsResponse } from '../../../core/contracts/records';
import { DOCUMENTS, getDocument } from '../../../core/documents/registry';
import { ApiClientError, downloadUrl, records } from '../api';
import { dateTime, docName, PROVIDER_LABELS, STATUS_LABELS } from '../format';
import { DocTypeOptions, StatusOptions } from '../components/Options';
import { ErrorBox } from '../components/Status';

type Part<T> = { state: 'loading' } | { state: 'ok'; data: T } | { state: 'absent' } | { state: 'error'; message: string };

function unsupported(e: unknown): boolean {
  return e instanceof ApiClientError && e.status === 400 && e.code === 'INVALID_ARGUMENT' && /未知的操作|unknown action/i.test(e.message);
}

function usePart<T>(call: () => Promise<T>, deps: unknown[]): [Part<T>, () => void] {
  const [part, setPart] = useState<Part<T>>({ state: 'loading' });
  const [tick, setTick] = useState(0);
  useEffect(() => {
    let live = true;
    setPart((p) => (p.state === 'ok' ? p : { state: 'loading' }));
    call().then(
      (data) => live && setPart({ state: 'ok', data }),
      (e: unknown) => live && setPart(unsupported(e) ? { state: 'absent' } : { state: 'error', message: e instanceof Error ? e.message : String(e) }),
    );
    return () => {
      live = false;
    };
  }, [...deps, tick]);
  return [part, () => setTick((t) => t + 1)];
}

interface Range {
  from: string;
  to: string;
  docType: string;
}

export function Stats() {
  const [draft, setDraft] = useState<Range>({ from: '', to: '', docType: '' });
  const [range, setRange] = useState<Range>(draft);
  const body = (): Record<string, string> => {
    const b: Record<string, string> = {};
    if (range.from) b.from = range.from;
    if (range.to) b.to = range.to;
    if (range.docType) b.docType = range.docType;
    return b;
  };
  const [stats, retryStats] = usePart(() => records<StatsResponse>({ action: 'stats', ...body() }), [range]);
  const [auditPage, setAuditPage] = useState(1);
  const [audit, retryAudit] = usePart(() => records<AuditResponse>({ action: 'audit', page: auditPage, pageSize: 10 }), [auditPage]);

  return (
    <div class="stack">
      <h1 class="page-title">统计与导出</h1>
      <form
        class="panel filters"
        aria-label="统计范围"
        onSubmit={(e) => {
          e.preventDefault();
          setRange(draft);
        }}
      >
        <label class="field">
          <span class="field-label">开始日期</span>
          <input class="input" type="date" value={draft.from} onInput={(e) => setDraft({ ...draft, from: e.currentTarget.value })} />
        </label>
        <label class="field">
          <span class="field-label">结束日期</span>
          <input class="input" type="date" value={draft.to} onInput={(e) => setDraft({ ...draft, to: e.currentTarget.value })} />
        </label>
        <label class="field">
          <span class="field-label">证件类型</span>
          <select class="input" value={draft.docType} onChange={(e) => setDraft({ ...draft, docType: e.currentTarget.value })}>
            <option value="">全部证件</option>
            <DocTypeOptions />
          </select>
        </label>
        <div class="filter-actions">
          <button type="submit" class="btn btn-primary">
            统计
          </button>
        </div>
      </form>

      {stats.state === 'absent' ? null : stats.state === 'error' ? (
        <ErrorBox message={stats.message} onRetry={retryStats} />
      ) : (
        <StatsView data={stats.state === 'ok' ? stats.data : null} />
      )}

      <Export range={range} />

      {audit.state === 'absent' ? null : (
        <section class="panel" aria-labelledby="audit-title" data-testid="audit">
          <h2 id="audit-title">操作审计</h2>
          {audit.state === 'error' ? <ErrorBox message={audit.message} onRetry={retryAudit} /> : null}
          <div class="table-wrap">
            <table class="table table-cards">
              <thead>
                <tr>
                  <th scope="col">时间</th>
                  <th scope="col">操作人</th>
                  <th scope="col">操作</th>
                  <th scope="col">对象</th>
                </tr>
              </thead>
              <tbody>
                {audit.state === 'ok'
                  ? audit.data.items.map((a) => (
                      <tr key={a._id}>
                        <td class="nowrap" data-label="时间">{dateTime(a.at)}</td>
                        <td class="mono small ellipsis" data-label="操作人">{a.actor}</td>
                        <td data-label="操作">{AUDIT_LABELS[a.action] ?? a.action}</td>
                        <td class="mono small ellipsis" data-label="对象">{a.target ?? '—'}</td>
                      </tr>
                    ))
                  : Array.from({ length: 5 }, (_, i) => (
                      <tr key={i} aria-hidden="true">
                        {[0, 1, 2, 3].map((j) => (
                          <td key={j}>
                            <span class="skeleton skeleton-text" />
                          </td>
                        ))}
                      </tr>
                    ))}
              </tbody>
            </table>
          </div>
          {audit.state === 'ok' ? (
            <nav class="pager" aria-label="审计分页">
              <button type="button" class="btn btn-small" disabled={auditPage <= 1} onClick={() => setAuditPage(auditPage - 1)}>
                上一页
              </button>
              <span class="small">
                第 {auditPage} / {Math.max(1, Math.ceil(audit.data.total / 10))} 页，共 {audit.data.total} 条
              </span>
              <button
                type="button"
                class="btn btn-small"
                disabled={auditPage >= Math.ceil(audit.data.total / 10)}
                onClick={() => setAuditPage(auditPage + 1)}
              >
                下一页
              </button>
            </nav>
          ) : null}
        </section>
      )}
    </div>
  );
}

const AUDIT_LABELS: Record<string, string> = {
  submit: '提交',
  view: '查看记录',
  delete: '删除',
  export: '导出',
  export_full: '导出（完整数据）',
  redeliver: '重新推送',
  stats: '查看统计',
  audit: '查看审计日志',
  list_all: '查看全部记录',
};

function Bars({ rows, label }: { rows: { key: string; label: string; count: number }[]; label: string }) {
  const max = Math.max(1, ...rows.map((r) => r.count));
  return (
    <figure class="bars" aria-label={label}>
      <figcaption>{label}</figcaption>
      {rows.length ? (
        <ul>
          {rows.map((r) => (
            <li key={r.key}>
              <span class="bar-label">{r.label}</span>
              <span class="bar-track">
                <span class="bar" style={{ width: `${(r.count / max) * 100}%` }} />
              </span>
              <span class="bar-value">{r.count}</span>
            </li>
          ))}
        </ul>
      ) : (
        <p class="muted small">暂无数据</p>
      )}
    </figure>
  );
}

function StatsView({ data }: { data: StatsResponse | null }) {
  if (!data) {
    return (
      <section class="panel stats-grid" aria-busy="true">
        {[0, 1, 2, 3].map((i) => (
          <div key={i} class="skeleton skeleton-block" />
        ))}
      </section>
    );
  }
  const total = data.perStatus.reduce((n, s) => n + s.count, 0);
  const fieldLabel = (key: string): string => {
    for (const d of DOCUMENTS) for (const list of Object.values(d.fields)) for (const f of list ?? []) if (f.key === key) return f.label;
    return key;
  };
  return (
    <>
      <section class="panel" aria-labelledby="stats-title" data-testid="stats">
        <h2 id="stats-title">
          识别统计 <span class="muted small">共 {total} 条</span>
        </h2>
        <div class="stats-grid">
          <Bars label="按日期" rows={data.perDay.slice(-14).map((d) => ({ key: d.day, label: d.day.slice(5), count: d.count }))} />
          <Bars label="按证件类型" rows={data.perDocType.map((d) => ({ key: d.docType, label: getDocument(d.docType)?.name ?? d.docType, count: d.count }))} />
          <Bars label="按识别服务" rows={data.perProvider.map((d) => ({ key: d.provider, label: PROVIDER_LABELS[d.provider] ?? d.provider, count: d.count }))} />
          <Bars
            label="按状态"
            rows={data.perStatus.map((d) => ({ key: d.status, label: STATUS_LABELS[d.status as RecordStatus] ?? d.status, count: d.count }))}
          />
        </div>
      </section>
      <section class="panel" aria-labelledby="acc-title">
        <h2 id="acc-title">识别准确度（按用户修改计算）</h2>
        <div class="table-wrap">
          <table class="table table-cards">
            <thead>
              <tr>
                <th scope="col">识别服务</th>
                <th scope="col">字段</th>
                <th scope="col">被修改 / 已提交</th>
                <th scope="col">修改率</th>
              </tr>
            </thead>
            <tbody>
              {data.providerAccuracy.map((p) => (
                <tr key={`p-${p.provider}`} class="row-total">
                  <td data-label="识别服务">{PROVIDER_LABELS[p.provider] ?? p.provider}</td>
                  <td data-label="字段">全部字段</td>
                  <td data-label="被修改">
                    {p.corrected} / {p.fields}
                  </td>
                  <td data-label="修改率">
                    {((1 - p.accuracy) * 100).toFixed(1)}%<span class="muted small">（准确率 {(p.accuracy * 100).toFixed(1)}%）</span>
                  </td>
                </tr>
              ))}
              {data.corrections
                .filter((c) => c.corrected > 0)
                .sort((a, b) => b.rate - a.rate)
                .map((c) => (
                  <tr key={`${c.provider}-${c.field}`}>
                    <td data-label="识别服务">{PROVIDER_LABELS[c.provider] ?? c.provider}</td>
                    <td data-label="字段">{fieldLabel(c.field)}</td>
                    <td data-label="被修改">
                      {c.corrected} / {c.submitted}
                    </td>
                    <td data-label="修改率">{(c.rate * 100).toFixed(1)}%</td>
                  </tr>
                ))}
              {data.providerAccuracy.length === 0 ? (
                <tr>
                  <td colSpan={4} class="empty">
                    还没有已提交的记录
                  </td>
                </tr>
              ) : null}
            </tbody>
          </table>
        </div>
      </section>
    </>
  );
}

function Export({ range }: { range: Range }) {
  const [status, setStatus] = useState<RecordStatus | ''>('');
  const [full, setFull] = useState(false);
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState('');
  const [absent, setAbsent] = useState(false);
  if (absent) return null;

  const run = async (e: Event): Promise<void> => {
    e.preventDefault();
    setBusy(true);
    setMessage('');
    try {
      const body: Record<string, unknown> = { action: 'export', ...(full ? { full: true } : {}) };
      if (range.from) body.from = range.from;
      if (range.to) body.to = range.to;
      if (range.docType) body.docType = range.docType;
      if (status) body.status = status;
      const res = await records<ExportResponse>(body as { action: string });
      await downloadUrl(res.url, res.fileName);
      setMessage(`已导出 ${res.count} 条记录${res.truncated ? '（超出单个文件上限，请缩小范围）' : ''}`);
    } catch (err) {
      if (unsupported(err)) setAbsent(true);
      else setMessage(err instanceof Error ? err.message : String(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <form class="panel export" onSubmit={run} aria-labelledby="export-title">
      <h2 id="export-title">导出 Excel</h2>
      <p class="muted small">
        按上方的日期与证件类型范围导出{range.docType ? `「${docName(range.docType)}」` : '全部证件'}的记录。
      </p>
      <div class="export-row">
        <label class="field">
          <span class="field-label">状态</span>
          <select class="input" value={status} onChange={(e) => setStatus(e.currentTarget.value as RecordStatus | '')}>
            <option value="">全部状态</option>
            <StatusOptions />
          </select>
        </label>
        <label class="check">
          <input type="checkbox" checked={full} onChange={(e) => setFull(e.currentTarget.checked)} />
          包含完整证件号码（将记入审计日志）
        </label>
        <button type="submit" class="btn btn-primary" disabled={busy}>
          {busy ? '正在导出…' : '导出 .xlsx'}
        </button>
      </div>
      {message ? (
        <p class="small" role="status" data-testid="export-message">
          {message}
        </p>
      ) : null}
    </form>
  );
}
