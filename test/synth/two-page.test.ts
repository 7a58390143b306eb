// Both pages of a vehicle licence in one picture: the truth per page in the shape of the real fixture
// vehicle-licence-both-pages-02.json, the layout and order recorded, the same vehicle on both pages.
import { describe, expect, it } from 'vitest';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { fieldDefs } from '../../core/documents/registry';
import { generateCard, SYNTH_KINDS, SYNTH_TWO_PAGE_KINDS } from '../../scripts/synth/index';
import { REAL_FIXTURES as REAL_DIR } from '../support/fixtures';

const Page = z.record(z.string(), z.string());
const TwoPageFixture = z.object({ side: z.literal('both'), pages: z.object({ front: Page, back: Page }) });

describe('two pages in one picture', () => {
  it('has pages.front and pages.back under the registry keys of each side, the same plate on both', async () => {
    const card = await generateCard({ docType: 'vehicle_license', side: 'both', seed: 90 });
    expect(card.side).toBe('both');
    expect('fields' in card).toBe(false);
    expect(Object.keys(card.pages).sort()).toEqual(['back', 'front']);
    for (const side of ['front', 'back'] as const) {
      const keys = new Set(fieldDefs('vehicle_license', side).map((f) => f.key));
      for (const k of Object.keys(card.pages[side])) expect(keys.has(k), `${side}.${k}`).toBe(true);
    }
    expect(card.pages.front.plateNo).toBeTruthy();
    expect(card.pages.back.plateNo).toBe(card.pages.front.plateNo);
  });

  it('matches the shape of the real two-page fixture', async () => {

    const real = TwoPageFixture.parse(JSON.parse(await readFile(join(REAL_DIR, 'vehicle-licence-both-pages-02.json'), 'utf8')));
    const card = await generateCard({ docType: 'vehicle_license', side: 'both', seed: 91 });
    expect(Object.keys(card.pages).sort()).toEqual(Object.keys(real.pages).sort());
    expect(card.side).toBe(real.side);
    expect(Object.keys(card.pages.back).sort()).toEqual(Object.keys(real.pages.back).sort());
    expect(Object.keys(card.pages.front).sort()).toEqual(Object.keys(real.pages.front).sort());
  });

  it('lays the pages side by side or stacked as asked, and records which comes first', async () => {
    const wide = await generateCard({ docType: 'vehicle_license', side: 'both', seed: 92, layout: 'side_by_side' });
    const tall = await generateCard({ docType: 'vehicle_license', side: 'both', seed: 92, layout: 'stacked' });
    expect(wide.layout.kind).toBe('side_by_side');
    expect(tall.layout.kind).toBe('stacked');
    expect(wide.width / wide.height).toBeGreaterThan(2);
    expect(tall.width / tall.height).toBeLessThan(1);
    const firsts = new Set<string>();
    for (let seed = 1; seed <= 8; seed++) firsts.add((await generateCard({ docType: 'vehicle_license', side: 'both', seed, width: 320 })).layout.first);
    expect([...firsts].sort()).toEqual(['back', 'front']);
  });

  it('is deterministic, and a photo with defects labels them and keeps the page truths apart', async () => {
    const req = { docType: 'vehicle_license', side: 'both', seed: 93, width: 640, defects: ['sleeve', 'cut_off'] } as const;
    const a = await generateCard(req);
    const b = await generateCard(req);
    expect(Buffer.compare(a.image, b.image)).toBe(0);
    expect(b.pages).toEqual(a.pages);
    expect(a.defects.map((d) => d.defect)).toEqual(['sleeve', 'cut_off']);
    const clean = await generateCard({ docType: 'vehicle_license', side: 'both', seed: 93 });
    const hidden = (['front', 'back'] as const).flatMap((side) =>
      Object.keys(clean.pages[side]).filter((k) => clean.pages[side][k] !== '' && a.pages[side][k] === '').map((k) => `${side}.${k}`),
    );
    expect(hidden.length).toBeGreaterThan(0);
    for (const h of hidden) expect(a.notes.join(' ')).toContain(h);
  });

  it('stays out of SYNTH_KINDS (one side per card there) and is listed on its own', () => {
    expect(SYNTH_KINDS.every((k) => k.side !== ('both' as string))).toBe(true);
    expect(SYNTH_TWO_PAGE_KINDS).toEqual([{ docType: 'vehicle_license', side: 'both' }]);
  });
});
