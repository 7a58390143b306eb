// Administration: every user's records with filters (status, document type, warning, dates), search (plate,
// VIN, owner, engine or file number, a whole ID number) and pagination; 导出 (the filtered records as an .xlsx, opened with wx.openDocument) and
// 统计 (counts, records per warning, and how often users corrected each provider's fields). The server decides who is an
// administrator; anyone else sees a refusal.
import type { RecordStatus, StatsResponse } from '../../../core/contracts/records';
import { DOCUMENTS } from '../../../core/documents/registry';
import { PROVIDER_LABELS } from '../../../core/documents/labels';
import { rankWarnings, WARNING_FILTER_CODES } from '../../../core/records/warning-filter';
import { warningLabel, type WarningCode } from '../../../core/validate/warnings';
import * as api from '../../../services/api';
import * as adminApi from '../../services/admin-api';
import { AppError } from '../../../services/errors';
import { confirm } from '../../../utils/feedback';
import { formatTime, headline, recordTitle } from '../../../utils/fields';

export const ADMIN_PAGE_SIZE = 20;
const STATUSES: Array<RecordStatus | ''> = ['', 'recognized', 'submitted', 'failed'];
const STATUS_LABELS = ['全部状态', '待核对', '已提交', '识别失败'];
/** The warning filter's choices: index 0 is every record, then core's order (photo warnings first). */
const WARNING_LABELS = ['全部警告'].concat(WARNING_FILTER_CODES.map(warningLabel));

interface Item {
  id: string;
  title: string;
  headline: string;
  owner: string;
  status: string;
  time: string;
}

const STATUS_NAMES: Record<string, string> = { recognized: '待核对', submitted: '已提交', failed: '识别失败' };
const PROVIDER_NAMES: Record<string, string> = { ...PROVIDER_LABELS, none: '未识别' };
const DOC_NAMES: Record<string, string> = Object.fromEntries(DOCUMENTS.map((d) => [d.id, d.name]));
/** Field labels across the registry (a key means the same thing on every document). */
const FIELD_LABELS: Record<string, string> = (() => {
  const out: Record<string, string> = {};
  for (const d of DOCUMENTS) for (const list of Object.values(d.fields)) for (const f of list ?? []) out[f.key] ??= f.label;
  return out;
})();

interface Bar {
  key: string;
  label: string;
  count: number;
  /** Width of the bar, relative to the largest in its group. */
  pct: number;
}
interface ProviderStats {
  provider: string;
  label: string;
  accuracy: string;
  fields: number;
  corrected: number;
  rows: { field: string; label: string; corrected: number; submitted: number; rate: string; pct: number }[];
}
export interface StatsView {
  total: number;
  submitted: number;
  submitRate: string;
  failureRate: string;
  /** Median recognition time in words ('—' when no recognition in the range). */
  medianTime: string;
  timeSamples: number;
  perDay: Bar[];
  perDocType: Bar[];
  perProvider: Bar[];
  perStatus: Bar[];
  /** Records carrying each photo warning, and the most frequent field and page warnings (key: the code). */
  perPhotoWarning: Bar[];
  perFieldWarning: Bar[];
  providers: ProviderStats[];
}

const percent = (x: number): string => `${(Math.round(x * 1000) / 10).toFixed(1)}%`;

function bars(rows: { key: string; count: number }[], label: (k: string) => string): Bar[] {
  const max = Math.max(1, ...rows.map((r) => r.count));
  return rows.map((r) => ({ key: r.key, label: label(r.key), count: r.count, pct: Math.max(2, Math.round((r.count / max) * 100)) }));
}

