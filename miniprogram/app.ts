// LicenseLens mini program. The backend (cloud or server) is chosen in config.ts; wx.cloud is
// initialized lazily by services/cloud.ts, the only module that touches it.
App({
  onLaunch() {
    // Apply a new version as soon as it is downloaded: an old client may not match the API.
    if (typeof wx.getUpdateManager !== 'function') return;
    const updates = wx.getUpdateManager();
    updates.onUpdateReady(() => {
      wx.showModal({
        title: '发现新版本',
        content: '新版本已准备好，是否重启应用？',
        success: (r) => {
          if (r.confirm) updates.applyUpdate();
        },
      });
    });
  },
});
