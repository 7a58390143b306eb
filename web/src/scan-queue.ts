// The scan queue: the photos a user is scanning in this console, recognized one at a time. It belongs
// to one identity: switching identity or signing out clears it (photos and fields of the previous
// person are never shown), and the records it holds are remembered per identity so a reload brings
// the user's own queue back from the server.
import { useEffect, useState } from 'preact/hooks';
import { retryCanSucceed } from '../../core/contracts/errors';
import type { LicenseRecord } from '../../core/contracts/records';
import type { ProviderName, RequestedSide } from '../../core/contracts/result';
import type { PixelFinding } from '../../core/quality/pixels';
import { ApiClientError, getRecord, photoBlob, photoObjectUrl, recognize } from './api';
import { checkPhoto } from './photo-check';

export interface ScanItem {
  id: number;
  name: string;
  /** The photo as picked; null for an item brought back after a reload (fetched again when re-read). */
  file: Blob | null;
  previewUrl: string | null;
  docType: string;
  side: RequestedSide | null;
  provider: ProviderName | 'auto';
  /** checking: core's photo checks before upload; held: they found a problem and the user decides. */
  state: 'checking' | 'held' | 'queued' | 'uploading' | 'recognizing' | 'done' | 'failed';
  fraction: number;
  findings?: PixelFinding[];
  /** When the current upload started (Date.now()), for the elapsed time shown while it runs. */
  startedAt?: number;
  record?: LicenseRecord;
  error?: string;
  /** Whether sending the same photo again may succeed (a timeout, a busy service), not a bad photo. */
  retryable?: boolean;
}

/** What is remembered of a finished item across a reload: the record, not the photo. */
interface Remembered {
  recordId: string;
  name: string;
  provider: ProviderName | 'auto';
}

const KEY_PREFIX = 'licenselens.queue.';

export const store = {
  owner: null as string | null,
  items: [] as ScanItem[],
  selected: null as number | null,
  docType: 'vehicle_license',
  side: 'auto' as RequestedSide | null,
  provider: 'auto' as ProviderName | 'auto',
  nextId: 1,
  running: false,
  /** The recognition in flight, cancelled by the user or by a sign-out. */
  abort: null as AbortController | null,
  listeners: new Set<() => void>(),
  emit(): void {
    for (const l of this.listeners) l();
  },
  update(id: number, patch: Partial<ScanItem>): void {
    this.items = this.items.map((it) => (it.id === id ? { ...it, ...patch } : it));
    if (patch.record || patch.state === 'done') remember();
    this.emit();
  },
};

export function useScanQueue(): typeof store {
  const [, force] = useState(0);
  useEffect(() => {
    const l = (): void => force((n) => n + 1);
    store.listeners.add(l);
    return () => void store.listeners.delete(l);
  }, []);
  return store;
}

/** True while a photo is waiting, uploading or being recognized: leaving now would lose it. */
export function scanInProgress(): boolean {
  return store.items.some((it) => it.state === 'checking' || it.state === 'held' || it.state === 'queued' || it.state === 'uploading' || it.state === 'recognizing');
}

function remember(): void {
  if (!store.owner) return;
  const kept: Remembered[] = store.items
    .filter((it) => it.record && it.record.status !== 'failed')
    .map((it) => ({ recordId: it.record!._id, name: it.name, provider: it.provider }));
  try {
    localStorage.setItem(KEY_PREFIX + store.owner, JSON.stringify(kept));
  } catch {
    // Storage full or disabled: the queue then lasts for this page only.
  }
}

function recalled(owner: string): Remembered[] {
  try {
    const parsed: unknown = JSON.parse(localStorage.getItem(KEY_PREFIX + owner) ?? '[]');
    if (!Array.isArray(parsed)) return [];
    return parsed.filter(
      (r): r is Remembered => !!r && typeof r === 'object' && typeof (r as Remembered).recordId === 'string' && typeof (r as Remembered).name === 'string',
    );
  } catch {
    return [];
  }
}

function clear(): void {
  store.abort?.abort();
  store.abort = null;
  for (const it of store.items) if (it.previewUrl?.startsWith('blob:')) URL.revokeObjectURL(it.previewUrl);
  store.items = [];
  store.selected = null;
}

/** Signing out or switching identity: nothing of the previous person stays on screen or in storage
 *  for the next one (their remembered records stay under their own key, readable only by them). */
export function resetScanQueue(): void {
  clear();
  store.owner = null;
  store.emit();
}

/** The queue of this identity: cleared when another one signed in, then brought back from the records
 *  remembered for it (those still awaiting review or just submitted). */
