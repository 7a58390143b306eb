// History: the caller's records, newest first (the API sorts by createdAt desc), with search by
// plate, pull-down refresh and infinite scroll. Administrators also see the entry to the admin page.
import * as api from '../../services/api';
import { AppError } from '../../services/errors';
import { formatTime, headline, recordTitle } from '../../utils/fields';

export const PAGE_SIZE = 20;

interface Item {
  id: string;
  title: string;
  headline: string;
  status: string;
  time: string;
}

let generation = 0;

Component({
  data: {
    items: [] as Item[],
    q: '',
    page: 0,
    total: 0,
    loading: false,
    finished: false,
    error: '',
    isAdmin: false,
  },
  methods: {
    onLoad() {
      void this.reload();
      void api.isAdmin().then((isAdmin) => this.setData({ isAdmin }));
    },
    onShow() {
      // Back from a detail or a new submission: refresh what is already shown.
      if (this.data.page > 0) void this.reload();
    },
    async onPullDownRefresh() {
      await this.reload();
      wx.stopPullDownRefresh();
    },
    onReachBottom() {
      if (!this.data.loading && !this.data.finished && !this.data.error) void this.fetch(this.data.page + 1);
    },

    reload(): Promise<void> {
      this.setData({ items: [], page: 0, total: 0, finished: false, error: '' });
      return this.fetch(1);
    },

    async fetch(page: number) {
      const mine = ++generation; // a newer search wins over a slower older one
      this.setData({ loading: true, error: '' });
      try {
        const res = await api.list({ scope: 'mine', q: this.data.q.trim(), page, pageSize: PAGE_SIZE });
        if (mine !== generation) return;
        const items: Item[] = res.items.map((r) => ({
          id: r._id,
          title: recordTitle(r),
          headline: headline(r),
          status: r.status,
          time: formatTime(r.submittedAt ?? r.createdAt),
        }));
        const all = page === 1 ? items : this.data.items.concat(items);
        this.setData({ items: all, page, total: res.total, loading: false, finished: all.length >= res.total || items.length === 0 });
      } catch (e) {
        if (mine !== generation) return;
        this.setData({ loading: false, error: e instanceof AppError ? e.message : '加载失败，请下拉重试' });
      }
    },

    onQueryInput(e: { detail: string }) {
      this.setData({ q: e.detail });
    },
    onSearch(e: { detail: string }) {
      this.setData({ q: e.detail });
      void this.reload();
    },
    onClear() {
      this.setData({ q: '' });
      void this.reload();
    },
    onOpen(e: { currentTarget: { dataset: { id?: string } } }) {
      const id = e.currentTarget.dataset.id;
      if (id) wx.navigateTo({ url: `/pages/record/index?id=${encodeURIComponent(id)}` });
    },
    onGoScan() {
      wx.switchTab({ url: '/pages/scan/index' });
    },
  },
});
