// Scan: choose the document and side, photograph it inside the card frame (or pick from the album),
// crop + compress, upload, recognize, then open the review page. Written with Component() so that
// miniprogram-simulate can render it (WeChat runs Component-based pages as pages).
import type { LicenseRecord } from '../../core/contracts/records';
import type { ProviderName, RequestedSide } from '../../core/contracts/result';
import { PROVIDER_LABELS } from '../../core/documents/labels';
import { DOCUMENTS, getDocument } from '../../core/documents/registry';
import * as api from '../../services/api';
import { AppError, fromCode, fromWxError } from '../../services/errors';
import { putScan } from '../../services/session';
import { requirePrivacy } from '../../utils/privacy';
import { confirm, toast } from '../../utils/feedback';
import { MAX_BYTES, frameRect, prepareImage } from '../../utils/image';
import { checkPhoto, findingsText } from '../../utils/photo-check';
import type { PreparedImage, Rect } from '../../utils/image';

const SIDE_LABELS: Record<RequestedSide, string> = { front: '正面', back: '反面', auto: '自动判断' };
type Mode = 'idle' | 'camera' | 'busy' | 'error';

interface Private {
  prepared: PreparedImage | null;
  source: { path: string; framed: boolean } | null;
  ticker: number | null;
  record: LicenseRecord | null;
  busy: boolean;
  /** The services the backend has configured (asked once per page); [] until known. */
  configured: ProviderName[];
  /** Each upload's number: an answer to a cancelled one (an older number) is dropped. */
  attempt: number;
  /** The elapsed-time ticker of the running upload and recognition. */
  clock: number | null;
}
const privates = new WeakMap<object, Private>();
function priv(self: object): Private {
  let p = privates.get(self);
  if (!p) {
    p = { prepared: null, source: null, ticker: null, record: null, busy: false, configured: [], attempt: 0, clock: null };
    privates.set(self, p);
  }
  return p;
}

function windowSize(): { width: number; height: number } {
  const info = typeof wx.getWindowInfo === 'function' ? wx.getWindowInfo() : wx.getSystemInfoSync();
  return { width: info.windowWidth, height: info.windowHeight };
}

/** A two-sided document also offers 自动判断 (the default: the server tells the sides apart). */
function sidesOf(docType: string): Array<{ value: RequestedSide; label: string }> {
  const sides = getDocument(docType)?.sides ?? [];
  return [...sides, ...(sides.length > 1 ? (['auto'] as const) : [])].map((s) => ({ value: s, label: SIDE_LABELS[s] }));
}

type ProviderChoice = ProviderName | 'auto';
/** 自动选择, then the services the document's registry entry lists that the backend has configured. */
function providerOptions(docType: string, configured: readonly ProviderName[]): Array<{ value: ProviderChoice; label: string }> {
  const offered = (getDocument(docType)?.providers ?? []).filter((p) => configured.includes(p));
  return [{ value: 'auto', label: '自动选择' }, ...offered.map((p) => ({ value: p, label: PROVIDER_LABELS[p] }))];
}

