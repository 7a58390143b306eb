// One wx-server-sdk stand-in per test file, handed to `vi.mock('wx-server-sdk', …)` and to the loader of
// the built bundles; a WeChat OCR answer for cloud.openapi.ocr.vehicleLicense.
import { readFile } from 'node:fs/promises';
import { realFixturePath } from '../support/fixtures';
import { uploadFolder } from '../../core/contracts/upload';
import { createCloudStandin, type StandinCloud } from '../support/wx-cloud-standin';

export const standin: StandinCloud = createCloudStandin();

/** The fixture photo. */
export const FIXTURE = realFixturePath('vehicle-licence-front-01.png');

/** A WeChat vehicleLicense response (camelCase, as the cloud openapi returns it) for the fixture. */
export const WECHAT_ANSWER = {
  errCode: 0,
  errMsg: 'openapi.ocr.vehicleLicense:ok',
  plateNum: '京AA5599',
  vehicleType: '小型轿车',
  owner: '王京',
  addr: '北京市石景山区',
  useCharacter: '非营运',
  model: '讴歌牌GHA7150JAD5B',
  vin: 'HHGHH555778802669',
  engineNum: '112244',
  registerDate: '2018-06-14',
  issueDate: '2018-06-14',
};

export const calls: { method: string; params: Record<string, unknown> }[] = [];

export function installOpenapi(cloud: StandinCloud = standin): void {
  cloud.openapi = {
    ocr: {
      async vehicleLicense(params) {
        calls.push({ method: 'ocr.vehicleLicense', params });
        return { ...WECHAT_ANSWER };
      },
    },
  };
}

/** Uploads the fixture as the mini program would (into the user's folder), returning its fileID. */
export async function uploadFixture(openid: string, cloud: StandinCloud = standin): Promise<string> {
  const bytes = await readFile(FIXTURE);
  return (await cloud.uploadFile({ cloudPath: `${uploadFolder(openid)}/vehicle_license-${Math.random().toString(36).slice(2)}.png`, fileContent: bytes })).fileID;
}
