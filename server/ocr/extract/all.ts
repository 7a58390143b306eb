// The engine's extractor table, built from the registry's list of the documents `local` reads
// (documentsReadBy('local')): routing and the engine read one list, so routing can never pick the
// engine for a document it then refuses. A listed document without its extractor, or with other sides,
// stops the module from loading instead of failing one scan later.
import { documentsReadBy } from '../../../core/documents/registry';
import { driverLicenseExtractor } from './driver-license';
import { eDriverLicenseExtractor } from './e-driver-license';
import { idCardExtractor } from './id-card';
import type { DocumentExtractor } from './index';
import { vehicleLicenseExtractor } from './vehicle-license';

/** In the order auto-detection tries them. */
const LIST: readonly DocumentExtractor[] = [vehicleLicenseExtractor, idCardExtractor, driverLicenseExtractor, eDriverLicenseExtractor];

export function buildExtractorTable(
  docs: readonly { id: string; sides: readonly string[] }[],
  extractors: readonly DocumentExtractor[],
): DocumentExtractor[] {
  const byDoc = new Map(extractors.map((x) => [x.docType, x]));
  const listed = new Set(docs.map((d) => d.id));
  const unlisted = extractors.filter((x) => !listed.has(x.docType)).map((x) => x.docType);
  if (unlisted.length) throw new Error(`extractors for documents the registry does not give to local: ${unlisted.join(', ')}`);
  return docs.map((d) => {
    const x = byDoc.get(d.id);
    if (!x) throw new Error(`the registry gives ${d.id} to local, but the engine has no extractor for it`);
    if (x.sides.join() !== d.sides.join()) throw new Error(`extractor ${d.id} reads sides [${x.sides.join()}], the registry lists [${d.sides.join()}]`);
    return x;
  });
}

/** The extractors of the local engine, as a plain list checked against the registry (in LIST's order:
 *  the order auto-detection tries them in). */
const checked = new Set(buildExtractorTable(documentsReadBy('local'), LIST));
export const EXTRACTORS: readonly DocumentExtractor[] = LIST.filter((x) => checked.has(x));
