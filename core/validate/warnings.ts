// Every warning code the validators emit, with its Chinese message. Codes are stable (code and tests
// rely on them); messages are for the user and may take a detail.
import type { FieldWarning } from '../contracts/result';

export const WARNING_MESSAGES = {
  REQUIRED_MISSING: '未识别到此项，请对照证件补充',
  VALUE_UNREAD: '证件上印有此项，但未能识别其内容，请对照证件填写',
  LOW_CONFIDENCE: '识别置信度较低，请核对',
  // VIN
  VIN_LENGTH: '车辆识别代号应为17位',
  VIN_CHARSET: '车辆识别代号只能包含数字和除I、O、Q以外的大写字母',
  VIN_CONFUSABLE: '车辆识别代号中不应出现字母I、O、Q，可能是数字1、0被误识别，请核对建议值',
  VIN_CHECK_DIGIT: '车辆识别代号校验位（第9位）与计算结果不符，请仔细核对',
  // plate
  PLATE_FORMAT: '号牌号码格式不正确',
  PLATE_PROVINCE: '号牌号码的省份简称无法识别',
  PLATE_AUTHORITY: '号牌号码第2位应为发牌机关代号字母（不含I、O）',
  PLATE_LETTER_IO: '号牌号码中不应出现字母I、O，可能是数字1、0被误识别，请核对建议值',
  PLATE_NEW_ENERGY: '新能源号牌的D/F位置不正确',
  PLATE_MISMATCH: '行驶证主页与副页的号牌号码不一致',
  // barcode (证芯编号)
  BARCODE_MISMATCH: '条码与其下方印刷的证芯编号不一致，请核对',
  // the seal (发证机关) on the vehicle licence's front
  SEAL_UNREADABLE: '发证机关印章无法可靠识别，请对照证件填写',
  SEAL_NOT_READ: '发证机关印章为圆形或未检测到文字，无法自动识别，请对照证件填写',
  // citizen ID
  ID_FORMAT: '公民身份号码应为18位（17位数字加1位校验码）',
  ID_CHECKSUM: '公民身份号码校验码不正确，请仔细核对',
  ID_BIRTH_DATE: '公民身份号码中的出生日期不是有效日期',
  ID_REGION: '公民身份号码的地区码无法识别',
  ID_BIRTH_MISMATCH: '出生日期与公民身份号码中的出生日期不一致',
  ID_SEX_MISMATCH: '性别与公民身份号码不一致',
  // dates
  DATE_FORMAT: '日期格式无法识别，应为 YYYY-MM-DD',
  DATE_INVALID: '日期不存在，请核对',
  DATE_FUTURE: '日期晚于今天，请核对',
  DATE_TOO_OLD: '日期过早，请核对',
  DATE_ORDER: '日期先后顺序不正确',
  PERIOD_FORMAT: '有效期格式无法识别，应为 起始日期至截止日期',
  PERIOD_ORDER: '有效期截止日期早于起始日期',
  PERIOD_EXPIRED: '证件已超过有效期',
  // other formats
  ENUM_UNKNOWN: '该值不在标准取值范围内，请核对',
  SEX_INVALID: '性别应为“男”或“女”',
  MASS_FORMAT: '质量格式无法识别，应为如 1820kg',
  MASS_ORDER: '总质量小于整备质量，请核对',
  PASSENGERS_FORMAT: '人数格式无法识别，应为如 5人',
  DIMENSIONS_FORMAT: '外廓尺寸格式无法识别，应为如 4750×1820×1465mm',
  DIMENSIONS_IMPLAUSIBLE: '外廓尺寸不合常理（长应不小于宽，且在机动车的尺寸范围内），可能识别有误',
  DIGITS_LENGTH: '位数不正确，可能识别有误',
  INSPECTION_FORMAT: '检验记录应为“检验有效期至某年某月”加检验地的号牌代号（如 粤B），可能识别不全',
  ENGINE_NO_FORMAT: '发动机号码应只包含数字和字母',
  DIGITS_FORMAT: '此项应只包含数字',
  CODE_FORMAT: '此项应只包含数字和字母',
  CREDIT_CODE_FORMAT: '统一社会信用代码应为18位数字或大写字母（不含I、O、Z、S、V）',
  CREDIT_CODE_CHECKSUM: '统一社会信用代码校验码不正确，请仔细核对',
  // cross-field and result level
  SHIFTED_VALUE: '该值看起来属于其他字段，识别结果可能错位',
  FIELDS_SHIFTED: '部分字段的内容错位，识别结果不可靠，请重新拍摄或逐项核对',
  UNKNOWN_DOC_TYPE: '未知的证件类型，字段未按标准格式校验',
  SIDE_MISMATCH: '识别结果与所选证件面不一致',
  PAGE_MISSING: '照片中可能还有另一页未识别，请单独拍摄',
  VIN_MODEL_YEAR: '车辆识别代号第10位（年款）与注册日期不符，其中一项可能识别有误',
  VIN_BRAND_MISMATCH: '车辆识别代号前3位（厂商代码）与品牌型号不符，其中一项可能识别有误',
  PASSENGERS_TYPE: '核定载人数与车辆类型不符，其中一项可能识别有误',
  LOAD_ORDER: '核定载质量与总质量、整备质量不符，请核对',
  // lexicons (core/validate/lexicon.ts): real divisions, standard authority names, known brands
  AUTHORITY_UNKNOWN: '发证机关不是“行政区划＋公安交通管理机关”的标准名称，可能识别有误',
  ADDRESS_PLACE_UNKNOWN: '住址开头不是有效的省市县名称，可能识别有误',
  BRAND_UNKNOWN: '品牌不在已知品牌中，可能识别有误',
  // the photo (result level; core/quality): quality, then authenticity (for the reviewer)
  PHOTO_BLUR: '照片模糊，文字可能识别有误，建议重新拍摄',
  PHOTO_GLARE: '照片有反光，反光处的文字可能识别有误，建议避开灯光重新拍摄',
  PHOTO_CUT_OFF: '证件未完整拍入照片，边缘的内容可能缺失，请将整张证件放入取景框',
  PHOTO_TOO_SMALL: '照片分辨率过低或证件离镜头太远，建议靠近重新拍摄',
  PHOTO_COVERED: '证件部分内容被遮挡或未识别到，请移开遮挡物重新拍摄',
  PHOTO_TOO_DARK: '照片过暗，建议在光线充足处重新拍摄',
  PHOTO_TOO_BRIGHT: '照片过亮，建议避开强光重新拍摄',
  PHOTO_PHOTOCOPY: '照片疑似复印件（黑白），请核验证件原件',
  PHOTO_SCREEN: '照片疑似翻拍屏幕，请核验证件原件',
} as const;

