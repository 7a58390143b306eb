// The mini program as a real phone meets it (issue #16): each wx failure gets its own Chinese message,
// the photo still goes out when the canvas cannot export, the review form sends only the changed field
// to the view layer, and the core bundle is small and never compiles code at run time.
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { makeRecord } from './support/backend';
import { type Env, setupEnv } from './support/env';
import { MINI, flush, render, requireMini, text, until, wxApi } from './support/harness';

let env: Env;
beforeEach(() => {
  env = setupEnv();
});
afterEach(() => env.restore());

interface ErrorsModule {
  fromWxError(err: unknown, op?: string): { code: string; message: string; retryable: boolean };
}
const errors = (): ErrorsModule => requireMini<ErrorsModule>('services/errors');

interface ImageModule {
  MAX_BYTES: number;
  prepareImage(src: string, framing?: unknown): Promise<{ filePath: string; size: number; width: number; height: number }>;
}
const image = (): ImageModule => requireMini<ImageModule>('utils/image');

/** The scan page after picking a photo from the album ended in its error state. */
async function albumScanError(): Promise<ReturnType<typeof render>> {
  const page = render('pages/scan/index');
  page.instance.onLoad({});
  await flush();
  await page.instance.onAlbum();
  await until(() => page.data.mode === 'error', 'error shown');
  return page;
}

describe('wx failures, each with its own message', () => {
  it('tells a camera, album, canvas, upload, cloud-function, quota and environment failure apart, none as a network problem', () => {
    const cases: Array<[unknown, string | undefined, string, RegExp]> = [
      [{ errMsg: 'takePhoto:fail camera is busy' }, 'camera', 'CAMERA_FAILED', /相机拍照失败/],
      [{ errMsg: 'insertCamera:fail auth deny' }, undefined, 'CAMERA_DENIED', /相机权限/],
      [{ errMsg: 'chooseMedia:fail auth deny' }, 'album', 'ALBUM_DENIED', /相册权限/],
      [{ errMsg: 'chooseMedia:fail file not found' }, 'album', 'ALBUM_FAILED', /无法读取所选照片/],
      [{ errMsg: 'canvasToTempFilePath:fail create bitmap failed' }, undefined, 'IMAGE_PROCESS_FAILED', /照片处理失败/],
      [{ errMsg: 'uploadFile:fail file not exist' }, 'upload', 'UPLOAD_FAILED', /照片上传失败/],
      [{ errMsg: 'cloud.uploadFile:fail storage quota exceeded' }, 'upload', 'CLOUD_QUOTA', /额度已用完/],
      [{ errCode: -504002, errMsg: 'cloud.callFunction:fail -504002 functions execute fail' }, 'cloud', 'CLOUD_FUNCTION_FAILED', /服务暂时出错/],
      [{ errCode: -501006, errMsg: 'cloud.callFunction:fail -501006 resource quota exceeded' }, 'cloud', 'CLOUD_QUOTA', /额度已用完/],
      [{ errCode: -501000, errMsg: 'cloud.callFunction:fail -501000 env not found' }, 'cloud', 'CLOUD_ENV', /云开发环境未配置/],
    ];
    for (const [err, op, code, message] of cases) {
      const e = errors().fromWxError(err, op);
      expect([e.code, e.message], JSON.stringify(err)).toEqual([code, expect.stringMatching(message)]);
      expect(e.code).not.toBe('NETWORK');
    }
    // A real network failure is still one, and a cancel is a cancel.
    expect(errors().fromWxError({ errMsg: 'request:fail -2:net::ERR_INTERNET_DISCONNECTED' }, 'request').code).toBe('NETWORK');
    expect(errors().fromWxError({ errMsg: 'cloud.callFunction:fail network error' }, 'cloud').code).toBe('NETWORK');
    expect(errors().fromWxError({ errMsg: 'chooseMedia:fail cancel' }, 'album').code).toBe('CANCELLED');
  });

  it('the scan page shows the album failure as such, not as a network problem', async () => {
    env.wx.chooseMedia = wxApi(() => {
      throw { errMsg: 'chooseMedia:fail file not found' };
    });
    const page = await albumScanError();
    expect(page.data.error.code).toBe('ALBUM_FAILED');
    expect(text(page.querySelector('.error'))).toMatch(/无法读取所选照片/);
    // 重试 would send the same nothing again: not offered.
    expect(page.data.error.retryable).toBe(false);
  });

  it('the scan page reports a cloud function quota as a quota, not as a network problem', async () => {
    env.wx.cloud.callFunction = wxApi(() => {
      throw { errCode: -501006, errMsg: 'cloud.callFunction:fail -501006 resource quota exceeded' };
    });
    env.wx.chooseMedia = wxApi(() => ({ tempFiles: [{ tempFilePath: 'wxfile://tmp/album.jpg', size: 100_000 }] }));
    const page = await albumScanError();
    expect(page.data.error.code).toBe('CLOUD_QUOTA');
    expect(page.data.error.message).toMatch(/额度已用完/);
  });
});

