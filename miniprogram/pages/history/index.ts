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
  /** createdAt (ISO), the list's order: tells which loaded rows a fresh first page covers. */
  created: string;
}

function toItem(r: { _id: string; status: string; createdAt: string; submittedAt: string | null } & Parameters<typeof recordTitle>[0] & Parameters<typeof headline>[0]): Item {
  return {
    id: r._id,
    title: recordTitle(r),
    headline: headline(r),
    status: r.status,
    time: formatTime(r.submittedAt ?? r.createdAt),
    created: r.createdAt,
  };
}

const same = (a: Item, b: Item): boolean => a.title === b.title && a.headline === b.headline && a.status === b.status && a.time === b.time;

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
      // Back from a record or a new submission: keep the list (and so the scroll position) and
      // refresh only what changed.
      if (this.data.page > 0) void this.refresh();
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

    /** The first page again, merged into what is shown: changed rows are patched in place (a path per
     *  row), new records go on top, rows gone from the range the first page covers are dropped. */
    async refresh() {
      const mine = ++generation;
      try {
        const res = await api.list({ scope: 'mine', q: this.data.q.trim(), page: 1, pageSize: PAGE_SIZE });
        if (mine !== generation) return;
        const fresh = res.items.map(toItem);
        const freshIds = new Set(fresh.map((f) => f.id));
        const covered = (it: Item): boolean => fresh.length < PAGE_SIZE || it.created >= (fresh.at(-1)?.created ?? '');
        const shown = this.data.items;
        const index = new Map(shown.map((it, i) => [it.id, i]));
        const added = fresh.some((f) => !index.has(f.id));
        const gone = shown.some((it) => !freshIds.has(it.id) && covered(it));
        if (added || gone) {
          const rest = shown.filter((it) => !freshIds.has(it.id) && !covered(it));
          this.setData({ items: [...fresh, ...rest], total: res.total });
          return;
        }
        const patch: Record<string, unknown> = {};
        for (const f of fresh) {
          const i = index.get(f.id)!;
          const old = shown[i];
          if (old && !same(old, f)) patch[`items[${i}]`] = f;
        }
        if (res.total !== this.data.total) patch.total = res.total;
        if (Object.keys(patch).length) this.setData(patch);
      } catch {
        // Keep what is shown; a pull-down refresh reports errors.
      }
    },

    async fetch(page: number) {
      const mine = ++generation; // a newer search wins over a slower older one
      this.setData({ loading: true, error: '' });
      try {
        const res = await api.list({ scope: 'mine', q: this.data.q.trim(), page, pageSize: PAGE_SIZE });
        if (mine !== generation) return;
        const items: Item[] = res.items.map(toItem);
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
