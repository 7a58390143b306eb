// Cloud function `deliver` (timer-triggered, see config.json): outbox deliveries and photo retention.
import * as sdk from 'wx-server-sdk';
import { createDeliverMain } from '../../../server/delivery/cloud';
import type { WxCloud } from '../../../server/stores/wechat/api';

export const main = createDeliverMain(sdk as unknown as WxCloud);