Component({
  data: {
    docs: DOCUMENTS.map((d) => d.id),
    docNames: DOCUMENTS.map((d) => d.name),
    docIndex: 0,
    docTitle: '',
    sides: [] as Array<{ value: RequestedSide; label: string }>,
    side: '' as RequestedSide | '',
    providers: [{ value: 'auto', label: '自动选择' }] as Array<{ value: ProviderChoice; label: string }>,
    providerNames: ['自动选择'],
    providerIndex: 0,
    /** Seconds since the running upload started, and whether it can be cancelled now. */
    elapsed: 0,
    cancellable: false,
    mode: 'idle' as Mode,
    flash: 'off' as 'off' | 'on',
    frame: { left: 0, top: 0, width: 0, height: 0 } as Rect,
    cameraDenied: false,
    photoPath: '',
    progress: 0,
    stageText: '',
    error: { message: '', retryable: false, canFill: false, code: '' },
  },
  lifetimes: {
    detached() {
      this.stopTicker();
      this.stopClock();
    },
  },
  methods: {
    onLoad(query: Record<string, string | undefined>) {
      const index = Math.max(0, DOCUMENTS.findIndex((d) => d.id === (query.docType ?? 'vehicle_license')));
      this.selectDoc(index, query.side === 'back' || query.side === 'front' ? query.side : undefined);
      void this.loadServices();
    },
    onUnload() {
      this.stopTicker();
      this.stopClock();
    },

    /** Only configured services are offered; when the backend cannot say, 自动选择 alone (its route). */
    async loadServices() {
      try {
        priv(this).configured = await api.services();
      } catch {
        priv(this).configured = [];
      }
      this.updateProviders();
    },
    updateProviders() {
      const doc = DOCUMENTS[this.data.docIndex];
      const options = providerOptions(doc?.id ?? '', priv(this).configured);
      const current = this.data.providers[this.data.providerIndex]?.value ?? 'auto';
      const index = Math.max(0, options.findIndex((o) => o.value === current));
      this.setData({ providers: options, providerNames: options.map((o) => o.label), providerIndex: index });
    },
    onProviderChange(e: { detail: { value: string | number } }) {
      const index = Number(e.detail.value);
      if (Number.isInteger(index) && index >= 0 && index < this.data.providers.length) this.setData({ providerIndex: index });
    },

    selectDoc(index: number, side?: RequestedSide) {
      const doc = DOCUMENTS[index];
      if (!doc) return;
      const sides = sidesOf(doc.id);
      // 自动判断 by default for a two-sided document; a side asked for by the caller when it has it.
      const chosen = side && sides.some((s) => s.value === side) ? side : (sides.find((s) => s.value === 'auto') ?? sides[0])?.value ?? '';
      this.setData({ docIndex: index, sides, side: chosen });
      this.updateTitle();
      this.updateProviders();
    },
    updateTitle() {
      const doc = DOCUMENTS[this.data.docIndex];
      const side = this.data.side;
      this.setData({ docTitle: doc ? `${doc.name}${side && side !== 'auto' ? SIDE_LABELS[side] : ''}` : '' });
    },
    onDocChange(e: { detail: { value: string | number } }) {
      this.selectDoc(Number(e.detail.value));
    },
    onSideChange(e: { currentTarget: { dataset: { side?: RequestedSide } } }) {
      const side = e.currentTarget.dataset.side;
      if (side) {
        this.setData({ side });
        this.updateTitle();
      }
    },

    /** Privacy agreement first (camera and album are privacy APIs); false when the user refused. */
    async privacyGranted(): Promise<boolean> {
      try {
        await requirePrivacy();
        return true;
      } catch {
        toast(this, '需要同意隐私保护指引才能拍摄或选择照片');
        return false;
      }
    },

    async onStartCamera() {
      if (!(await this.privacyGranted())) return;
      // Refused earlier: WeChat will not ask again, so explain and offer the album and the settings.
      const setting = await new Promise<WechatMiniprogram.AuthSetting>((resolve) => {
        wx.getSetting({ success: (r) => resolve(r.authSetting), fail: () => resolve({}) });
      });
      if (setting['scope.camera'] === false) {
        this.setData({ cameraDenied: true });
        return;
      }
      const doc = DOCUMENTS[this.data.docIndex];
      const view = windowSize();
      this.setData({ mode: 'camera', cameraDenied: false, frame: frameRect(view.width, view.height, doc?.aspect ?? 1.5) });
    },
    onCameraReady() {
      this.setData({ cameraDenied: false });
    },
    onCameraError() {
      // binderror fires when the user refuses camera access (or no camera is available).
      this.setData({ mode: 'idle', cameraDenied: true });
    },
    onCloseCamera() {
      this.setData({ mode: 'idle' });
    },
    onOpenSetting() {
      wx.openSetting({
        success: (r) => {
          if (r.authSetting['scope.camera']) this.setData({ cameraDenied: false });
        },
      });
    },
    onToggleFlash() {
      this.setData({ flash: this.data.flash === 'on' ? 'off' : 'on' });
    },

    onShutter() {
      if (priv(this).busy) return;
      const camera = wx.createCameraContext();
      camera.takePhoto({
        quality: 'high',
        success: (r) => {
          this.process({ path: r.tempImagePath, framed: true });
        },
        fail: (e) => this.fail(fromWxError(e, 'camera')),
      });
    },

    async onAlbum() {
      if (priv(this).busy) return;
      if (!(await this.privacyGranted())) return;
      let path: string | undefined;
      try {
        const res = await wx.chooseMedia({ count: 1, mediaType: ['image'], sourceType: ['album'], sizeType: ['original', 'compressed'] });
        path = res.tempFiles[0]?.tempFilePath;
      } catch (e) {
        const err = fromWxError(e, 'album');
        if (err.code !== 'CANCELLED') this.fail(err);
        return;
      }
      if (path) await this.process({ path, framed: false });
    },

    async process(source: { path: string; framed: boolean }) {
      const p = priv(this);
      if (p.busy) return;
      p.busy = true;
      p.source = source;
      p.prepared = null;
      this.setData({ mode: 'busy', cameraDenied: false, progress: 0, stageText: '正在处理照片…', photoPath: '' });
      try {
        const framing = source.framed ? { view: windowSize(), frame: this.data.frame } : undefined;
        const prepared = await prepareImage(source.path, framing);
        if (prepared.size > MAX_BYTES) throw new AppError('PAYLOAD_TOO_LARGE');
        p.prepared = prepared;
        this.setData({ photoPath: prepared.filePath, progress: 5 });
      } catch (e) {
        p.busy = false;
        this.fail(e instanceof AppError ? e : fromWxError(e, 'canvas'));
        return;
      }
      // the cheap checks before upload: the user may retake now rather than after a round trip
      const findings = await checkPhoto(p.prepared.filePath, p.prepared);
      p.busy = false;
      if (findings.length > 0) {
        const retake = await confirm(this, { title: '照片可能无法准确识别', message: findingsText(findings), confirmText: '重新拍摄', cancelText: '仍然上传' });
        if (retake) {
          this.onReset();
          return;
        }
      }
      await this.upload();
    },

    async upload() {
      const p = priv(this);
      const prepared = p.prepared;
      if (!prepared || p.busy) return;
      p.busy = true;
      const docType = this.data.docs[this.data.docIndex] ?? 'vehicle_license';
      const provider = this.data.providers[this.data.providerIndex]?.value ?? 'auto';
      const attempt = ++p.attempt;
      const current = (): boolean => p.attempt === attempt;
      this.setData({ mode: 'busy', progress: 5, stageText: '正在上传照片… 0%' });
      this.startClock();
      try {
        const record = await api.recognize({
          filePath: prepared.filePath,
          docType,
          ...(this.data.side ? { side: this.data.side } : {}),
          ...(provider !== 'auto' ? { provider } : {}),
          onProgress: (pr) => {
            if (!current()) return;
            if (pr.phase === 'upload') {
              // Upload fills 5–50 %, recognition creeps from 50 % towards 95 % until the answer.
              this.setData({ progress: Math.round(5 + pr.percent * 0.45), stageText: `正在上传照片… ${pr.percent}%` });
            } else {
              this.startTicker();
            }
          },
        });
        if (!current()) {
          // Cancelled meanwhile: the user has moved on. A cloud call cannot be aborted, so its record
          // arrives anyway; it is deleted rather than left in the history as an orphan.
          void api.remove(record._id).catch(() => undefined);
          return;
        }
        this.stopTicker();
        this.stopClock();
        p.record = record;
        if (record.status === 'failed') {
          const code = record.error?.code ?? 'RECOGNITION_FAILED';
          throw fromCode(code === 'NOT_FOUND_IN_IMAGE' ? 'NOT_RECOGNIZED' : code, record.error?.message);
        }
        const filled = Object.values(record.recognized ?? {}).filter((f) => f.value.trim() !== '').length;
        if (filled === 0) {
          const err = new AppError('NOT_RECOGNIZED');
          p.busy = false;
          this.fail(err, true);
          return;
        }
        this.setData({ progress: 100, stageText: '识别完成' });
        p.busy = false;
        this.openReview(record);
      } catch (e) {
        if (!current()) return;
        this.stopTicker();
        this.stopClock();
        p.busy = false;
        this.fail(e instanceof AppError ? e : fromWxError(e));
      }
    },

    /** Stops waiting for the running recognition: its answer is dropped, the photo kept for 重试. */
    onCancel() {
      const p = priv(this);
      if (!p.busy || !this.data.cancellable) return;
      p.attempt++;
      p.busy = false;
      this.stopTicker();
      this.stopClock();
      this.setData({ mode: 'error', error: { message: '已取消识别', retryable: !!p.prepared, canFill: false, code: 'CANCELLED' } });
    },
    startClock() {
      const p = priv(this);
      this.stopClock();
      const started = Date.now();
      this.setData({ elapsed: 0, cancellable: true });
      p.clock = setInterval(() => this.setData({ elapsed: Math.floor((Date.now() - started) / 1000) }), 1000) as unknown as number;
    },
    stopClock() {
      const p = priv(this);
      if (p.clock !== null) {
        clearInterval(p.clock);
        p.clock = null;
      }
      if (this.data.cancellable) this.setData({ cancellable: false });
    },

    openReview(record: LicenseRecord) {
      const p = priv(this);
      putScan({ record, photoPath: p.prepared?.filePath ?? '' });
      this.setData({ mode: 'idle', progress: 0, photoPath: '' });
      wx.navigateTo({ url: `/pages/review/index?id=${encodeURIComponent(record._id)}` });
    },

    startTicker() {
      if (priv(this).ticker !== null) return;
      this.setData({ progress: Math.max(this.data.progress, 50), stageText: '正在识别证件…' });
      priv(this).ticker = setInterval(() => {
        const next = Math.min(95, this.data.progress + Math.max(1, Math.round((95 - this.data.progress) / 8)));
        this.setData({ progress: next });
      }, 300) as unknown as number;
    },
    stopTicker() {
      const p = priv(this);
      if (p.ticker !== null) {
        clearInterval(p.ticker);
        p.ticker = null;
      }
    },

    fail(err: AppError, canFill = false) {
      if (err.code === 'CANCELLED') {
        this.setData({ mode: 'idle' });
        return;
      }
      // 重试 sends the same photo again: offered only where that can succeed (core's rule, in AppError).
      const canRetry = err.retryable && !!priv(this).prepared;
      this.setData({ mode: 'error', error: { message: err.message, retryable: canRetry, canFill, code: err.code } });
    },
    onRetry() {
      void this.upload();
    },
    onFillAnyway() {
      const record = priv(this).record;
      if (record) this.openReview(record);
    },
    onReset() {
      const p = priv(this);
      p.prepared = null;
      p.record = null;
      this.setData({ mode: 'idle', progress: 0, photoPath: '', error: { message: '', retryable: false, canFill: false, code: '' } });
    },
  },
});
