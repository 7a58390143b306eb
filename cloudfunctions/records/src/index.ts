// Cloud function `records`: thin wiring of wx-server-sdk to server/records (bundled into ../index.js).
import * as sdk from 'wx-server-sdk';
import { createCloudRuntime } from '../../../server/records/cloud';

const runtime = createCloudRuntime(sdk);

export const main = (event: unknown): Promise<unknown> => runtime.records(event);
