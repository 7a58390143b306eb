// What every store contract suite shares: the harness a driver's test file provides, and the records
// the suites write.
import type { RecordPage } from '../../../core/contracts/records';
import type { NewRecord, RecordStore, SubmitInput } from '../../../server/stores/types';

export interface StoreHarness {
  store: RecordStore;
  /** Empties every table/collection. */
  reset(): Promise<void>;
  /** Makes the next outbox writes (insert, update, delete) fail inside the store (a failure mid-way
   *  through a submit or a delete). */
  failOutboxWrites(on: boolean): Promise<void>;
  /** Sets top-level fields of a stored record behind the store's back (a row an older version wrote). */
  patchStoredRecord(id: string, patch: Record<string, unknown>): Promise<void>;
  /** Sets the clock the store was created with (null: the real time). */
  setNow(at: string | null): void;
  /** Adds an administrator to the `admins` table/collection. */
  addAdmin(openid: string): Promise<void>;
  close(): Promise<void>;
}

/** Configured (ADMIN_OPENIDS) administrator every harness passes to its store. */
export const CONFIG_ADMIN = 'o-admin-from-config';

export function newRecord(over: Partial<NewRecord> & { plateNo?: string; vin?: string; owner?: string } = {}): NewRecord {
  const { plateNo = '粤B12345', vin = 'LSVAM4187C2184847', owner = '张三', ...rest } = over;
  return {
    _openid: 'o-user-a',
    docType: 'vehicle_license',
    side: 'front',
    fileID: 'file-1',
    status: 'recognized',
    provider: 'local',
    attempts: [{ provider: 'local', ok: true, durationMs: 12 }],
    raw: { words: [{ text: plateNo }] },
    recognized: {
      plateNo: { value: plateNo, warnings: [] },
      vin: { value: vin, warnings: [{ code: 'VIN_CHECK_DIGIT', message: '校验位不符' }], confidence: 0.9 },
      owner: { value: owner, warnings: [] },
      model: { value: '大众汽车牌SVW71810KJ', warnings: [] },
    },
    extra: { 条码: '12345' },
    warnings: [],
    error: null,
    timings: { intakeMs: 3, providerMs: 40, totalMs: 45 },
    ...rest,
  };
}

/** A photo of both pages of a vehicle licence, the back page asked for (the top level mirrors it). */
export function twoPageRecord(over: Partial<NewRecord> = {}): NewRecord {
  const front: RecordPage = {
    docType: 'vehicle_license',
    side: 'front',
    recognized: { plateNo: { value: '鄂E3887K', warnings: [] }, owner: { value: '李四光', warnings: [] }, vin: { value: 'LSVAM4187C2184847', warnings: [] } },
    extra: {},
    warnings: [],
    submitted: null,
    corrections: {},
  };
  const back: RecordPage = {
    docType: 'vehicle_license',
    side: 'back',
    recognized: { plateNo: { value: '鄂E3887K', warnings: [] }, fileNo: { value: '420100123456', warnings: [] } },
    extra: {},
    warnings: [],
    submitted: null,
    corrections: {},
  };
  return newRecord({ side: 'back', recognized: back.recognized, extra: {}, pages: [front, back], ...over });
}

export function submitInput(openid: string, over: Partial<SubmitInput> = {}): SubmitInput {
  return {
    openid,
    submitted: { plateNo: '粤B12346', vin: 'LSVAM4187C2184847', owner: '张三', model: '大众汽车牌SVW71810KJ' },
    corrections: { plateNo: { from: '粤B12345', to: '粤B12346' } },
    submittedAt: '2026-11-20T08:00:00.000Z',
    ...over,
  };
}

/** The harness of the driver under test, filled in by `runStoreContract`'s beforeAll. */
export interface ContractRef {
  h: StoreHarness;
  store: RecordStore;
}