describe('photo preparation when the canvas cannot export (iOS OffscreenCanvas)', () => {
  const failExport = (): void => {
    env.wx.canvasToTempFilePath = wxApi(() => {
      throw { errMsg: 'canvasToTempFilePath:fail canvas is empty' };
    });
  };

  it('falls back to wx.compressImage with the long side limited', async () => {
    failExport();
    env.sizes['wxfile://tmp/big.jpg'] = 4_000_000;
    env.sizes['wxfile://tmp/compressed.jpg'] = 400_000;
    env.wx.compressImage = wxApi(() => ({ tempFilePath: 'wxfile://tmp/compressed.jpg' }));
    const out = await image().prepareImage('wxfile://tmp/big.jpg');
    expect(out.filePath).toBe('wxfile://tmp/compressed.jpg');
    expect(out.size).toBe(400_000);
    const call = env.wx.compressImage.mock.calls[0]![0] as Record<string, unknown>;
    // The test photo is 3000×4000 (portrait): its height is what is limited.
    expect(call).toMatchObject({ src: 'wxfile://tmp/big.jpg', compressedHeight: 1600 });
    expect(call.quality).toBeGreaterThan(0);
  });

  it('a camera photo (cropped to the frame on the canvas path) falls back to compressImage on the whole photo', async () => {
    failExport();
    env.sizes['wxfile://tmp/shot.jpg'] = 3_000_000;
    env.sizes['wxfile://tmp/shot-compressed.jpg'] = 350_000;
    env.wx.compressImage = wxApi(() => ({ tempFilePath: 'wxfile://tmp/shot-compressed.jpg' }));
    const framing = { view: { width: 375, height: 667 }, frame: { left: 26, top: 180, width: 322, height: 220 } };
    const out = await image().prepareImage('wxfile://tmp/shot.jpg', framing);
    // The canvas was tried first (the crop), then the photo went out whole: the server finds the card.
    expect(env.wx.canvasToTempFilePath).toHaveBeenCalled();
    expect(out).toMatchObject({ filePath: 'wxfile://tmp/shot-compressed.jpg', size: 350_000 });
    expect(env.wx.compressImage.mock.calls[0]![0]).toMatchObject({ src: 'wxfile://tmp/shot.jpg', compressedHeight: 1600 });
  });

  it('uploads the original when compressImage fails too and the original is within the limit', async () => {
    failExport();
    env.sizes['wxfile://tmp/medium.jpg'] = 1_500_000;
    env.wx.compressImage = wxApi(() => {
      throw { errMsg: 'compressImage:fail' };
    });
    const out = await image().prepareImage('wxfile://tmp/medium.jpg');
    expect(out).toMatchObject({ filePath: 'wxfile://tmp/medium.jpg', size: 1_500_000 });
    expect(out.size).toBeLessThanOrEqual(image().MAX_BYTES);
  });

  it('refuses with the image-processing message when nothing can make the photo small enough', async () => {
    failExport();
    env.sizes['wxfile://tmp/huge.jpg'] = 9_000_000;
    env.wx.compressImage = wxApi(() => {
      throw { errMsg: 'compressImage:fail' };
    });
    env.wx.chooseMedia = wxApi(() => ({ tempFiles: [{ tempFilePath: 'wxfile://tmp/huge.jpg', size: 9_000_000 }] }));
    const page = await albumScanError();
    expect(page.data.error.code).toBe('IMAGE_PROCESS_FAILED');
    // Nothing uploaded or recognized (the page only asked which services it may offer).
    expect(env.backend.calls.filter((c) => c.data.action !== 'services')).toHaveLength(0);
  });

  it('keeps the canvas path where it works (crop and compress, no compressImage)', async () => {
    env.sizes['wxfile://tmp/big.jpg'] = 4_000_000;
    env.wx.compressImage = vi.fn();
    const out = await image().prepareImage('wxfile://tmp/big.jpg');
    expect(out.filePath).toMatch(/^wxfile:\/\/tmp\/prepared-/);
    expect(env.wx.compressImage).not.toHaveBeenCalled();
  });
});

