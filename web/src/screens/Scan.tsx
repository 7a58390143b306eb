// Scan: choose the document and side from the registry, drop or pick one or several photos, follow
// each upload and recognition, then review each result beside its photo.
import { useEffect, useRef, useState } from 'preact/hooks';
import type { ProviderName, RequestedSide, Side } from '../../../core/contracts/result';
import { fieldDefs, getDocument } from '../../../core/documents/registry';
import { docName, PROVIDER_LABELS, sideLabel } from '../format';
import { cancelCurrent, enqueue, openScanQueue, removeItem, reread, retry, scanInProgress, store, uploadAnyway, useScanQueue, type ScanItem } from '../scan-queue';
import { href } from '../router';
import { Review } from '../components/Review';
import { DocTypeOptions } from '../components/Options';
import { ReviewSkeleton } from '../components/Photo';
import { WARNING_MESSAGES } from '../../../core/validate/warnings';

const ACCEPTED = ['image/jpeg', 'image/png', 'image/webp'];

/** The side a document starts on: 自动判断 when it has two, its only side, or none. */
function defaultSide(docType: string): RequestedSide | null {
  const d = getDocument(docType);
  if (!d || d.sides.length === 0) return null;
  return d.sides.length > 1 ? 'auto' : (d.sides[0] ?? null);
}

/** The services to offer for a document: those its registry entry lists that the server has configured
 *  (a provider without its key would only be skipped). */
export function offeredProviders(docType: string, configured: readonly ProviderName[]): ProviderName[] {
  return (getDocument(docType)?.providers ?? []).filter((p) => configured.includes(p));
}

