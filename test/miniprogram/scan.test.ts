import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ApiRefusal, makeRecord } from './support/backend';
import { type Env, setupEnv } from './support/env';
import { type Rendered, flush, render, text, until, wxApi } from './support/harness';

let env: Env;
beforeEach(() => {
  env = setupEnv();
});
afterEach(() => env.restore());

function openScan(query: Record<string, string> = {}): Rendered {
  const page = render('pages/scan/index');
  page.instance.onLoad(query);
  return page;
}

const tap = (page: Rendered, sel: string): void => {
  const el = page.querySelector(sel);
  if (!el) throw new Error(`no ${sel}`);
  // A Vant button: tap the native button inside it.
  const inner = el.querySelector('.van-button');
  (inner ?? el).dispatchEvent('tap');
};

describe('scan page', () => {
  it('renders the registry: document picker, sides of the chosen document, both capture buttons', async () => {
    const page = openScan();
    await flush();
    expect(text(page.querySelector('.doc-cell'))).toContain('机动车行驶证');
    expect(text(page.querySelector('.side-front'))).toBe('正面');
    expect(text(page.querySelector('.side-back'))).toBe('反面');
    expect(text(page.querySelector('.start-camera'))).toContain('拍照识别');
    expect(text(page.querySelector('.choose-album'))).toContain('从相册选择');

    // A one-sided document has no side switch.
    const names: string[] = page.data.docNames;
    const index = page.data.docs.indexOf('id_card');
    page.querySelector('.doc-picker')!.dispatchEvent('change', { detail: { value: index } });
    await flush();
    expect(text(page.querySelector('.doc-cell'))).toContain(names[index]!);
    expect(page.data.sides.map((s: { value: string }) => s.value)).toEqual(['front', 'back', 'auto']);
  });

  it('album photo: asks privacy first, shows upload then recognition progress, opens the review with the record', async () => {
    const page = openScan();
    const progress: number[] = [];
    const stages: string[] = [];
    const order: string[] = [];
    env.wx.requirePrivacyAuthorize = wxApi(() => void order.push('privacy'));
    env.wx.chooseMedia = wxApi(() => {
      order.push('chooseMedia');
      return { type: 'image', tempFiles: [{ tempFilePath: 'wxfile://tmp/album.jpg', size: 3_500_000, fileType: 'image' }] };
    });
    env.sizes['wxfile://tmp/album.jpg'] = 3_500_000;
    const origSetData = page.instance.setData.bind(page.instance);
    page.instance.setData = (d: Record<string, unknown>) => {
      if (typeof d.progress === 'number') progress.push(d.progress);
      if (typeof d.stageText === 'string') stages.push(d.stageText);
      origSetData(d);
    };

    tap(page, '.choose-album');
    await until(() => env.nav.length > 0, 'navigation to review');

    expect(order).toEqual(['privacy', 'chooseMedia']);
    expect(stages.some((s) => s.startsWith('正在上传照片'))).toBe(true);
    expect(stages).toContain('正在识别证件…');
    // Progress only moves forward until it reaches 100 (then the page resets for the next scan).
    const done = progress.indexOf(100);
    expect(done).toBeGreaterThan(0);
    const run = progress.slice(0, done + 1);
    expect(run).toEqual([...run].sort((a, b) => a - b));
    expect(page.data.mode).toBe('idle');
    // The big album photo was re-encoded (≤ 1600 px long side) before upload.
    const upload = env.backend.uploads[0]!;
    expect(upload.filePath).toMatch(/prepared-1-q0\.85-1200x1600\.jpg$/);
    expect(upload.cloudPath).toMatch(/^uploads\/user-1\/vehicle_license-.+\.jpg$/);
    const ocr = env.backend.calls.find((c) => c.name === 'ocr' && c.data.fileID)!;
    // 自动判断 is the default side of a two-sided document.
    expect(ocr.data).toMatchObject({ docType: 'vehicle_license', side: 'auto' });
    expect(ocr.data).not.toHaveProperty('provider');
    expect(ocr.data.fileID).toMatch(/^cloud:\/\//);
    expect(env.nav[0]).toBe(`/pages/review/index?id=${env.backend.records[0]!._id}`);
  });

  it('shows the busy state with a progress bar while recognizing', async () => {
    const page = openScan();
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    env.backend.nextOcr.push(() => makeRecord());
    const cloud = env.wx.cloud as Record<string, any>;
    const call = cloud.callFunction;
    // Only recognition waits (the upload folder is asked for before the upload).
    cloud.callFunction = (o: Record<string, unknown>) => (o.name === 'ocr' ? gate.then(() => call(o)) : call(o));
    env.wx.chooseMedia = wxApi(() => ({ tempFiles: [{ tempFilePath: 'wxfile://tmp/a.jpg' }] }));
    tap(page, '.choose-album');
    await until(() => page.data.stageText === '正在识别证件…', 'recognition stage');
    expect(page.querySelector('.busy')).toBeDefined();
    expect(page.querySelector('.progress')!.dom.innerHTML).toContain('van-progress');
    expect(text(page.querySelector('.stage'))).toContain('正在识别证件');
    release();
    await until(() => env.nav.length > 0, 'navigation');
  });

  it('maps a used-up quota to a clear Chinese message', async () => {
    const page = openScan();
    env.backend.nextOcr.push(() =>
      makeRecord({ status: 'failed', recognized: null, provider: null, error: { code: 'QUOTA', message: 'quota exceeded' } }),
    );
    env.wx.chooseMedia = wxApi(() => ({ tempFiles: [{ tempFilePath: 'wxfile://tmp/a.jpg' }] }));
    tap(page, '.choose-album');
    await until(() => page.data.mode === 'error', 'error state');
    expect(text(page.querySelector('.error-message'))).toBe('今日识别额度已用完，请明天再试');
    expect(env.nav).toEqual([]);
  });

  it('maps the daily limit refusal and nothing recognized, each with its own message', async () => {
    const page = openScan();
    env.backend.nextOcr.push(() => new ApiRefusal('RATE_LIMITED', '今日识别次数已达上限（20 次），请明天再试', 429));
    env.wx.chooseMedia = wxApi(() => ({ tempFiles: [{ tempFilePath: 'wxfile://tmp/a.jpg' }] }));
    tap(page, '.choose-album');
    await until(() => page.data.mode === 'error', 'error state');
    expect(text(page.querySelector('.error-message'))).toBe('今日识别次数已达上限（20 次），请明天再试');

    tap(page, '.rescan');
    await flush();
    env.backend.nextOcr.push(() =>
      makeRecord({ status: 'failed', recognized: null, error: { code: 'NOT_FOUND_IN_IMAGE', message: 'no card' } }),
    );
    tap(page, '.choose-album');
    await until(() => page.data.mode === 'error', 'error state');
    expect(text(page.querySelector('.error-message'))).toBe('没有识别到证件内容，请将证件放在框内、避免反光后重拍');
    expect(page.querySelector('.retry')).toBeUndefined();
    expect(page.querySelector('.rescan')).toBeDefined();
  });

  it('a photo that stays too large after compression is refused before any upload', async () => {
    const page = openScan();
    env.wx.canvasToTempFilePath = wxApi((o) => {
      const path = `wxfile://tmp/huge-${o.quality}-${o.destWidth}.jpg`;
      env.sizes[path] = 3 * 1024 * 1024;
      return { tempFilePath: path };
    });
    env.sizes['wxfile://tmp/raw.jpg'] = 9 * 1024 * 1024;
    env.wx.chooseMedia = wxApi(() => ({ tempFiles: [{ tempFilePath: 'wxfile://tmp/raw.jpg' }] }));
    tap(page, '.choose-album');
    await until(() => page.data.mode === 'error', 'error state');
    expect(text(page.querySelector('.error-message'))).toBe('照片太大，请靠近证件重拍或换一张照片');
    expect(env.backend.uploads).toEqual([]);
  });

  it('recognized but empty: says nothing was recognized and still lets the user fill the form by hand', async () => {
    const page = openScan();
    env.backend.nextOcr.push(() => makeRecord({ recognized: { plateNo: { value: '', warnings: [] } } }));
    env.wx.chooseMedia = wxApi(() => ({ tempFiles: [{ tempFilePath: 'wxfile://tmp/a.jpg' }] }));
    tap(page, '.choose-album');
    await until(() => page.data.mode === 'error', 'error state');
    expect(text(page.querySelector('.error-message'))).toBe('没有识别到证件内容，请将证件放在框内、避免反光后重拍');
    tap(page, '.fill-anyway');
    await flush();
    expect(env.nav).toEqual([`/pages/review/index?id=${env.backend.records[0]!._id}`]);
  });

  it('no network: says so and retries the same photo without re-processing it', async () => {
    const page = openScan();
    env.wx.cloud = env.backend.cloudStub({ failUpload: true });
    env.wx.chooseMedia = wxApi(() => ({ tempFiles: [{ tempFilePath: 'wxfile://tmp/a.jpg' }] }));
    tap(page, '.choose-album');
    await until(() => page.data.mode === 'error', 'error state');
    expect(text(page.querySelector('.error-message'))).toBe('网络不可用，请检查网络后重试');
    const firstUpload = env.backend.uploads[0]!.filePath;

    env.wx.cloud = env.backend.cloudStub();
    tap(page, '.retry');
    await until(() => env.nav.length > 0, 'navigation after retry');
    expect(env.backend.uploads[1]!.filePath).toBe(firstUpload);
  });

  it('camera: full-screen with a frame of the document aspect; the shutter photo is cropped to the frame', async () => {
    const page = openScan();
    env.wx.createCameraContext = () => ({
      takePhoto: (o: { success(r: { tempImagePath: string }): void }) => setTimeout(() => o.success({ tempImagePath: 'wxfile://tmp/shot.jpg' }), 0),
    });
    tap(page, '.start-camera');
    await until(() => page.data.mode === 'camera', 'camera');
    expect(page.querySelector('.camera')).toBeDefined();
    const frame = page.data.frame as { width: number; height: number };
    expect(frame.width / frame.height).toBeCloseTo(88 / 60, 1);
    expect(text(page.querySelector('.card-frame'))).toContain('避免反光');

    page.querySelector('.flash')!.dispatchEvent('tap');
    await flush();
    expect(page.data.flash).toBe('on');

    page.querySelector('.shutter')!.dispatchEvent('tap');
    await until(() => env.nav.length > 0, 'navigation');
    // drawImage(img, sx, sy, sw, sh, 0, 0, dw, dh): a crop narrower than the 3000×4000 photo, card-shaped.
    const [, , , sw, sh] = env.canvasDraws[0] as number[];
    expect(sw).toBeLessThan(3000);
    expect(sw! / sh!).toBeCloseTo(88 / 60, 1);
  });

  it('camera permission refused: explains, offers the settings and the album', async () => {
    const page = openScan();
    env.wx.getSetting = wxApi(() => ({ authSetting: { 'scope.camera': false } }));
    tap(page, '.start-camera');
    await until(() => page.data.cameraDenied === true, 'denied notice');
    expect(page.data.mode).toBe('idle');
    expect(text(page.querySelector('.camera-denied'))).toContain('未获得相机权限');
    expect(page.querySelector('.open-setting')).toBeDefined();

    env.wx.chooseMedia = wxApi(() => ({ tempFiles: [{ tempFilePath: 'wxfile://tmp/a.jpg' }] }));
    tap(page, '.album-instead');
    await until(() => env.nav.length > 0, 'navigation');
  });

  it('camera error while open (user said no to the prompt) falls back to the explanation', async () => {
    const page = openScan();
    tap(page, '.start-camera');
    await until(() => page.data.mode === 'camera', 'camera');
    page.querySelector('.camera')!.dispatchEvent('error', { detail: { errMsg: 'insertCamera:fail auth deny' } });
    await flush();
    expect(page.data.mode).toBe('idle');
    expect(page.querySelector('.camera-denied')).toBeDefined();
  });

  it('privacy refused: no camera, no album, a Chinese explanation', async () => {
    const page = openScan();
    env.wx.requirePrivacyAuthorize = wxApi(() => {
      throw { errMsg: 'requirePrivacyAuthorize:fail privacy permission is not authorized' };
    });
    env.wx.chooseMedia = wxApi(() => {
      throw new Error('must not be called');
    });
    tap(page, '.choose-album');
    tap(page, '.start-camera');
    await flush(10);
    expect(env.toasts).toContain('需要同意隐私保护指引才能拍摄或选择照片');
    expect(env.wx.chooseMedia).not.toHaveBeenCalled();
    expect(page.data.mode).toBe('idle');
  });
});

describe('scan page: services, sides and a running recognition', () => {
  const albumPhoto = (): void => {
    env.wx.chooseMedia = wxApi(() => ({ tempFiles: [{ tempFilePath: 'wxfile://tmp/a.jpg' }] }));
  };

  it('starts on 自动判断 for a two-sided document; a side can still be chosen', async () => {
    const page = openScan();
    await flush();
    expect(page.data.side).toBe('auto');
    expect(text(page.querySelector('.side-auto'))).toBe('自动判断');
    page.querySelector('.side-back')!.querySelector('.van-button')!.dispatchEvent('tap');
    await flush();
    expect(page.data.side).toBe('back');
    expect(page.data.docTitle).toBe('机动车行驶证反面');
  });

  it('offers only the services the backend has configured, and sends the one chosen', async () => {
    env.backend.providers = ['wechat', 'kuaitong'];
    const page = openScan();
    await until(() => page.data.providers.length > 1, 'the services');
    await flush();
    // The vehicle licence is read by all four; the engine and Juhe are not configured here.
    expect(page.data.providerNames).toEqual(['自动选择', '微信 OCR', '快瞳']);
    expect(text(page.querySelector('.provider-cell'))).toContain('自动选择');
    expect(env.backend.calls[0]).toEqual({ name: 'ocr', data: { action: 'services' } });

    page.querySelector('.provider-picker')!.dispatchEvent('change', { detail: { value: 1 } });
    albumPhoto();
    tap(page, '.choose-album');
    await until(() => env.nav.length > 0, 'navigation to review');
    expect(env.backend.calls.find((c) => c.name === 'ocr' && c.data.fileID)!.data).toMatchObject({ provider: 'wechat' });

    // Kuaitong does not read ID cards: not offered there.
    const index = page.data.docs.indexOf('id_card');
    page.querySelector('.doc-picker')!.dispatchEvent('change', { detail: { value: index } });
    await flush();
    expect(page.data.providerNames).toEqual(['自动选择', '微信 OCR']);
  });

  it('offers 自动选择 alone when the backend names no service', async () => {
    env.backend.providers = [];
    const page = openScan();
    await until(() => env.backend.calls.some((c) => c.data.action === 'services'), 'the question');
    await flush();
    expect(page.data.providers).toEqual([{ value: 'auto', label: '自动选择' }]);
    expect(page.querySelector('.provider-picker')).toBeUndefined();
  });

  it('a running recognition shows its elapsed time and can be cancelled; 重试 sends the same photo again', async () => {
    const page = openScan();
    const cloud = env.wx.cloud as Record<string, any>;
    const call = cloud.callFunction;
    let hang = true;
    // The first recognition never answers (a stalled network), the retry does.
    cloud.callFunction = (o: Record<string, any>) => (o.name === 'ocr' && o.data?.fileID && hang ? new Promise(() => undefined) : call(o));
    albumPhoto();
    tap(page, '.choose-album');
    await until(() => page.data.cancellable === true && page.data.stageText === '正在识别证件…', 'a running recognition');
    await flush();
    expect(text(page.querySelector('.elapsed'))).toMatch(/^已用时 \d+ 秒$/);
    await until(() => page.data.elapsed >= 1, 'the clock ticking', 3000);
    expect(text(page.querySelector('.elapsed'))).toMatch(/^已用时 [1-9]\d* 秒$/);

    tap(page, '.cancel');
    await flush();
    expect(page.data.mode).toBe('error');
    expect(text(page.querySelector('.error-message'))).toBe('已取消识别');
    expect(page.querySelector('.retry')).toBeDefined();
    expect(env.nav).toEqual([]);

    hang = false;
    const uploaded = env.backend.uploads[0]!.filePath;
    tap(page, '.retry');
    await until(() => env.nav.length > 0, 'the review after 重试');
    expect(env.backend.uploads[1]!.filePath).toBe(uploaded);
    expect(page.data.cancellable).toBe(false);
  });

  it('deletes the record of a cancelled recognition that answers late, so the history keeps no orphan', async () => {
    const page = openScan();
    const cloud = env.wx.cloud as Record<string, any>;
    const call = cloud.callFunction;
    let answer: (() => void) | null = null;
    // The recognition answers only after the user has cancelled (a cloud call cannot be aborted).
    cloud.callFunction = (o: Record<string, any>) =>
      o.name === 'ocr' && o.data?.fileID ? new Promise((ok, fail) => (answer = () => void call(o).then(ok, fail))) : call(o);
    albumPhoto();
    tap(page, '.choose-album');
    await until(() => page.data.cancellable === true && answer !== null, 'a running recognition');
    tap(page, '.cancel');
    await flush();
    expect(page.data.mode).toBe('error');
    (answer as unknown as () => void)();
    await until(() => env.backend.calls.some((c) => c.data.action === 'delete'), 'the late record deleted');
    expect(env.backend.records).toEqual([]);
    expect(env.nav).toEqual([]);
  });

  it('offers 重试 only where sending the same photo again can succeed', async () => {
    const outcomes: Array<[string, boolean]> = [
      ['TIMEOUT', true],
      ['UPSTREAM', true],
      ['QUOTA', false],
      ['BAD_IMAGE', false],
      ['NO_PROVIDER', false],
    ];
    for (const [code, retry] of outcomes) {
      const page = openScan();
      env.backend.nextOcr.push(() => makeRecord({ status: 'failed', recognized: null, provider: null, error: { code, message: code } }));
      albumPhoto();
      tap(page, '.choose-album');
      await until(() => page.data.mode === 'error', `the ${code} error`);
      await flush();
      expect(page.querySelector('.retry') !== undefined, code).toBe(retry);
      expect(page.querySelector('.rescan'), code).toBeDefined();
    }
  });
});
