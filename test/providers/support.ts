// Shared fixtures for the provider tests: documented payloads (test/fixtures/provider-payloads) and
// real images made with sharp.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import sharp from 'sharp';
import type { ImageInput } from '../../server/providers/types';

const dir = fileURLToPath(new URL('../fixtures/provider-payloads/', import.meta.url));

export function payload(name: string): Record<string, unknown> {
  return JSON.parse(readFileSync(`${dir}${name}.json`, 'utf8')) as Record<string, unknown>;
}

/** Juhe's doc shows some samples without the envelope every answer carries. */
export function juheEnvelope(result: unknown): Record<string, unknown> {
  return { reason: '操作成功', result, error_code: 0 };
}

export async function cardImage(width = 1000, height = 630): Promise<ImageInput> {
  const bytes = await sharp({ create: { width, height, channels: 3, background: '#e8eef5' } })
    .composite([
      {
        input: Buffer.from(`<svg width="${width}" height="${height}" xmlns="http://www.w3.org/2000/svg"><text x="40" y="120" font-size="48">粤B12345 LSVAM4187C2184847</text></svg>`),
      },
    ])
    .jpeg({ quality: 85 })
    .toBuffer();
  return { bytes, mime: 'image/jpeg', width, height };
}

/** A GIF handed to a provider as if it were a JPEG: the provider's own check must refuse it. */
export async function gifImage(): Promise<ImageInput> {
  const bytes = await sharp({ create: { width: 40, height: 30, channels: 3, background: '#f00' } }).gif().toBuffer();
  return { bytes, mime: 'image/jpeg', width: 40, height: 30 };
}

/** The same JPEG grown to `size` bytes with comment segments (still a valid JPEG). */
export function padJpeg(image: ImageInput, size: number): ImageInput {
  const segments: Buffer[] = [];
  let missing = size - image.bytes.length;
  while (missing > 0) {
    const body = Math.min(65533, Math.max(0, missing - 4));
    const seg = Buffer.alloc(4 + body, 0x20);
    seg[0] = 0xff;
    seg[1] = 0xfe; // COM
    seg.writeUInt16BE(body + 2, 2);
    segments.push(seg);
    missing -= seg.length;
  }
  const bytes = Buffer.concat([image.bytes.subarray(0, 2), ...segments, image.bytes.subarray(2)]);
  return { ...image, bytes };
}
