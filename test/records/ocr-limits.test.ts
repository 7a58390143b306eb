// The recognition handler's protections of the paid quota and of the photo (issue 13, items 3, 4, 10, 13):
// the daily slot is reserved atomically before any provider is asked and deletion does not give it
// back; a busy engine refuses with a retry hint, storing and charging nothing; the submit audit entry
// is part of the submit's own write; the stored photo carries no metadata.
import sharp from 'sharp';
import { describe, expect, it, vi } from 'vitest';
import { ApiError } from '../../core/contracts/errors';
import type { LicenseRecord } from '../../core/contracts/records';
import { handleOcr, handleRecords } from '../../server/records/handlers';
import type { RecognizeOutcome } from '../../server/records/context';
import { A, B, GIF, makeEnv, PNG } from './support';

async function outcomeOf(p: Promise<unknown>): Promise<string> {
  try {
    await p;
    return 'OK';
  } catch (e) {
    if (e instanceof ApiError) return e.code;
    throw e;
  }
}

describe('daily recognition limit', () => {
  it('lets exactly `limit` of 8 concurrent uploads through (limit 3), the others refused before any provider call', async () => {
    const env = await makeEnv({ DAILY_OCR_LIMIT: '3' });
    const ctx = await env.ctx(A);
    const results = await Promise.all(Array.from({ length: 8 }, () => outcomeOf(handleOcr(ctx, { bytes: PNG, docType: 'vehicle_license' }))));
    expect(results.filter((r) => r === 'OK')).toHaveLength(3);
    expect(results.filter((r) => r === 'RATE_LIMITED')).toHaveLength(5);
    expect(env.pipeline.calls).toBe(3);
    expect((await env.store.listRecords({ openid: A, page: 1, pageSize: 20 })).total).toBe(3);
  });

  it('is not reset by deleting records', async () => {
    const env = await makeEnv({ DAILY_OCR_LIMIT: '2' });
    const ctx = await env.ctx(A);
    for (let i = 0; i < 2; i++) {
      const r = await handleOcr(ctx, { bytes: PNG, docType: 'vehicle_license' });
      await handleRecords(ctx, { action: 'delete', id: r._id });
    }
    expect((await env.store.listRecords({ openid: A, page: 1, pageSize: 20 })).total).toBe(0);
    expect(await outcomeOf(handleOcr(ctx, { bytes: PNG, docType: 'vehicle_license' }))).toBe('RATE_LIMITED');
    expect(await outcomeOf(handleOcr(await env.ctx(B), { bytes: PNG, docType: 'vehicle_license' }))).toBe('OK');
  });

  it('says when to try again: at 00:00 China time', async () => {
    const env = await makeEnv({ DAILY_OCR_LIMIT: '1' });
    const at = new Date('2026-11-22T15:00:00.000Z'); // 23:00 in Beijing: one hour left
    await handleOcr(await env.ctx(A, at), { bytes: PNG, docType: 'vehicle_license' });
    const refused = await handleOcr(await env.ctx(A, at), { bytes: PNG, docType: 'vehicle_license' }).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(ApiError);
    expect(refused).toMatchObject({ code: 'RATE_LIMITED', details: { retryAfterSeconds: 3600 } });
  });

  it('charges nothing for an image intake refuses', async () => {
    const env = await makeEnv({ DAILY_OCR_LIMIT: '1' });
    const ctx = await env.ctx(A);
    expect(await outcomeOf(handleOcr(ctx, { bytes: GIF, docType: 'vehicle_license' }))).toBe('UNSUPPORTED_MEDIA_TYPE');
    expect(await outcomeOf(handleOcr(ctx, { bytes: PNG, docType: 'vehicle_license' }))).toBe('OK');
  });
});

