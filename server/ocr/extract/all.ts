// Registers every extractor of the local engine (import for side effects).
import { registerExtractor } from './index';
import { vehicleLicenseExtractor } from './vehicle-license';

registerExtractor(vehicleLicenseExtractor);
