// A loopback server speaking the Tencent Cloud API 3.0 protocol for exactly the calls the cloud
// function deploy makes (TCB DescribeEnvInfo; SCF GetFunction, CreateFunction, UpdateFunctionCode,
// UpdateFunctionConfiguration, BatchCreateTrigger, DeleteTrigger): POST JSON to
// https://<service>.tencentcloudapi.com/, X-TC-Action / X-TC-Version / X-TC-Timestamp headers, a
// TC3-HMAC-SHA256 Authorization checked here, answers { Response: { …, RequestId } } or
// { Response: { Error: { Code, Message }, RequestId } }. Any other call is answered InvalidAction.
import { createHash, createHmac, randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';

const VERSIONS: Record<string, string> = { scf: '2018-04-16', tcb: '2018-06-08' };
export const SCF_RUNTIMES = ['Nodejs20.19', 'Nodejs18.15', 'Nodejs16.13', 'Nodejs12.16', 'Nodejs10.15', 'Nodejs8.9'];
const MEMORY = [64, 128, 256, 512, 1024, 2048, 3072];

export interface CloudFunctionState {
  Runtime: string;
  Handler: string;
  Timeout: number;
  MemorySize: number;
  InstallDependency: string;
  Environment: { Variables: { Key: string; Value: string }[] };
  Triggers: { TriggerName: string; Type: string; TriggerDesc: string }[];
  Status: 'Creating' | 'Updating' | 'Active';
  zip: Buffer;
}

export interface ApiCall {
  service: string;
  action: string;
  params: Record<string, unknown>;
}

class ApiFault extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

const hash = (s: string | Buffer) => createHash('sha256').update(s).digest('hex');
const hmac = (key: string | Buffer, s: string) => createHmac('sha256', key).update(s).digest();

/** Checks the TC3-HMAC-SHA256 signature as documented (signature v3, signed headers content-type;host). */
function checkSignature(req: IncomingMessage, body: Buffer, service: string, secretId: string, secretKey: string): void {
  const auth = String(req.headers.authorization ?? '');
  const m = /^TC3-HMAC-SHA256 Credential=([^/]+)\/(\d{4}-\d{2}-\d{2})\/(\w+)\/tc3_request, SignedHeaders=([\w;-]+), Signature=([0-9a-f]{64})$/.exec(auth);
  if (!m) throw new ApiFault('AuthFailure.SignatureFailure', 'The provided credentials could not be validated.');
  const [, id, date, svc, signed, signature] = m;
  if (id !== secretId) throw new ApiFault('AuthFailure.SecretIdNotFound', 'The SecretId is not found, please ensure that your SecretId is correct.');
  const ts = Number(req.headers['x-tc-timestamp']);
  if (!Number.isFinite(ts) || Math.abs(Date.now() / 1000 - ts) > 300) throw new ApiFault('AuthFailure.SignatureExpire', 'Signature expire.');
  if (signed !== 'content-type;host') throw new ApiFault('AuthFailure.SignatureFailure', 'SignedHeaders must be content-type;host');
  const headers = `content-type:${String(req.headers['content-type'])}\nhost:${String(req.headers.host)}\n`;
  const canonical = `POST\n/\n\n${headers}\n${signed}\n${hash(body)}`;
  const toSign = `TC3-HMAC-SHA256\n${ts}\n${date}/${svc}/tc3_request\n${hash(canonical)}`;
  const key = hmac(hmac(hmac(`TC3${secretKey}`, date!), svc!), 'tc3_request');
  if (svc !== service || createHmac('sha256', key).update(toSign).digest('hex') !== signature) {
    throw new ApiFault('AuthFailure.SignatureFailure', 'The provided credentials could not be validated. Please check your signature is correct.');
  }
}

export async function startCloudbaseApi(opts: { envId: string; secretId: string; secretKey: string }) {
  const functions = new Map<string, CloudFunctionState>();
  const calls: ApiCall[] = [];
  const faults: { action: string; code: string; message: string }[] = [];

  function fn(params: Record<string, unknown>): [string, CloudFunctionState] {
    if (params.Namespace !== opts.envId) throw new ApiFault('ResourceNotFound.Namespace', `Namespace ${String(params.Namespace)} not found`);
    const name = String(params.FunctionName ?? '');
    const f = functions.get(name);
    if (!f) throw new ApiFault('ResourceNotFound.Function', `未找到指定的Function，请创建后再试。(${name})`);
    return [name, f];
  }
  function active(f: CloudFunctionState): void {
    if (f.Status !== 'Active') throw new ApiFault('FailedOperation.FunctionStatusError', `函数在${f.Status}状态，无法进行此操作，请稍后重试。`);
  }
  function config(f: CloudFunctionState, p: Record<string, unknown>): void {
    if (p.Timeout !== undefined) {
      if (!Number.isInteger(p.Timeout) || (p.Timeout as number) < 1 || (p.Timeout as number) > 900) throw new ApiFault('InvalidParameterValue.Timeout', 'Timeout 取值与规范不符');
      f.Timeout = p.Timeout as number;
    }
    if (p.MemorySize !== undefined) {
      if (!MEMORY.includes(p.MemorySize as number)) throw new ApiFault('InvalidParameterValue.MemorySize', 'MemorySize 取值与规范不符');
      f.MemorySize = p.MemorySize as number;
    }
    const env = p.Environment as { Variables?: { Key: string; Value: string }[] } | undefined;
    if (env) f.Environment = { Variables: (env.Variables ?? []).map((v) => ({ Key: v.Key, Value: v.Value })) };
  }
  function code(p: Record<string, unknown>): Buffer {
    const zip = (p.Code as { ZipFile?: unknown } | undefined)?.ZipFile;
    if (typeof zip !== 'string' || zip.length === 0) throw new ApiFault('InvalidParameterValue.Code', 'Code 传入错误');
    const bytes = Buffer.from(zip, 'base64');
    if (bytes.readUInt32LE(0) !== 0x04034b50) throw new ApiFault('InvalidParameterValue.ZipFile', 'ZipFile 不是 zip 压缩包');
    return bytes;
  }

  const actions: Record<string, (p: Record<string, unknown>) => Record<string, unknown>> = {
    'tcb.DescribeEnvInfo': (p) => {
      if (p.EnvId !== opts.envId) throw new ApiFault('ResourceNotFound.EnvId', `环境 ${String(p.EnvId)} 不存在`);
      return { EnvInfo: { EnvBaseInfo: { EnvId: opts.envId, Region: 'ap-shanghai', Status: 'NORMAL', Functions: [{ Namespace: opts.envId, Region: 'ap-shanghai' }], Storages: [] } } };
    },
    'scf.GetFunction': (p) => {
      const [name, f] = fn(p);
      const answer = { FunctionName: name, Runtime: f.Runtime, Handler: f.Handler, Timeout: f.Timeout, MemorySize: f.MemorySize, Environment: f.Environment, Triggers: f.Triggers, Status: f.Status, InstallDependency: f.InstallDependency };
      // A create or code update finishes after one look, as the platform's does after a while.
      if (f.Status !== 'Active') f.Status = 'Active';
      return answer;
    },
    'scf.CreateFunction': (p) => {
      if (p.Namespace !== opts.envId) throw new ApiFault('ResourceNotFound.Namespace', 'Namespace not found');
      const name = String(p.FunctionName ?? '');
      if (!/^[A-Za-z][\w-]{0,58}[A-Za-z0-9]$/.test(name)) throw new ApiFault('InvalidParameterValue.FunctionName', 'FunctionName 取值与规范不符');
      if (functions.has(name)) throw new ApiFault('ResourceInUse.Function', 'Function 已存在');
      if (!SCF_RUNTIMES.includes(String(p.Runtime))) throw new ApiFault('InvalidParameterValue.Runtime', 'Runtime 取值与规范不符');
      const f: CloudFunctionState = { Runtime: String(p.Runtime), Handler: String(p.Handler ?? 'index.main'), Timeout: 3, MemorySize: 128, InstallDependency: String(p.InstallDependency ?? 'FALSE'), Environment: { Variables: [] }, Triggers: [], Status: 'Creating', zip: code(p) };
      config(f, p);
      functions.set(name, f);
      return {};
    },
    'scf.UpdateFunctionCode': (p) => {
      const [, f] = fn(p);
      active(f);
      f.zip = code(p);
      f.Handler = String(p.Handler ?? f.Handler);
      f.InstallDependency = String(p.InstallDependency ?? f.InstallDependency);
      f.Status = 'Updating';
      return {};
    },
    'scf.UpdateFunctionConfiguration': (p) => {
      const [, f] = fn(p);
      active(f);
      if (p.Runtime !== undefined) throw new ApiFault('InvalidParameter.Payload', 'Runtime 不能在更新配置时修改');
      config(f, p);
      return {};
    },
    'scf.BatchCreateTrigger': (p) => {
      const [, f] = fn(p);
      const list = JSON.parse(String(p.Triggers ?? '[]')) as { TriggerName: string; Type: string; TriggerDesc: string }[];
      if (list.length !== p.Count) throw new ApiFault('InvalidParameterValue.Count', 'Count 与 Triggers 数量不符');
      for (const t of list) {
        if (t.Type !== 'timer') throw new ApiFault('InvalidParameterValue.Type', 'Type 取值与规范不符');
        if (String(t.TriggerDesc).trim().split(/\s+/).length !== 7) throw new ApiFault('InvalidParameterValue.TriggerDesc', 'TriggerDesc 取值与规范不符');
        if (f.Triggers.some((x) => x.TriggerName === t.TriggerName)) throw new ApiFault('ResourceInUse.Trigger', 'Trigger 已存在');
        f.Triggers.push({ TriggerName: t.TriggerName, Type: 'timer', TriggerDesc: JSON.stringify({ cron: t.TriggerDesc }) });
      }
      return {};
    },
    'scf.DeleteTrigger': (p) => {
      const [, f] = fn(p);
      const before = f.Triggers.length;
      f.Triggers = f.Triggers.filter((t) => t.TriggerName !== p.TriggerName);
      if (f.Triggers.length === before) throw new ApiFault('ResourceNotFound.Trigger', 'Trigger 不存在');
      return {};
    },
  };

  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      const RequestId = randomUUID();
      const reply = (Response: Record<string, unknown>) => {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ Response: { ...Response, RequestId } }));
      };
      const service = String(req.headers.host ?? '').split('.')[0] ?? '';
      const action = String(req.headers['x-tc-action'] ?? '');
      try {
        if (req.method !== 'POST' || req.url !== '/') throw new ApiFault('InvalidParameter', 'POST / expected');
        if (!String(req.headers['content-type']).startsWith('application/json')) throw new ApiFault('InvalidParameter', 'Content-Type must be application/json');
        if (req.headers['x-tc-version'] !== VERSIONS[service]) throw new ApiFault('NoSuchVersion', `The requested version ${String(req.headers['x-tc-version'])} of service ${service} does not exist.`);
        checkSignature(req, body, service, opts.secretId, opts.secretKey);
        const params = JSON.parse(body.toString('utf8')) as Record<string, unknown>;
        calls.push({ service, action, params });
        const fault = faults.findIndex((f) => f.action === `${service}.${action}`);
        if (fault >= 0) {
          const [f] = faults.splice(fault, 1);
          throw new ApiFault(f!.code, f!.message);
        }
        const handler = actions[`${service}.${action}`];
        if (!handler) throw new ApiFault('InvalidAction', `The action ${action} of ${service} is not in this server (the deploy was not expected to call it).`);
        reply(handler(params));
      } catch (e) {
        reply({ Error: { Code: e instanceof ApiFault ? e.code : 'InternalError', Message: (e as Error).message } });
      }
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    functions,
    calls,
    /** The next call of `action` ('scf.CreateFunction') is answered with this documented error. */
    failNext(action: string, code: string, message: string) {
      faults.push({ action, code, message });
    },
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}
