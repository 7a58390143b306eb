// The wx environment of one test: the fake backend behind wx.cloud (or wx.request / wx.uploadFile),
// image APIs that crop/compress deterministically, navigation and UI calls recorded.
import { vi } from 'vitest';
import { FakeBackend } from './backend';
import { requireMini, stubWx, wxApi } from './harness';

export interface Env {
  backend: FakeBackend;
  nav: string[];
  /** What each toast showed: the van-toast's message (a page's own), or wx.showToast's title (a
   *  message shown while leaving a page). */
  toasts: string[];
  /** What each dialog showed: the van-dialog's title and message, or wx.showModal's. */
  modals: Array<{ title?: string; content?: string }>;
  /** Answer of the next dialogs (default: confirm): the van-dialog's own confirm/cancel handler runs. */
  modalAnswers: boolean[];
  /** false: dialogs stay open for the test to answer by tapping their buttons. */
  answerDialogs: boolean;
  /** Dialogs asked for whose answer has not reached the page yet (Vant answers after its closing
   *  transition). */
  openDialogs: number;
  /** Bytes reported by getFileInfo per path (default 120 KB). */
  sizes: Record<string, number>;
  canvasDraws: unknown[][];
  /** The pixels an offscreen canvas hands back (getImageData) for a w×h drawing; unset: the canvas
   *  has no getImageData, as on a device where the photo checks cannot run. */
  canvasPixels?: (w: number, h: number) => { data: Uint8ClampedArray; width: number; height: number };
  /** wx.openDocument calls (the export opens its .xlsx). */
  documents: Array<Record<string, any>>;
  /** wx.requestSubscribeMessage: the tmplIds asked for, and the answer per id ('accept' | 'reject' | …)
   *  or the failure ({ errMsg, errCode }) the next call gets (default: every id accepted). */
  subscribeRequests: string[][];
  subscribeAnswer: ((tmplIds: string[]) => Record<string, string>) | null;
  wx: Record<string, any>;
  restore(): void;
}

interface ConfigModule {
  config: { transport: 'cloud' | 'server'; cloudEnv: string; serverUrl: string; devOpenid: string };
}
interface ApiModule {
  resetCaches(): void;
}

type VantInstance = { data: Record<string, any>; onConfirm(): void; onCancel(): void };
type VantCall = (options: { context: { selectComponent(sel: string): VantInstance | null }; selector?: string }) => unknown;
interface ToastModule {
  default: VantCall;
}
interface DialogModule {
  default: VantCall & { alert: VantCall; confirm: VantCall };
}

/** Records what Vant's toast and dialog components show when a page calls their APIs (the real calls,
 *  which render into the page's van-toast / van-dialog), and answers each dialog through the
 *  component's own button handler. Returns the restore function. */
function watchVant(env: Env): () => void {
  const toastModule = requireMini<ToastModule>('miniprogram_npm/@vant/weapp/toast/toast');
  const dialog = requireMini<DialogModule>('miniprogram_npm/@vant/weapp/dialog/dialog').default;
  const realToast = toastModule.default;
  const { alert, confirm } = dialog;
  const toast: VantCall = (options) => {
    const shown = realToast(options) as VantInstance | undefined;
    if (shown) env.toasts.push(String(shown.data.message));
    return shown;
  };
  toastModule.default = Object.assign(toast, realToast);
  const answering = (real: VantCall): VantCall => (options) => {
    const result = real(options) as Promise<unknown>;
    env.openDialogs++;
    const settled = (): void => void env.openDialogs--;
    result.then(settled, settled);
    const component = options.context.selectComponent(options.selector ?? '#van-dialog');
    if (component) {
      // Vant shows the dialog on the next tick: answer once it is up, as a tap would.
      setTimeout(() => {
        env.modals.push({ title: component.data.title, content: component.data.message });
        if (!env.answerDialogs) return;
        const confirmed = env.modalAnswers.length ? env.modalAnswers.shift()! : true;
        if (confirmed) component.onConfirm();
        else component.onCancel();
      }, 0);
    }
    return result;
  };
  dialog.alert = answering(alert);
  dialog.confirm = answering(confirm);
  return () => {
    toastModule.default = realToast;
    dialog.alert = alert;
    dialog.confirm = confirm;
  };
}

