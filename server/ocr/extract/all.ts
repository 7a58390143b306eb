// The extractors of the local engine, as a plain list (one per document type; the order is the order
// auto-detection tries them in).
import { driverLicenseExtractor } from './driver-license';
import { eDriverLicenseExtractor } from './e-driver-license';
import { idCardExtractor } from './id-card';
import type { DocumentExtractor } from './index';
import { vehicleLicenseExtractor } from './vehicle-license';

export const EXTRACTORS: readonly DocumentExtractor[] = [vehicleLicenseExtractor, idCardExtractor, driverLicenseExtractor, eDriverLicenseExtractor];
