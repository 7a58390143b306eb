// Record detail: status, photo, fields (submitted or recognized), what the user corrected. Opened from
// the history (owner) or the admin page (admin=1: photo next to the fields, no owner actions). A photo of
// several pages shows one titled section per page.
import type { GetResponse, RecordPage } from '../../core/contracts/records';
import { recordPages } from '../../core/records/pages';
import { findField } from '../../core/documents/registry';
import { maskDeep } from '../../core/privacy/mask';
import * as api from '../../services/api';
import { AppError } from '../../services/errors';
import { confirm, toast } from '../../utils/feedback';
import { buildFieldViews, formatTime, pageTitle, recordTitle, withValue } from '../../utils/fields';

interface Row {
  key: string;
  label: string;
  value: string;
  warning: string;
  corrected: boolean;
}

interface Section {
  title: string;
  rows: Row[];
}

/** A page's rows: submitted (or recognized) values, their warnings, which ones the user changed. */
function rowsOf(page: RecordPage): Row[] {
  const label = (key: string): string => findField(page.docType, key, page.side)?.label ?? key;
  const rows: Row[] = buildFieldViews(page).map((f) => {
    const submitted = page.submitted?.[f.key];
    // A value the user changed shows core's warnings for it (as the console's detail does), not the
    // warnings of the value it replaced.
    const shown = submitted !== undefined && submitted !== f.value ? withValue(f, submitted) : f;
    return {
      key: f.key,
      label: f.label,
      value: shown.value,
      warning: shown.warnings.join('；'),
      corrected: Object.prototype.hasOwnProperty.call(page.corrections, f.key),
    };
  });
  // Submitted keys the recognition did not have (filled in by hand).
  for (const [key, value] of Object.entries(page.submitted ?? {})) {
    if (!rows.some((r) => r.key === key)) rows.push({ key, label: label(key), value, warning: '', corrected: key in page.corrections });
  }
  return rows;
}

Component({
  data: {
    id: '',
    admin: false,
    /** Opened by the review right after a submit: say so and offer the next scan. */
    justSubmitted: false,
    loading: true,
    loadError: '',
    title: '',
    status: '',
    photo: '',
    provider: '',
    createdAt: '',
    submittedAt: '',
    error: '',
    sections: [] as Section[],
    corrections: [] as Array<{ key: string; label: string; from: string; to: string }>,
    /** Admin view: offer the audited full view (the record came masked), or say it was logged. */
    canReveal: false,
    revealed: false,
    revealing: false,
  },
  methods: {
    onLoad(query: Record<string, string | undefined>) {
      this.setData({ id: decodeURIComponent(query.id ?? ''), admin: query.admin === '1', justSubmitted: query.submitted === '1' });
      void this.load();
    },
    onShow() {
      if (!this.data.loading && this.data.id) void this.load();
    },

    async load() {
      this.setData({ loading: true, loadError: '' });
      let record: GetResponse;
      try {
        record = await api.get(this.data.id);
      } catch (e) {
        this.setData({ loading: false, loadError: e instanceof AppError ? e.message : '加载失败' });
        return;
      }
      // The mini program does not know its own openid: a record that still holds a full ID number
      // (the administrator's own) has nothing to reveal.
      const full = JSON.stringify(maskDeep(record)) !== JSON.stringify(record);
      this.setData({ canReveal: this.data.admin && !full, revealed: false });
      this.show(record);
    },

    async onReveal() {
      if (this.data.revealing) return;
      this.setData({ revealing: true });
      try {
        const record = await api.reveal(this.data.id);
        this.setData({ revealing: false, canReveal: false, revealed: true });
        this.show(record);
      } catch (e) {
        this.setData({ revealing: false });
        toast(this, e instanceof AppError ? e.message : '操作失败');
      }
    },

    show(record: GetResponse) {
      const pages = recordPages(record);
      const several = pages.length > 1;
      const heading = record.status === 'submitted' ? '提交的信息' : '识别结果';
      this.setData({
        loading: false,
        title: recordTitle(record),
        status: record.status,
        photo: record.photoUrl ?? '',
        provider: record.provider ?? '',
        createdAt: formatTime(record.createdAt),
        submittedAt: formatTime(record.submittedAt),
        error: record.error?.message ?? '',
        sections: pages.map((p) => ({ title: several ? `${pageTitle(p.docType, p.side)} · ${heading}` : heading, rows: rowsOf(p) })),
        corrections: pages.flatMap((p) =>
          Object.entries(p.corrections).map(([key, c]) => {
            const label = findField(p.docType, key, p.side)?.label ?? key;
            return { key, label: several ? `${pageTitle(p.docType, p.side)} ${label}` : label, from: c.from, to: c.to };
          }),
        ),
      });
    },

    onPreview() {
      if (this.data.photo) wx.previewImage({ urls: [this.data.photo], current: this.data.photo });
    },
    /** 继续扫描: the scan page is a tab. */
    onScanNext() {
      wx.switchTab({ url: '/pages/scan/index' });
    },
    onContinue() {
      wx.navigateTo({ url: `/pages/review/index?id=${encodeURIComponent(this.data.id)}` });
    },
    async onDelete() {
      const ok = await confirm(this, { title: '删除记录', message: '删除后照片和识别信息将无法恢复，确定删除？', confirmText: '删除', danger: true });
      if (!ok) return;
      try {
        await api.remove(this.data.id);
        // The page closes right away: the system toast outlives it, a Vant toast would not.
        wx.showToast({ title: '已删除', icon: 'success' });
        wx.navigateBack({ delta: 1 });
      } catch (e) {
        toast(this, e instanceof AppError ? e.message : '删除失败');
      }
    },
  },
});