export function setupEnv(opts: { transport?: 'cloud' | 'server'; openid?: string; admin?: boolean } = {}): Env {
  const backend = new FakeBackend();
  backend.openid = opts.openid ?? 'user-1';
  if (opts.admin) backend.admins.add(backend.openid);
  const cfg = requireMini<ConfigModule>('config').config;
  const saved = { ...cfg };
  cfg.transport = opts.transport ?? 'cloud';
  cfg.cloudEnv = 'test-env';
  cfg.serverUrl = 'http://127.0.0.1:8787';
  cfg.devOpenid = backend.openid;
  requireMini<ApiModule>('services/api').resetCaches();

  const env: Env = {
    backend,
    nav: [],
    toasts: [],
    modals: [],
    modalAnswers: [],
    answerDialogs: true,
    openDialogs: 0,
    sizes: {},
    canvasDraws: [],
    documents: [],
    subscribeRequests: [],
    subscribeAnswer: null,
    wx: {},
    restore: () => undefined,
  };
  let outputs = 0;
  const stubs: Record<string, unknown> = {
    cloud: backend.cloudStub(),
    navigateTo: wxApi((o) => void env.nav.push(o.url)),
    redirectTo: wxApi((o) => void env.nav.push(`redirect:${o.url}`)),
    switchTab: wxApi((o) => void env.nav.push(`tab:${o.url}`)),
    navigateBack: wxApi(() => void env.nav.push('back')),
    showToast: wxApi((o) => void env.toasts.push(o.title)),
    showModal: wxApi((o) => {
      env.modals.push({ title: o.title, content: o.content });
      const confirm = env.modalAnswers.length ? env.modalAnswers.shift()! : true;
      return { confirm, cancel: !confirm, errMsg: 'showModal:ok' };
    }),
    previewImage: wxApi(() => ({ errMsg: 'previewImage:ok' })),
    openDocument: wxApi((o) => {
      env.documents.push(o);
      return { errMsg: 'openDocument:ok' };
    }),
    requestSubscribeMessage: wxApi((o) => {
      const ids = o.tmplIds as string[];
      env.subscribeRequests.push(ids);
      const answer = env.subscribeAnswer ? env.subscribeAnswer(ids) : Object.fromEntries(ids.map((id) => [id, 'accept']));
      return { ...answer, errMsg: 'requestSubscribeMessage:ok' };
    }),
    stopPullDownRefresh: wxApi(() => ({ errMsg: 'stopPullDownRefresh:ok' })),
    requirePrivacyAuthorize: wxApi(() => ({ errMsg: 'requirePrivacyAuthorize:ok' })),
    onNeedPrivacyAuthorization: vi.fn(),
    getPrivacySetting: wxApi(() => ({ needAuthorization: false, privacyContractName: '《LicenseLens 隐私保护指引》' })),
    getSetting: wxApi(() => ({ authSetting: {} })),
    getImageInfo: wxApi(() => ({ width: 3000, height: 4000, path: 'x', orientation: 'up', type: 'jpeg' })),
    getFileSystemManager: () => ({
      getFileInfo: wxApi((o) => ({ size: env.sizes[o.filePath] ?? 120 * 1024 })),
    }),
    createOffscreenCanvas: vi.fn((o: { width: number; height: number }) => ({
      width: o.width,
      height: o.height,
      getContext: () => ({
        drawImage: (...args: unknown[]) => env.canvasDraws.push(args),
        ...(env.canvasPixels ? { getImageData: (_x: number, _y: number, w: number, h: number) => env.canvasPixels!(w, h) } : {}),
      }),
      createImage: () => {
        const img: Record<string, unknown> = {};
        Object.defineProperty(img, 'src', {
          set(v: string) {
            img._src = v;
            setTimeout(() => (img.onload as () => void)?.(), 0);
          },
          get: () => img._src,
        });
        return img;
      },
    })),
    canvasToTempFilePath: wxApi((o) => ({ tempFilePath: `wxfile://tmp/prepared-${++outputs}-q${o.quality}-${o.destWidth}x${o.destHeight}.jpg` })),
  };
  const restoreWx = stubWx(stubs);
  const restoreVant = watchVant(env);
  env.wx = (globalThis as unknown as { wx: Record<string, any> }).wx;
  env.restore = () => {
    restoreVant();
    restoreWx();
    Object.assign(cfg, saved);
  };
  return env;
}
