// Shared fixtures of the records tests: a deterministic pipeline (no OCR engine), contexts over the
// stand-in cloud database and a local photo store in a temporary folder.
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import type { RecognitionResult } from '../../core/contracts/result';
import { buildResult } from '../../core/result/build';
import { loadConfig, type Config } from '../../server/config';
import { IntakeError } from '../../server/intake/index';
import { createContext, type HandlerContext, type PipelineLike, type RecognizeOutcome } from '../../server/records/context';
import { createLocalPhotoStore, type LocalPhotoStore } from '../../server/stores/files/local';
import type { RecordStore } from '../../server/stores/types';
import { createWechatStore } from '../../server/stores/wechat/index';
import { createCloudStandin } from '../support/wx-cloud-standin';

/** A real (tiny) PNG: the fake pipeline reads only its first bytes, but the stored copy is re-encoded
 *  without metadata. GIF and FAIL bytes trigger the refusal paths. */
export const PNG = await sharp({ create: { width: 4, height: 3, channels: 3, background: '#808080' } }).png().toBuffer();
export const GIF = Buffer.from('GIF89a....');
export const FAIL = Buffer.concat([PNG, Buffer.from('FAIL')]);

export const ID_NUMBER = '11010519491231002X';

export function vehicleResult(): RecognitionResult {
  return buildResult({
    docType: 'vehicle_license',
    side: 'front',
    provider: 'local',
    values: {
      plateNo: { value: '京AA5599', confidence: 0.98 },
      owner: { value: '王京' },
      vin: { value: 'HHGHH555778802669' },
      model: { value: '讴歌牌GHA7150JAD5B' },
      registerDate: { value: '2018-06-14' },
    },
    extra: { 证芯编号: 'X123' },
  });
}

export function idCardResult(): RecognitionResult {
  return buildResult({
    docType: 'id_card',
    side: 'front',
    provider: 'local',
    values: { name: { value: '张三' }, idNumber: { value: ID_NUMBER }, address: { value: '北京市东城区' } },
  });
}

/** Recognizes PNG bytes per document type, fails on FAIL bytes, refuses GIFs like intake does. */
export function fakePipeline(): PipelineLike & { calls: number } {
  const p = {
    calls: 0,
    async recognize(bytes: Buffer, req: { docType: string }): Promise<RecognizeOutcome> {
      p.calls++;
      if (bytes.subarray(0, 3).toString('latin1') === 'GIF') throw new IntakeError('GIF', '不支持 GIF 动图，请使用 JPG 或 PNG 照片');
      const timings = { intakeMs: 1, providerMs: 2, totalMs: 3 };
      if (bytes.toString('latin1').endsWith('FAIL')) {
        return {
          ok: false,
          error: { code: 'NOT_FOUND_IN_IMAGE', message: '没有识别到证件内容' },
          attempts: [{ provider: 'local', ok: false, code: 'NOT_FOUND_IN_IMAGE', durationMs: 2 }],
          timings,
        };
      }
      const result = req.docType === 'id_card' ? idCardResult() : vehicleResult();
      return { ok: true, result, raw: { engine: 'fake', text: result.fields }, provider: 'local', attempts: [{ provider: 'local', ok: true, durationMs: 2 }], timings };
    },
  };
  return p;
}

export const A = 'o-user-a';
export const B = 'o-user-b';
export const ADMIN = 'o-admin';

export interface Env {
  store: RecordStore;
  photos: LocalPhotoStore;
  pipeline: ReturnType<typeof fakePipeline>;
  config: Config;
  ctx(openid: string | null, now?: Date): Promise<HandlerContext>;
}

export async function makeEnv(env: Record<string, string> = {}): Promise<Env> {
  const cloud = createCloudStandin();
  const config = loadConfig({ ADMIN_OPENIDS: ADMIN, DAILY_OCR_LIMIT: '50', ...env });
  const store = createWechatStore(cloud.database(), { adminOpenids: config.ADMIN_OPENIDS, createCollections: true });
  const photos = createLocalPhotoStore({ dir: join(await mkdtemp(join(tmpdir(), 'licenselens-photos-')), 'files'), secret: 'test-secret' });
  const pipeline = fakePipeline();
  return {
    store,
    photos,
    pipeline,
    config,
    ctx: (openid, now) => createContext({ openid, store, photos, pipeline, config, ...(now ? { now: () => now } : {}) }),
  };
}
