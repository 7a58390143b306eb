// The photo-store contract run against the DATA_DIR folder and against S3 (a real S3-protocol server
// on loopback), plus what only S3 can get wrong: a wrong key, a missing bucket, a store that stalls.
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../server/config';
import { openPhotoStore } from '../../server/stores/files/index';
import { createLocalPhotoStore } from '../../server/stores/files/local';
import { createS3PhotoStore } from '../../server/stores/files/s3';
import { startS3Server, type S3TestServer } from '../support/s3';
import { photoStoreContract } from './photo-contract';

photoStoreContract('folder', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'licenselens-photo-contract-'));
  return {
    open: (o) => createLocalPhotoStore({ dir, ...o }),
    close: () => rm(dir, { recursive: true, force: true }),
  };
});

photoStoreContract('s3', async () => {
  const s3 = await startS3Server();
  return { open: (o) => createS3PhotoStore(s3.settings, o), close: () => s3.close() };
});

describe('S3 photo store failures', () => {
  let s3: S3TestServer;
  beforeAll(async () => {
    s3 = await startS3Server('failures');
  });
  afterAll(() => s3?.close());

  it('rejects an upload to a bucket that does not exist instead of losing the photo', async () => {
    const store = createS3PhotoStore({ ...s3.settings, bucket: 'no-such-bucket' }, { secret: 'k' });
    await expect(store.put(Buffer.from('x'), 'image/jpeg', 'o-a')).rejects.toThrow(/bucket/i);
  });

  it('fails a request to a store that never answers within its time limit', async () => {
    const silent = createServer(() => undefined);
    await new Promise<void>((ok) => silent.listen(0, '127.0.0.1', ok));
    const endpoint = `http://127.0.0.1:${(silent.address() as AddressInfo).port}`;
    try {
      const store = createS3PhotoStore({ ...s3.settings, endpoint, timeoutMs: 300 }, { secret: 'k' });
      const started = Date.now();
      await expect(store.get('0'.repeat(32))).rejects.toThrow();
      expect(Date.now() - started).toBeLessThan(5_000);
    } finally {
      silent.closeAllConnections();
      await new Promise((ok) => silent.close(ok));
    }
  });
});

describe('photo store chosen by configuration', () => {
  it('is the DATA_DIR folder by default and the bucket with PHOTO_STORE=s3', async () => {
    const s3 = await startS3Server('chosen');
    const dir = await mkdtemp(join(tmpdir(), 'licenselens-chosen-'));
    try {
      expect(openPhotoStore(loadConfig({}), dir, { secret: 'k' }).driver).toBe('folder');
      const store = openPhotoStore(loadConfig(s3.env), dir, { secret: 'k' });
      expect(store.driver).toBe('s3');
      const id = await store.put(Buffer.from('photo'), 'image/jpeg', 'o-a');
      expect((await createS3PhotoStore({ ...s3.settings, bucket: 'chosen' }, { secret: 'k' }).get(id))?.bytes.toString()).toBe('photo');
    } finally {
      await s3.close();
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('refuses PHOTO_STORE=s3 without a bucket or keys, naming what is missing', () => {
    expect(() => loadConfig({ PHOTO_STORE: 's3', S3_BUCKET: 'b' })).toThrow(/S3_ACCESS_KEY_ID[\s\S]*S3_SECRET_ACCESS_KEY/);
    expect(() => loadConfig({ PHOTO_STORE: 'disk' })).toThrow(/PHOTO_STORE/);
  });
});
