// A local stand-in for the paid providers, speaking their documented protocols
// (as the providers publish them; nothing is read from outside the repository): Kuaitong (multipart POST, JSON with status/code/data) at /kuaitong and Juhe
// certificates (form POST, JSON with error_code/result) under /juhe. Each provider's behaviour is
// switched per test (ok, timeout, 5xx, malformed, quota). Listens on 127.0.0.1 only. Also used by
// scripts/bench/load.ts.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export type Behaviour = 'ok' | 'timeout' | '5xx' | 'malformed' | 'quota' | 'auth';

export const KUAITONG_OK = {
  code: 0,
  reqId: 'e9e6ee20-bd20-11eb-82a1-b42e99a9afd7',
  status: 200,
  message: 'success',
  serialNo: '360562482416189440',
  data: {
    backInfo: {},
    frontInfo: {
      owner: '张三',
      address: '广东省深圳市南山区科技园路1号',
      vehicleType: '小型轿车',
      model: '大众汽车牌SVW71810KJ',
      registerDate: '20180706',
      issueDate: '20180706',
      seal: '广东省深圳市公安局交通警察支队',
      vin: 'LSVAM4187C2184847',
      plateNo: '粤B12345',
      useCharacter: '非营运',
      engineNo: 'CSS123456',
    },
  },
};

export const JUHE_OK = {
  reason: '操作成功',
  result: {
    号牌号码: '粤B12345',
    车辆类型: '小型轿车',
    所有人: '张三',
    住址: '广东省深圳市南山区科技园路1号',
    品牌型号: '大众汽车牌SVW71810KJ',
    车辆识别代号: 'LSVAM4187C2184847',
    发动机号码: 'CSS123456',
    注册日期: '2018-07-06',
    发证日期: '2018-07-06',
    使用性质: '非营运',
    orderid: 'JH1531180126114835937669',
  },
  error_code: 0,
};

export interface ProviderServer {
  url: string;
  /** KUAITONG_URL */
  kuaitongUrl: string;
  /** JUHE_BASE_URL */
  juheBaseUrl: string;
  behaviour: { kuaitong: Behaviour; juhe: Behaviour };
  /** Requests received per provider. */
  hits: { kuaitong: number; juhe: number };
  /** Added latency of an 'ok' answer, in ms (the load test uses it to look like a real provider). */
  latencyMs: number;
  close(): Promise<void>;
}

export async function startProviderServer(opts: { latencyMs?: number } = {}): Promise<ProviderServer> {
  const state = {
    behaviour: { kuaitong: 'ok' as Behaviour, juhe: 'ok' as Behaviour },
    hits: { kuaitong: 0, juhe: 0 },
    latencyMs: opts.latencyMs ?? 0,
  };
  const json = (res: ServerResponse, status: number, body: unknown) => {
    res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' });
    res.end(JSON.stringify(body));
  };
  const server: Server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const path = (req.url ?? '').split('?')[0] ?? '';
      const which = path.startsWith('/kuaitong') ? 'kuaitong' : path.startsWith('/juhe/') ? 'juhe' : null;
      if (!which || req.method !== 'POST') return json(res, 404, { message: 'not found' });
      state.hits[which]++;
      const b = state.behaviour[which];
      if (which === 'kuaitong' && !String(req.headers.authorization ?? '').startsWith('APPCODE ')) {
        return json(res, 401, { message: 'Unauthorized' });
      }
      switch (b) {
        case 'timeout':
          return; // never answers; the provider's timeout fires
        case '5xx':
          res.writeHead(502, { 'content-type': 'text/html' });
          return res.end('<html><body>502 Bad Gateway</body></html>');
        case 'malformed':
          res.writeHead(200, { 'content-type': 'application/json' });
          return res.end(which === 'kuaitong' ? '{"code":0,"status":200,"data":{"frontInfo":{"owner":"张' : '<html>维护中</html>');
        case 'quota':
          return which === 'kuaitong'
            ? json(res, 402, { message: '产品次数不足' })
            : json(res, 200, { reason: '请求超过次数限制', result: null, error_code: 10012 });
        case 'auth':
          return which === 'kuaitong'
            ? json(res, 401, { message: '身份验证失败' })
            : json(res, 200, { reason: '错误的请求KEY', result: null, error_code: 10001 });
        case 'ok': {
          const body = which === 'kuaitong' ? KUAITONG_OK : JUHE_OK;
          if (state.latencyMs > 0) setTimeout(() => json(res, 200, body), state.latencyMs);
          else json(res, 200, body);
        }
      }
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    kuaitongUrl: `${url}/kuaitong/drivinglicense`,
    juheBaseUrl: `${url}/juhe`,
    get behaviour() {
      return state.behaviour;
    },
    get hits() {
      return state.hits;
    },
    get latencyMs() {
      return state.latencyMs;
    },
    set latencyMs(v: number) {
      state.latencyMs = v;
    },
    close: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}
