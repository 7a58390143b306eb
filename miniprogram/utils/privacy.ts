// WeChat's privacy authorization (用户隐私保护指引): camera and album calls fail until the user has
// agreed. requirePrivacyAuthorize shows our popup (components/privacy-popup, through
// wx.onNeedPrivacyAuthorization) when agreement is still needed, and resolves once it is given.
export function requirePrivacy(): Promise<void> {
  return new Promise((resolve, reject) => {
    if (typeof wx.requirePrivacyAuthorize !== 'function') {
      resolve(); // base library < 2.32.3: no privacy framework to satisfy
      return;
    }
    wx.requirePrivacyAuthorize({ success: () => resolve(), fail: (e) => reject(e) });
  });
}