export function Scan({ owner, configured }: { owner: string; configured: readonly ProviderName[] }) {
  const s = useScanQueue();
  const doc = getDocument(s.docType);
  const [dragging, setDragging] = useState(false);
  const [rejected, setRejected] = useState('');
  const inputRef = useRef<HTMLInputElement>(null);

  useEffect(() => void openScanQueue(owner), [owner]);
  // A reload or closing the tab mid-scan would lose the photos not yet recognized: ask first.
  useEffect(() => {
    const guard = (e: BeforeUnloadEvent): void => {
      if (!scanInProgress()) return;
      e.preventDefault();
      e.returnValue = '';
    };
    addEventListener('beforeunload', guard);
    return () => removeEventListener('beforeunload', guard);
  }, []);

  const chooseDoc = (id: string): void => {
    const d = getDocument(id);
    s.docType = id;
    s.side = defaultSide(id);
    if (s.provider !== 'auto' && d && !offeredProviders(id, configured).includes(s.provider)) s.provider = 'auto';
    s.emit();
  };

  const add = (files: FileList | File[] | null): void => {
    if (!files) return;
    const list = [...files];
    const ok = list.filter((f) => ACCEPTED.includes(f.type));
    const bad = list.filter((f) => !ACCEPTED.includes(f.type));
    setRejected(bad.length ? `已忽略 ${bad.map((f) => f.name).join('、')}：仅支持 JPEG、PNG、WebP 图片` : '');
    if (!ok.length) return;
    enqueue(ok.map((file) => ({ blob: file, name: file.name })));
  };

  const selected = s.items.find((it) => it.id === s.selected) ?? null;
  const providers = offeredProviders(s.docType, configured);
  // A choice remembered from before (another document, a server since reconfigured) that is not on offer.
  if (s.provider !== 'auto' && !providers.includes(s.provider)) s.provider = 'auto';

  return (
    <div class="scan stack">
      <h1 class="page-title">扫描识别</h1>
      <section class="panel scan-setup" aria-label="证件与照片">
        <div class="setup-grid">
          <label class="field">
            <span class="field-label">证件类型</span>
            <select class="input" name="docType" value={s.docType} onChange={(e) => chooseDoc(e.currentTarget.value)}>
              <DocTypeOptions />
            </select>
          </label>
          <fieldset class="field seg" disabled={!doc || doc.sides.length === 0}>
            <legend class="field-label">证件面</legend>
            <div class="seg-options">
              {doc && doc.sides.length ? (
                [...doc.sides, ...(doc.sides.length > 1 ? (['auto'] as const) : [])].map((side) => (
                  <label key={side} class={`seg-option ${s.side === side ? 'seg-on' : ''}`}>
                    <input
                      type="radio"
                      name="side"
                      value={side}
                      checked={s.side === side}
                      onChange={() => {
                        s.side = side;
                        s.emit();
                      }}
                    />
                    {side === 'auto' ? '自动判断' : sideLabel(side)}
                  </label>
                ))
              ) : (
                <span class="muted small seg-none">单面证件</span>
              )}
            </div>
          </fieldset>
          <label class="field">
            <span class="field-label">识别服务</span>
            <select
              class="input"
              name="provider"
              value={s.provider}
              onChange={(e) => {
                s.provider = e.currentTarget.value as ProviderName | 'auto';
                s.emit();
              }}
            >
              {(['auto', ...providers] as const).map((p) => (
                <option key={p} value={p}>
                  {PROVIDER_LABELS[p] ?? p}
                </option>
              ))}
            </select>
          </label>
        </div>
        <label
          class={`dropzone ${dragging ? 'dropzone-on' : ''}`}
          onDragOver={(e) => {
            e.preventDefault();
            setDragging(true);
          }}
          onDragLeave={() => setDragging(false)}
          onDrop={(e) => {
            e.preventDefault();
            setDragging(false);
            add(e.dataTransfer?.files ?? null);
          }}
        >
          <input
            ref={inputRef}
            type="file"
            class="visually-hidden"
            name="image"
            accept={ACCEPTED.join(',')}
            multiple
            data-testid="file-input"
            onChange={(e) => {
              add(e.currentTarget.files);
              e.currentTarget.value = '';
            }}
          />
          <span class="dropzone-title">
            <span class="only-pointer">拖放照片到这里，或点击选择</span>
            <span class="only-touch">点击拍照或选择照片</span>
          </span>
          <span class="muted small">
            可一次选择多张 · JPEG / PNG / WebP · 当前：{docName(s.docType)}
            {s.side && s.side !== 'auto' ? sideLabel(s.side) : ''}
          </span>
        </label>
        {rejected ? (
          <p class="alert alert-warn" role="status">
            {rejected}
          </p>
        ) : null}
      </section>

      {s.items.length ? (
        <section aria-label="识别队列">
          <ol class="queue" data-testid="queue">
            {s.items.map((it) => (
              <li key={it.id} class={`queue-item ${it.id === s.selected ? 'queue-item-on' : ''}`} data-state={it.state}>
                <button
                  type="button"
                  class="queue-select"
                  aria-pressed={it.id === s.selected}
                  onClick={() => {
                    s.selected = it.id;
                    s.emit();
                  }}
                >
                  <img
                    src={it.previewUrl ?? ''}
                    alt=""
                    class="queue-thumb"
                    onError={(e) => e.currentTarget.classList.add('queue-thumb-none')}
                  />
                  <span class="queue-text">
                    <span class="queue-name">{it.name}</span>
                    <QueueStatus item={it} />
                  </span>
                </button>
                {it.state === 'uploading' || it.state === 'recognizing' ? null : (
                  <button type="button" class="btn-link small queue-remove" aria-label={`移除 ${it.name}`} onClick={() => removeItem(it.id)}>
                    移除
                  </button>
                )}
              </li>
            ))}
          </ol>
        </section>
      ) : null}

      {selected?.state === 'held' ? (
        <section class="card photo-held" role="alert" data-testid="photo-held">
          <h3>照片可能无法准确识别</h3>
          <ul class="photo-findings">
            {(selected.findings ?? []).map((f) => (
              <li key={f} data-code={f}>
                {WARNING_MESSAGES[f]}
              </li>
            ))}
          </ul>
          <div class="actions">
            <button type="button" class="btn btn-primary" data-testid="photo-retake" onClick={() => removeItem(selected.id)}>
              移除，重新拍摄
            </button>
            <button type="button" class="btn" data-testid="photo-upload-anyway" onClick={() => uploadAnyway(selected.id)}>
              仍然上传
            </button>
          </div>
        </section>
      ) : selected ? (
        <Selected item={selected} onNext={() => inputRef.current?.click()} />
      ) : null}
    </div>
  );
}

function QueueStatus({ item }: { item: ScanItem }) {
  const text =
    item.state === 'checking'
      ? '检查照片…'
      : item.state === 'held'
        ? '照片有问题'
        : item.state === 'queued'
      ? '排队中'
      : item.state === 'uploading'
        ? `上传中 ${Math.round(item.fraction * 100)}%`
        : item.state === 'recognizing'
          ? '识别中…'
          : item.state === 'failed'
            ? '失败'
            : item.record?.status === 'submitted'
              ? '已提交'
              : '待核对';
  const pct = item.state === 'uploading' ? item.fraction * 100 : item.state === 'queued' || item.state === 'checking' || item.state === 'held' ? 0 : 100;
  return (
    <span class="queue-status">
      <span
        class={`progress ${item.state === 'recognizing' ? 'progress-busy' : ''} ${item.state === 'failed' ? 'progress-failed' : ''}`}
        role="progressbar"
        aria-label={text}
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={item.state === 'recognizing' ? undefined : Math.round(pct)}
      >
        <span class="progress-bar" style={{ width: `${pct}%` }} />
      </span>
      <span class="small" aria-live="polite">
        {text}
      </span>
    </span>
  );
}

