// AdminDirectory: administrators from configuration and from the admins table/collection.
import { beforeEach, describe, expect, it } from 'vitest';
import { CONFIG_ADMIN } from './fixtures';
import type { AdminDirectory } from '../../../server/stores/types';
import type { ContractRef } from './fixtures';

export function adminDirectoryContract(ref: ContractRef): void {
  // Read when a test runs: the harness is set up in the caller's beforeAll.
  let store: AdminDirectory;
  let h: ContractRef['h'];
  beforeEach(() => {
    store = ref.store;
    h = ref.h;
  });

  describe('administrators', () => {
    it('knows administrators from configuration and from the admins table', async () => {
      expect(await store.isAdmin(CONFIG_ADMIN)).toBe(true);
      expect(await store.isAdmin('o-new-admin')).toBe(false);
      await h.addAdmin('o-new-admin');
      expect(await store.isAdmin('o-new-admin')).toBe(true);
      expect(await store.isAdmin('o-user-a')).toBe(false);
      expect(await store.isAdmin('')).toBe(false);
    });
  });
}
