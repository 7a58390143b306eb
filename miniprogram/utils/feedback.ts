// The messages a page shows, through Vant's toast and dialog so they look like the rest of the UI
// (wx.showToast cuts a title at 7 Chinese characters with an icon; wx.showModal is the system's look).
// A page using these has `<van-toast id="van-toast" />` and `<van-dialog id="van-dialog" />` in its
// WXML. A message shown just before the page goes away (redirect, back) stays wx.showToast: Vant's
// toast lives in the page and would vanish with it.
import Dialog from '@vant/weapp/dialog/dialog';
import Toast from '@vant/weapp/toast/toast';

/** The page (or component) whose van-toast / van-dialog shows the message. */
type Context = WechatMiniprogram.Component.TrivialInstance;

export function toast(page: Context, message: string, type: 'text' | 'success' | 'fail' = 'text'): void {
  Toast({ context: page, selector: '#van-toast', type, message });
}

export interface ConfirmOptions {
  title: string;
  message: string;
  confirmText?: string;
  cancelText?: string;
  /** A destructive action's confirm button is red. */
  danger?: boolean;
}

/** Resolves true when the user confirms, false when they cancel. */
export function confirm(page: Context, o: ConfirmOptions): Promise<boolean> {
  const options: Parameters<typeof Dialog.confirm>[0] & { confirmButtonColor?: string } = {
    context: page,
    selector: '#van-dialog',
    title: o.title,
    message: o.message,
    confirmButtonText: o.confirmText ?? '确定',
    cancelButtonText: o.cancelText ?? '取消',
    ...(o.danger ? { confirmButtonColor: '#ee0a24' } : {}),
  };
  return Dialog.confirm(options).then(
    () => true,
    () => false,
  );
}

/** A message the user acknowledges (one button). */
export function alert(page: Context, title: string, message: string): Promise<void> {
  return Dialog.alert({ context: page, selector: '#van-dialog', title, message, confirmButtonText: '知道了' }).then(
    () => undefined,
    () => undefined,
  );
}
