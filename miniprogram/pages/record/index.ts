// Record detail: status, photo, fields (submitted or recognized), what the user corrected. Opened from
// the history (owner) or the admin page (admin=1: photo next to the fields, no owner actions).
import type { GetResponse } from '../../core/contracts/records';
import { findField } from '../../core/documents/registry';
import * as api from '../../services/api';
import { AppError } from '../../services/errors';
import { buildFieldViews, documentTitle, formatTime } from '../../utils/fields';

interface Row {
  key: string;
  label: string;
  value: string;
  warning: string;
  corrected: boolean;
}

Component({
  data: {
    id: '',
    admin: false,
    loading: true,
    loadError: '',
    title: '',
    status: '',
    photo: '',
    provider: '',
    createdAt: '',
    submittedAt: '',
    error: '',
    fields: [] as Row[],
    corrections: [] as Array<{ key: string; label: string; from: string; to: string }>,
  },
  methods: {
    onLoad(query: Record<string, string | undefined>) {
      this.setData({ id: decodeURIComponent(query.id ?? ''), admin: query.admin === '1' });
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
      const label = (key: string): string => findField(record.docType, key, record.side)?.label ?? key;
      const rows: Row[] = buildFieldViews(record).map((f) => ({
        key: f.key,
        label: f.label,
        value: record.submitted?.[f.key] ?? f.value,
        warning: f.warnings.join('；'),
        corrected: Object.prototype.hasOwnProperty.call(record.corrections, f.key),
      }));
      // Submitted keys the recognition did not have (filled in by hand).
      for (const [key, value] of Object.entries(record.submitted ?? {})) {
        if (!rows.some((r) => r.key === key)) rows.push({ key, label: label(key), value, warning: '', corrected: key in record.corrections });
      }
      this.setData({
        loading: false,
        title: documentTitle(record.docType, record.side),
        status: record.status,
        photo: record.photoUrl ?? '',
        provider: record.provider ?? '',
        createdAt: formatTime(record.createdAt),
        submittedAt: formatTime(record.submittedAt),
        error: record.error?.message ?? '',
        fields: rows,
        corrections: Object.entries(record.corrections).map(([key, c]) => ({ key, label: label(key), from: c.from, to: c.to })),
      });
    },

    onPreview() {
      if (this.data.photo) wx.previewImage({ urls: [this.data.photo], current: this.data.photo });
    },
    onContinue() {
      wx.navigateTo({ url: `/pages/review/index?id=${encodeURIComponent(this.data.id)}` });
    },
    onDelete() {
      wx.showModal({
        title: '删除记录',
        content: '删除后照片和识别信息将无法恢复，确定删除？',
        confirmText: '删除',
        confirmColor: '#ee0a24',
        success: async (r) => {
          if (!r.confirm) return;
          try {
            await api.remove(this.data.id);
            wx.showToast({ title: '已删除', icon: 'success' });
            wx.navigateBack({ delta: 1 });
          } catch (e) {
            wx.showToast({ title: e instanceof AppError ? e.message : '删除失败', icon: 'none' });
          }
        },
      });
    },
  },
});
