// The one contract every photo store the local server can use passes (unjs/unstorage's testDriver
// shape): run by each driver's test file with a harness that opens the store — twice over the same
// storage when asked, as two replicas would.
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ServedPhotoStore } from '../../server/stores/files/served';

export interface PhotoStoreHarness {
  /** A store over the shared storage; every call gives another instance (another replica). */
  open(opts: { secret: string; now?: () => Date }): ServedPhotoStore;
  close(): Promise<void>;
}

const JPEG = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), randomBytes(2048), Buffer.from([0xff, 0xd9])]);
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

export function photoStoreContract(name: string, setup: () => Promise<PhotoStoreHarness>): void {
  describe(`${name} photo store contract`, () => {
    let harness: PhotoStoreHarness;
    let store: ServedPhotoStore;
    beforeAll(async () => {
      harness = await setup();
      store = harness.open({ secret: 'contract-secret' });
    });
    afterAll(() => harness?.close());

    it('gives back the bytes, type and owner it was given', async () => {
      const id = await store.put(JPEG, 'image/jpeg', 'o-user-a');
      const got = await store.get(id);
      expect(got?.mime).toBe('image/jpeg');
      expect(Buffer.compare(got!.bytes, JPEG)).toBe(0);
      expect(await store.meta(id)).toEqual({ owner: 'o-user-a', mime: 'image/jpeg' });
    });

    it('keeps an owner of any characters and a spreadsheet type', async () => {
      const id = await store.put(Buffer.from('PK\u0003\u0004 sheet'), XLSX, 'o-管理员 #1');
      expect(await store.meta(id)).toEqual({ owner: 'o-管理员 #1', mime: XLSX });
    });

    it('names each photo with a fresh unguessable id, even for the same bytes', async () => {
      const a = await store.put(JPEG, 'image/jpeg', 'o-user-a');
      const b = await store.put(JPEG, 'image/jpeg', 'o-user-a');
      expect(a).toMatch(/^[a-f0-9]{32}$/);
      expect(b).toMatch(/^[a-f0-9]{32}$/);
      expect(a).not.toBe(b);
    });

    it('reads a missing or malformed id as absent', async () => {
      for (const id of ['0'.repeat(32), '../etc/passwd', '', 'A'.repeat(32)]) {
        expect(await store.get(id)).toBeNull();
        expect(await store.meta(id)).toBeNull();
      }
    });

    it('deletes a photo, and deleting it again (or a malformed id) is not an error', async () => {
      const id = await store.put(JPEG, 'image/jpeg', 'o-user-a');
      await store.delete(id);
      expect(await store.get(id)).toBeNull();
      expect(await store.meta(id)).toBeNull();
      await expect(store.delete(id)).resolves.toBeUndefined();
      await expect(store.delete('../../x')).resolves.toBeUndefined();
    });

    it('keeps a large photo whole', async () => {
      const big = randomBytes(6 * 1024 * 1024);
      const id = await store.put(big, 'image/png', 'o-user-a');
      expect(Buffer.compare((await store.get(id))!.bytes, big)).toBe(0);
    });

    it('stores many photos written at once, each readable afterwards', async () => {
      const bodies = Array.from({ length: 16 }, (_, i) => Buffer.concat([JPEG, Buffer.from([i])]));
      const ids = await Promise.all(bodies.map((b, i) => store.put(b, 'image/jpeg', `o-user-${i}`)));
      expect(new Set(ids).size).toBe(16);
      const back = await Promise.all(ids.map((id) => store.get(id)));
      back.forEach((b, i) => expect(Buffer.compare(b!.bytes, bodies[i]!)).toBe(0));
    });

    it('signs links that open until they expire, for that id only, and not once tampered with', async () => {
      let clock = new Date('2026-01-01T00:00:00Z');
      const timed = harness.open({ secret: 'contract-secret', now: () => clock });
      const id = await timed.put(JPEG, 'image/jpeg', 'o-user-a');
      const other = await timed.put(JPEG, 'image/jpeg', 'o-user-a');
      const url = new URL(await timed.temporaryUrl(id, 60), 'http://x');
      expect(url.pathname).toBe(`/api/files/${id}`);
      const exp = url.searchParams.get('exp') ?? undefined;
      const sig = url.searchParams.get('sig') ?? undefined;
      expect(timed.verify(id, exp, sig)).toBe(true);
      expect(timed.verify(other, exp, sig)).toBe(false);
      expect(timed.verify(id, String(Number(exp) + 1), sig)).toBe(false);
      expect(timed.verify(id, exp, `${sig!.slice(0, -2)}AA`)).toBe(false);
      expect(timed.verify(id, exp, undefined)).toBe(false);
      clock = new Date(clock.getTime() + 61_000);
      expect(timed.verify(id, exp, sig)).toBe(false);
    });

    it('shares photos and links between instances with the same key (replicas), not with another key', async () => {
      const one = harness.open({ secret: 'replica-key' });
      const two = harness.open({ secret: 'replica-key' });
      const stranger = harness.open({ secret: 'another-key' });
      const id = await one.put(JPEG, 'image/jpeg', 'o-user-b');
      expect((await two.meta(id))?.owner).toBe('o-user-b');
      expect(Buffer.compare((await two.get(id))!.bytes, JPEG)).toBe(0);
      const url = new URL(await one.temporaryUrl(id, 60), 'http://x');
      const [exp, sig] = [url.searchParams.get('exp') ?? undefined, url.searchParams.get('sig') ?? undefined];
      expect(two.verify(id, exp, sig)).toBe(true);
      expect(stranger.verify(id, exp, sig)).toBe(false);
      await two.delete(id);
      expect(await one.get(id)).toBeNull();
    });
  });
}
