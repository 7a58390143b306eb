// Review: the photo above a form built from the registry; edit, accept suggestions, submit once. A photo
// holding several pages (a licence's 正页 and 副页) shows one titled form per page, submitted together.
import { RETAKE_CODES } from '../../core/quality/result';
import type { LicenseRecord } from '../../core/contracts/records';
import { recordPages } from '../../core/records/pages';
import * as api from '../../services/api';
import { AppError, fromCode } from '../../services/errors';
import { takeScan } from '../../services/session';
import { alert, confirm, toast } from '../../utils/feedback';
import type { FieldView } from '../../utils/fields';
import { buildFieldViews, pageTitle, recordTitle, validateAll, valuesOf, withCrop, withValue } from '../../utils/fields';
import { DUPLICATE_HINT } from '../../core/contracts/review';
import type { Side } from '../../core/contracts/result';
import { sideLabel } from '../../core/documents/labels';
import { getDocument } from '../../core/documents/registry';
import { duplicateViews, firstValue, submitConfirmText, type DuplicateView } from '../../utils/review-notes';

/** Typing a plate asks once it settles, not per keystroke (the console waits as long). */
const DUPLICATE_DEBOUNCE_MS = 400;
/** 放大 brings the photo this close: a field's characters about as tall as the form's. */
const ZOOM_IN = 2.5;

/** One page of the photo as the page renders it. */
interface PageView {
  title: string;
  fields: FieldView[];
  /** The page's own warnings, joined for the notice bar. */
  warnings: string;
}

const count = (pages: PageView[], test: (f: FieldView) => boolean): number => pages.reduce((n, p) => n + p.fields.filter(test).length, 0);

/** Which page's form sent an event (its data-page); 0 for a one-page record. */
function pageOf(e: { currentTarget?: { dataset?: { page?: unknown } } }): number {
  const n = Number(e.currentTarget?.dataset?.page ?? 0);
  return Number.isInteger(n) && n >= 0 ? n : 0;
}

interface Private {
  record: LicenseRecord | null;
  /** Set synchronously on the first tap: a second tap (or a tap during the dialog) does nothing. */
  submitting: boolean;
  /** The pending question about earlier submissions (debounced), and the latest one asked. */
  duplicateTimer: number | null;
  duplicateAsk: number;
  /** The photo as the scan page prepared it (a local file): the same bytes can be read again. */
  localPhoto: string;
}
const privates = new WeakMap<object, Private>();
function priv(self: object): Private {
  let p = privates.get(self);
  if (!p) {
    p = { record: null, submitting: false, duplicateTimer: null, duplicateAsk: 0, localPhoto: '' };
    privates.set(self, p);
  }
  return p;
}

