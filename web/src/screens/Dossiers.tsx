// 我的档案 (and, for administrators, 全部档案): one card per vehicle with its documents, the
// cross-document warnings and the dates that expire; the purpose can be changed and the next document
// added from the user's records.
import { useEffect, useState } from 'preact/hooks';
import type { DossierView } from '../../../core/contracts/dossiers';
import type { ListResponse } from '../../../core/contracts/records';
import { PURPOSES, type DossierPurpose } from '../../../core/dossier/purposes';
import { findField } from '../../../core/documents/registry';
import { attachRecord, detachRecord, downloadUrl, exportDossiers, listDossiers, listRecords, updateDossier } from '../api';
import { dateTime, docName, sideLabel } from '../format';
import { href } from '../router';
import { ErrorBox } from '../components/Status';

type Load = { state: 'loading' } | { state: 'ok'; items: DossierView[]; total: number } | { state: 'error'; message: string };

/** How an expiry reads in Chinese: 已过期 N 天 / 今天到期 / N 天后到期. */
export function expiryText(daysLeft: number): string {
  if (daysLeft < 0) return `已过期 ${-daysLeft} 天`;
  return daysLeft === 0 ? '今天到期' : `${daysLeft} 天后到期`;
}

export function Dossiers({ scope }: { scope: 'mine' | 'all' }) {
  const [q, setQ] = useState('');
  const [query, setQuery] = useState('');
  const [load, setLoad] = useState<Load>({ state: 'loading' });
  const [tick, setTick] = useState(0);
  const [exporting, setExporting] = useState<string | null>(null);
  const doExport = async (): Promise<void> => {
    setExporting('正在生成文件…');
    try {
      const file = await exportDossiers(query || undefined);
      await downloadUrl(file.url, file.fileName);
      setExporting(`已导出 ${file.count} 个档案`);
    } catch (e) {
      setExporting(`导出失败：${e instanceof Error ? e.message : String(e)}`);
    }
  };
  useEffect(() => {
    let live = true;
    setLoad({ state: 'loading' });
    listDossiers({ scope, ...(query ? { q: query } : {}), pageSize: 50 }).then(
      (r) => live && setLoad({ state: 'ok', items: r.items, total: r.total }),
      (e: unknown) => live && setLoad({ state: 'error', message: e instanceof Error ? e.message : String(e) }),
    );
    return () => {
      live = false;
    };
  }, [scope, query, tick]);
  const title = scope === 'all' ? '全部档案' : '我的档案';
  return (
    <div class="stack">
      <h1 class="page-title">{title}</h1>
      <form
        class="panel filters"
        role="search"
        aria-label={`${title}搜索`}
        onSubmit={(e) => {
          e.preventDefault();
          setQuery(q.trim());
        }}
      >
        <label class="field field-q">
          <span class="field-label">搜索</span>
          <input class="input" type="search" name="q" placeholder="号牌号码或车辆识别代号" value={q} onInput={(e) => setQ(e.currentTarget.value)} />
        </label>
        <div class="filter-actions">
          <button type="submit" class="btn btn-primary">
            查询
          </button>
          {scope === 'all' ? (
            <button type="button" class="btn" onClick={() => void doExport()}>
              导出 Excel
            </button>
          ) : null}
          {exporting ? (
            <span class="small" role="status">
              {exporting}
            </span>
          ) : null}
        </div>
      </form>
      {load.state === 'error' ? <ErrorBox message={load.message} onRetry={() => setTick((t) => t + 1)} /> : null}
      {load.state === 'loading' ? (
        <p class="muted" aria-busy="true">
          正在加载档案…
        </p>
      ) : null}
      {load.state === 'ok' && load.items.length === 0 ? (
        <section class="panel state">
          <p>{scope === 'all' ? '没有符合条件的档案' : '还没有档案：提交一张行驶证后，系统会按车辆自动建立档案'}</p>
        </section>
      ) : null}
      {load.state === 'ok'
        ? load.items.map((d) => <DossierCard key={d._id} dossier={d} own={scope === 'mine'} onChange={() => setTick((t) => t + 1)} />)
        : null}
    </div>
  );
}

