// Real collaborators for handler contexts in the admin tests: the local photo store in a temporary
// folder and a pipeline with no provider (administrator actions never recognize).
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createPipeline } from '../../server/pipeline';
import { createLocalPhotoStore, type LocalPhotoStore } from '../../server/stores/files/local';

export function testPhotos(dir = mkdtempSync(join(tmpdir(), 'll-photos-'))): LocalPhotoStore {
  return createLocalPhotoStore({ dir, secret: 'test' });
}

export function testPipeline() {
  return createPipeline({ providers: [], routes: {} });
}
