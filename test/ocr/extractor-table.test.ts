// The documents the offline engine reads are one list (the registry's, documentsReadBy('local')):
// routing and the engine's extractor table are built from it and cannot disagree.
import { describe, expect, it } from 'vitest';
import { DOCUMENTS, documentsReadBy } from '../../core/documents/registry';
import { buildExtractorTable } from '../../server/ocr/extract/all';
import { getExtractor, listExtractors, type DocumentExtractor } from '../../server/ocr/extract/index';
import { createLazyLocalProvider } from '../../server/providers';

describe('the offline engine’s documents', () => {
  it('routes to local exactly the documents the engine has an extractor for, sides included', () => {
    const listed = documentsReadBy('local');
    expect(listed.length).toBeGreaterThan(0);
    // The same documents (the list keeps the order auto-detection tries them in).
    expect(listExtractors().map((x) => x.docType).sort()).toEqual(listed.map((d) => d.id).sort());
    const lazy = createLazyLocalProvider();
    for (const d of DOCUMENTS) {
      expect(lazy.supports(d.id), d.id).toBe(getExtractor(d.id) !== undefined);
    }
    for (const d of listed) expect(getExtractor(d.id)?.sides).toEqual(d.sides);
  });

  it('refuses to build a table that disagrees with the list: a missing extractor, an unlisted one, other sides', () => {
    const x = (docType: string, sides: DocumentExtractor['sides']): DocumentExtractor => ({
      docType,
      sides,
      classify: () => [],
      extract: async () => {
        throw new Error('not called');
      },
    });
    const docs = [{ id: 'vehicle_license', sides: ['front', 'back'] }];
    expect(buildExtractorTable(docs, [x('vehicle_license', ['front', 'back'])]).map((e) => e.docType)).toEqual(['vehicle_license']);
    expect(() => buildExtractorTable(docs, [])).toThrow(/no extractor for it/);
    expect(() => buildExtractorTable(docs, [x('vehicle_license', ['front', 'back']), x('passport', [])])).toThrow(/passport/);
    expect(() => buildExtractorTable(docs, [x('vehicle_license', ['front'])])).toThrow(/sides/);
  });
});
