// One record: the photo next to the fields, recognized → submitted differences, warnings, attempts.
// The owner of a record still under review gets the review form instead.
import { useEffect, useState } from 'preact/hooks';
import { RedeliverResponseSchema, type GetResponse, type LicenseRecord } from '../../../core/contracts/records';
import { getDocument } from '../../../core/documents/registry';
import { recordPages } from '../../../core/records/pages';
import { deleteRecord, getRecord, photoObjectUrl, records, revealRecord, type SessionInfo } from '../api';
import { dateTime, DELIVERY_LABELS, docName, pageTitle, PROVIDER_LABELS, sideLabel, STATUS_LABELS } from '../format';
import { navigate } from '../router';
import { Photo } from '../components/Photo';
import { Review, reviewFields } from '../components/Review';
import { ErrorBox } from '../components/Status';
import type { FieldDef } from '../../../core/documents/types';
import type { FieldWarning } from '../../../core/contracts/result';
import { validateField } from '../../../core/validate';

/** The warnings a submitted value still carries (the user may submit past them): the server's for an
 *  unchanged value, core's check for a corrected one. */
function SubmittedWarnings({ def, value, recognized }: { def: FieldDef; value: string; recognized: FieldWarning[] | undefined }) {
  const warnings = recognized ?? (value.trim() ? validateField(def, value.trim(), { now: new Date() }).warnings : []);
  if (!warnings.length) return null;
  return (
    <ul class="field-warnings" data-testid="submitted-warnings">
      {warnings.map((w) => (
        <li key={w.code} data-code={w.code}>
          {w.message}
        </li>
      ))}
    </ul>
  );
}

type Load =
  | { state: 'loading' }
  | { state: 'ok'; record: GetResponse; photo: string | null; revealed?: boolean }
  | { state: 'error'; message: string };

export function Detail({ id, user }: { id: string; user: NonNullable<SessionInfo['user']> }) {
  const [load, setLoad] = useState<Load>({ state: 'loading' });
  const [tick, setTick] = useState(0);

  useEffect(() => {
    let live = true;
    setLoad({ state: 'loading' });
    getRecord(id)
      .then(async (record) => {
        const photo = await photoObjectUrl(record);
        if (live) setLoad({ state: 'ok', record, photo });
      })
      .catch((e: unknown) => live && setLoad({ state: 'error', message: e instanceof Error ? e.message : String(e) }));
    return () => {
      live = false;
    };
  }, [id, tick]);

  const back = (
    <button type="button" class="btn btn-link" onClick={() => history.back()}>
      ← 返回
    </button>
  );

  if (load.state === 'error') {
    return (
      <div class="stack">
        {back}
        <ErrorBox message={load.message} onRetry={() => setTick((t) => t + 1)} />
      </div>
    );
  }
  if (load.state === 'loading') {
    return (
      <div class="stack" aria-busy="true">
        {back}
        <h1 class="page-title">记录详情</h1>
        <div class="review">
          <Photo url={null} aspect={1.45} alt="" loading />
          <div class="panel">
            {Array.from({ length: 8 }, (_, i) => (
              <p key={i}>
                <span class="skeleton skeleton-text" />
              </p>
            ))}
          </div>
        </div>
      </div>
    );
  }

  const { record, photo, revealed = false } = load;
  const mine = record._openid === user.openid;
  // Someone else's record reaches an administrator masked; the full one replaces it in place.
  const onRevealed = (full: GetResponse): void => setLoad({ state: 'ok', record: full, photo, revealed: true });
  const onSubmitted = (r: LicenseRecord): void => setLoad({ state: 'ok', record: { ...r, photoUrl: record.photoUrl }, photo });

  return (
    <div class="stack" data-testid="detail" data-status={record.status}>
      <div class="detail-bar">
        {back}
        <Actions record={record} mine={mine} isAdmin={user.isAdmin} revealed={revealed} onRevealed={onRevealed} onChanged={() => setTick((t) => t + 1)} />
      </div>
      <h1 class="page-title">
        {docName(record.docType)}
        {record.pages ? `（共 ${record.pages.length} 页）` : record.side ? `（${sideLabel(record.side)}）` : ''}
        <span class={`status status-${record.status}`}>{STATUS_LABELS[record.status]}</span>
      </h1>
      {mine && record.status === 'recognized' ? (
        <Review record={record} photoUrl={photo} onSubmitted={onSubmitted} />
      ) : (
        <Comparison record={record} photo={photo} />
      )}
      <Meta record={record} showOwner={!mine || user.isAdmin} />
    </div>
  );
}

