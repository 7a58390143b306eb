// A record's status as a coloured tag (待核对 / 识别失败 / 已提交).
const LABELS: Record<string, { label: string; type: string }> = {
  recognized: { label: '待核对', type: 'warning' },
  failed: { label: '识别失败', type: 'danger' },
  submitted: { label: '已提交', type: 'success' },
};

Component({
  properties: {
    status: { type: String, value: '' },
    plain: { type: Boolean, value: false },
  },
  data: { label: '', type: 'default' },
  lifetimes: {
    attached() {
      this.update(this.data.status);
    },
  },
  observers: {
    status(status: string) {
      this.update(status);
    },
  },
  methods: {
    update(status: string) {
      const found = LABELS[status];
      this.setData({ label: found ? found.label : status, type: found ? found.type : 'default' });
    },
  },
});
