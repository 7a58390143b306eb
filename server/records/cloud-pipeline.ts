// The recognition pipeline of the `ocr` cloud function: WeChat OCR through the SDK's openapi, then the
// paid providers the configuration has keys for. Kept apart from ./cloud so that the `records`
// function's bundle holds no provider or image code.
import type { Config } from '../config';
import { createPipeline } from '../pipeline/index';
import { createProviders } from '../providers/index';
import type { WxCloud } from '../stores/wechat/api';
import type { PipelineLike } from './context';

export function createCloudPipeline(cloud: WxCloud, config: Config): PipelineLike {
  return createPipeline({
    // The offline engine is too large for a cloud function (it runs in the container, LOCAL_OCR_URL).
    ...createProviders(config, { cloud: cloud as unknown as NonNullable<Parameters<typeof createProviders>[1]>['cloud'], local: false }),
    routes: config.routes,
  });
}
