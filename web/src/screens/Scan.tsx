// Scan: choose the document and side from the registry, drop or pick one or several photos, follow
// each upload and recognition, then review each result beside its photo.
import { useEffect, useRef, useState } from 'preact/hooks';
import type { LicenseRecord } from '../../../core/contracts/records';
import type { ProviderName, RequestedSide } from '../../../core/contracts/result';
import { fieldDefs, getDocument } from '../../../core/documents/registry';
import { recognize } from '../api';
import { docName, PROVIDER_LABELS, sideLabel } from '../format';
import { href } from '../router';
import { Review } from '../components/Review';
import { DocTypeOptions } from '../components/Options';
import { ReviewSkeleton } from '../components/Photo';

const ACCEPTED = ['image/jpeg', 'image/png', 'image/webp'];

interface ScanItem {
  id: number;
  file: File;
  previewUrl: string;
  docType: string;
  side: RequestedSide | null;
  provider: ProviderName | 'auto';
  state: 'queued' | 'uploading' | 'recognizing' | 'done' | 'failed';
  fraction: number;
  record?: LicenseRecord;
  error?: string;
}

// The queue outlives the screen: switching to History and back keeps the photos under review.
const store = {
  items: [] as ScanItem[],
  selected: null as number | null,
  docType: 'vehicle_license',
  side: 'front' as RequestedSide | null,
  provider: 'auto' as ProviderName | 'auto',
  nextId: 1,
  running: false,
  listeners: new Set<() => void>(),
  emit(): void {
    for (const l of this.listeners) l();
  },
  update(id: number, patch: Partial<ScanItem>): void {
    this.items = this.items.map((it) => (it.id === id ? { ...it, ...patch } : it));
    this.emit();
  },
};

function useStore(): typeof store {
  const [, force] = useState(0);
  useEffect(() => {
    const l = (): void => force((n) => n + 1);
    store.listeners.add(l);
    return () => void store.listeners.delete(l);
  }, []);
  return store;
}

/** One recognition at a time: the offline engine queues anyway, and progress stays readable. */
async function pump(): Promise<void> {
  if (store.running) return;
  store.running = true;
  try {
    for (;;) {
      const item = store.items.find((it) => it.state === 'queued');
      if (!item) break;
      store.update(item.id, { state: 'uploading', fraction: 0 });
      try {
        const record = await recognize(
          { image: item.file, fileName: item.file.name, docType: item.docType, side: item.side, provider: item.provider },
          (p) => store.update(item.id, { state: p.phase === 'upload' ? 'uploading' : 'recognizing', fraction: p.fraction }),
        );
        if (record.status === 'failed') {
          store.update(item.id, { state: 'failed', record, error: record.error?.message ?? '识别失败' });
        } else {
          store.update(item.id, { state: 'done', record });
        }
      } catch (e) {
        store.update(item.id, { state: 'failed', error: e instanceof Error ? e.message : String(e) });
      }
      // Show the first finished result without waiting for the rest of the batch.
      const cur = store.items.find((it) => it.id === store.selected);
      if (!cur || cur.state === 'queued') {
        store.selected = item.id;
        store.emit();
      }
    }
  } finally {
    store.running = false;
  }
}

