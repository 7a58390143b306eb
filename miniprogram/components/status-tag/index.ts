// A record's status as a coloured tag (识别完成 / 识别失败 / 已提交).
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
  observers: {
    status(status: string) {
      const found = LABELS[status];
      this.setData({ label: found ? found.label : status, type: found ? found.type : 'default' });
    },
  },
});