/** Elapsed seconds since `from`, ticking while shown. */
function Elapsed({ from }: { from: number }) {
  const [now, setNow] = useState(Date.now());
  useEffect(() => {
    const t = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(t);
  }, []);
  return <span data-testid="elapsed">已用时 {Math.max(0, Math.floor((now - from) / 1000))} 秒</span>;
}

/** One tap to read the same photo again as the other side, or as another document. */
function Reread({ item }: { item: ScanItem }) {
  const doc = getDocument(item.docType);
  const read: Side | null = item.record?.side ?? (item.side === 'front' || item.side === 'back' ? item.side : null);
  const other: Side | null = doc && doc.sides.length > 1 && read ? (read === 'front' ? 'back' : 'front') : null;
  const [docType, setDocType] = useState(item.docType);
  if (item.record?.status === 'submitted') return null;
  return (
    <div class="reread" data-testid="reread">
      <span class="muted small">证件面或类型选错了？</span>
      {other ? (
        <button type="button" class="btn btn-small" onClick={() => void reread(item.id, { docType: item.docType, side: other })}>
          按{sideLabel(other)}重新识别
        </button>
      ) : null}
      <label class="reread-doc">
        <span class="visually-hidden">换一种证件</span>
        <select class="input input-small" name="rereadDoc" value={docType} onChange={(e) => setDocType(e.currentTarget.value)}>
          <DocTypeOptions />
        </select>
      </label>
      <button
        type="button"
        class="btn btn-small"
        disabled={docType === item.docType}
        onClick={() => void reread(item.id, { docType, side: defaultSide(docType) })}
      >
        按此证件重新识别
      </button>
    </div>
  );
}

/** Brings a result that appeared below the fold into view (on a phone it is under the queue). */
function useRevealWhenReady(ready: boolean): { current: HTMLDivElement | null } {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const el = ref.current;
    if (!ready || !el) return;
    // Only when little of it shows (a phone: below the queue); a result in plain view stays put, no jump.
    const top = el.getBoundingClientRect().top;
    if (top < 0 || top > innerHeight * 0.66) {
      const smooth = !matchMedia('(prefers-reduced-motion: reduce)').matches;
      el.scrollIntoView({ block: 'start', behavior: smooth ? 'smooth' : 'auto' });
    }
  }, [ready]);
  return ref;
}

function Selected({ item, onNext }: { item: ScanItem; onNext: () => void }) {
  const doc = getDocument(item.docType);
  const aspect = doc?.aspect ?? 1.45;
  const finished = item.state === 'done' || item.state === 'failed';
  const ref = useRevealWhenReady(finished);
  if (item.state === 'done' && item.record) {
    return (
      <div ref={ref} class="stack scan-result" data-testid="scan-result">
        <div class="scan-bar">
          <Reread item={item} />
        </div>
        <Review
          key={item.record._id}
          record={item.record}
          photoUrl={item.previewUrl}
          onSubmitted={(record) => store.update(item.id, { record })}
          onNext={onNext}
        />
      </div>
    );
  }
  if (item.state === 'failed') {
    return (
      <div ref={ref} class="stack">
        <div class="alert alert-error" role="alert" data-testid="scan-error">
          <span>
            <strong>{item.name}</strong>：{item.error ?? '识别失败'}
          </span>
          {item.record ? <a href={href(`/records/${encodeURIComponent(item.record._id)}`)}>查看记录</a> : null}
          {item.retryable ? (
            <button type="button" class="btn btn-small" onClick={() => retry(item.id)}>
              重试
            </button>
          ) : null}
        </div>
        <Reread item={item} />
      </div>
    );
  }
  const rows = doc ? Math.max(fieldDefs(item.docType, item.side === 'back' ? 'back' : item.side === 'front' ? 'front' : (doc.sides[0] ?? null)).length, 4) : 8;
  const status = item.state === 'queued' ? '排队中…' : item.state === 'uploading' ? `正在上传 ${Math.round(item.fraction * 100)}%` : '正在识别…';
  const running = item.state === 'uploading' || item.state === 'recognizing';
  return (
    <div class="stack">
      {/* The same bar as above the review (re-read), so the photo does not move when the result arrives. */}
      <div class="scan-bar">
        {running ? (
          <div class="scan-running" role="status" data-testid="scan-running">
            {item.startedAt ? <Elapsed from={item.startedAt} /> : null}
            <button type="button" class="btn btn-small" onClick={cancelCurrent}>
              取消识别
            </button>
          </div>
        ) : null}
      </div>
      <ReviewSkeleton aspect={aspect} rows={rows} status={status} photoUrl={item.previewUrl ?? undefined} />
    </div>
  );
}