function DossierCard({ dossier: d, own, onChange }: { dossier: DossierView; own: boolean; onChange: () => void }) {
  const [error, setError] = useState<string | null>(null);
  const [candidates, setCandidates] = useState<ListResponse['items'] | null>(null);
  const act = (p: Promise<unknown>): void => {
    setError(null);
    p.then(onChange, (e: unknown) => setError(e instanceof Error ? e.message : String(e)));
  };
  const openAdd = (): void => {
    listRecords({ scope: 'mine', status: 'submitted', pageSize: 50 }).then(
      (r) => setCandidates(r.items.filter((x) => !d.recordIds.includes(x._id))),
      (e: unknown) => setError(e instanceof Error ? e.message : String(e)),
    );
  };
  return (
    <article class="panel dossier" data-testid="dossier" aria-label={`档案 ${d.plate ?? d.vin ?? ''}`}>
      <header class="dossier-head">
        <h2 class="dossier-title">
          <span class="mono">{d.plate ?? '未知号牌'}</span>
          {d.title ? <span class="muted"> · {d.title}</span> : null}
        </h2>
        <span class="mono small muted">{d.vin ?? '车辆识别代号未知'}</span>
        {own ? (
          <label class="field field-inline">
            <span class="field-label">用途</span>
            <select
              class="input"
              name="purpose"
              value={d.purpose}
              onChange={(e) => act(updateDossier(d._id, { purpose: e.currentTarget.value as DossierPurpose }))}
            >
              {Object.entries(PURPOSES).map(([id, p]) => (
                <option key={id} value={id}>
                  {p.label}
                </option>
              ))}
            </select>
          </label>
        ) : (
          <span class="tag">{PURPOSES[d.purpose].label}</span>
        )}
      </header>
      {error ? <ErrorBox message={error} /> : null}
      {d.warnings.length ? (
        <ul class="alert alert-warn dossier-warnings" data-testid="dossier-warnings">
          {d.warnings.map((w, i) => (
            <li key={i} data-code={w.code}>
              {w.message}
            </li>
          ))}
        </ul>
      ) : (
        <p class="small ok-text">各证件信息一致</p>
      )}
      <ul class="dossier-docs">
        {d.records.map((r) => (
          <li key={r._id}>
            <a href={href(`/records/${encodeURIComponent(r._id)}`)}>
              {docName(r.docType)}
              {r.pages.length > 1 ? <span class="muted">·{r.pages.length} 页</span> : r.side ? <span class="muted">·{sideLabel(r.side)}</span> : null}
            </a>
            <span class="muted small"> {dateTime(r.createdAt)}</span>
            {own ? (
              <button type="button" class="btn btn-link btn-small" onClick={() => act(detachRecord(r._id))}>
                移出
              </button>
            ) : null}
          </li>
        ))}
      </ul>
      {d.expiries.length ? (
        <table class="table dossier-expiries" data-testid="dossier-expiries">
          <caption class="small muted">有效期</caption>
          <tbody>
            {d.expiries.map((e) => (
              <tr key={`${e.recordId}:${e.field}`} class={e.daysLeft < 0 ? 'expired' : e.daysLeft <= 30 ? 'due' : ''}>
                <td>
                  {docName(e.docType)} {findField(e.docType, e.field)?.label ?? e.field}
                </td>
                <td class="mono">{e.date}</td>
                <td>{expiryText(e.daysLeft)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
      {own ? (
        candidates === null ? (
          <button type="button" class="btn btn-small" onClick={openAdd}>
            添加证件
          </button>
        ) : (
          <label class="field">
            <span class="field-label">从我的记录中添加（或先去「扫描识别」提交下一份证件）</span>
            <select class="input" name="add" onChange={(e) => e.currentTarget.value && act(attachRecord(d._id, e.currentTarget.value))}>
              <option value="">选择一条已提交的记录</option>
              {candidates.map((c) => (
                <option key={c._id} value={c._id}>
                  {docName(c.docType)} · {dateTime(c.createdAt)}
                </option>
              ))}
            </select>
          </label>
        )
      ) : null}
    </article>
  );
}
