// A loopback HTTP server that speaks each provider's documented protocol
// (as the providers publish them; nothing is read from outside the repository): it checks what a client sends (method, content type, fields, auth,
// size limits, image type) and answers the way the provider documents, including its error codes.
// Tests queue replies per path to replay recorded responses, errors and transport failures.
import { createServer, type IncomingHttpHeaders, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ENGINE_MAX_IMAGE_BYTES, ENGINE_PATH, ENGINE_REFUSALS, EngineRequestSchema } from '../../core/contracts/engine';
import { verify } from '../../server/delivery/sign';

export const CREDENTIALS = {
  wechatAppId: 'wx0123456789abcdef',
  wechatSecret: 'test-secret-0123456789',
  juheKey: 'juhe-test-key',
  kuaitongAppCode: 'kt-app-code-123',
  /** The engine service's ENGINE_SERVICE_SECRET (the callers' LOCAL_OCR_SECRET). */
  engineSecret: 'engine-test-secret-0123456789abcdef0123',
} as const;

export const PATHS = {
  wechatToken: '/cgi-bin/token',
  wechatOcr: '/cv/ocr/driving',
  wechatIdCard: '/cv/ocr/idcard',
  wechatDriverLicense: '/cv/ocr/drivinglicense',
  wechatBankCard: '/cv/ocr/bankcard',
  wechatBizLicense: '/cv/ocr/bizlicense',
  juheBase64: '/certificates/queryBase64',
  juheFile: '/certificates/query',
  juheRegCert: '/vehicle_reg_cert_ocr/query',
  juheEDrive: '/edriveimage/verify',
  kuaitong: '/ocr/driving-license',
  engine: ENGINE_PATH,
} as const;

export interface UploadedFile {
  name: string;
  type: string;
  bytes: Buffer;
}

export interface RecordedRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  contentType: string;
  bodyBytes: number;
  /** The raw body (signed protocols check it byte for byte). */
  body: Buffer;
  fields: Record<string, string>;
  files: Record<string, UploadedFile>;
}

/** What the server answers once a request passed the protocol checks. */
export type Reply =
  | { status?: number; json: unknown; headers?: Record<string, string> }
  | { status?: number; body: string; headers?: Record<string, string> }
  /** Never answer (the client's timeout must fire). */
  | { hang: true }
  /** Headers and the first part of a JSON body, then the connection is cut. */
  | { truncate: unknown; status?: number }
  /** Reset the connection before any response. */
  | { destroy: true };

export interface ProviderServer {
  url: string;
  requests: RecordedRequest[];
  /** Replies for a path, used in order after the protocol checks pass (then the default). */
  queue(path: string, ...replies: Reply[]): void;
  /** The reply used when nothing is queued for a path. */
  setDefault(path: string, reply: Reply): void;
  /** WeChat tokens: issued so far, and a way to make WeChat forget them (expiry). */
  tokens: { issued: string[]; expireAll(): void; ttlSeconds: number };
  reset(): void;
  close(): Promise<void>;
}

const WECHAT_MAX = 2 * 1024 * 1024;
const JUHE_MAX_BASE64 = 3 * 1000 * 1000;
const KUAITONG_MAX = 2 * 1024 * 1024;
const JUHE_CARD_TYPES = new Set([
  1, 2, 3, 4, 5, 6, 7, 9, 10, 11, 12, 13, 14, 15, 16, 17, 22, 25, 26, 28, 29, 30, 31, 32, 33, 101, 102, 103, 104, 1000, 1001, 1002, 1003, 2008,
  3038,
]);

function isGif(b: Buffer): boolean {
  return b.subarray(0, 4).toString('latin1') === 'GIF8';
}
function isImage(b: Buffer): boolean {
  return (b[0] === 0xff && b[1] === 0xd8) || b.readUInt32BE(0) === 0x89504e47 || b.subarray(8, 12).toString('latin1') === 'WEBP';
}

async function parseBody(contentType: string, body: Buffer): Promise<{ fields: Record<string, string>; files: Record<string, UploadedFile> }> {
  const fields: Record<string, string> = {};
  const files: Record<string, UploadedFile> = {};
  if (!/multipart\/form-data|application\/x-www-form-urlencoded/i.test(contentType)) return { fields, files };
  // undici parses both encodings exactly as a browser would send them.
  const form = await new Request('http://parse.local/', { method: 'POST', headers: { 'content-type': contentType }, body }).formData();
  for (const [k, v] of form) {
    if (typeof v === 'string') fields[k] = v;
    else files[k] = { name: v.name, type: v.type, bytes: Buffer.from(await v.arrayBuffer()) };
  }
  return { fields, files };
}

