// The server transport: the local server (`npm start`) or a private deployment, over wx.request and
// wx.uploadFile. Identity: the dev header when configured (accepted only by a dev server on loopback),
// otherwise a session obtained with a wx.login code.
import type { AppConfig } from '../config';
import { AppError, fromWxError } from './errors';
import type { DownloadParams, RecognizeParams, Transport } from './transport';
import { unwrap } from './transport';

const TOKEN_KEY = 'licenselens.session';

/** JSON when it is JSON; otherwise the text itself (a proxy's error page), judged by its status. */
function parseBody(data: unknown): unknown {
  if (typeof data !== 'string') return data;
  try {
    return JSON.parse(data) as unknown;
  } catch {
    return data;
  }
}

/** The server answers with links relative to itself (it never trusts the Host header to name itself);
 *  an <image> or wx.downloadFile needs them absolute, on the server this client is configured for. */
export function resolveLinks(data: unknown, base: string): unknown {
  if (!data || typeof data !== 'object' || Array.isArray(data)) return data;
  const o = data as Record<string, unknown>;
  let copy: Record<string, unknown> | null = null;
  for (const key of ['photoUrl', 'url']) {
    const v = o[key];
    if (typeof v === 'string' && v.startsWith('/') && !v.startsWith('//')) (copy ??= { ...o })[key] = `${base}${v}`;
  }
  return copy ?? data;
}

export function createServerTransport(config: AppConfig): Transport {
  const base = config.serverUrl.replace(/\/+$/, '');
  let token: string | null = null;

  function request(path: string, data: Record<string, unknown>, header: Record<string, string>): Promise<{ statusCode: number; data: unknown }> {
    return new Promise((resolve, reject) => {
      wx.request({
        url: `${base}${path}`,
        method: 'POST',
        data,
        header: { 'content-type': 'application/json', ...header },
        timeout: 30000,
        success: (r) => resolve({ statusCode: r.statusCode, data: parseBody(r.data) }),
        fail: (e) => reject(fromWxError(e, 'request')),
      });
    });
  }

  async function login(): Promise<string> {
    const { code } = await new Promise<{ code: string }>((resolve, reject) => {
      wx.login({ success: resolve, fail: (e) => reject(fromWxError(e)) });
    });
    const res = await request('/api/session', { code }, {});
    const body = unwrap(res.data, res.statusCode) as { token?: unknown };
    if (typeof body?.token !== 'string') throw new AppError('BAD_RESPONSE');
    token = body.token;
    try {
      wx.setStorageSync(TOKEN_KEY, token);
    } catch {
      // Storage full or unavailable: the session still works for this run.
    }
    return token;
  }

  async function authHeader(): Promise<Record<string, string>> {
    if (config.devOpenid) return { 'x-licenselens-openid': config.devOpenid };
    if (!token) {
      try {
        const saved: unknown = wx.getStorageSync(TOKEN_KEY);
        if (typeof saved === 'string' && saved) token = saved;
      } catch {
        token = null;
      }
    }
    return { authorization: `Bearer ${token ?? (await login())}` };
  }

  /** Runs a call; an expired session (401) is renewed once. */
  async function withSession<T>(call: (header: Record<string, string>) => Promise<{ statusCode: number; data: unknown }>): Promise<unknown> {
    let res = await call(await authHeader());
    if (res.statusCode === 401 && !config.devOpenid) {
      token = null;
      res = await call({ authorization: `Bearer ${await login()}` });
    }
    return unwrap(res.data, res.statusCode);
  }

  return {
    name: 'server',
    recognize(params: RecognizeParams) {
      return withSession(
        (header) =>
          new Promise((resolve, reject) => {
            let reported = false;
            const task = wx.uploadFile({
              url: `${base}/api/ocr`,
              filePath: params.filePath,
              name: 'image',
              formData: { docType: params.docType, ...(params.side ? { side: params.side } : {}), ...(params.provider ? { provider: params.provider } : {}) },
              header,
              timeout: 60000,
              success: (r) => {
                if (!reported) params.onProgress?.({ phase: 'recognize' });
                resolve({ statusCode: r.statusCode, data: parseBody(r.data) });
              },
              fail: (e) => reject(fromWxError(e, 'upload')),
            });
            // One request does both: once the bytes are sent, the server is recognizing.
            if (task && typeof task.onProgressUpdate === 'function') {
              task.onProgressUpdate((r) => {
                params.onProgress?.({ phase: 'upload', percent: r.progress });
                if (r.progress >= 100 && !reported) {
                  reported = true;
                  params.onProgress?.({ phase: 'recognize' });
                }
              });
            }
          }),
      );
    },
    async services() {
      const info = await withSession(
        (header) =>
          new Promise<{ statusCode: number; data: unknown }>((resolve, reject) => {
            wx.request({
              url: `${base}/api/session/info`,
              method: 'GET',
              header,
              timeout: 30000,
              success: (r) => resolve({ statusCode: r.statusCode, data: parseBody(r.data) }),
              fail: (e) => reject(fromWxError(e, 'request')),
            });
          }),
      );
      // SessionInfo carries more (mode, user): only `providers` is this question's answer.
      return info && typeof info === 'object' && 'providers' in info ? { providers: info.providers } : info;
    },
    async records(body) {
      return resolveLinks(await withSession((header) => request('/api/records', body, header)), base);
    },
    async download(params: DownloadParams): Promise<string> {
      const link = params.url;
      if (!link) throw new AppError('BAD_RESPONSE');
      const url = /^https?:\/\//i.test(link) ? link : `${base}${link.startsWith('/') ? '' : '/'}${link}`;
      // The session goes only to our own server, never to a host a response named.
      const ours = url === base || url.startsWith(`${base}/`);
      const fetchFile = (header: Record<string, string>) =>
        new Promise<{ statusCode: number; data: unknown }>((resolve, reject) => {
          const task = wx.downloadFile({
            url,
            header,
            timeout: 60000,
            success: (r) => resolve({ statusCode: r.statusCode, data: r.tempFilePath }),
            fail: (e) => reject(fromWxError(e)),
          });
          if (task && typeof task.onProgressUpdate === 'function') task.onProgressUpdate((r) => params.onProgress?.(r.progress));
        });
      let path: unknown;
      if (ours) {
        path = await withSession(fetchFile);
      } else {
        const res = await fetchFile({});
        path = unwrap(res.data, res.statusCode);
      }
      if (typeof path !== 'string' || !path) throw new AppError('BAD_RESPONSE');
      return path;
    },
  };
}
