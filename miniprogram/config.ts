// The one place to point the mini program at a backend (README "Mini program").
//  - transport 'cloud':  WeChat cloud development — photos to cloud storage, callFunction('ocr' | 'records');
//    set cloudEnv to your environment id (云开发控制台 → 环境 ID).
//  - transport 'server': the local server (`npm start`) or a private deployment — POST /api/ocr (multipart)
//    and POST /api/records over wx.request / wx.uploadFile. Add the host to the request/uploadFile
//    legal domains, or tick 「不校验合法域名」 in DevTools while developing.
//    devOpenid: sent as x-licenselens-openid, accepted only by a server started with --dev on loopback;
//    leave it empty to sign in with wx.login through POST /api/session.
//  - reminderTemplateId: the subscribe-message template of the expiry reminders (公众平台 → 订阅消息), the
//    same id as the backend's REMINDER_TEMPLATE_ID; empty hides 「订阅到期提醒」 on the dossiers page.
export interface AppConfig {
  transport: 'cloud' | 'server';
  cloudEnv: string;
  serverUrl: string;
  devOpenid: string;
  reminderTemplateId: string;
}

export const config: AppConfig = {
  transport: 'server',
  cloudEnv: 'your-env-id',
  serverUrl: 'http://127.0.0.1:8787',
  devOpenid: 'dev-user',
  reminderTemplateId: '',
};
