// Registers every extractor of the local engine (import for side effects).
import { driverLicenseExtractor } from './driver-license';
import { eDriverLicenseExtractor } from './e-driver-license';
import { idCardExtractor } from './id-card';
import { registerExtractor } from './index';
import { vehicleLicenseExtractor } from './vehicle-license';

registerExtractor(vehicleLicenseExtractor);
registerExtractor(idCardExtractor);
registerExtractor(driverLicenseExtractor);
registerExtractor(eDriverLicenseExtractor);
