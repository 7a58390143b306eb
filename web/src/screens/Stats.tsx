// Administrators: statistics (summary figures, the daily trend and the breakdowns drawn by Chart.js, how
// often each field was corrected), the .xlsx export of a filtered history, and the audit log filtered by
// person, action and date. Each part is shown only when the server offers its action (an older server
// answers "unknown action": hide it).
import { useEffect, useState } from 'preact/hooks';
import { AuditResponseSchema, StatsResponseSchema, type AuditEntryView, type AuditResponse, type RecordStatus, type StatsResponse } from '../../../core/contracts/records';
import { getDocument } from '../../../core/documents/registry';
import { isPhotoWarning } from '../../../core/quality/result';
import { warningLabel } from '../../../core/validate/warnings';
import { ApiClientError, exportXlsx, records } from '../api';
import { AUDIT_ACTION_LABELS, dateTime, docName, fieldLabel, PROVIDER_LABELS, STATUS_LABELS } from '../format';
import { ChartView } from '../components/Chart';
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
  const [stats, retryStats] = usePart(() => records({ action: 'stats', ...body() }, StatsResponseSchema), [range]);
  const [auditPage, setAuditPage] = useState(1);
  const [auditDraft, setAuditDraft] = useState<AuditFilter>(NO_AUDIT_FILTER);
  const [auditFilter, setAuditFilter] = useState<AuditFilter>(NO_AUDIT_FILTER);
  const [audit, retryAudit] = usePart(
    () => records({ action: 'audit', page: auditPage, pageSize: 10, ...auditRequest(auditFilter) }, AuditResponseSchema),
    [auditPage, auditFilter],
  );

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
          <form
            class="filters audit-filters"
            aria-label="审计筛选"
            onSubmit={(e) => {
              e.preventDefault();
              setAuditPage(1);
              setAuditFilter(auditDraft);
            }}
          >
            <label class="field">
              <span class="field-label">操作人</span>
              <input
                class="input"
                name="actor"
                placeholder="用户标识（openid）"
                value={auditDraft.actor}
                onInput={(e) => setAuditDraft({ ...auditDraft, actor: e.currentTarget.value })}
              />
            </label>
            <label class="field">
              <span class="field-label">操作</span>
              <select class="input" name="auditAction" value={auditDraft.action} onChange={(e) => setAuditDraft({ ...auditDraft, action: e.currentTarget.value })}>
                <option value="">全部操作</option>
                {Object.entries(AUDIT_ACTION_LABELS).map(([k, label]) => (
                  <option key={k} value={k}>
                    {label}
                  </option>
                ))}
              </select>
            </label>
            <label class="field">
              <span class="field-label">开始日期</span>
              <input class="input" type="date" name="auditFrom" value={auditDraft.from} onInput={(e) => setAuditDraft({ ...auditDraft, from: e.currentTarget.value })} />
            </label>
            <label class="field">
              <span class="field-label">结束日期</span>
              <input class="input" type="date" name="auditTo" value={auditDraft.to} onInput={(e) => setAuditDraft({ ...auditDraft, to: e.currentTarget.value })} />
            </label>
            <div class="filter-actions">
              <button type="submit" class="btn btn-primary">
                筛选
              </button>
              <button
                type="button"
                class="btn"
                onClick={() => {
                  setAuditDraft(NO_AUDIT_FILTER);
                  setAuditFilter(NO_AUDIT_FILTER);
                  setAuditPage(1);
                }}
              >
                重置
              </button>
            </div>
          </form>
          {audit.state === 'error' ? <ErrorBox message={audit.message} onRetry={retryAudit} /> : null}
          <div class="table-wrap">
            <table class="table table-cards">
              <thead>
                <tr>
                  <th scope="col">时间</th>
                  <th scope="col">操作人</th>
                  <th scope="col">操作</th>
                  <th scope="col">对象</th>
                  <th scope="col">详情</th>
                </tr>
              </thead>
              <tbody>
                {audit.state === 'ok'
                  ? audit.data.items.map((a) => (
                      <tr key={a._id}>
                        <td class="nowrap" data-label="时间">{dateTime(a.at)}</td>
                        <td class="mono small ellipsis" data-label="操作人">{a.actor}</td>
                        <td data-label="操作">{AUDIT_ACTION_LABELS[a.action] ?? a.action}</td>
                        <td class="mono small ellipsis" data-label="对象">{a.target ?? '—'}</td>
                        <td class="small" data-label="详情">{auditDetails(a)}</td>
                      </tr>
                    ))
                  : Array.from({ length: 5 }, (_, i) => (
                      <tr key={i} aria-hidden="true">
                        {[0, 1, 2, 3, 4].map((j) => (
                          <td key={j}>
                            <span class="skeleton skeleton-text" />
                          </td>
                        ))}
                      </tr>
                    ))}
                {audit.state === 'ok' && audit.data.items.length === 0 ? (
                  <tr>
                    <td colSpan={5} class="empty">
                      没有符合条件的操作记录
                    </td>
                  </tr>
                ) : null}
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

