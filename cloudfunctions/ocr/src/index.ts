// Cloud function `ocr`: thin wiring of wx-server-sdk to server/records (bundled into ../index.js).
import * as sdk from 'wx-server-sdk';
import { createCloudRuntime } from '../../../server/records/cloud';

const runtime = createCloudRuntime(sdk);

export const main = (event: unknown): Promise<unknown> => runtime.ocr(event);
