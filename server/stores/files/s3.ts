// Photos in S3-compatible object storage (MinIO, Tencent COS, AWS S3) through the AWS SDK, for servers
// that share nothing but their database and their bucket (stateless replicas). One object per photo;
// the owner and the type travel as object metadata, so a replica needs no local state to check access.
// The bucket stays private: clients open photos through the server's signed links (./served).
import {
  DeleteObjectCommand,
  GetObjectCommand,
  HeadObjectCommand,
  PutObjectCommand,
  S3Client,
  S3ServiceException,
} from '@aws-sdk/client-s3';
import { createLinkSigner, newPhotoId, PHOTO_ID, type LinkSettings, type ServedPhotoStore } from './served';

export interface S3Settings {
  /** The service's endpoint (http://minio:9000, https://cos.ap-guangzhou.myqcloud.com); AWS's when unset. */
  endpoint?: string;
  region: string;
  bucket: string;
  accessKeyId: string;
  secretAccessKey: string;
  /** bucket in the path (MinIO, most self-hosted servers) instead of in the host name. */
  forcePathStyle: boolean;
  /** Key prefix inside the bucket ('' or ending in '/'). */
  prefix?: string;
  /** Per-request limit, ms (default 10 s): a stalled store fails the request instead of hanging it. */
  timeoutMs?: number;
}

/** Header-safe: S3 metadata values are sent as HTTP headers. */
const encodeMeta = (s: string) => encodeURIComponent(s);
const decodeMeta = (s: string | undefined) => {
  try {
    return s === undefined ? undefined : decodeURIComponent(s);
  } catch {
    return undefined;
  }
};

function isMissing(e: unknown): boolean {
  if (!(e instanceof S3ServiceException)) return false;
  return e.name === 'NoSuchKey' || e.name === 'NotFound' || e.$metadata.httpStatusCode === 404;
}

export function createS3PhotoStore(settings: S3Settings, links: LinkSettings): ServedPhotoStore {
  const timeoutMs = settings.timeoutMs ?? 10_000;
  const client = new S3Client({
    region: settings.region,
    ...(settings.endpoint ? { endpoint: settings.endpoint } : {}),
    forcePathStyle: settings.forcePathStyle,
    credentials: { accessKeyId: settings.accessKeyId, secretAccessKey: settings.secretAccessKey },
    // The SDK's default CRC checksums (2025) are unsupported by some S3-compatible servers (older
    // MinIO, COS): send and check them only where the operation requires it.
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
  });
  // One deadline per call, retries included: a stalled store fails the request instead of hanging it.
  const deadline = () => ({ abortSignal: AbortSignal.timeout(timeoutMs) });
  const prefix = settings.prefix ?? '';
  const key = (id: string) => `${prefix}photos/${id}`;
  const Bucket = settings.bucket;

  async function meta(fileID: string): Promise<{ owner: string; mime: string } | null> {
    if (!PHOTO_ID.test(fileID)) return null;
    try {
      const head = await client.send(new HeadObjectCommand({ Bucket, Key: key(fileID) }), deadline());
      const owner = decodeMeta(head.Metadata?.owner);
      return owner !== undefined && head.ContentType ? { owner, mime: head.ContentType } : null;
    } catch (e) {
      if (isMissing(e)) return null;
      throw e;
    }
  }

  return {
    driver: 's3',
    async put(bytes, mime, owner) {
      const id = newPhotoId();
      // One PUT: the object, its type and its owner appear together or not at all.
      await client.send(
        new PutObjectCommand({ Bucket, Key: key(id), Body: bytes, ContentType: mime, ContentLength: bytes.length, Metadata: { owner: encodeMeta(owner) } }),
        deadline(),
      );
      return id;
    },
    async get(fileID) {
      if (!PHOTO_ID.test(fileID)) return null;
      try {
        const r = await client.send(new GetObjectCommand({ Bucket, Key: key(fileID) }), deadline());
        if (!r.Body) return null;
        return { bytes: Buffer.from(await r.Body.transformToByteArray()), mime: r.ContentType ?? 'application/octet-stream' };
      } catch (e) {
        if (isMissing(e)) return null;
        throw e;
      }
    },
    async delete(fileID) {
      if (!PHOTO_ID.test(fileID)) return;
      // S3 answers 204 for a key that is not there: deleting twice is not an error, as in the folder.
      await client.send(new DeleteObjectCommand({ Bucket, Key: key(fileID) }), deadline());
    },
    meta,
    ...createLinkSigner(links),
  };
}