interface AuditFilter {
  actor: string;
  action: string;
  from: string;
  to: string;
}
const NO_AUDIT_FILTER: AuditFilter = { actor: '', action: '', from: '', to: '' };

function auditRequest(f: AuditFilter): Record<string, string> {
  const out: Record<string, string> = {};
  if (f.actor.trim()) out.actor = f.actor.trim();
  if (f.action) out.actionName = f.action;
  if (f.from) out.from = f.from;
  if (f.to) out.to = f.to;
  return out;
}

const obj = (v: unknown): Record<string, unknown> => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {});

/** An export's filter in words: 状态 已提交，证件 机动车行驶证，关键词「粤B」，日期 2026-11-01 至 2026-11-30. */
function filterText(filter: Record<string, unknown>): string {
  const parts: string[] = [];
  if (typeof filter.status === 'string') parts.push(`状态 ${STATUS_LABELS[filter.status as RecordStatus] ?? filter.status}`);
  if (typeof filter.docType === 'string') parts.push(`证件 ${docName(filter.docType)}`);
  if (typeof filter.q === 'string') parts.push(`关键词「${filter.q}」`);
  if (typeof filter.warning === 'string') parts.push(`警告「${warningLabel(filter.warning)}」`);
  if (typeof filter.from === 'string' || typeof filter.to === 'string') {
    parts.push(`日期 ${typeof filter.from === 'string' ? filter.from.slice(0, 10) : '最早'} 至 ${typeof filter.to === 'string' ? filter.to.slice(0, 10) : '今天'}`);
  }
  return parts.length ? parts.join('，') : '全部记录';
}

/** What an entry's details say, in words (exports: how many rows, which filter, full or masked). */
function auditDetails(a: AuditEntryView): string {
  const d = obj(a.details);
  if (a.action === 'export' || a.action === 'export_full') {
    const count = typeof d.count === 'number' ? `${d.count} 条` : '';
    return [count, filterText(obj(d.filter)), d.full === true ? '含完整证件号码' : '证件号码已遮盖'].filter(Boolean).join('；');
  }
  if (a.action === 'submit' && Array.isArray(d.corrected)) {
    return d.corrected.length ? `修改了 ${d.corrected.map((k) => fieldLabel(String(k))).join('、')}` : '未修改';
  }
  if (a.action === 'reveal') return d.owner === 'self' ? '本人记录' : '他人记录';
  return '—';
}

const percent = (x: number): string => `${(x * 100).toFixed(1)}%`;

/** Every day from the first to the last with a count, a missing day as 0: a trend has no gaps. */
function everyDay(perDay: { day: string; count: number }[]): { labels: string[]; values: number[] } {
  const first = perDay[0];
  const last = perDay[perDay.length - 1];
  if (!first || !last) return { labels: [], values: [] };
  const counts = new Map(perDay.map((d) => [d.day, d.count]));
  const labels: string[] = [];
  const values: number[] = [];
  // Calendar days as UTC dates: no clock or time zone can skip or repeat one.
  for (let t = Date.parse(`${first.day}T00:00:00Z`), end = Date.parse(`${last.day}T00:00:00Z`); t <= end && labels.length < 400; t += 86_400_000) {
    const day = new Date(t).toISOString().slice(0, 10);
    labels.push(day.slice(5));
    values.push(counts.get(day) ?? 0);
  }
  return { labels, values };
}

