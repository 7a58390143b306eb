// The phone's photo checks before upload (miniprogram/utils/photo-check.ts, core's pixel checks): a
// photo that is too dark or blurred prompts a retake before any upload; "仍然上传" goes on; a good
// photo and a device without canvas pixels upload without a prompt. Pixels are those of a real
// fixture, decoded by sharp at the size the page draws them.
import sharp from 'sharp';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { makeRecord } from './support/backend';
import { type Env, setupEnv } from './support/env';
import { type Rendered, flush, render, text, until, wxApi } from './support/harness';
import { realFixture } from '../support/fixtures';

// the prepared photo is 1600×1180 (the album photo below), drawn for the checks at 640 wide
const PHOTO = { width: 1600, height: 1180 };
const DRAWN = { width: 640, height: Math.round((1180 * 640) / 1600) };
// the checks run in plain JavaScript on a shared, busy test machine: wait longer than the default
const SLOW = 30_000;
type Rgba = { data: Uint8ClampedArray; width: number; height: number };
let good: Rgba;
let darkBlurred: Rgba;

async function rgba(img: sharp.Sharp): Promise<Rgba> {
  const { data, info } = await img.resize(DRAWN.width, DRAWN.height, { fit: 'fill' }).ensureAlpha().raw().toBuffer({ resolveWithObject: true });
  return { data: new Uint8ClampedArray(data), width: info.width, height: info.height };
}

beforeAll(async () => {
  const { bytes } = realFixture('vehicle-licence-front-01');
  good = await rgba(sharp(bytes));
  darkBlurred = await rgba(sharp(bytes).blur(4).linear(0.15, 0));
});

let env: Env;
beforeEach(() => {
  env = setupEnv();
  env.wx.getImageInfo = wxApi(() => ({ ...PHOTO, path: 'x', orientation: 'up', type: 'jpeg' }));
  env.wx.chooseMedia = wxApi(() => ({ tempFiles: [{ tempFilePath: 'wxfile://tmp/album.jpg' }] }));
  env.sizes['wxfile://tmp/album.jpg'] = 2_000_000;
});
afterEach(() => env.restore());

function scanWith(pixels: Rgba | null): Rendered {
  if (pixels) {
    env.canvasPixels = (w, h) => {
      if (w !== pixels.width || h !== pixels.height) throw new Error(`drawn at ${w}×${h}, expected ${pixels.width}×${pixels.height}`);
      return pixels;
    };
  }
  const page = render('pages/scan/index');
  page.instance.onLoad({});
  return page;
}

const tapAlbum = (page: Rendered) => {
  const el = page.querySelector('.choose-album')!;
  (el.querySelector('.van-button') ?? el).dispatchEvent('tap');
};

describe('photo checks on the phone before upload', () => {
  it('a good photo uploads without a prompt', async () => {
    env.backend.nextOcr.push(() => makeRecord());
    const page = scanWith(good);
    tapAlbum(page);
    await until(() => env.nav.length > 0, 'navigation to review', SLOW);
    expect(env.modals).toEqual([]);
    expect(env.backend.uploads).toHaveLength(1);
  });

  it('a dark, blurred photo prompts a retake with both reasons; retaking uploads nothing', async () => {
    const page = scanWith(darkBlurred);
    env.modalAnswers.push(true);
    tapAlbum(page);
    await until(() => env.modals.length > 0, 'the retake prompt', SLOW);
    await flush();
    expect(env.modals[0]!.title).toBe('照片可能无法准确识别');
    expect(env.modals[0]!.content).toContain('照片过暗');
    expect(env.modals[0]!.content).toContain('照片模糊');
    await until(() => page.data.mode === 'idle', 'back to capture', SLOW);
    expect(env.backend.uploads).toEqual([]);
    expect(text(page.querySelector('.choose-album'))).toContain('从相册选择');
  });

  it('"仍然上传" goes on with the same photo', async () => {
    env.backend.nextOcr.push(() => makeRecord());
    const page = scanWith(darkBlurred);
    env.modalAnswers.push(false);
    tapAlbum(page);
    await until(() => env.nav.length > 0, 'navigation to review', SLOW);
    expect(env.modals).toHaveLength(1);
    expect(env.backend.uploads).toHaveLength(1);
  });

  it('a device whose canvas gives no pixels uploads without a prompt (the server still checks)', async () => {
    env.backend.nextOcr.push(() => makeRecord());
    const page = scanWith(null);
    tapAlbum(page);
    await until(() => env.nav.length > 0, 'navigation to review', SLOW);
    expect(env.modals).toEqual([]);
  });
});
