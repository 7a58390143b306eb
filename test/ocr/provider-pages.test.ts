// The `local` provider on a photo holding both pages: one normalized result per page the engine found.
// The engine is stubbed (its page finding is the engine's own test); this is the provider's part.
import { describe, expect, it, vi } from 'vitest';
import type { LocalRecognition } from '../../server/ocr/recognize';
import type { OcrService } from '../../server/ocr/service';

const recognized: { next: LocalRecognition | null } = { next: null };

vi.mock('../../server/ocr/recognize', async (importOriginal) => {
  const real = await importOriginal<typeof import('../../server/ocr/recognize')>();
  return {
    ...real,
    recognizeLocal: async () => {
      if (!recognized.next) throw new Error('no stubbed recognition');
      return recognized.next;
    },
  };
});

const { createLocalProvider } = await import('../../server/providers/local/index');

// The provider is given its OCR service; this one runs each job at once on no real engine (the stubbed
// recognition above never touches it), so no model loads here.
const engine: OcrService = {
  run: (job) => job({} as never),
  load: () => Promise.reject(new Error('no engine in this test')),
  stats: () => ({ loaded: false, loadMs: null, running: 0, queued: 0, maxQueue: 0, completed: 0 }),
};

const raw: LocalRecognition['raw'] = {
  engine: 'pp-ocrv4',
  rotation: 0,
  region: { x: 0, y: 0, width: 100, height: 100, scale: 1 },
  regions: 2,
  classification: { docType: 'vehicle_license', side: 'front', score: 1 },
  lines: [],
  timingsMs: { total: 1 },
};
const frontPage = {
  docType: 'vehicle_license',
  side: 'front' as const,
  values: { plateNo: { value: '鄂E3887K', confidence: 0.99 }, owner: { value: '张三', confidence: 0.98 }, issuingAuthority: { value: '' } },
  fieldWarnings: { issuingAuthority: [{ code: 'SEAL_UNREADABLE', message: '印章无法识别，请核对' }] },
};
const backPage = (plate: string) => ({
  docType: 'vehicle_license',
  side: 'back' as const,
  values: { plateNo: { value: plate, confidence: 0.97 }, fileNo: { value: '420100123456', confidence: 0.95 } },
});
const image = { bytes: Buffer.from('x'), mime: 'image/png' as const, width: 0, height: 0 };

describe('local provider: both pages in one photo', () => {
  it('returns one result per page, each built and validated like a single page, engine warnings included', async () => {
    recognized.next = { ...frontPage, pages: [frontPage, backPage('鄂E3887K')], raw };
    const out = await createLocalProvider({ engine }).recognize(image, { docType: 'vehicle_license', side: 'auto' });
    expect(out.result).toMatchObject({ docType: 'vehicle_license', side: 'front', provider: 'local' });
    expect(out.result.pages?.map((p) => p.side)).toEqual(['front', 'back']);
    const [front, back] = out.result.pages ?? [];
    expect(front?.fields.owner).toMatchObject({ value: '张三', confidence: 0.98 });
    expect(front?.fields.issuingAuthority?.warnings.map((w) => w.code)).toContain('SEAL_UNREADABLE');
    expect(back?.fields.fileNo?.value).toBe('420100123456');
    // the back page's form is complete (every back field present), as for a one-page result
    expect(Object.keys(back?.fields ?? {})).toContain('grossMass');
    expect(out.raw).toBe(raw);
  });

  it('the top level is the page asked for', async () => {
    recognized.next = { ...frontPage, pages: [frontPage, backPage('鄂E3887K')], raw };
    const out = await createLocalProvider({ engine }).recognize(image, { docType: 'vehicle_license', side: 'auto' });
    expect(out.result.side).toBe('front');
    recognized.next = { ...backPage('鄂E3887K'), pages: [frontPage, backPage('鄂E3887K')], raw };
    const back = await createLocalProvider({ engine }).recognize(image, { docType: 'vehicle_license', side: 'back' });
    expect(back.result.side).toBe('back');
    expect(back.result.fields.fileNo?.value).toBe('420100123456');
    expect(back.result.pages).toHaveLength(2);
  });

  it('front plate and back plate that differ: PLATE_MISMATCH on both pages', async () => {
    recognized.next = { ...frontPage, pages: [frontPage, backPage('鄂E3881K')], raw };
    const out = await createLocalProvider({ engine }).recognize(image, { docType: 'vehicle_license', side: 'auto' });
    for (const p of out.result.pages ?? []) expect(p.warnings.map((w) => w.code)).toContain('PLATE_MISMATCH');
  });

  it('one page: no pages list, as before', async () => {
    recognized.next = { ...frontPage, raw };
    const out = await createLocalProvider({ engine }).recognize(image, { docType: 'vehicle_license', side: 'front' });
    expect(out.result.pages).toBeUndefined();
    expect(out.result.fields.owner?.value).toBe('张三');
  });
});