function send(res: ServerResponse, reply: Reply): void {
  if ('hang' in reply) return;
  if ('destroy' in reply) {
    res.socket?.destroy();
    return;
  }
  if ('truncate' in reply) {
    const text = JSON.stringify(reply.truncate);
    res.writeHead(reply.status ?? 200, { 'content-type': 'application/json;charset=utf-8', 'content-length': String(Buffer.byteLength(text)) });
    res.write(text.slice(0, Math.floor(text.length / 2)));
    setTimeout(() => res.socket?.destroy(), 10);
    return;
  }
  const body = 'json' in reply ? JSON.stringify(reply.json) : reply.body;
  const type = 'json' in reply ? 'application/json;charset=utf-8' : 'text/plain;charset=utf-8';
  res.writeHead(reply.status ?? 200, { 'content-type': type, ...reply.headers });
  res.end(body);
}

const json = (payload: unknown, status = 200): Reply => ({ status, json: payload });

/** The engine service's own refusal, as core/contracts/engine documents it. */
export function engineRefusal(providerCode: string): Reply {
  const r = ENGINE_REFUSALS[providerCode];
  if (!r) throw new Error(`no engine refusal ${providerCode}`);
  return json({ error: { code: r.code, retryable: r.retryable, providerCode, message: r.message } }, r.status);
}

