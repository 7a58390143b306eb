// Administrators see another user's ID numbers masked by default, on every screen that reads a record
// (`get`, `list`); the full number is an explicit `reveal` that writes an audit entry (issue 13, item 6).
import { describe, expect, it } from 'vitest';
import type { GetResponse } from '../../core/contracts/records';
import { maskIdNumber } from '../../core/privacy/mask';
import { handleOcr, handleRecords } from '../../server/records/handlers';
import { A, ADMIN, ID_NUMBER, makeEnv, PNG } from './support';

describe('administrator reading an ID card', () => {
  it('get answers it masked (raw payload and corrections too), with the photo link intact', async () => {
    const env = await makeEnv();
    const r = await handleOcr(await env.ctx(A), { bytes: PNG, docType: 'id_card', side: 'front' });
    await handleRecords(await env.ctx(A), { action: 'submit', id: r._id, fields: { idNumber: '110105194912310021' } });
    const got = (await handleRecords(await env.ctx(ADMIN), { action: 'get', id: r._id })) as GetResponse;
    expect(got.recognized?.idNumber?.value).toBe(maskIdNumber(ID_NUMBER));
    expect(got.submitted?.idNumber).toBe('1****************1');
    expect(JSON.stringify(got)).not.toContain(ID_NUMBER);
    expect(JSON.stringify(got)).not.toContain('110105194912310021');
    expect(got.photoUrl).toMatch(new RegExp(`^/api/files/${r.fileID}\\?exp=\\d+&sig=[\\w-]+$`));
    // The owner still reads their own number in full.
    const own = (await handleRecords(await env.ctx(A), { action: 'get', id: r._id })) as GetResponse;
    expect(own.recognized?.idNumber?.value).toBe(ID_NUMBER);
  });

  it('reveal answers it in full, only to administrators, and writes a reveal audit entry first', async () => {
    const env = await makeEnv();
    const r = await handleOcr(await env.ctx(A), { bytes: PNG, docType: 'id_card', side: 'front' });
    await expect(handleRecords(await env.ctx(A), { action: 'reveal', id: r._id })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    const full = (await handleRecords(await env.ctx(ADMIN), { action: 'reveal', id: r._id })) as GetResponse;
    expect(full.recognized?.idNumber?.value).toBe(ID_NUMBER);
    expect(full.photoUrl).toMatch(/^\/api\/files\//);
    const log = await env.store.listAudit(1, 20);
    expect(log.items.filter((e) => e.action === 'reveal')).toEqual([
      expect.objectContaining({ actor: ADMIN, action: 'reveal', target: r._id, details: { owner: 'other' } }),
    ]);
    await expect(handleRecords(await env.ctx(ADMIN), { action: 'reveal', id: '0123456789abcdef0123456789abcdef' })).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
  });
});
