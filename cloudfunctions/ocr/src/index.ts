// Cloud function `ocr`: thin wiring of wx-server-sdk to server/records (bundled into ../index.js).
import * as sdk from 'wx-server-sdk';
import { createCloudRuntime } from '../../../server/records/cloud';
import { createCloudPipeline } from '../../../server/records/cloud-pipeline';

const runtime = createCloudRuntime(sdk, { pipeline: (config) => createCloudPipeline(sdk, config) });

export const main = (event: unknown): Promise<unknown> => runtime.ocr(event);