export async function startProviderServer(): Promise<ProviderServer> {
  const requests: RecordedRequest[] = [];
  const queues = new Map<string, Reply[]>();
  const defaults = new Map<string, Reply>();
  const validTokens = new Set<string>();
  const expiredTokens = new Set<string>();
  const tokens = {
    issued: [] as string[],
    ttlSeconds: 7200,
    expireAll() {
      for (const t of validTokens) expiredTokens.add(t);
      validTokens.clear();
    },
  };

  const next = (path: string): Reply => queues.get(path)?.shift() ?? defaults.get(path) ?? json({ note: 'no reply configured' });

  /** Protocol checks per documented endpoint: a refusal in the provider's own words, or undefined. */
  function check(r: RecordedRequest): Reply | undefined {
    const { method, path, fields, files, query, headers } = r;
    switch (path) {
      case PATHS.wechatToken: {
        if (method !== 'GET' || query.get('grant_type') !== 'client_credential') return json({ errcode: 40002, errmsg: 'invalid grant_type' });
        if (query.get('appid') !== CREDENTIALS.wechatAppId) return json({ errcode: 40013, errmsg: 'invalid appid' });
        if (query.get('secret') !== CREDENTIALS.wechatSecret) return json({ errcode: 40125, errmsg: 'invalid appsecret' });
        const queued = queues.get(path)?.shift();
        if (queued) return queued;
        const token = `ACCESS_TOKEN_${tokens.issued.length + 1}`;
        tokens.issued.push(token);
        validTokens.add(token);
        return json({ access_token: token, expires_in: tokens.ttlSeconds });
      }
      case PATHS.wechatOcr:
      case PATHS.wechatIdCard:
      case PATHS.wechatDriverLicense:
      case PATHS.wechatBankCard:
      case PATHS.wechatBizLicense: {
        const token = query.get('access_token') ?? '';
        if (expiredTokens.has(token)) return json({ errcode: 42001, errmsg: 'access_token expired' });
        if (!validTokens.has(token)) return json({ errcode: 40001, errmsg: 'invalid credential, access_token is invalid or not latest' });
        // Only the vehicle licence and ID card pages list the `type` parameter.
        const typed = path === PATHS.wechatOcr || path === PATHS.wechatIdCard;
        if (method !== 'POST' || (typed && query.get('type') !== 'photo') || !/multipart\/form-data/.test(r.contentType)) {
          return json({ errcode: 47001, errmsg: 'data format error' });
        }
        const img = files.img;
        if (!img) return json({ errcode: 41005, errmsg: 'media data missing' });
        if (img.bytes.length >= WECHAT_MAX) return json({ errcode: 40006, errmsg: 'invalid file size' });
        if (isGif(img.bytes) || !isImage(img.bytes)) return json({ errcode: 40005, errmsg: 'invalid file type' });
        return undefined;
      }
      case PATHS.juheBase64:
      case PATHS.juheFile:
      case PATHS.juheRegCert:
      case PATHS.juheEDrive: {
        const svc = path === PATHS.juheRegCert ? 'reg' : path === PATHS.juheEDrive ? 'edrive' : 'cert';
        const notPost = { cert: 215301, reg: 253001, edrive: 277307 }[svc];
        if (method !== 'POST') return json({ error_code: notPost, reason: '不支持GET请求', result: null });
        const form = path === PATHS.juheFile ? /multipart\/form-data/ : /application\/x-www-form-urlencoded/;
        if (!form.test(r.contentType)) return json({ error_code: { cert: 215306, reg: 253001, edrive: 277302 }[svc], reason: '请求格式错误', result: null });
        if (!fields.key) return json({ error_code: 10001, reason: '错误的请求KEY', result: null });
        if (fields.key !== CREDENTIALS.juheKey) return json({ error_code: 10001, reason: '错误的请求KEY', result: null });
        let image: Buffer | undefined;
        if (path === PATHS.juheFile) image = files.pic?.bytes;
        else {
          const b64 = fields[{ cert: 'base64', reg: 'image_base64', edrive: 'image' }[svc]];
          if (b64 !== undefined) {
            if (b64.startsWith('data:')) return json({ error_code: { cert: 215304, reg: 253001, edrive: 277302 }[svc], reason: '图片格式错误', result: null });
            if (b64.length > JUHE_MAX_BASE64) return json({ error_code: { cert: 215302, reg: 253001, edrive: 277302 }[svc], reason: '上传文件超过最大限制!', result: null });
            image = Buffer.from(b64, 'base64');
          }
        }
        if (!image || image.length === 0) return json({ error_code: { cert: 215306, reg: 253001, edrive: 277302 }[svc], reason: '缺少图片', result: null });
        if (path === PATHS.juheFile && image.length > JUHE_MAX_BASE64) return json({ error_code: 215302, reason: '上传文件超过最大限制!', result: null });
        if (isGif(image) || !isImage(image)) return json({ error_code: { cert: 215304, reg: 253001, edrive: 277302 }[svc], reason: '暂不支持 GIF 格式', result: null });
        if (svc === 'cert' && !JUHE_CARD_TYPES.has(Number(fields.cardType))) return json({ error_code: 215303, reason: 'cardType error!', result: null });
        if (svc === 'edrive' && fields.side !== undefined && !['0', '1'].includes(fields.side)) return json({ error_code: 277302, reason: '缺少必要参数', result: null });
        return undefined;
      }
      case PATHS.kuaitong: {
        if (headers.authorization !== `APPCODE ${CREDENTIALS.kuaitongAppCode}`) {
          // The Alibaba Cloud API gateway: status plus an explanation header, no body.
          return { status: 401, body: '', headers: { 'x-ca-error-message': 'Invalid AppCode' } };
        }
        if (r.bodyBytes > KUAITONG_MAX) return { status: 413, body: '', headers: { 'x-ca-error-message': 'Request body too large' } };
        const bad = json({ serialNo: '343841871253995520', message: '存在非法参数', status: 400, reqId: 'e9e6ee20', code: 1009 }, 400);
        if (method !== 'POST' || !/multipart\/form-data/.test(r.contentType)) return bad;
        const file = files.file;
        if (!file && !fields.imgUrl && !fields.imgBase64) return bad;
        if (fields.cardSide !== undefined && !['FRONT', 'BACK'].includes(fields.cardSide)) return bad;
        if (file && (isGif(file.bytes) || !isImage(file.bytes))) return bad;
        return undefined;
      }
      case PATHS.engine: {
        if (method !== 'POST' || !/^application\/json/.test(r.contentType)) return engineRefusal('BAD_REQUEST');
        const text = r.body.toString('utf8');
        const ts = headers['x-licenselens-timestamp'];
        const sig = headers['x-licenselens-signature'];
        if (typeof ts !== 'string' || typeof sig !== 'string' || !verify({ secret: CREDENTIALS.engineSecret, timestamp: ts, signature: sig, body: text })) {
          return engineRefusal('BAD_SIGNATURE');
        }
        let parsed;
        try {
          parsed = EngineRequestSchema.safeParse(JSON.parse(text));
        } catch {
          return engineRefusal('BAD_REQUEST');
        }
        if (!parsed.success) return engineRefusal('BAD_REQUEST');
        const image = Buffer.from(parsed.data.image.base64, 'base64');
        if (image.length > ENGINE_MAX_IMAGE_BYTES) return engineRefusal('TOO_LARGE');
        if (isGif(image) || !isImage(image)) return engineRefusal('BAD_IMAGE');
        return undefined;
      }
      default:
        return { status: 404, body: '', headers: { 'x-ca-error-message': 'Api Not Found' } };
    }
  }

  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      void (async () => {
        const url = new URL(req.url ?? '/', 'http://127.0.0.1');
        const body = Buffer.concat(chunks);
        const contentType = req.headers['content-type'] ?? '';
        const parsed = await parseBody(contentType, body).catch(() => ({ fields: {}, files: {} }));
        const recorded: RecordedRequest = {
          method: req.method ?? 'GET',
          path: url.pathname,
          query: url.searchParams,
          headers: req.headers,
          contentType,
          bodyBytes: body.length,
          body,
          ...parsed,
        };
        requests.push(recorded);
        send(res, check(recorded) ?? next(url.pathname));
      })();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    tokens,
    queue(path, ...replies) {
      queues.set(path, [...(queues.get(path) ?? []), ...replies]);
    },
    setDefault(path, reply) {
      defaults.set(path, reply);
    },
    reset() {
      requests.length = 0;
      queues.clear();
      defaults.clear();
      validTokens.clear();
      expiredTokens.clear();
      tokens.issued.length = 0;
      tokens.ttlSeconds = 7200;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
