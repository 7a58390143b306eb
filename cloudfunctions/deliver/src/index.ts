// Cloud function `deliver` (timer-triggered, see config.json): outbox deliveries and photo retention.
import * as sdk from 'wx-server-sdk';
import { createDeliverMain } from '../../../server/delivery/cloud';

export const main = createDeliverMain(sdk);
