// 我的档案: one card per vehicle with its documents, the cross-document warnings and the dates that
// expire (as the web console's Dossiers screen); the purpose can be changed, a document removed or the
// next one added from the user's submitted records, and expiry reminders subscribed to.
import { findField, getDocument } from '../../core/documents/registry';
import { expiryText } from '../../core/dossier/expiry';
import { DOSSIER_PURPOSES, PURPOSES } from '../../core/dossier/purposes';
import * as api from '../../services/api';
import * as dossiers from '../../services/dossiers';
import type { DossierView } from '../../services/dossiers';
import { AppError } from '../../services/errors';
import { alert, toast } from '../../utils/feedback';
import { formatTime, recordTitle } from '../../utils/fields';

interface Card {
  id: string;
  heading: string;
  plate: string;
  vin: string;
  purposeIndex: number;
  purposeLabel: string;
  recordIds: string[];
  warnings: { code: string; message: string }[];
  docs: { id: string; title: string; time: string }[];
  expiries: { key: string; label: string; date: string; text: string; state: 'expired' | 'due' | '' }[];
}

interface Candidate {
  id: string;
  name: string;
  subname: string;
}

/** Within this many days a date is shown as due (the first reminder goes out 30 days before). */
const DUE_DAYS = 30;

function card(d: DossierView): Card {
  return {
    id: d._id,
    heading: d.title ?? '',
    plate: d.plate ?? '未知号牌',
    vin: d.vin ?? '车辆识别代号未知',
    purposeIndex: DOSSIER_PURPOSES.indexOf(d.purpose),
    purposeLabel: PURPOSES[d.purpose].label,
    recordIds: d.recordIds,
    warnings: d.warnings.map((w) => ({ code: w.code, message: w.message })),
    docs: d.records.map((r) => ({ id: r._id, title: recordTitle(r), time: formatTime(r.createdAt) })),
    expiries: d.expiries.map((e) => ({
      key: `${e.recordId}:${e.field}`,
      label: `${getDocument(e.docType)?.name ?? e.docType} ${findField(e.docType, e.field)?.label ?? e.field}`,
      date: e.date,
      text: expiryText(e.daysLeft),
      state: e.daysLeft < 0 ? 'expired' : e.daysLeft <= DUE_DAYS ? 'due' : '',
    })),
  };
}

const messageOf = (e: unknown, fallback: string): string => (e instanceof AppError ? e.message : fallback);

Component({
  data: {
    dossiers: [] as Card[],
    purposeLabels: DOSSIER_PURPOSES.map((p) => PURPOSES[p].label),
    templateId: '',
    loading: false,
    error: '',
    subscribing: false,
    /** The dossier 添加证件 was tapped on, and the records that may go into it. */
    addingTo: '',
    candidates: [] as Candidate[],
  },
  methods: {
    onLoad() {
      this.setData({ templateId: dossiers.reminderTemplateId() });
      void this.reload();
    },
    onShow() {
      // Back from a record or a new submission (which files itself into its dossier).
      if (!this.data.loading && this.data.dossiers.length > 0) void this.reload();
    },
    async onPullDownRefresh() {
      await this.reload();
      wx.stopPullDownRefresh();
    },

    async reload(): Promise<void> {
      this.setData({ loading: true, error: '' });
      try {
        const res = await dossiers.listDossiers({ pageSize: 50 });
        this.setData({ dossiers: res.items.map(card), loading: false });
      } catch (e) {
        this.setData({ loading: false, error: messageOf(e, '加载失败，请下拉重试') });
      }
    },

    /** Runs one change, then shows the dossiers as they now are; a refusal is said in a toast. */
    async act(change: Promise<unknown>, done: string): Promise<void> {
      try {
        await change;
        toast(this, done, 'success');
      } catch (e) {
        toast(this, messageOf(e, '操作失败，请稍后重试'));
      }
      await this.reload();
    },

    onPurposeChange(e: { currentTarget: { dataset: { id?: string } }; detail: { value: number | string } }) {
      const id = e.currentTarget.dataset.id;
      const purpose = DOSSIER_PURPOSES[Number(e.detail.value)];
      if (!id || !purpose) return;
      void this.act(dossiers.updateDossier(id, { purpose }), '用途已更新');
    },
    onDetach(e: { currentTarget: { dataset: { id?: string } } }) {
      const id = e.currentTarget.dataset.id;
      if (id) void this.act(dossiers.detachRecord(id), '已移出');
    },
    onOpen(e: { currentTarget: { dataset: { id?: string } } }) {
      const id = e.currentTarget.dataset.id;
      if (id) wx.navigateTo({ url: `/pages/record/index?id=${encodeURIComponent(id)}` });
    },

    async onAdd(e: { currentTarget: { dataset: { id?: string } } }) {
      const id = e.currentTarget.dataset.id;
      const target = this.data.dossiers.find((d) => d.id === id);
      if (!target) return;
      try {
        const res = await api.list({ scope: 'mine', status: 'submitted', pageSize: 50 });
        const candidates = res.items
          .filter((r) => !target.recordIds.includes(r._id))
          .map((r) => ({ id: r._id, name: recordTitle(r), subname: formatTime(r.submittedAt ?? r.createdAt) }));
        if (candidates.length === 0) {
          void alert(this, '没有可添加的记录', '请先去「识别」拍摄并提交下一份证件，提交后可在这里添加');
          return;
        }
        this.setData({ addingTo: target.id, candidates });
      } catch (err) {
        toast(this, messageOf(err, '加载记录失败，请稍后重试'));
      }
    },
    onPickCandidate(e: { detail: { id?: string } }) {
      const dossierId = this.data.addingTo;
      const recordId = e.detail.id;
      this.setData({ addingTo: '', candidates: [] });
      if (dossierId && recordId) void this.act(dossiers.attachRecord(dossierId, recordId), '已添加');
    },
    onCloseCandidates() {
      this.setData({ addingTo: '', candidates: [] });
    },

    async onSubscribe() {
      this.setData({ subscribing: true });
      try {
        const accepted = await dossiers.subscribeReminders();
        toast(this, accepted > 0 ? '已订阅到期提醒' : '未订阅到期提醒', accepted > 0 ? 'success' : 'text');
      } catch (e) {
        toast(this, messageOf(e, '订阅到期提醒失败，请稍后重试'));
      } finally {
        this.setData({ subscribing: false });
      }
    },
    noop() {
      // Stops a tap from reaching the cell around it (see index.wxml).
    },
    onGoScan() {
      wx.switchTab({ url: '/pages/scan/index' });
    },
  },
});
