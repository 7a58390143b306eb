// A real S3-protocol server on loopback for tests (s3rver, from npm: objects in a temporary folder),
// with one bucket, so the S3 photo store runs against the protocol, not a mock of the SDK.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import S3rver from 's3rver';
import type { S3Settings } from '../../server/stores/files/s3';

export interface S3TestServer {
  endpoint: string;
  /** Settings for createS3PhotoStore (s3rver's documented test credentials). */
  settings: S3Settings;
  /** The same as environment variables (PHOTO_STORE=s3 …) for a server process. */
  env: Record<string, string>;
  close(): Promise<void>;
}

export async function startS3Server(bucket = 'licenselens-photos'): Promise<S3TestServer> {
  const directory = await mkdtemp(join(tmpdir(), 'licenselens-s3-'));
  const server = new S3rver({ address: '127.0.0.1', port: 0, silent: true, directory, configureBuckets: [{ name: bucket }] });
  const { port } = await server.run();
  const endpoint = `http://127.0.0.1:${port}`;
  const settings: S3Settings = { endpoint, region: 'us-east-1', bucket, accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER', forcePathStyle: true };
  return {
    endpoint,
    settings,
    env: {
      PHOTO_STORE: 's3',
      S3_ENDPOINT: endpoint,
      S3_REGION: settings.region,
      S3_BUCKET: bucket,
      S3_ACCESS_KEY_ID: settings.accessKeyId,
      S3_SECRET_ACCESS_KEY: settings.secretAccessKey,
      S3_FORCE_PATH_STYLE: 'true',
    },
    async close() {
      await server.close();
      await rm(directory, { recursive: true, force: true });
    },
  };
}
