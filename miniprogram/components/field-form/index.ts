// The review form. Controlled: it renders `fields` (utils/fields FieldView[]) and reports edits as
// `change` { key, value } and accepted suggestions as `accept` { key }; the page owns the values.
type KeyEvent = { currentTarget: { dataset: { key?: string } } };

Component({
  options: { styleIsolation: 'apply-shared' },
  properties: {
    fields: { type: Array, value: [] },
    disabled: { type: Boolean, value: false },
    /** The record's photo, for the crop of a doubtful field (FieldView.crop). */
    photo: { type: String, value: '' },
  },
  data: {
    /** The field whose place is shown on the whole photo ('' for none). */
    whole: '',
  },
  methods: {
    onToggleWhole(e: KeyEvent) {
      const key = e.currentTarget.dataset.key ?? '';
      this.setData({ whole: this.data.whole === key ? '' : key });
    },
    emitChange(key: string | undefined, value: string) {
      if (key) this.triggerEvent('change', { key, value });
    },
    onInput(e: KeyEvent & { detail: unknown }) {
      // Vant's change detail is the string; a picker's change event inside the field's slot can
      // arrive here too (detail { value }): that one is handled by onPickDate / onPickOption.
      if (typeof e.detail === 'string') this.emitChange(e.currentTarget.dataset.key, e.detail);
    },
    onPickDate(e: KeyEvent & { detail: { value: string } }) {
      this.emitChange(e.currentTarget.dataset.key, e.detail.value);
    },
    onPickOption(e: KeyEvent & { detail: { value: string | number } }) {
      const key = e.currentTarget.dataset.key;
      const field = (this.data.fields as Array<{ key: string; options: string[] }>).find((f) => f.key === key);
      const option = field?.options[Number(e.detail.value)];
      if (option !== undefined) this.emitChange(key, option);
    },
    onAccept(e: KeyEvent) {
      const key = e.currentTarget.dataset.key;
      if (key) this.triggerEvent('accept', { key });
    },
  },
});
