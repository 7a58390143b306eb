// Dossier tests: contexts with a dossier store over either driver, and a pipeline that reads each
// document and side as a given set of values (no OCR engine).
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Side } from '../../core/contracts/result';
import { buildResult } from '../../core/result/build';
import { loadConfig } from '../../server/config';
import { createContext, type HandlerContext, type PipelineLike, type RecognizeOutcome } from '../../server/records/context';
import { handleOcr, handleRecords } from '../../server/records/handlers';
import { createSqlDossierStore } from '../../server/stores/dossiers/sql';
import type { DossierStore } from '../../server/stores/dossiers/types';
import { createWechatDossierStore } from '../../server/stores/dossiers/wechat';
import { createLocalPhotoStore } from '../../server/stores/files/local';
import { openSqlStore } from '../../server/stores/sql/index';
import type { RecordStore } from '../../server/stores/types';
import { createWechatStore } from '../../server/stores/wechat/index';
import { createCloudStandin } from '../support/wx-cloud-standin';
import { PNG } from '../records/support';
import type { LicenseRecord } from '../../core/contracts/records';

export const A = 'o-user-a';
export const B = 'o-user-b';
export const ADMIN = 'o-admin';

/** What the fake pipeline reads, per `${docType}:${side}`. */
export type Readings = Record<string, Record<string, string>>;

export const LICENCE: Readings = {
  'vehicle_license:front': {
    plateNo: '苏A12345',
    vehicleType: '小型轿车',
    owner: '张三',
    model: '大众汽车牌SVW7182LFD',
    vin: 'LSVAM4187C2184847',
    engineNo: '123456',
    registerDate: '2012-05-01',
    issueDate: '2012-05-01',
  },
  'vehicle_license:back': { plateNo: '苏A12345', fileNo: '320100123456', inspectionRecord: '检验有效期至2027年01月苏A(01)' },
  'id_card:front': { name: '张三', idNumber: '11010519491231002X' },
  'id_card:back': { issuingAuthority: '南京市公安局', validPeriod: '2016-12-20至2026-12-20' },
  'driver_license:front': { name: '张三', licenseNo: '11010519491231002X', licenseClass: 'C1', validPeriod: '2015-06-01至2021-06-01' },
};

export function readingPipeline(readings: Readings): PipelineLike {
  return {
    async recognize(_bytes: Buffer, req: { docType: string; side?: string }): Promise<RecognizeOutcome> {
      const side = (req.side ?? 'front') as Side;
      const values = readings[`${req.docType}:${side}`] ?? {};
      const result = buildResult({ docType: req.docType, side, provider: 'local', values: Object.fromEntries(Object.entries(values).map(([k, v]) => [k, { value: v }])) });
      return { ok: true, result, raw: null, provider: 'local', attempts: [{ provider: 'local', ok: true, durationMs: 1 }], timings: { intakeMs: 0, providerMs: 1, totalMs: 1 } };
    },
  };
}

export interface DossierEnv {
  store: RecordStore;
  dossiers: DossierStore;
  ctx(openid: string, now?: Date): Promise<HandlerContext>;
  /** Scans and submits a document as read, returning the submitted record. */
  scan(openid: string, docType: string, side: Side, extra?: { dossierId?: string; now?: Date }): Promise<LicenseRecord>;
  close(): Promise<void>;
}

let sharedSql: ReturnType<typeof openSqlStore> | undefined;

/** Closes the test file's shared PGlite (afterAll). */
export async function closeSharedSql(): Promise<void> {
  if (sharedSql) await (await sharedSql).close();
  sharedSql = undefined;
}

export async function dossierEnv(
  driver: 'wechat' | 'pglite',
  readings: Readings = LICENCE,
  now = new Date('2026-12-03T02:00:00Z'),
  opts: { /** What the handlers see instead of the store (a store that fails some calls). */ wrapDossiers?: (d: DossierStore) => DossierStore } = {},
): Promise<DossierEnv> {
  const config = loadConfig({ ADMIN_OPENIDS: ADMIN, DAILY_OCR_LIMIT: '500' });
  let store: RecordStore;
  let dossiers: DossierStore;
  // The store's clock moves a millisecond per reading: members keep the order they joined in.
  let tick = 0;
  const storeNow = () => new Date(now.getTime() + tick++);
  if (driver === 'wechat') {
    const cloud = createCloudStandin();
    store = createWechatStore(cloud.database(), { adminOpenids: config.ADMIN_OPENIDS, createCollections: true });
    dossiers = createWechatDossierStore(cloud.database(), { createCollections: true, now: storeNow });
  } else {
    // One in-memory database per test file, emptied for each test (PGlite takes seconds to start).
    sharedSql ??= openSqlStore({ dataDir: null }, { adminOpenids: config.ADMIN_OPENIDS });
    const sql = await sharedSql;
    await sql.adapter.exec('TRUNCATE records, outbox, audit, admins, daily_usage, dossiers, dossier_members, expiries, reminders_sent, reminder_credits, dossier_filings');
    store = sql;
    dossiers = createSqlDossierStore(sql.adapter, storeNow);
  }
  const photos = createLocalPhotoStore({ dir: join(await mkdtemp(join(tmpdir(), 'licenselens-dossier-')), 'files'), secret: 'test-secret' });
  const pipeline = readingPipeline(readings);
  const seen = opts.wrapDossiers ? opts.wrapDossiers(dossiers) : dossiers;
  const ctx = (openid: string, at?: Date) => createContext({ openid, store, dossiers: seen, photos, pipeline, config, now: () => at ?? now });
  return {
    store,
    dossiers,
    ctx,
    async scan(openid, docType, side, extra = {}) {
      const c = await ctx(openid, extra.now);
      const r = await handleOcr(c, { bytes: PNG, docType, side });
      return (await handleRecords(c, { action: 'submit', id: r._id, fields: {}, ...(extra.dossierId ? { dossierId: extra.dossierId } : {}) })) as LicenseRecord;
    },
    close: async () => undefined,
  };
}
