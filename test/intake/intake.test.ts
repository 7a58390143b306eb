import { deflateSync } from 'node:zlib';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { beforeAll, describe, expect, it } from 'vitest';
import { inspectImage, IntakeError, prepareImage } from '../../server/intake';
import { readHeader } from '../../server/intake/header';

const MB = 1024 * 1024;

/** A card-like picture: text on a light background, plus sensor noise so it compresses like a photo. */
async function cardPhoto(width: number, height: number, format: 'jpeg' | 'png' | 'webp', noise = 18): Promise<Buffer> {
  const svg = Buffer.from(
    `<svg width="${width}" height="${height}" xmlns="http://www.w3.org/2000/svg">` +
      Array.from({ length: 8 }, (_, i) => `<text x="${width * 0.08}" y="${(i + 1) * height * 0.11}" font-size="${height * 0.05}" fill="#222">号牌号码 粤B12345 LSVAM4187C218484${i}</text>`).join('') +
      `</svg>`,
  );
  const base = sharp({ create: { width, height, channels: 3, background: '#c8c8c8', noise: { type: 'gaussian', mean: 200, sigma: noise } } });
  const composed = await base.composite([{ input: svg }]).png().toBuffer();
  const s = sharp(composed);
  return format === 'jpeg' ? s.jpeg({ quality: 95 }).toBuffer() : format === 'png' ? s.png().toBuffer() : s.webp({ quality: 90 }).toBuffer();
}

async function intakeError(p: Promise<unknown>): Promise<IntakeError> {
  const e = await p.then(
    () => undefined,
    (err: unknown) => err,
  );
  expect(e).toBeInstanceOf(IntakeError);
  return e as IntakeError;
}

