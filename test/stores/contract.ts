// The contract every RecordStore driver passes (unjs/unstorage's testDriver shape): a driver's test file
// calls runStoreContract with a harness that creates the store, empties it between tests and can inject
// a write failure; each part of the store (records, outbox, audit log, administrators) has its own suite.
import { afterAll, beforeAll, beforeEach, describe } from 'vitest';
import { adminDirectoryContract } from './contracts/admins';
import { auditLogContract } from './contracts/audit';
import type { ContractRef, StoreHarness } from './contracts/fixtures';
import { outboxContract } from './contracts/outbox';
import { recordsContract } from './contracts/records';

export { CONFIG_ADMIN, newRecord, twoPageRecord, type StoreHarness } from './contracts/fixtures';

export function runStoreContract(label: string, setup: () => Promise<StoreHarness>): void {
  describe(`RecordStore contract: ${label}`, () => {
    const ref = {} as ContractRef; // filled before any test runs
    beforeAll(async () => {
      ref.h = await setup();
      ref.store = ref.h.store;
    });
    afterAll(async () => {
      await ref.h?.close();
    });
    beforeEach(async () => {
      await ref.h.failOutboxWrites(false);
      ref.h.setNow(null);
      await ref.h.reset();
    });

    describe('records', () => recordsContract(ref));
    describe('outbox', () => outboxContract(ref));
    describe('audit log', () => auditLogContract(ref));
    describe('administrators', () => adminDirectoryContract(ref));
  });
}
