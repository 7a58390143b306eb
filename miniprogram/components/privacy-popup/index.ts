// Our own privacy dialog, shown when WeChat reports that an API needs the user's agreement
// (wx.onNeedPrivacyAuthorization). Agreeing goes through a button with
// open-type="agreePrivacyAuthorization", as WeChat requires; then the pending call proceeds.
type Resolve = (r: { event: 'agree' | 'disagree'; buttonId?: string }) => void;

Component({
  data: { show: false, contractName: '《用户隐私保护指引》' },
  lifetimes: {
    attached() {
      if (typeof wx.onNeedPrivacyAuthorization === 'function') {
        // The typings say the listener gets a GeneralCallbackResult; WeChat passes (resolve, eventInfo).
        const listener = (resolve: Resolve): void => {
          (this as unknown as { pending: Resolve | null }).pending = resolve;
          this.setData({ show: true });
        };
        wx.onNeedPrivacyAuthorization(listener as unknown as WechatMiniprogram.OnNeedPrivacyAuthorizationCallback);
      }
      if (typeof wx.getPrivacySetting === 'function') {
        wx.getPrivacySetting({
          success: (r) => {
            if (r.privacyContractName) this.setData({ contractName: r.privacyContractName });
          },
        });
      }
    },
  },
  methods: {
    settle(event: 'agree' | 'disagree') {
      const self = this as unknown as { pending: Resolve | null };
      const pending = self.pending;
      self.pending = null;
      this.setData({ show: false });
      if (pending) pending(event === 'agree' ? { event, buttonId: 'agree-privacy-btn' } : { event });
      this.triggerEvent(event);
    },
    onAgree() {
      this.settle('agree');
    },
    onDisagree() {
      this.settle('disagree');
    },
    onOpenContract() {
      if (typeof wx.openPrivacyContract === 'function') wx.openPrivacyContract({});
    },
  },
});