export function Scan() {
  const s = useStore();
  const doc = getDocument(s.docType);
  const [dragging, setDragging] = useState(false);
  const [rejected, setRejected] = useState('');
  const inputRef = useRef<HTMLInputElement>(null);

  const chooseDoc = (id: string): void => {
    const d = getDocument(id);
    s.docType = id;
    s.side = d && d.sides.length ? (d.sides[0] ?? 'front') : null;
    if (s.provider !== 'auto' && d && !d.providers.includes(s.provider)) s.provider = 'auto';
    s.emit();
  };

  const add = (files: FileList | File[] | null): void => {
    if (!files) return;
    const list = [...files];
    const ok = list.filter((f) => ACCEPTED.includes(f.type));
    const bad = list.filter((f) => !ACCEPTED.includes(f.type));
    setRejected(bad.length ? `已忽略 ${bad.map((f) => f.name).join('、')}：仅支持 JPEG、PNG、WebP 图片` : '');
    if (!ok.length) return;
    const added = ok.map<ScanItem>((file) => ({
      id: s.nextId++,
      file,
      previewUrl: URL.createObjectURL(file),
      docType: s.docType,
      side: s.side,
      provider: s.provider,
      state: 'queued',
      fraction: 0,
    }));
    s.items = [...s.items, ...added];
    if (s.selected === null || !s.items.some((it) => it.id === s.selected && it.state !== 'done')) s.selected = added[0]?.id ?? null;
    s.emit();
    void pump();
  };

  const remove = (id: number): void => {
    const it = s.items.find((x) => x.id === id);
    if (!it || it.state === 'uploading' || it.state === 'recognizing') return;
    URL.revokeObjectURL(it.previewUrl);
    s.items = s.items.filter((x) => x.id !== id);
    if (s.selected === id) s.selected = s.items[0]?.id ?? null;
    s.emit();
  };

  const selected = s.items.find((it) => it.id === s.selected) ?? null;
  const providers = doc?.providers ?? [];

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
                    src={it.previewUrl}
                    alt=""
                    class="queue-thumb"
                    onError={(e) => e.currentTarget.classList.add('queue-thumb-none')}
                  />
                  <span class="queue-text">
                    <span class="queue-name">{it.file.name}</span>
                    <QueueStatus item={it} />
                  </span>
                </button>
                {it.state === 'uploading' || it.state === 'recognizing' ? null : (
                  <button type="button" class="btn-link small queue-remove" aria-label={`移除 ${it.file.name}`} onClick={() => remove(it.id)}>
                    移除
                  </button>
                )}
              </li>
            ))}
          </ol>
        </section>
      ) : null}

      {selected ? <Selected item={selected} /> : null}
    </div>
  );
}

function QueueStatus({ item }: { item: ScanItem }) {
  const text =
    item.state === 'queued'
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
  const pct = item.state === 'uploading' ? item.fraction * 100 : item.state === 'queued' ? 0 : 100;
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

function Selected({ item }: { item: ScanItem }) {
  const doc = getDocument(item.docType);
  const aspect = doc?.aspect ?? 1.45;
  const finished = item.state === 'done' || item.state === 'failed';
  const ref = useRevealWhenReady(finished);
  if (item.state === 'done' && item.record) {
    return (
      <div ref={ref} class="scan-result" data-testid="scan-result">
        <Review
          key={item.record._id}
          record={item.record}
          photoUrl={item.previewUrl}
          onSubmitted={(record) => store.update(item.id, { record })}
        />
      </div>
    );
  }
  if (item.state === 'failed') {
    return (
      <div ref={ref} class="alert alert-error" role="alert" data-testid="scan-error">
        <span>
          <strong>{item.file.name}</strong>：{item.error ?? '识别失败'}
        </span>
        {item.record ? <a href={href(`/records/${encodeURIComponent(item.record._id)}`)}>查看记录</a> : null}
        <button
          type="button"
          class="btn btn-small"
          onClick={() => {
            store.update(item.id, { state: 'queued', error: undefined, record: undefined });
            void pump();
          }}
        >
          重试
        </button>
      </div>
    );
  }
  const rows = doc ? Math.max(fieldDefs(item.docType, item.side === 'back' ? 'back' : item.side === 'front' ? 'front' : (doc.sides[0] ?? null)).length, 4) : 8;
  const status = item.state === 'queued' ? '排队中…' : item.state === 'uploading' ? `正在上传 ${Math.round(item.fraction * 100)}%` : '正在识别…';
  return <ReviewSkeleton aspect={aspect} rows={rows} status={status} photoUrl={item.previewUrl} />;
}