/** What the 统计 view shows, from the `stats` answer. */
export function statsView(s: StatsResponse): StatsView {
  const providers: ProviderStats[] = s.providerAccuracy.map((p) => ({
    provider: p.provider,
    label: PROVIDER_NAMES[p.provider] ?? p.provider,
    accuracy: percent(p.accuracy),
    fields: p.fields,
    corrected: p.corrected,
    rows: s.corrections
      .filter((c) => c.provider === p.provider)
      .map((c) => ({ field: c.field, label: FIELD_LABELS[c.field] ?? c.field, corrected: c.corrected, submitted: c.submitted, rate: percent(c.rate), pct: Math.round(c.rate * 100) })),
  }));
  const ms = s.summary.medianRecognitionMs;
  return {
    total: s.summary.total,
    submitted: s.summary.submitted,
    submitRate: percent(s.summary.submitRate),
    failureRate: percent(s.summary.failureRate),
    medianTime: ms === null ? '—' : ms >= 1000 ? `${(ms / 1000).toFixed(1)} 秒` : `${ms} 毫秒`,
    timeSamples: s.summary.recognitionSamples,
    perDay: bars(s.perDay.map((x) => ({ key: x.day, count: x.count })), (k) => k),
    perDocType: bars(s.perDocType.map((x) => ({ key: x.docType, count: x.count })), (k) => DOC_NAMES[k] ?? k),
    perProvider: bars(s.perProvider.map((x) => ({ key: x.provider, count: x.count })), (k) => PROVIDER_NAMES[k] ?? k),
    perStatus: bars(s.perStatus.map((x) => ({ key: x.status, count: x.count })), (k) => STATUS_NAMES[k] ?? k),
    perPhotoWarning: bars(rankWarnings(s.perWarning, true).map((w) => ({ key: w.code, count: w.count })), warningLabel),
    perFieldWarning: bars(rankWarnings(s.perWarning, false).map((w) => ({ key: w.code, count: w.count })), warningLabel),
    providers,
  };
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
    warningLabels: WARNING_LABELS,
    warningIndex: 0,
    from: '',
    to: '',
    filtered: false,
    items: [] as Item[],
    page: 1,
    pages: 1,
    total: 0,
    loading: false,
    error: '',
    /** 'list' (记录) or 'stats' (统计). */
    view: 'list',
    full: false,
    exporting: false,
    exportStatus: '',
    exportPercent: 0,
    exportError: '',
    exportNote: '',
    stats: null as StatsView | null,
    statsLoading: false,
    statsError: '',
  },
  methods: {
    onLoad() {
      void this.fetch(1);
    },
    onPullDownRefresh() {
      void this.fetch(this.data.page).then(() => wx.stopPullDownRefresh());
    },

    /** The filters on screen, as the list, export and stats actions take them. */
    filters(): { q: string; status?: RecordStatus; docType?: string; warning?: WarningCode; from?: string; to?: string } {
      const d = this.data;
      return {
        q: d.q.trim(),
        ...(STATUSES[d.statusIndex] ? { status: STATUSES[d.statusIndex] as RecordStatus } : {}),
        ...(d.docIndex > 0 && DOCUMENTS[d.docIndex - 1] ? { docType: DOCUMENTS[d.docIndex - 1]!.id } : {}),
        ...(d.warningIndex > 0 && WARNING_FILTER_CODES[d.warningIndex - 1] ? { warning: WARNING_FILTER_CODES[d.warningIndex - 1]! } : {}),
        // Dates are picked in the phone's local time; `to` includes the whole chosen day.
        ...(d.from ? { from: new Date(`${d.from}T00:00:00`).toISOString() } : {}),
        ...(d.to ? { to: new Date(`${d.to}T23:59:59.999`).toISOString() } : {}),
      };
    },

    /** A refusal means this user is no administrator: the whole page becomes the refusal. */
    refused(e: unknown): boolean {
      if (e instanceof AppError && (e.code === 'FORBIDDEN' || e.code === 'UNAUTHENTICATED')) {
        this.setData({ checking: false, forbidden: true, loading: false, items: [], stats: null, statsLoading: false, exporting: false });
        return true;
      }
      return false;
    },

    async fetch(page: number) {
      this.setData({ loading: true, error: '' });
      const d = this.data;
      try {
        const res = await api.list({ scope: 'all', page, pageSize: ADMIN_PAGE_SIZE, ...this.filters() });
        this.setData({
          checking: false,
          loading: false,
          page,
          total: res.total,
          pages: Math.max(1, Math.ceil(res.total / ADMIN_PAGE_SIZE)),
          filtered: !!(d.q.trim() || d.statusIndex || d.docIndex || d.warningIndex || d.from || d.to),
          items: res.items.map((r) => ({
            id: r._id,
            title: recordTitle(r),
            headline: headline(r),
            owner: ownerOf(r) || r._openid.slice(0, 8),
            status: r.status,
            time: formatTime(r.createdAt),
          })),
        });
        if (this.data.view === 'stats') void this.fetchStats();
      } catch (e) {
        if (this.refused(e)) return;
        this.setData({ checking: false, loading: false, error: e instanceof AppError ? e.message : '加载失败' });
      }
    },

    // ---- 统计 ----
    onShowList() {
      this.setData({ view: 'list' });
    },
    onShowStats() {
      this.setData({ view: 'stats' });
      void this.fetchStats();
    },
    async fetchStats() {
      if (this.data.forbidden) return;
      this.setData({ statsLoading: true, statsError: '' });
      // Stats cover the date range and document type; status, warning and search do not apply to counts per status or warning.
      const { from, to, docType } = this.filters();
      try {
        const s = await adminApi.stats({ ...(from ? { from } : {}), ...(to ? { to } : {}), ...(docType ? { docType } : {}) });
        this.setData({ stats: statsView(s), statsLoading: false });
      } catch (e) {
        if (this.refused(e)) return;
        this.setData({ statsLoading: false, statsError: e instanceof AppError ? e.message : '统计加载失败' });
      }
    },

    // ---- 导出 ----
    onFullChange(e: { detail: boolean }) {
      this.setData({ full: !!e.detail });
    },
    async onExport() {
      const d = this.data;
      if (d.exporting || d.forbidden) return; // one export at a time, however often it is tapped
      this.setData({ exporting: true, exportError: '', exportNote: '', exportStatus: '正在确认…', exportPercent: 0 });
      const confirmed = await confirm(this, {
        title: '导出 Excel',
        message: d.full
          ? `将按当前筛选条件导出 ${d.total} 条记录，包含完整的证件号码。此操作将记入审计日志。`
          : `将按当前筛选条件导出 ${d.total} 条记录，证件号码部分隐藏。`,
        confirmText: '导出',
      });
      if (!confirmed) {
        this.setData({ exporting: false, exportStatus: '' });
        return;
      }
      let file: Awaited<ReturnType<typeof adminApi.exportRecords>>;
      try {
        file = await adminApi.exportRecords({ ...this.filters(), ...(d.full ? { full: true } : {}) }, (p) =>
          this.setData(
            p.phase === 'generate'
              ? { exportStatus: '正在生成文件…', exportPercent: 0 }
              : { exportStatus: `正在下载 ${Math.round(p.percent)}%`, exportPercent: Math.round(p.percent) },
          ),
        );
      } catch (e) {
        if (this.refused(e)) return;
        this.setData({ exporting: false, exportStatus: '', exportError: `导出失败：${e instanceof AppError ? e.message : '请稍后重试'}` });
        return;
      }
      this.setData({ exportStatus: '正在打开文件…', exportPercent: 100 });
      const opened = await new Promise<string | null>((resolve) => {
        wx.openDocument({
          filePath: file.filePath,
          fileType: 'xlsx',
          showMenu: true,
          success: () => resolve(null),
          fail: (err) => resolve(err.errMsg || 'openDocument:fail'),
        });
      });
      const note = `已导出 ${file.count} 条记录${file.truncated ? '（超出单个文件上限，仅含前面的部分，请缩小筛选范围）' : ''}`;
      if (opened) {
        this.setData({ exporting: false, exportStatus: '', exportNote: note, exportError: '文件已下载，但无法打开：请更新微信后重试，或在电脑上导出' });
        return;
      }
      this.setData({ exporting: false, exportStatus: '', exportNote: note });
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
    onWarningChange(e: { detail: { value: string | number } }) {
      this.setData({ warningIndex: Number(e.detail.value) });
      void this.fetch(1);
    },
    /** A warning's row in 统计: the records carrying it, in 记录. */
    onWarningRow(e: { currentTarget: { dataset: { code?: string } } }) {
      const i = WARNING_FILTER_CODES.indexOf(e.currentTarget.dataset.code as WarningCode);
      if (i < 0) return;
      this.setData({ warningIndex: i + 1, view: 'list' });
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
      this.setData({ q: '', statusIndex: 0, docIndex: 0, warningIndex: 0, from: '', to: '' });
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