function Comparison({ record, photo }: { record: GetResponse; photo: string | null }) {
  const pages = recordPages(record);
  const corrected = pages.reduce((n, p) => n + Object.keys(p.corrections).length, 0);
  return (
    <div class="review">
      <Photo url={photo} aspect={getDocument(record.docType)?.aspect ?? 1.45} alt={`${docName(record.docType)}照片`} />
      <section class="panel" aria-label="字段">
        {record.status === 'failed' ? (
          <p class="alert alert-error" role="alert">
            识别失败：{record.error?.message ?? '未知原因'}
          </p>
        ) : null}
        {record.status === 'submitted' ? (
          <p class="muted small" data-testid="diff-summary">
            {corrected ? `用户修改了 ${corrected} 个字段（识别值 → 提交值）` : '用户未修改任何识别结果'}
          </p>
        ) : null}
        {pages.map((page, i) => {
          const defs = reviewFields(page);
          const content = (
            <>
            {page.warnings.length ? (
              <ul class="alert alert-warn result-warnings">
                {page.warnings.map((w) => (
                  <li key={w.code}>{w.message}</li>
                ))}
              </ul>
            ) : null}
            <div class="table-wrap">
              <table class="table diff-table" data-testid="diff-table" data-page={page.side ?? i}>
                <thead>
                  <tr>
                    <th scope="col">字段</th>
                    <th scope="col">识别结果</th>
                    {record.status === 'submitted' ? <th scope="col">提交结果</th> : null}
                  </tr>
                </thead>
                <tbody>
                  {defs.map((d) => {
                    const rec = page.recognized[d.key];
                    const fix = page.corrections[d.key];
                    return (
                      <tr key={d.key} data-field={d.key} class={fix ? 'row-changed' : ''}>
                        <th scope="row">{d.label}</th>
                        <td>
                          {fix ? <del class="mono">{fix.from || '（空）'}</del> : <span class="mono">{rec?.value || '—'}</span>}
                          {rec?.warnings.length ? (
                            <ul class="field-warnings">
                              {rec.warnings.map((w) => (
                                <li key={w.code} data-code={w.code}>
                                  {w.message}
                                </li>
                              ))}
                            </ul>
                          ) : null}
                        </td>
                        {record.status === 'submitted' ? (
                          <td>
                            {fix ? (
                              <ins class="mono" data-testid="correction">
                                {fix.to || '（空）'}
                              </ins>
                            ) : (
                              <span class="mono">{page.submitted?.[d.key] || '—'}</span>
                            )}
                            <SubmittedWarnings def={d} value={fix ? fix.to : (page.submitted?.[d.key] ?? '')} recognized={fix ? undefined : rec?.warnings} />
                          </td>
                        ) : null}
                      </tr>
                    );
                  })}
                </tbody>
              </table>
            </div>
            {Object.keys(page.extra).length ? (
              <details class="extra">
                <summary>其他识别内容（{Object.keys(page.extra).length}）</summary>
                <dl>
                  {Object.entries(page.extra).map(([k, v]) => (
                    <div key={k}>
                      <dt>{k}</dt>
                      <dd class="mono">{typeof v === 'string' ? v : JSON.stringify(v)}</dd>
                    </div>
                  ))}
                </dl>
              </details>
            ) : null}
            </>
          );
          return pages.length > 1 ? (
            <section key={i} class="review-page" data-page={page.side ?? i} aria-label={pageTitle(page.docType, page.side)}>
              <h3 class="review-page-title">{pageTitle(page.docType, page.side)}</h3>
              {content}
            </section>
          ) : (
            <div key={i}>{content}</div>
          );
        })}
      </section>
    </div>
  );
}

