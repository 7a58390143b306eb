// The Tencent Cloud API errors the cloud function deploy can meet (common errors and those documented
// for the SCF calls it makes: GetFunction, CreateFunction, UpdateFunctionCode,
// UpdateFunctionConfiguration, BatchCreateTrigger, DeleteTrigger; and TCB DescribeEnvInfo), each
// with what to do, in Chinese. An error not listed keeps its code and the platform's message.

const WHAT_TO_DO: Record<string, string> = {
  'AuthFailure.SecretIdNotFound': 'SecretId 不存在：检查 TENCENTCLOUD_SECRETID（访问管理 → API 密钥管理）',
  'AuthFailure.InvalidSecretId': 'SecretId 无效：检查 TENCENTCLOUD_SECRETID',
  'AuthFailure.SignatureFailure': '签名校验失败：TENCENTCLOUD_SECRETKEY 与 SecretId 不匹配',
  'AuthFailure.SignatureExpire': '签名已过期：本机时间与标准时间相差超过 5 分钟，请校准系统时间',
  'AuthFailure.UnauthorizedOperation': '该密钥无权调用此接口：为子账号授予 QcloudSCFFullAccess 和 QcloudTCBFullAccess',
  'UnauthorizedOperation.CAM': '该密钥无权操作云函数：为子账号授予 QcloudSCFFullAccess 和 QcloudTCBFullAccess',
  RequestLimitExceeded: '请求过于频繁，请稍后重试',
  'ResourceNotFound.Namespace': '找不到该环境的云函数命名空间：检查 envId 是否为此账号下的云开发环境',
  'ResourceNotFound.EnvId': '找不到该云开发环境：检查部署配置中的 envId',
  'ResourceInUse.Function': '同名云函数已存在（可能正被另一次部署创建），请稍后重试',
  'ResourceInUse.FunctionName': '同名云函数已存在（可能正被另一次部署创建），请稍后重试',
  'LimitExceeded.Function': '云函数数量已达该环境套餐上限：删除不用的函数或升级套餐',
  'InvalidParameterValue.Runtime': '该地域不支持此运行时：在部署配置中改用 runtime 可选值中的另一个',
  'InvalidParameterValue.MemorySize': '内存取值不被接受：可选 128、256、512、1024、2048、3072（MB）',
  'InvalidParameterValue.Timeout': '超时时间不被接受：取 1–900 秒',
  'InvalidParameterValue.Environment': '环境变量不被接受：变量名只能含字母、数字、下划线，总长不超过 4 KB',
  'InvalidParameterValue.ZipFile': '代码包不被接受：确认 npm run build 生成了 index.js，且压缩包小于 1.5 MB',
  'InvalidParameterValue.TriggerDesc': '定时触发器的 cron 表达式不被接受：须为 7 段（秒 分 时 日 月 星期 年）',
  'FailedOperation.FunctionStatusError': '云函数正在创建或更新中，请稍后重试',
  'FailedOperation.UpdateFunctionCode': '更新代码失败：云函数可能仍在更新中，请稍后重试',
  'FailedOperation.UpdateFunctionConfiguration': '更新配置失败：云函数可能仍在更新中，请稍后重试',
  'FailedOperation.CreateTrigger': '创建定时触发器失败：在云开发控制台 → 云函数 → 触发器 中查看是否已有同名触发器',
  'ResourceInUse.Trigger': '同名触发器已存在且配置不同：部署会先删除旧触发器，请重试',
  'LimitExceeded.Trigger': '该云函数的触发器数量已达上限：删除不用的触发器',
};

export class DeployError extends Error {
  constructor(
    message: string,
    readonly code?: string,
  ) {
    super(message);
    this.name = 'DeployError';
  }
}

/** The SDK's CloudBaseError (or anything thrown) as a DeployError naming the function, the step and the code. */
export function explain(e: unknown, fn: string, step: string): DeployError {
  if (e instanceof DeployError) return e;
  const err = (e ?? {}) as { code?: unknown; message?: unknown; requestId?: unknown };
  const code = typeof err.code === 'string' && err.code ? err.code : undefined;
  const platform = typeof err.message === 'string' ? err.message : String(e);
  const hint = code ? WHAT_TO_DO[code] : undefined;
  const req = typeof err.requestId === 'string' && err.requestId ? `，RequestId ${err.requestId}` : '';
  return new DeployError(`云函数 ${fn}：${step}失败（${code ?? '无错误码'}${req}）：${hint ?? platform}${hint ? `\n  平台原文：${platform}` : ''}`, code);
}

export function isNotFound(e: unknown): boolean {
  const code = (e as { code?: unknown })?.code;
  return code === 'ResourceNotFound.Function' || code === 'ResourceNotFound.FunctionName';
}