Component({
  data: {
    /** The photo's scale in place (1 = whole photo). */
    photoScale: 1,
    id: '',
    loading: true,
    loadError: '',
    title: '',
    status: '',
    photo: '',
    pages: [] as PageView[],
    doubtfulCount: 0,
    invalidCount: 0,
    /** The photo itself is the problem (blur, glare, cut off…): the review offers a retake first. */
    photoRetake: '',
    submitting: false,
    /** Earlier submissions of the same plate/VIN by this user (the `duplicates` action). */
    duplicates: [] as DuplicateView[],
    duplicateHint: DUPLICATE_HINT,
    /** 按反面重新识别 (or 正面…): the other side of a two-sided document, '' when not offered. */
    rereadSide: '' as Side | '',
    rereadLabel: '',
    rereading: false,
  },
  lifetimes: {
    detached() {
      const p = priv(this);
      if (p.duplicateTimer !== null) clearTimeout(p.duplicateTimer);
    },
  },
  methods: {
    onLoad(query: Record<string, string | undefined>) {
      const id = decodeURIComponent(query.id ?? '');
      this.setData({ id });
      void this.load(id);
    },
    onReload() {
      void this.load(this.data.id);
    },

    async load(id: string) {
      const scan = takeScan(id);
      if (scan) {
        priv(this).localPhoto = scan.photoPath;
        this.show(scan.record, scan.photoPath);
        return;
      }
      this.setData({ loading: true, loadError: '' });
      try {
        const record = await api.get(id);
        this.show(record, record.photoUrl ?? '');
      } catch (e) {
        this.setData({ loading: false, loadError: e instanceof AppError ? e.message : '加载失败，请重试' });
      }
    },

    show(record: LicenseRecord, photo: string) {
      priv(this).record = record;
      if (record.status === 'submitted') {
        // Already submitted (e.g. opened from a stale link): the detail page shows it read-only.
        wx.redirectTo({ url: `/pages/record/index?id=${encodeURIComponent(record._id)}` });
      }
      const pages: PageView[] = recordPages(record).map((p) => ({
        title: pageTitle(p.docType, p.side),
        fields: buildFieldViews(p),
        warnings: p.warnings.map((w) => w.message).join('；'),
      }));
      const retake = recordPages(record).flatMap((p) => p.warnings).filter((w) => RETAKE_CODES.has(w.code));
      // The side read may be the wrong one: one tap reads the same photo as the other side.
      const other: Side | '' =
        priv(this).localPhoto && record.status === 'recognized' && !record.pages && record.side && (getDocument(record.docType)?.sides.length ?? 0) > 1
          ? record.side === 'front' ? 'back' : 'front'
          : '';
      this.setData({
        id: record._id,
        rereadSide: other,
        rereadLabel: other ? `按${sideLabel(record.docType, other)}重新识别` : '',
        loading: false,
        title: recordTitle(record),
        status: record.status,
        photo,
        photoRetake: [...new Set(retake.map((w) => w.message))].join('；'),
        pages,
        doubtfulCount: count(pages, (f) => f.doubtful),
        invalidCount: 0,
      });
      if (record.status !== 'submitted') void this.checkDuplicates();
    },

    /** Asks for the user's earlier submissions of the plate/VIN now in the form; a failure only
     *  leaves the hint out (it is a hint, not a gate). */
    async checkDuplicates() {
      const p = priv(this);
      const ask = ++p.duplicateAsk;
      const plateNo = firstValue(this.data.pages, 'plateNo');
      const vin = firstValue(this.data.pages, 'vin');
      if (!p.record || (!plateNo && !vin)) {
        this.showDuplicates([]);
        return;
      }
      let views: DuplicateView[] = [];
      try {
        views = duplicateViews((await api.duplicates({ id: p.record._id, ...(plateNo ? { plateNo } : {}), ...(vin ? { vin } : {}) })).items);
      } catch {
        views = [];
      }
      if (ask === p.duplicateAsk) this.showDuplicates(views);
    },
    /** Only a changed answer crosses to the view layer (most answers are "none" again). */
    showDuplicates(views: DuplicateView[]) {
      const key = (vs: readonly DuplicateView[]): string => vs.map((v) => `${v.id}\u0000${v.text}`).join('\u0001');
      if (key(views) !== key(this.data.duplicates)) this.setData({ duplicates: views });
    },
    scheduleDuplicates() {
      const p = priv(this);
      if (p.duplicateTimer !== null) clearTimeout(p.duplicateTimer);
      p.duplicateTimer = setTimeout(() => {
        p.duplicateTimer = null;
        void this.checkDuplicates();
      }, DUPLICATE_DEBOUNCE_MS) as unknown as number;
    },

    setField(page: number, key: string, update: (f: FieldView) => FieldView) {
      const fields = this.data.pages[page]?.fields ?? [];
      const index = fields.findIndex((f) => f.key === key);
      const before = fields[index];
      if (!before) return;
      const after = update(before);
      // Only the changed field crosses to the view layer (a path), not the whole list per keystroke.
      const delta = (test: (f: FieldView) => boolean): number => Number(test(after)) - Number(test(before));
      this.setData({
        [`pages[${page}].fields[${index}]`]: after,
        invalidCount: this.data.invalidCount + delta((f) => !!f.error),
        doubtfulCount: this.data.doubtfulCount + delta((f) => f.doubtful),
      });
      if ((key === 'plateNo' || key === 'vin') && after.value !== before.value) this.scheduleDuplicates();
    },
    onFieldChange(e: { currentTarget?: { dataset?: { page?: unknown } }; detail: { key?: unknown; value?: unknown } }) {
      const { key, value } = e.detail;
      if (typeof key === 'string' && typeof value === 'string') this.setField(pageOf(e), key, (f) => withValue(f, value));
    },
    onAcceptSuggestion(e: { currentTarget?: { dataset?: { page?: unknown } }; detail: { key: string } }) {
      this.setField(pageOf(e), e.detail.key, (f) => (f.suggestion ? withValue(f, f.suggestion) : f));
    },

    /** The photo's pixel size is known once it loads: the doubtful fields get their crops. */
    onPhotoLoad(e: { detail: { width?: unknown; height?: unknown } }) {
      const w = Number(e.detail.width);
      const h = Number(e.detail.height);
      if (!(w > 0 && h > 0)) return;
      this.setData({ pages: this.data.pages.map((p) => ({ ...p, fields: p.fields.map((f) => withCrop(f, w, h)) })) });
    },
    /** The same photo read again as the other side: no new photo, a new record reviewed here. */
    async onReread() {
      const p = priv(this);
      const side = this.data.rereadSide;
      if (!p.record || !side || !p.localPhoto || this.data.rereading || p.submitting) return;
      this.setData({ rereading: true });
      try {
        const record = await api.recognize({ filePath: p.localPhoto, docType: p.record.docType, side });
        if (record.status === 'failed') throw fromCode(record.error?.code === 'NOT_FOUND_IN_IMAGE' ? 'NOT_RECOGNIZED' : (record.error?.code ?? 'RECOGNITION_FAILED'), record.error?.message);
        this.show(record, p.localPhoto);
      } catch (e) {
        void alert(this, '重新识别失败', e instanceof AppError ? e.message : '识别失败，请重试');
      } finally {
        this.setData({ rereading: false });
      }
    },
    /** The earlier record, on top of this review (back returns to it, edits kept). */
    onOpenDuplicate(e: { currentTarget?: { dataset?: { id?: unknown } } }) {
      const id = e.currentTarget?.dataset?.id;
      if (typeof id === 'string' && id) wx.navigateTo({ url: `/pages/record/index?id=${encodeURIComponent(id)}` });
    },
    onPreview() {
      if (this.data.photo) wx.previewImage({ urls: [this.data.photo], current: this.data.photo });
    },
    /** 放大 / 还原: the photo zooms in place, the form stays beside it. */
    onZoomToggle() {
      this.setData({ photoScale: this.data.photoScale > 1 ? 1 : ZOOM_IN });
    },
    /** A pinch sets the scale itself; kept so 还原 knows to undo it. */
    onPhotoScale(e: { detail?: { scale?: unknown } }) {
      const scale = e.detail?.scale;
      if (typeof scale === 'number' && Number.isFinite(scale)) this.setData({ photoScale: Math.round(scale * 100) / 100 });
    },
    onRescan() {
      const pages = typeof getCurrentPages === 'function' ? getCurrentPages() : [];
      if (pages.length > 1) wx.navigateBack({ delta: 1 });
      else wx.redirectTo({ url: '/pages/scan/index' });
    },

    async onSubmit() {
      const p = priv(this);
      if (p.submitting || !p.record || p.record.status === 'submitted') return;
      p.submitting = true;
      try {
        const checked = this.data.pages.map((p) => ({ ...p, ...validateAll(p.fields) }));
        const invalid = checked.reduce((n, p) => n + p.invalid, 0);
        const pages: PageView[] = checked.map(({ title, fields, warnings }) => ({ title, fields, warnings }));
        this.setData({ pages, invalidCount: invalid });
        if (invalid > 0) {
          toast(this, `还有 ${invalid} 项需要填写或更正`);
          return;
        }
        const ok = await confirm(this, {
          title: '确认提交',
          message: submitConfirmText(pages, this.data.duplicates.length),
          confirmText: '提交',
          cancelText: '再看看',
        });
        if (!ok) return;
        this.setData({ submitting: true });
        const values = pages.map((pg) => valuesOf(pg.fields));
        const saved = await api.submit(p.record._id, values.length > 1 ? values : (values[0] ?? {}));
        p.record = saved;
        this.setData({ status: saved.status });
        // The page is replaced right away: the system toast outlives it, a Vant toast would not.
        wx.showToast({ title: '提交成功', icon: 'success' });
        // The record as submitted, with the next step (继续扫描) offered there.
        wx.redirectTo({ url: `/pages/record/index?id=${encodeURIComponent(saved._id)}&submitted=1` });
      } catch (e) {
        const message = e instanceof AppError ? e.message : '提交失败，请重试';
        void alert(this, '提交失败', message);
      } finally {
        p.submitting = false;
        this.setData({ submitting: false });
      }
    },
  },
});