export type WarningCode = keyof typeof WARNING_MESSAGES;

export const WARNING_CODES = Object.keys(WARNING_MESSAGES) as WarningCode[];

/** Short names of the warnings for filters and charts (the administrators' console); a code without one
 *  is shown by its message. */
export const WARNING_LABELS: Partial<Record<WarningCode, string>> = {
  REQUIRED_MISSING: '必填项缺失',
  LOW_CONFIDENCE: '置信度低',
  VIN_LENGTH: '车架号位数不对',
  VIN_CHARSET: '车架号含非法字符',
  VIN_CONFUSABLE: '车架号含 I/O/Q',
  VIN_CHECK_DIGIT: '车架号校验位不符',
  PLATE_FORMAT: '号牌格式不正确',
  PLATE_PROVINCE: '号牌省份无法识别',
  PLATE_AUTHORITY: '号牌发牌机关代号不正确',
  PLATE_LETTER_IO: '号牌含 I/O',
  PLATE_NEW_ENERGY: '新能源号牌格式不正确',
  PLATE_MISMATCH: '正副页号牌不一致',
  BARCODE_MISMATCH: '证芯编号与条码不一致',
  SEAL_UNREADABLE: '印章无法识别',
  SEAL_NOT_READ: '印章未自动识别',
  ID_FORMAT: '身份证号位数不对',
  ID_CHECKSUM: '身份证号校验码不正确',
  ID_BIRTH_DATE: '身份证号出生日期无效',
  ID_REGION: '身份证号地区码无法识别',
  ID_BIRTH_MISMATCH: '出生日期与身份证号不一致',
  ID_SEX_MISMATCH: '性别与身份证号不一致',
  DATE_FORMAT: '日期格式无法识别',
  DATE_INVALID: '日期不存在',
  DATE_FUTURE: '日期晚于今天',
  DATE_TOO_OLD: '日期过早',
  DATE_ORDER: '日期先后不正确',
  PERIOD_FORMAT: '有效期格式无法识别',
  PERIOD_ORDER: '有效期起止颠倒',
  PERIOD_EXPIRED: '证件已过期',
  ENUM_UNKNOWN: '不在标准取值范围',
  SEX_INVALID: '性别不正确',
  MASS_FORMAT: '质量格式无法识别',
  MASS_ORDER: '总质量小于整备质量',
  PASSENGERS_FORMAT: '人数格式无法识别',
  DIMENSIONS_FORMAT: '外廓尺寸格式无法识别',
  DIMENSIONS_IMPLAUSIBLE: '外廓尺寸不合常理',
  DIGITS_LENGTH: '位数不正确',
  INSPECTION_FORMAT: '检验记录格式不完整',
  ENGINE_NO_FORMAT: '发动机号格式不正确',
  DIGITS_FORMAT: '应只含数字',
  CODE_FORMAT: '应只含数字和字母',
  CREDIT_CODE_FORMAT: '信用代码格式不正确',
  CREDIT_CODE_CHECKSUM: '信用代码校验码不正确',
  SHIFTED_VALUE: '字段值疑似错位',
  FIELDS_SHIFTED: '识别结果错位',
  UNKNOWN_DOC_TYPE: '未知证件类型',
  SIDE_MISMATCH: '证件面不一致',
  VIN_MODEL_YEAR: '车架号年款与注册日期不符',
  VIN_BRAND_MISMATCH: '车架号厂商与品牌不符',
  PASSENGERS_TYPE: '载人数与车辆类型不符',
  LOAD_ORDER: '核定载质量不符',
  AUTHORITY_UNKNOWN: '发证机关名称无法核实',
  ADDRESS_PLACE_UNKNOWN: '住址地名无法核实',
  BRAND_UNKNOWN: '品牌未知',
  PHOTO_BLUR: '照片模糊',
  PHOTO_GLARE: '照片反光',
  PHOTO_CUT_OFF: '证件未拍全',
  PHOTO_TOO_SMALL: '照片太小或太远',
  PHOTO_COVERED: '证件被遮挡',
  PHOTO_TOO_DARK: '照片过暗',
  PHOTO_TOO_BRIGHT: '照片过亮',
  PHOTO_PHOTOCOPY: '疑似复印件',
  PHOTO_SCREEN: '疑似翻拍屏幕',
};

/** A warning's short Chinese name; an unknown code (from a newer server) is its own name. */
export function warningLabel(code: string): string {
  if (!Object.hasOwn(WARNING_MESSAGES, code)) return code;
  return WARNING_LABELS[code as WarningCode] ?? WARNING_MESSAGES[code as WarningCode];
}

export function warning(code: WarningCode, detail?: string): FieldWarning {
  const message = WARNING_MESSAGES[code];
  return { code, message: detail ? `${message}（${detail}）` : message };
}