/** Records per warning, most first: the photo warnings, or the ten most frequent of the others. */
function warningSeries(perWarning: StatsResponse['perWarning'], photo: boolean): { labels: string[]; values: number[] } {
  const rows = perWarning.filter((w) => isPhotoWarning(w.code) === photo).sort((a, b) => b.count - a.count || a.code.localeCompare(b.code));
  const shown = photo ? rows : rows.slice(0, 10);
  return { labels: shown.map((w) => warningLabel(w.code)), values: shown.map((w) => w.count) };
}

function Figure({ label, value, note, testId }: { label: string; value: string; note?: string; testId: string }) {
  return (
    <div class="figure" data-testid={testId}>
      <span class="figure-label">{label}</span>
      <strong class="figure-value">{value}</strong>
      {note ? <span class="muted small">{note}</span> : null}
    </div>
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
  const s = data.summary;
  return (
    <>
      <section class="panel" aria-labelledby="stats-title" data-testid="stats">
        <h2 id="stats-title">
          识别统计 <span class="muted small">共 {s.total} 条</span>
        </h2>
        <div class="figures" data-testid="stats-summary">
          <Figure testId="figure-total" label="识别总数" value={String(s.total)} />
          <Figure testId="figure-submit-rate" label="提交率" value={percent(s.submitRate)} note={`${s.submitted} / ${s.total}`} />
          <Figure testId="figure-failure-rate" label="失败率" value={percent(s.failureRate)} note={`${s.failed} / ${s.total}`} />
          <Figure
            testId="figure-median"
            label="识别耗时中位数"
            value={s.medianRecognitionMs === null ? '—' : s.medianRecognitionMs >= 1000 ? `${(s.medianRecognitionMs / 1000).toFixed(1)} 秒` : `${s.medianRecognitionMs} 毫秒`}
            note={`样本 ${s.recognitionSamples} 条`}
          />
        </div>
        <ChartView kind="trend" testId="trend-chart" label="每日识别量" data={everyDay(data.perDay)} />
        <div class="stats-grid">
          <ChartView
            kind="bars"
            label="按证件类型"
            data={{ labels: data.perDocType.map((d) => getDocument(d.docType)?.name ?? d.docType), values: data.perDocType.map((d) => d.count) }}
          />
          <ChartView
            kind="bars"
            label="按识别服务"
            data={{ labels: data.perProvider.map((d) => PROVIDER_LABELS[d.provider] ?? (d.provider === 'none' ? '未识别' : d.provider)), values: data.perProvider.map((d) => d.count) }}
          />
          <ChartView
            kind="bars"
            label="按状态"
            data={{ labels: data.perStatus.map((d) => STATUS_LABELS[d.status as RecordStatus] ?? d.status), values: data.perStatus.map((d) => d.count) }}
          />
          <ChartView kind="bars" testId="photo-warning-chart" label="照片问题（记录数）" data={warningSeries(data.perWarning, true)} />
          <ChartView kind="bars" testId="field-warning-chart" label="识别结果警告（记录数，前 10 项）" data={warningSeries(data.perWarning, false)} />
        </div>
      </section>
      <section class="panel" aria-labelledby="fields-title" data-testid="field-corrections">
        <h2 id="fields-title">各字段修改率（全部识别服务）</h2>
        <div class="table-wrap">
          <table class="table table-cards">
            <thead>
              <tr>
                <th scope="col">字段</th>
                <th scope="col">被修改 / 样本数</th>
                <th scope="col">修改率</th>
              </tr>
            </thead>
            <tbody>
              {data.fieldCorrections.map((f) => (
                <tr key={f.field}>
                  <td data-label="字段">{fieldLabel(f.field)}</td>
                  <td data-label="被修改">
                    {f.corrected} / {f.submitted}
                  </td>
                  <td data-label="修改率">
                    {percent(f.rate)}
                    {f.submitted < 30 ? <span class="muted small">（样本较少）</span> : null}
                  </td>
                </tr>
              ))}
              {data.fieldCorrections.length === 0 ? (
                <tr>
                  <td colSpan={3} class="empty">
                    还没有已提交的记录
                  </td>
                </tr>
              ) : null}
            </tbody>
          </table>
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
      const res = await exportXlsx({
        ...(full ? { full: true } : {}),
        ...(range.from ? { from: range.from } : {}),
        ...(range.to ? { to: range.to } : {}),
        ...(range.docType ? { docType: range.docType } : {}),
        ...(status ? { status } : {}),
      });
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