export async function openScanQueue(owner: string): Promise<void> {
  if (store.owner === owner) return;
  clear();
  store.owner = owner;
  store.emit();
  for (const r of recalled(owner)) {
    let record: LicenseRecord;
    try {
      record = await getRecord(r.recordId);
    } catch {
      continue; // deleted meanwhile, or no longer readable: forgotten below
    }
    if (store.owner !== owner) return; // switched again while loading
    const previewUrl = await photoObjectUrl(record);
    if (store.owner !== owner) return;
    const item: ScanItem = {
      id: store.nextId++,
      name: r.name,
      file: null,
      previewUrl,
      docType: record.docType,
      side: record.side,
      provider: r.provider,
      state: 'done',
      fraction: 1,
      record,
    };
    store.items = [...store.items, item];
    store.selected ??= item.id;
    store.emit();
  }
  remember();
}

export function enqueue(files: { blob: Blob; name: string }[]): void {
  const added = files.map<ScanItem>(({ blob, name }) => ({
    id: store.nextId++,
    name,
    file: blob,
    previewUrl: URL.createObjectURL(blob),
    docType: store.docType,
    side: store.side,
    provider: store.provider,
    state: 'checking',
    fraction: 0,
  }));
  store.items = [...store.items, ...added];
  if (store.selected === null || !store.items.some((it) => it.id === store.selected && it.state !== 'done')) store.selected = added[0]?.id ?? null;
  store.emit();
  // The photo checks first: a photo they flag waits for the user (upload anyway, or remove and retake).
  for (const it of added) {
    void checkPhoto(it.file!).then((findings) => {
      if (!store.items.some((x) => x.id === it.id && x.state === 'checking')) return; // removed or reset meanwhile
      store.update(it.id, findings.length ? { state: 'held', findings } : { state: 'queued' });
      if (!findings.length) void pump();
    });
  }
}

/** A photo the checks flagged, sent as it is at the user's request. */
export function uploadAnyway(id: number): void {
  store.update(id, { state: 'queued' });
  void pump();
}

export function removeItem(id: number): void {
  const it = store.items.find((x) => x.id === id);
  if (!it || it.state === 'uploading' || it.state === 'recognizing') return;
  if (it.previewUrl?.startsWith('blob:')) URL.revokeObjectURL(it.previewUrl);
  store.items = store.items.filter((x) => x.id !== id);
  if (store.selected === id) store.selected = store.items[0]?.id ?? null;
  remember();
  store.emit();
}

/** Stops the recognition in flight; the item stays, marked cancelled, and can be sent again. */
export function cancelCurrent(): void {
  store.abort?.abort();
}

export function retry(id: number): void {
  store.update(id, { state: 'queued', error: undefined, record: undefined, retryable: undefined });
  void pump();
}

/** The same photo read again as the other side (or another document): no new upload by the user.
 *  The photo is the one in memory, or fetched again from the server after a reload. */
export async function reread(id: number, change: { docType: string; side: RequestedSide | null }): Promise<void> {
  const it = store.items.find((x) => x.id === id);
  if (!it) return;
  let file = it.file;
  if (!file && it.record?.fileID) file = await photoBlob(it.record.fileID);
  if (!file) {
    store.update(id, { state: 'failed', error: '原照片已不可用，请重新选择照片', retryable: false });
    return;
  }
  store.update(id, { file, docType: change.docType, side: change.side, state: 'queued', error: undefined, record: undefined, retryable: undefined });
  void pump();
}

/** One recognition at a time: the offline engine queues anyway, and progress stays readable. */
async function pump(): Promise<void> {
  if (store.running) return;
  store.running = true;
  try {
    for (;;) {
      const item = store.items.find((it) => it.state === 'queued');
      if (!item || !item.file) break;
      const owner = store.owner;
      const abort = new AbortController();
      store.abort = abort;
      store.update(item.id, { state: 'uploading', fraction: 0, startedAt: Date.now() });
      try {
        const record = await recognize(
          { image: item.file, fileName: item.name, docType: item.docType, side: item.side, provider: item.provider },
          (p) => store.update(item.id, { state: p.phase === 'upload' ? 'uploading' : 'recognizing', fraction: p.fraction }),
          abort.signal,
        );
        if (store.owner !== owner) continue; // signed out meanwhile: the answer is someone else's
        if (record.status === 'failed') {
          const code = record.error?.code ?? '';
          store.update(item.id, { state: 'failed', record, error: record.error?.message ?? '识别失败', retryable: retryCanSucceed(code) });
        } else {
          store.update(item.id, { state: 'done', record });
        }
      } catch (e) {
        if (store.owner !== owner) continue;
        const cancelled = abort.signal.aborted;
        store.update(item.id, {
          state: 'failed',
          error: cancelled ? '已取消识别' : e instanceof Error ? e.message : String(e),
          retryable: cancelled || (e instanceof ApiClientError && retryCanSucceed(e.code)),
        });
      } finally {
        if (store.abort === abort) store.abort = null;
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