function Meta({ record, showOwner }: { record: GetResponse; showOwner: boolean }) {
  return (
    <section class="panel" aria-label="记录信息">
      <dl class="meta">
        <div>
          <dt>记录编号</dt>
          <dd class="mono small">{record._id}</dd>
        </div>
        {showOwner ? (
          <div>
            <dt>提交用户</dt>
            <dd class="mono small" data-testid="owner">
              {record._openid}
            </dd>
          </div>
        ) : null}
        <div>
          <dt>识别时间</dt>
          <dd>{dateTime(record.createdAt)}</dd>
        </div>
        <div>
          <dt>提交时间</dt>
          <dd>{dateTime(record.submittedAt)}</dd>
        </div>
        <div>
          <dt>识别服务</dt>
          <dd>{record.provider ? (PROVIDER_LABELS[record.provider] ?? record.provider) : '—'}</dd>
        </div>
        <div>
          <dt>耗时</dt>
          <dd>{record.timings.totalMs !== undefined ? `${(record.timings.totalMs / 1000).toFixed(1)} 秒` : '—'}</dd>
        </div>
        <div>
          <dt>推送状态</dt>
          <dd>{DELIVERY_LABELS[record.delivery] ?? record.delivery}</dd>
        </div>
      </dl>
      {record.attempts.length ? (
        <details class="attempts">
          <summary>识别尝试（{record.attempts.length}）</summary>
          <ol>
            {record.attempts.map((a, i) => (
              <li key={i}>
                {PROVIDER_LABELS[a.provider] ?? a.provider}：
                {/* A provider that is not configured was never asked: not a failure, and its reason
                    names server settings the user cannot act on. */}
                {a.ok ? '成功' : a.code === 'SKIPPED' ? '未启用，已跳过' : `失败：${a.message ?? a.code ?? ''}`}
                {a.code === 'SKIPPED' ? null : `（${Math.round(a.durationMs)} ms）`}
              </li>
            ))}
          </ol>
        </details>
      ) : null}
    </section>
  );
}

interface ActionsProps {
  record: GetResponse;
  mine: boolean;
  isAdmin: boolean;
  revealed: boolean;
  onRevealed: (full: GetResponse) => void;
  onChanged: () => void;
}

function Actions({ record, mine, isAdmin, revealed, onRevealed, onChanged }: ActionsProps) {
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState('');
  const run = async (what: () => Promise<unknown>, done: string): Promise<void> => {
    setBusy(true);
    setMessage('');
    try {
      await what();
      setMessage(done);
    } catch (e) {
      setMessage(e instanceof Error ? e.message : String(e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <div class="detail-actions">
      {message ? (
        <span class="small" role="status">
          {message}
        </span>
      ) : null}
      {revealed ? (
        <span class="small muted" data-testid="revealed-note">
          已显示完整号码，本次查看已记录
        </span>
      ) : null}
      {isAdmin && !mine && !revealed ? (
        <button
          type="button"
          class="btn btn-small"
          disabled={busy}
          onClick={() => void run(() => revealRecord(record._id).then(onRevealed), '')}
        >
          显示完整号码
        </button>
      ) : null}
      {isAdmin && (record.delivery === 'dead' || record.delivery === 'pending') ? (
        <button
          type="button"
          class="btn btn-small"
          disabled={busy}
          onClick={() => void run(() => records({ action: 'redeliver', id: record._id }, RedeliverResponseSchema).then(onChanged), '已重新加入推送队列')}
        >
          重新推送
        </button>
      ) : null}
      {mine ? (
        <button
          type="button"
          class="btn btn-small btn-danger"
          disabled={busy}
          onClick={() => {
            if (!confirm('确定删除这条记录及其照片吗？此操作不可恢复。')) return;
            void run(async () => {
              await deleteRecord(record._id);
              navigate('/history');
            }, '已删除');
          }}
        >
          删除记录
        </button>
      ) : null}
    </div>
  );
}