/** A real 20 000 × 20 000 1-bit PNG: ~50 MB of zero rows deflate to a few tens of kB. */
function bombPng(size = 20_000): Buffer {
  const crcTable = Array.from({ length: 256 }, (_, n) => {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    return c >>> 0;
  });
  const crc = (buf: Buffer) => {
    let c = 0xffffffff;
    for (const byte of buf) c = crcTable[(c ^ byte) & 0xff]! ^ (c >>> 8);
    return (c ^ 0xffffffff) >>> 0;
  };
  const chunk = (type: string, data: Buffer) => {
    const len = Buffer.alloc(4);
    len.writeUInt32BE(data.length);
    const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
    const c = Buffer.alloc(4);
    c.writeUInt32BE(crc(body));
    return Buffer.concat([len, body, c]);
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(size, 0);
  ihdr.writeUInt32BE(size, 4);
  ihdr[8] = 1; // bit depth
  ihdr[9] = 0; // greyscale
  const rows = Buffer.alloc((1 + Math.ceil(size / 8)) * size);
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(rows, { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

describe('image intake', () => {
  let photo12mp: Buffer;
  let smallJpeg: Buffer;
  beforeAll(async () => {
    photo12mp = await cardPhoto(4000, 3000, 'jpeg');
    smallJpeg = await cardPhoto(1000, 630, 'jpeg', 4);
  });

  it('recompresses a 12 MP JPEG to each provider limit with the long side at most 2000 px', async () => {
    expect(photo12mp.length).toBeGreaterThan(2 * MB);
    for (const maxBytes of [2 * MB, Math.floor((3 * MB * 3) / 4), 2 * MB]) {
      const out = await prepareImage(photo12mp, { maxBytes });
      expect(out.mime).toBe('image/jpeg');
      expect(out.bytes.length).toBeLessThanOrEqual(maxBytes);
      expect(Math.max(out.width, out.height)).toBeLessThanOrEqual(2000);
      expect(out.width / out.height).toBeCloseTo(4 / 3, 2);
      const meta = await sharp(out.bytes).metadata();
      expect([meta.format, meta.width, meta.height]).toEqual(['jpeg', out.width, out.height]);
    }
  });

  it('steps quality and then size down until the image fits a tight limit', async () => {
    const out = await prepareImage(photo12mp, { maxBytes: 300 * 1024 });
    expect(out.bytes.length).toBeLessThanOrEqual(300 * 1024);
    expect(Math.max(out.width, out.height)).toBeGreaterThanOrEqual(1000);
  });

  it('refuses an image that cannot fit without losing legibility', async () => {
    const noisy = await cardPhoto(1400, 900, 'jpeg', 40);
    const e = await intakeError(prepareImage(noisy, { maxBytes: 5 * 1024 }));
    expect(e.code).toBe('TOO_LARGE');
    expect(e.message).toMatch(/压缩/);
  });

  it('passes an upright JPEG that already fits through unchanged', async () => {
    const out = await prepareImage(smallJpeg, { maxBytes: 2 * MB });
    expect(out.bytes).toBe(smallJpeg);
    expect(out).toMatchObject({ mime: 'image/jpeg', width: 1000, height: 630 });
  });

  it('accepts a PNG and a WebP and hands providers a JPEG', async () => {
    for (const format of ['png', 'webp'] as const) {
      const input = await cardPhoto(1200, 760, format, 4);
      const info = await inspectImage(input);
      expect(info).toMatchObject({ mime: `image/${format}`, width: 1200, height: 760 });
      const out = await prepareImage(input, { maxBytes: 2 * MB });
      expect(out).toMatchObject({ mime: 'image/jpeg', width: 1200, height: 760 });
      expect(out.bytes.subarray(0, 3)).toEqual(Buffer.from([0xff, 0xd8, 0xff]));
    }
  });

  it('flattens a transparent PNG on white', async () => {
    const input = await sharp({ create: { width: 200, height: 100, channels: 4, background: { r: 0, g: 0, b: 0, alpha: 0 } } }).png().toBuffer();
    const out = await prepareImage(input, { maxBytes: 2 * MB });
    const { data } = await sharp(out.bytes).raw().toBuffer({ resolveWithObject: true });
    expect(data[0]).toBeGreaterThan(240);
  });

  it('refuses a GIF with its own code', async () => {
    const gif = await sharp({ create: { width: 60, height: 40, channels: 3, background: '#f00' } }).gif().toBuffer();
    const e = await intakeError(prepareImage(gif, { maxBytes: 2 * MB }));
    expect(e.code).toBe('GIF');
    expect(e.message).toMatch(/GIF/);
  });

  it('refuses a text file renamed .jpg by its content, not its name', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'intake-'));
    const file = join(dir, 'licence.jpg');
    await writeFile(file, '号牌号码 粤B12345\nthis is not an image\n');
    const e = await intakeError(prepareImage(await readFile(file), { maxBytes: 2 * MB }));
    expect(e.code).toBe('UNSUPPORTED_TYPE');
    expect(e.message).toMatch(/JPG/);
  });

  it('refuses an empty upload', async () => {
    expect((await intakeError(inspectImage(Buffer.alloc(0)))).code).toBe('EMPTY');
  });

  it('detects a truncated JPEG', async () => {
    const truncated = smallJpeg.subarray(0, Math.floor(smallJpeg.length * 0.6));
    const e = await intakeError(prepareImage(truncated, { maxBytes: 2 * MB }));
    expect(e.code).toBe('CORRUPT');
    expect(e.message).toMatch(/损坏|不完整/);
    // Also on the recompression path (an image that needs shrinking).
    const big = photo12mp.subarray(0, Math.floor(photo12mp.length * 0.7));
    expect((await intakeError(prepareImage(big, { maxBytes: 2 * MB }))).code).toBe('CORRUPT');
  });

  it('detects a JPEG damaged in the middle of its scan data', async () => {
    const damaged = Buffer.from(smallJpeg);
    damaged.fill(0xff, Math.floor(damaged.length / 2), Math.floor(damaged.length / 2) + 400);
    expect((await intakeError(prepareImage(damaged, { maxBytes: 2 * MB }))).code).toBe('CORRUPT');
    // inspectImage (no recompression) sees the damage too.
    expect((await intakeError(inspectImage(damaged))).code).toBe('CORRUPT');
    expect((await intakeError(inspectImage(photo12mp.subarray(0, photo12mp.length - 5000)))).code).toBe('CORRUPT');
  });

  it('detects a JPEG whose header stops before the frame size', async () => {
    expect((await intakeError(inspectImage(smallJpeg.subarray(0, 20)))).code).toBe('CORRUPT');
  });

  it('refuses a 20000×20000 PNG from its header without decoding it', async () => {
    const bomb = bombPng();
    expect(bomb.length).toBeLessThan(1 * MB);
    expect(readHeader(bomb)).toEqual({ kind: 'png', width: 20_000, height: 20_000 });
    const before = process.memoryUsage().rss;
    const e = await intakeError(prepareImage(bomb, { maxBytes: 2 * MB }));
    expect(e.code).toBe('TOO_MANY_PIXELS');
    expect(e.message).toContain('20000×20000');
    // Decoding would need 400 MB+ of pixels; the refusal allocates next to nothing.
    expect(process.memoryUsage().rss - before).toBeLessThan(100 * MB);
  });

  it('lets sharp refuse pixels beyond the limit too (second line of defence)', async () => {
    // A lower pixel limit than the 12 MP photo: refused from the header as well.
    const e = await intakeError(prepareImage(photo12mp, { maxBytes: 2 * MB, maxPixels: 10_000_000 }));
    expect(e.code).toBe('TOO_MANY_PIXELS');
  });

  it('refuses an upload above the byte limit', async () => {
    const e = await intakeError(inspectImage(photo12mp, { maxInputBytes: 1 * MB }));
    expect(e.code).toBe('TOO_LARGE');
    expect(e.message).toMatch(/MB/);
  });

  it('applies EXIF orientation', async () => {
    // Stored 400×200 with a red block top-left; orientation 6 means "rotate 90° clockwise to view".
    const stored = await sharp({ create: { width: 400, height: 200, channels: 3, background: '#ffffff' } })
      .composite([{ input: await sharp({ create: { width: 80, height: 80, channels: 3, background: '#ff0000' } }).png().toBuffer(), left: 0, top: 0 }])
      .jpeg({ quality: 95 })
      .withMetadata({ orientation: 6 })
      .toBuffer();
    expect((await inspectImage(stored)).orientation).toBe(6);
    const out = await prepareImage(stored, { maxBytes: 2 * MB });
    expect([out.width, out.height]).toEqual([200, 400]);
    const meta = await sharp(out.bytes).metadata();
    expect(meta.orientation ?? 1).toBe(1);
    const { data, info } = await sharp(out.bytes).raw().toBuffer({ resolveWithObject: true });
    const px = (x: number, y: number) => Array.from(data.subarray((y * info.width + x) * info.channels, (y * info.width + x) * info.channels + 3));
    expect(px(190, 10)[0]).toBeGreaterThan(200); // red now top-right
    expect(px(190, 10)[1]).toBeLessThan(60);
    expect(px(10, 10)[1]).toBeGreaterThan(200); // top-left is white
  });

  it('reads dimensions from every accepted header kind', async () => {
    const lossless = await sharp({ create: { width: 321, height: 123, channels: 3, background: '#abc' } }).webp({ lossless: true }).toBuffer();
    const alpha = await sharp({ create: { width: 300, height: 150, channels: 4, background: { r: 1, g: 2, b: 3, alpha: 0.5 } } }).webp().toBuffer();
    const progressive = await sharp({ create: { width: 640, height: 480, channels: 3, background: '#abc' } }).jpeg({ progressive: true }).toBuffer();
    expect(readHeader(lossless)).toEqual({ kind: 'webp', width: 321, height: 123 });
    expect(readHeader(alpha)).toMatchObject({ kind: 'webp', width: 300, height: 150 });
    expect(readHeader(progressive)).toEqual({ kind: 'jpeg', width: 640, height: 480 });
  });
});
