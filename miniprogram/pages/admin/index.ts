// Administration: every user's records with filters (status, document type, dates), search (plate,
// VIN, owner) and pagination. The server decides who is an administrator; anyone else sees a refusal.
import type { RecordStatus } from '../../core/contracts/records';
import { DOCUMENTS } from '../../core/documents/registry';
import * as api from '../../services/api';
import { AppError } from '../../services/errors';
import { documentTitle, formatTime, headline } from '../../utils/fields';

export const ADMIN_PAGE_SIZE = 20;
const STATUSES: Array<RecordStatus | ''> = ['', 'recognized', 'submitted', 'failed'];
const STATUS_LABELS = ['全部状态', '待核对', '已提交', '识别失败'];

interface Item {
  id: string;
  title: string;
  headline: string;
  owner: string;
  status: string;
  time: string;
}

function ownerOf(r: { recognized: Record<string, { value: string }> | null; submitted: Record<string, string> | null }): string {
  return r.submitted?.owner ?? r.submitted?.name ?? r.recognized?.owner?.value ?? r.recognized?.name?.value ?? '';
}

Component({
  data: {
    checking: true,
    forbidden: false,
    q: '',
    statusLabels: STATUS_LABELS,
    statusIndex: 0,
    docLabels: ['全部证件'].concat(DOCUMENTS.map((d) => d.name)),
    docIndex: 0,
    from: '',
    to: '',
    filtered: false,
    items: [] as Item[],
    page: 1,
    pages: 1,
    total: 0,
    loading: false,
    error: '',
  },
  methods: {
    onLoad() {
      void this.fetch(1);
    },
    onPullDownRefresh() {
      void this.fetch(this.data.page).then(() => wx.stopPullDownRefresh());
    },

    async fetch(page: number) {
      this.setData({ loading: true, error: '' });
      const d = this.data;
      try {
        const res = await api.list({
          scope: 'all',
          page,
          pageSize: ADMIN_PAGE_SIZE,
          q: d.q.trim(),
          ...(STATUSES[d.statusIndex] ? { status: STATUSES[d.statusIndex] as RecordStatus } : {}),
          ...(d.docIndex > 0 && DOCUMENTS[d.docIndex - 1] ? { docType: DOCUMENTS[d.docIndex - 1]!.id } : {}),
          // Dates are picked in the phone's local time; `to` includes the whole chosen day.
          ...(d.from ? { from: new Date(`${d.from}T00:00:00`).toISOString() } : {}),
          ...(d.to ? { to: new Date(`${d.to}T23:59:59.999`).toISOString() } : {}),
        });
        this.setData({
          checking: false,
          loading: false,
          page,
          total: res.total,
          pages: Math.max(1, Math.ceil(res.total / ADMIN_PAGE_SIZE)),
          filtered: !!(d.q.trim() || d.statusIndex || d.docIndex || d.from || d.to),
          items: res.items.map((r) => ({
            id: r._id,
            title: documentTitle(r.docType, r.side),
            headline: headline(r),
            owner: ownerOf(r) || r._openid.slice(0, 8),
            status: r.status,
            time: formatTime(r.createdAt),
          })),
        });
      } catch (e) {
        if (e instanceof AppError && (e.code === 'FORBIDDEN' || e.code === 'UNAUTHENTICATED')) {
          this.setData({ checking: false, forbidden: true, loading: false, items: [] });
          return;
        }
        this.setData({ checking: false, loading: false, error: e instanceof AppError ? e.message : '加载失败' });
      }
    },

    onReload() {
      void this.fetch(this.data.page);
    },
    onQueryInput(e: { detail: string }) {
      this.setData({ q: e.detail });
    },
    onSearch(e: { detail: string }) {
      this.setData({ q: e.detail });
      void this.fetch(1);
    },
    onClear() {
      this.setData({ q: '' });
      void this.fetch(1);
    },
    onStatusChange(e: { detail: { value: string | number } }) {
      this.setData({ statusIndex: Number(e.detail.value) });
      void this.fetch(1);
    },
    onDocChange(e: { detail: { value: string | number } }) {
      this.setData({ docIndex: Number(e.detail.value) });
      void this.fetch(1);
    },
    onFromChange(e: { detail: { value: string } }) {
      this.setData({ from: e.detail.value });
      void this.fetch(1);
    },
    onToChange(e: { detail: { value: string } }) {
      this.setData({ to: e.detail.value });
      void this.fetch(1);
    },
    onResetFilters() {
      this.setData({ q: '', statusIndex: 0, docIndex: 0, from: '', to: '' });
      void this.fetch(1);
    },
    onPrev() {
      if (this.data.page > 1) void this.fetch(this.data.page - 1);
    },
    onNext() {
      if (this.data.page < this.data.pages) void this.fetch(this.data.page + 1);
    },
    onOpen(e: { currentTarget: { dataset: { id?: string } } }) {
      const id = e.currentTarget.dataset.id;
      if (id) wx.navigateTo({ url: `/pages/record/index?id=${encodeURIComponent(id)}&admin=1` });
    },
  },
});