describe('a busy engine', () => {
  const busy: RecognizeOutcome = {
    ok: false,
    error: { code: 'RATE_LIMIT', message: '离线识别引擎繁忙（排队 8 个），请稍后重试' },
    attempts: [{ provider: 'local', ok: false, code: 'RATE_LIMIT', providerCode: 'QUEUE_FULL', durationMs: 0 }],
    timings: { intakeMs: 1, providerMs: 0, totalMs: 1 },
  };

  it('is refused with RATE_LIMITED and a retry hint; nothing is stored and nothing charged', async () => {
    const env = await makeEnv({ DAILY_OCR_LIMIT: '1' });
    const real = env.pipeline.recognize;
    env.pipeline.recognize = async () => busy;
    const ctx = await env.ctx(A);
    const refused = await handleOcr(ctx, { bytes: PNG, docType: 'vehicle_license' }).catch((e: unknown) => e);
    expect(refused).toMatchObject({ code: 'RATE_LIMITED', details: { retryAfterSeconds: expect.any(Number) } });
    expect((await env.store.listRecords({ page: 1, pageSize: 20 })).total).toBe(0);
    // The one slot of the day is still there once the engine is free again.
    env.pipeline.recognize = real;
    expect(await outcomeOf(handleOcr(ctx, { bytes: PNG, docType: 'vehicle_license' }))).toBe('OK');
  });

  it('passes the caller to the pipeline (the engine queue is fair per user)', async () => {
    const env = await makeEnv();
    const seen: unknown[] = [];
    const real = env.pipeline.recognize;
    env.pipeline.recognize = async (bytes, req) => {
      seen.push((req as { owner?: string }).owner);
      return real(bytes, req);
    };
    await handleOcr(await env.ctx(B), { bytes: PNG, docType: 'vehicle_license' });
    expect(seen).toEqual([B]);
  });
});

describe('a recognition whose caller went away', () => {
  it('keeps no record and no photo, and gives the daily slot back', async () => {
    const env = await makeEnv({ DAILY_OCR_LIMIT: '1' });
    const ctx = await env.ctx(A);
    const gone = new AbortController();
    const real = env.pipeline.recognize;
    // The user cancels (or closes the tab) while the photo is being read.
    env.pipeline.recognize = async (bytes, req) => {
      gone.abort();
      return real(bytes, req);
    };
    const put = vi.spyOn(env.photos, 'put');
    const refused = await handleOcr(ctx, { bytes: PNG, docType: 'vehicle_license' }, { signal: gone.signal }).catch((e: unknown) => e);
    expect(refused).toMatchObject({ code: 'CONFLICT', message: '识别已取消，结果未保存' });
    expect(put).not.toHaveBeenCalled();
    expect((await env.store.listRecords({ openid: A, page: 1, pageSize: 20 })).total).toBe(0);
    // The day's one slot is still there for the retry.
    env.pipeline.recognize = real;
    expect(await outcomeOf(handleOcr(ctx, { bytes: PNG, docType: 'vehicle_license' }, { signal: new AbortController().signal }))).toBe('OK');
  });
});

describe('submit audit', () => {
  it('is written by the submit itself, so a failing separate audit write cannot leave a submission unlogged', async () => {
    const env = await makeEnv();
    const ctx = await env.ctx(A);
    const r = await handleOcr(ctx, { bytes: PNG, docType: 'vehicle_license', side: 'front' });
    env.store.appendAudit = async () => {
      throw new Error('audit write lost');
    };
    const out = (await handleRecords(ctx, { action: 'submit', id: r._id, fields: { plateNo: '京AA5598' } })) as LicenseRecord;
    expect(out.status).toBe('submitted');
    const log = await env.store.listAudit(1, 10);
    expect(log.items).toEqual([expect.objectContaining({ actor: A, action: 'submit', target: r._id, details: { corrected: ['plateNo'] } })]);
  });
});

describe('the stored photo', () => {
  it('keeps no metadata (camera, time, GPS) and has its EXIF orientation applied to the pixels', async () => {
    const env = await makeEnv();
    // 40×20 landscape pixels, EXIF orientation 6 (shown rotated 90°: 20×40), a camera and a GPS tag.
    const withExif = await sharp({ create: { width: 40, height: 20, channels: 3, background: '#c0c0c0' } })
      .jpeg()
      .withMetadata({ orientation: 6, exif: { IFD0: { Make: 'SpyCam', Model: 'X1' }, IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '39/1 54/1 0/1' } } })
      .toBuffer();
    const before = await sharp(withExif).metadata();
    expect(before.exif).toBeDefined();
    expect(before.orientation).toBe(6);

    const r = await handleOcr(await env.ctx(A), { bytes: withExif, docType: 'vehicle_license' });
    const stored = await env.photos.get(r.fileID!);
    expect(stored?.mime).toBe('image/jpeg');
    expect(stored!.bytes.includes(Buffer.from('SpyCam'))).toBe(false);
    const meta = await sharp(stored!.bytes).metadata();
    expect(meta.exif).toBeUndefined();
    expect(meta.xmp).toBeUndefined();
    expect(meta.orientation).toBeUndefined();
    expect([meta.width, meta.height]).toEqual([20, 40]);
  });
});
