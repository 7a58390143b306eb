// The local server's photo store, chosen by configuration (PHOTO_STORE): the DATA_DIR folder for one
// process, an S3-compatible bucket for replicas that share nothing else.
import { join } from 'node:path';
import type { Config } from '../../config';
import { createLocalPhotoStore } from './local';
import { createS3PhotoStore } from './s3';
import type { LinkSettings, ServedPhotoStore } from './served';

export type { ServedPhotoStore } from './served';

export function openPhotoStore(config: Config, dataDir: string, links: LinkSettings): ServedPhotoStore {
  if (config.PHOTO_STORE === 's3') {
    return createS3PhotoStore(
      {
        ...(config.S3_ENDPOINT ? { endpoint: config.S3_ENDPOINT } : {}),
        region: config.S3_REGION,
        // Presence checked by the configuration schema.
        bucket: config.S3_BUCKET ?? '',
        accessKeyId: config.S3_ACCESS_KEY_ID ?? '',
        secretAccessKey: config.S3_SECRET_ACCESS_KEY ?? '',
        forcePathStyle: config.S3_FORCE_PATH_STYLE,
        prefix: config.S3_PREFIX,
      },
      links,
    );
  }
  return createLocalPhotoStore({ dir: join(dataDir, 'files'), ...links });
}
