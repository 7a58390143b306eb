// Cloud function `records`: thin wiring of wx-server-sdk to server/records (bundled into ../index.js).
import * as sdk from 'wx-server-sdk';
import { createCloudRuntime } from '../../../server/records/cloud';
import type { WxCloud } from '../../../server/stores/wechat/api';

const runtime = createCloudRuntime(sdk as unknown as WxCloud);

export const main = (event: unknown): Promise<unknown> => runtime.records(event);
