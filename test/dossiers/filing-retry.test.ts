// A submit whose filing into the vehicle's dossier fails is not lost: the submit succeeds, the failure is
// audited and kept, and the scheduler files the record later (server/dossiers/retry.ts).
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { DossierView } from '../../core/contracts/dossiers';
import { loadConfig } from '../../server/config';
import { runScheduledJobs } from '../../server/delivery/scheduler';
import { retryFilings } from '../../server/dossiers/retry';
import { handleRecords } from '../../server/records/handlers';
import type { DossierStore } from '../../server/stores/dossiers/types';
import { createLocalPhotoStore } from '../../server/stores/files/local';
import { A, closeSharedSql, dossierEnv, LICENCE } from './support';

afterAll(closeSharedSql);

const NOW = new Date('2026-12-03T02:00:00Z');
const later = (minutes: number) => new Date(NOW.getTime() + minutes * 60_000);

/** The store as the handlers see it, its attach() failing while `down` says so (a database hiccup). */
function flaky(down: () => boolean): (d: DossierStore) => DossierStore {
  return (d) => ({
    ...d,
    attach: async (dossierId, recordId) => {
      if (down()) throw new Error('connection reset');
      return d.attach(dossierId, recordId);
    },
  });
}

describe.each(['wechat', 'pglite'] as const)('failed dossier filings (%s)', { timeout: 120_000 }, (driver) => {
  it('keeps the submit, audits the failure and files the record on a later scheduler tick', async () => {
    let down = true;
    const env = await dossierEnv(driver, LICENCE, NOW, { wrapDossiers: flaky(() => down) });
    const front = await env.scan(A, 'vehicle_license', 'front');
    expect(front.status).toBe('submitted');
    const list = async () => (await handleRecords(await env.ctx(A), { action: 'dossiers' })) as { items: DossierView[] };
    expect((await list()).items.flatMap((d) => d.recordIds)).toEqual([]);
    const failed = (await env.store.listAudit(1, 20)).items.find((e) => e.action === 'dossier_file_failed');
    expect(failed).toMatchObject({ target: front._id, details: { queued: true } });

    // Not due at once: the first retry waits a backoff step.
    expect(await retryFilings({ records: env.store, dossiers: env.dossiers, now: NOW })).toEqual({ filed: 0, failed: 0, dropped: 0 });
    // Still down at the first retry: counted and put off again.
    expect(await retryFilings({ records: env.store, dossiers: flaky(() => down)(env.dossiers), now: later(2), random: () => 0.5 })).toEqual({ filed: 0, failed: 1, dropped: 0 });
    const [pending] = await env.dossiers.dueFilings(later(24 * 60).toISOString(), 10);
    expect(pending).toMatchObject({ recordId: front._id, attempts: 1 });
    expect(Date.parse(pending!.nextAttemptAt)).toBeGreaterThan(later(2).getTime());

    down = false;
    const photos = createLocalPhotoStore({ dir: join(await mkdtemp(join(tmpdir(), 'licenselens-filing-')), 'files'), secret: 'test-secret' });
    const tick = await runScheduledJobs({
      store: env.store,
      photos,
      config: loadConfig({}),
      dossiers: env.dossiers,
      now: () => later(24 * 60),
    });
    expect(tick.filings).toEqual({ filed: 1, failed: 0, dropped: 0 });
    expect((await list()).items.map((d) => d.recordIds)).toEqual([[front._id]]);
    expect(await env.dossiers.dueFilings(later(48 * 60).toISOString(), 10)).toEqual([]);
  });

  it('drops a pending filing whose record was deleted meanwhile', async () => {
    const env = await dossierEnv(driver, LICENCE, NOW, { wrapDossiers: flaky(() => true) });
    const front = await env.scan(A, 'vehicle_license', 'front');
    // The pending filing of a deleted record goes with it (forgetRecord) …
    await handleRecords(await env.ctx(A), { action: 'delete', id: front._id });
    expect(await env.dossiers.dueFilings(later(60).toISOString(), 10)).toEqual([]);
    // … and one left behind by a crash between the two writes (the cloud database has no foreign key;
    // in SQL the reference makes it impossible) is dropped by the retry.
    if (driver === 'pglite') return;
    await env.dossiers.queueFiling({ recordId: front._id, dossierId: null }, NOW.toISOString());
    expect(await retryFilings({ records: env.store, dossiers: env.dossiers, now: later(1) })).toEqual({ filed: 0, failed: 0, dropped: 1 });
    expect(await env.dossiers.dueFilings(later(60).toISOString(), 10)).toEqual([]);
  });
});