describe('review form updates', () => {
  it('sends only the changed field to the view layer on a keystroke, not the whole list', async () => {
    const record = makeRecord();
    env.backend.records.push(record);
    requireMini<{ putScan(s: unknown): void }>('services/session').putScan({ record, photoPath: 'wxfile://tmp/p.jpg' });
    const page = render('pages/review/index');
    page.instance.onLoad({ id: record._id });
    await until(() => page.data.loading === false, 'loaded');
    const sent: string[][] = [];
    const setData = page.instance.setData.bind(page.instance);
    page.instance.setData = (d: Record<string, unknown>) => {
      sent.push(Object.keys(d));
      return setData(d);
    };
    page.instance.onFieldChange({ currentTarget: { dataset: { page: 0 } }, detail: { key: 'owner', value: '李四' } });
    await flush();
    const ownerIndex = (page.data.pages[0].fields as Array<{ key: string }>).findIndex((f) => f.key === 'owner');
    expect(sent).toHaveLength(1);
    expect(sent[0]).toContain(`pages[0].fields[${ownerIndex}]`);
    expect(sent[0]).not.toContain('pages');
    expect(page.data.pages[0].fields[ownerIndex].value).toBe('李四');
    // The counters still follow: fixing the VIN by its suggestion lowers the doubtful count by one.
    const before = page.data.doubtfulCount as number;
    page.instance.onAcceptSuggestion({ currentTarget: { dataset: { page: 0 } }, detail: { key: 'vin' } });
    await flush();
    expect(page.data.doubtfulCount).toBe(before - 1);
  });
});

describe('the core bundle shipped to the mini program', () => {
  const bundle = join(MINI, 'core/bundle.js');

  it('is trimmed to well under the former ~500 KB', () => {
    expect(statSync(bundle).size).toBeLessThan(300 * 1024);
    // zod's ~50 message locales are not shipped (the mini program shows its own Chinese messages).
    expect(readFileSync(bundle, 'utf8')).not.toMatch(/Ungültige Eingabe|Entrée invalide/);
  });

  it('validates records without compiling code at run time (zod jitless: mini programs forbid new Function)', () => {
    const records = requireMini<{ RecordSchema: { parse(v: unknown): unknown } }>('core/contracts/records');
    const real = globalThis.Function;
    let compiled = 0;
    globalThis.Function = new Proxy(real, {
      construct(target, args) {
        compiled++;
        return Reflect.construct(target, args);
      },
      apply(target, self, args) {
        compiled++;
        return Reflect.apply(target, self, args);
      },
    });
    try {
      for (let i = 0; i < 3; i++) expect(records.RecordSchema.parse(makeRecord())).toMatchObject({ status: 'recognized' });
    } finally {
      globalThis.Function = real;
    }
    expect(compiled).toBe(0);
  });
});
