import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { type Env, setupEnv } from './support/env';
import { flush, render, requireMini, text, until } from './support/harness';

interface ImageModule {
  TARGET_BYTES: number;
  frameRect(w: number, h: number, aspect: number): { left: number; top: number; width: number; height: number };
  cropRect(photo: { width: number; height: number }, view: { width: number; height: number }, frame: { left: number; top: number; width: number; height: number }, margin?: number): { left: number; top: number; width: number; height: number };
  prepareImage(src: string, framing?: unknown): Promise<{ filePath: string; size: number; width: number; height: number }>;
}
const image = (): ImageModule => requireMini<ImageModule>('utils/image');

let env: Env;
beforeEach(() => {
  env = setupEnv();
});
afterEach(() => env.restore());

describe('photo preparation', () => {
  it('frames a licence page across the width and a phone screenshot by the height', () => {
    const wide = image().frameRect(400, 800, 88 / 60);
    expect(wide.width).toBe(344);
    expect(wide.width / wide.height).toBeCloseTo(88 / 60, 1);
    expect(wide.left).toBe(28);
    const tall = image().frameRect(400, 800, 9 / 19.5);
    expect(tall.height).toBe(480);
    expect(tall.width / tall.height).toBeCloseTo(9 / 19.5, 2);
  });

  it('maps the on-screen frame onto the photo (preview fills the view, centred)', () => {
    // A 3000×4000 photo shown on a 400×800 view: scale 0.2, 100 px cut on each side horizontally.
    const crop = image().cropRect({ width: 3000, height: 4000 }, { width: 400, height: 800 }, { left: 50, top: 100, width: 300, height: 200 }, 0);
    expect(crop).toEqual({ left: 750, top: 500, width: 1500, height: 1000 });
    // The margin never leaves the photo.
    const edge = image().cropRect({ width: 1000, height: 2000 }, { width: 400, height: 800 }, { left: 0, top: 0, width: 400, height: 200 });
    expect(edge.left).toBe(0);
    expect(edge.top).toBe(0);
    expect(edge.width).toBeLessThanOrEqual(1000);
  });

  it('lowers quality, then resolution, until the file is at most 300 KB', async () => {
    env.sizes['wxfile://tmp/huge.jpg'] = 5_000_000;
    env.wx.canvasToTempFilePath = vi.fn((o: Record<string, any>) => {
      const path = `wxfile://tmp/out-q${o.quality}-${o.destWidth}x${o.destHeight}.jpg`;
      // Bytes shrink with quality and pixels; only the third attempt fits.
      env.sizes[path] = Math.round(o.destWidth * o.destHeight * o.quality * 0.3);
      setTimeout(() => o.success({ tempFilePath: path }), 0);
    });
    const out = await image().prepareImage('wxfile://tmp/huge.jpg');
    expect(out.size).toBeLessThanOrEqual(image().TARGET_BYTES);
    expect(out.filePath).toBe('wxfile://tmp/out-q0.7-960x1280.jpg');
    expect(env.wx.canvasToTempFilePath).toHaveBeenCalledTimes(3);
  });

  it('sends an already small album photo untouched', async () => {
    env.sizes['wxfile://tmp/small.jpg'] = 90_000;
    env.wx.getImageInfo = vi.fn((o: Record<string, any>) => setTimeout(() => o.success({ width: 1200, height: 800 }), 0));
    const out = await image().prepareImage('wxfile://tmp/small.jpg');
    expect(out).toEqual({ filePath: 'wxfile://tmp/small.jpg', size: 90_000, width: 1200, height: 800 });
    expect(env.wx.createOffscreenCanvas).not.toHaveBeenCalled();
  });
});

describe('components', () => {
  it('card-frame draws the hole where it is told and the shooting tips', () => {
    const frame = render('components/card-frame/index', { left: 20, top: 100, width: 300, height: 200, label: '机动车行驶证正面' });
    const hole = frame.querySelector('.frame')!;
    expect(hole.dom.getAttribute('style')).toContain('width:300px');
    expect(hole.dom.getAttribute('style')).toContain('height:200px');
    expect(text(frame.querySelector('.tips'))).toContain('请将机动车行驶证正面放入框内');
    expect(text(frame.querySelector('.tips'))).toContain('避免反光');
  });

  it('privacy-popup opens when WeChat needs agreement and resolves it on 同意', async () => {
    let listener: ((resolve: (r: unknown) => void) => void) | undefined;
    env.wx.onNeedPrivacyAuthorization = vi.fn((l: typeof listener) => (listener = l));
    const popup = render('components/privacy-popup/index');
    await flush();
    expect(popup.data.contractName).toBe('《LicenseLens 隐私保护指引》');
    const resolve = vi.fn();
    listener!(resolve);
    await flush();
    expect(popup.data.show).toBe(true);
    // Vant's popup renders its content once its enter transition starts.
    await until(() => text(popup.querySelector('.privacy-popup')).includes('用户隐私保护提示'), 'popup content');
    expect(text(popup.querySelector('.privacy-popup'))).toContain('《LicenseLens 隐私保护指引》');
    popup.querySelector('.privacy-agree')!.dispatchEvent('agreeprivacyauthorization');
    await flush();
    expect(resolve).toHaveBeenCalledWith({ event: 'agree', buttonId: 'agree-privacy-btn' });
    expect(popup.data.show).toBe(false);

    const refuse = vi.fn();
    listener!(refuse);
    popup.querySelector('.privacy-disagree')!.querySelector('.van-button')!.dispatchEvent('tap');
    await flush();
    expect(refuse).toHaveBeenCalledWith({ event: 'disagree' });
  });
});
