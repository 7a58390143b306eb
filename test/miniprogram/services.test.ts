import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { makeRecord } from './support/backend';
import { type Env, setupEnv } from './support/env';
import { MINI, requireMini, wxApi } from './support/harness';

interface Api {
  recognize(p: { filePath: string; docType: string; side?: string; onProgress?: (p: unknown) => void }): Promise<any>;
  list(q?: Record<string, unknown>): Promise<any>;
  get(id: string): Promise<any>;
  reveal(id: string): Promise<any>;
  submit(id: string, fields: Record<string, string>): Promise<any>;
  isAdmin(refresh?: boolean): Promise<boolean>;
  services(): Promise<string[]>;
  duplicates(q: { id: string; plateNo?: string; vin?: string }): Promise<{ items: Array<{ _id: string }> }>;
  resetCaches(): void;
}
const api = (): Api => requireMini<Api>('services/api');
/** 导出 lives in the admin subpackage. */
const adminApi = (): { exportRecords(q: Record<string, unknown>): Promise<{ filePath: string }> } => requireMini('packageAdmin/services/admin-api');
const cfg = (): Record<string, string> => requireMini<{ config: Record<string, string> }>('config').config;

let env: Env;
afterEach(() => env.restore());

async function rejection(p: Promise<unknown>): Promise<{ code: string; message: string; name: string }> {
  try {
    await p;
  } catch (e) {
    return e as { code: string; message: string; name: string };
  }
  throw new Error('expected a rejection');
}

describe('service client over the local server (wx.request / wx.uploadFile)', () => {
  let requests: Array<Record<string, any>>;
  let uploads: Array<Record<string, any>>;
  /** HTTP answers by path; default: the fake backend's answer with 200. */
  let answer: (path: string, body: any, header: Record<string, string>) => { statusCode: number; data: unknown } | undefined;

  beforeEach(() => {
    env = setupEnv({ transport: 'server' });
    requests = [];
    uploads = [];
    answer = () => undefined;
    const route = (path: string, body: any, header: Record<string, string>): { statusCode: number; data: unknown } => {
      const custom = answer(path, body, header);
      if (custom) return custom;
      try {
        const data = path === '/api/ocr' ? env.backend.ocr(body) : env.backend.handleRecords(body);
        return { statusCode: 200, data };
      } catch (e: any) {
        return { statusCode: e.status ?? 500, data: { error: { code: e.code, message: e.message } } };
      }
    };
    env.wx.request = wxApi((o) => {
      requests.push(o);
      const res = route(new URL(o.url).pathname, o.data, o.header);
      return { ...res, header: {}, errMsg: 'request:ok' };
    });
    env.wx.uploadFile = vi.fn((o: Record<string, any>) => {
      uploads.push(o);
      const listeners: Array<(r: { progress: number }) => void> = [];
      setTimeout(() => {
        for (const progress of [50, 100]) listeners.forEach((l) => l({ progress }));
        const res = route(new URL(o.url).pathname, o.formData, o.header);
        // wx.uploadFile hands the body over as a string.
        o.success?.({ statusCode: res.statusCode, data: typeof res.data === 'string' ? res.data : JSON.stringify(res.data), errMsg: 'uploadFile:ok' });
      }, 0);
      return { onProgressUpdate: (l: (r: { progress: number }) => void) => listeners.push(l), abort: vi.fn() };
    });
  });

  it('recognizes with one multipart upload, reporting upload then recognition progress', async () => {
    const progress: unknown[] = [];
    const record = await api().recognize({ filePath: 'wxfile://tmp/p.jpg', docType: 'vehicle_license', side: 'back', onProgress: (p) => progress.push(p) });
    expect(record.status).toBe('recognized');
    expect(uploads[0]).toMatchObject({
      url: 'http://127.0.0.1:8787/api/ocr',
      filePath: 'wxfile://tmp/p.jpg',
      name: 'image',
      formData: { docType: 'vehicle_license', side: 'back' },
      header: { 'x-licenselens-openid': 'user-1' },
    });
    expect(progress).toEqual([{ phase: 'upload', percent: 50 }, { phase: 'upload', percent: 100 }, { phase: 'recognize' }]);
    expect(env.wx.cloud.callFunction).not.toHaveBeenCalled();
  });

  it('sends records calls as JSON to POST /api/records', async () => {
    env.backend.records.push(makeRecord());
    const res = await api().list({ scope: 'mine', q: '', page: 1 });
    expect(res.total).toBe(1);
    expect(requests[0]).toMatchObject({
      url: 'http://127.0.0.1:8787/api/records',
      method: 'POST',
      data: { action: 'list', scope: 'mine', page: 1 },
      header: { 'content-type': 'application/json', 'x-licenselens-openid': 'user-1' },
    });
    expect(requests[0]!.data).not.toHaveProperty('q'); // empty filters are left out
  });

  it('resolves the relative photo and export links the server returns against the configured server', async () => {
    const rec = makeRecord();
    const path = `/api/files/${'a'.repeat(32)}?exp=1900000000&sig=s`;
    answer = (p, body) => {
      if (p !== '/api/records') return undefined;
      if (body.action === 'get') return { statusCode: 200, data: { ...rec, photoUrl: path } };
      return { statusCode: 200, data: { fileName: 'x.xlsx', fileID: null, url: path, count: 1, truncated: false, full: false } };
    };
    expect((await api().get(rec._id)).photoUrl).toBe(`http://127.0.0.1:8787${path}`);
    const downloads: string[] = [];
    env.wx.downloadFile = wxApi((o) => {
      downloads.push(o.url);
      return { statusCode: 200, tempFilePath: 'wxfile://tmp/x.xlsx' };
    });
    await adminApi().exportRecords({});
    expect(downloads).toEqual([`http://127.0.0.1:8787${path}`]);
    // A link on the server's configured public origin is kept as it is.
    answer = (p) => (p === '/api/records' ? { statusCode: 200, data: { ...rec, photoUrl: `https://ocr.example.com${path}` } } : undefined);
    expect((await api().get(rec._id)).photoUrl).toBe(`https://ocr.example.com${path}`);
  });

  it('maps HTTP refusals to Chinese errors, keeping a specific server message', async () => {
    answer = (path) =>
      path === '/api/ocr' ? { statusCode: 429, data: { code: 'RATE_LIMITED', message: '今日识别次数已达上限（20 次），请明天再试' } } : undefined;
    const e = await rejection(api().recognize({ filePath: 'x.jpg', docType: 'vehicle_license' }));
    expect(e).toMatchObject({ name: 'AppError', code: 'RATE_LIMITED', message: '今日识别次数已达上限（20 次），请明天再试' });

    // A proxy's HTML error page: judged by its status.
    answer = () => ({ statusCode: 413, data: '<html>413 Request Entity Too Large</html>' });
    const big = await rejection(api().recognize({ filePath: 'x.jpg', docType: 'vehicle_license' }));
    expect(big).toMatchObject({ code: 'PAYLOAD_TOO_LARGE' });
    answer = () => ({ statusCode: 409, data: '<html>409 Conflict</html>' });
    expect(await rejection(api().recognize({ filePath: 'x.jpg', docType: 'vehicle_license' }))).toMatchObject({ code: 'CONFLICT' });
    answer = () => ({ statusCode: 200, data: '<html>captive portal</html>' });
    expect(await rejection(api().recognize({ filePath: 'x.jpg', docType: 'vehicle_license' }))).toMatchObject({ code: 'BAD_RESPONSE' });

    answer = () => ({ statusCode: 413, data: { error: { code: 'PAYLOAD_TOO_LARGE', message: 'too large' } } });
    const big2 = await rejection(api().recognize({ filePath: 'x.jpg', docType: 'vehicle_license' }));
    expect(big2).toMatchObject({ code: 'PAYLOAD_TOO_LARGE', message: '照片太大，请靠近证件重拍或换一张照片' });
  });

  it('no network: a Chinese message, marked retryable', async () => {
    env.wx.request = wxApi(() => {
      throw { errMsg: 'request:fail -2:net::ERR_INTERNET_DISCONNECTED' };
    });
    const e = await rejection(api().list());
    expect(e).toMatchObject({ code: 'NETWORK', message: '网络不可用，请检查网络后重试', retryable: true });
  });

  it('rejects a response that does not match the records contract', async () => {
    answer = () => ({ statusCode: 200, data: { items: [{ _id: 'x' }], total: 1, page: 1, pageSize: 20 } });
    expect(await rejection(api().list())).toMatchObject({ code: 'BAD_RESPONSE', message: '服务返回的数据无法识别，请稍后重试' });
  });

  it('without a dev identity signs in with wx.login, reuses the session and renews it once on 401', async () => {
    cfg().devOpenid = '';
    api().resetCaches();
    let tokens = 0;
    env.wx.login = wxApi(() => ({ code: `code-${tokens + 1}`, errMsg: 'login:ok' }));
    env.wx.getStorageSync = vi.fn(() => '');
    env.wx.setStorageSync = vi.fn();
    let valid = '';
    answer = (path, body, header) => {
      if (path === '/api/session') {
        valid = `token-${++tokens}`;
        return { statusCode: 200, data: { token: valid, expiresAt: '2026-12-01T00:00:00Z' } };
      }
      if (header.authorization !== `Bearer ${valid}`) return { statusCode: 401, data: { error: { code: 'UNAUTHENTICATED', message: '请先登录' } } };
      return undefined;
    };
    await api().list();
    await api().list();
    expect(tokens).toBe(1);
    expect(requests.filter((r) => r.url.endsWith('/api/session'))[0]!.data).toEqual({ code: 'code-1' });
    expect(requests.at(-1)!.header.authorization).toBe('Bearer token-1');
    expect(env.wx.setStorageSync).toHaveBeenCalledWith('licenselens.session', 'token-1');

    valid = 'rotated-on-the-server';
    await api().list();
    expect(tokens).toBe(2);
    expect(requests.at(-1)!.header.authorization).toBe('Bearer token-2');
  });

  it('downloads an export link with the session; a 401 on it is renewed once; another host gets no session', async () => {
    cfg().devOpenid = '';
    env.backend.admins.add('user-1');
    env.backend.openid = 'user-1';
    let valid = 'token-1';
    env.wx.login = wxApi(() => ({ code: 'code-1' }));
    env.wx.getStorageSync = vi.fn(() => '');
    env.wx.setStorageSync = vi.fn();
    answer = (path) => (path === '/api/session' ? { statusCode: 200, data: { token: valid } } : undefined);
    const downloads: Array<Record<string, any>> = [];
    env.wx.downloadFile = wxApi((o) => {
      downloads.push(o);
      const ok = o.url.startsWith('https://cdn.example.com/') || o.header.authorization === `Bearer ${valid}`;
      return ok ? { statusCode: 200, tempFilePath: `wxfile://tmp/dl-${downloads.length}.xlsx` } : { statusCode: 401, tempFilePath: 'wxfile://tmp/error-body' };
    });

    const file = await adminApi().exportRecords({ docType: 'vehicle_license', q: '' });
    expect(file.filePath).toBe('wxfile://tmp/dl-1.xlsx');
    expect(requests.at(-1)!.data).toEqual({ action: 'export', docType: 'vehicle_license' });
    expect(downloads[0]).toMatchObject({ url: expect.stringMatching(/^http:\/\/127\.0\.0\.1:8787\/api\/files\//), header: { authorization: 'Bearer token-1' } });

    valid = 'token-2'; // the session expired on the server
    expect((await adminApi().exportRecords({})).filePath).toBe('wxfile://tmp/dl-3.xlsx');
    expect(downloads.map((d) => d.header.authorization)).toEqual(['Bearer token-1', 'Bearer token-1', 'Bearer token-2']);

    env.backend.serverUrl = 'https://cdn.example.com';
    await adminApi().exportRecords({});
    expect(downloads.at(-1)!.header).toEqual({});
  });

  it('reveal: an administrator gets another user\'s record in full over POST /api/records', async () => {
    env.backend.admins.add('user-1');
    const rec = makeRecord({ _openid: 'user-9', submitted: { idNumber: '110105194912310021' } });
    env.backend.records.push(rec);
    expect((await api().get(rec._id)).submitted.idNumber).toBe('1****************1');
    expect((await api().reveal(rec._id)).submitted.idNumber).toBe('110105194912310021');
    expect(requests.at(-1)).toMatchObject({ url: 'http://127.0.0.1:8787/api/records', method: 'POST', data: { action: 'reveal', id: rec._id } });
  });

  it('asks the session info which services are configured, sends the chosen one with the photo, and checks both answers', async () => {
    answer = (path) =>
      path === '/api/session/info' ? { statusCode: 200, data: { mode: 'dev', devIdentity: true, user: { openid: 'user-1', isAdmin: false }, providers: ['juhe', 'local'] } } : undefined;
    expect(await api().services()).toEqual(['juhe', 'local']);
    const info = requests.at(-1)!;
    expect(info).toMatchObject({ url: 'http://127.0.0.1:8787/api/session/info', method: 'GET', header: { 'x-licenselens-openid': 'user-1' } });
    await api().recognize({ filePath: 'wxfile://tmp/p.jpg', docType: 'vehicle_license', provider: 'juhe' } as never);
    expect(uploads[0]!.formData).toMatchObject({ docType: 'vehicle_license', provider: 'juhe' });

    answer = (path) => (path === '/api/session/info' ? { statusCode: 200, data: { providers: ['paddle'] } } : undefined);
    expect((await rejection(api().services())).code).toBe('BAD_RESPONSE');
    answer = () => ({ statusCode: 200, data: { items: [{ _id: 'r1' }] } });
    expect((await rejection(api().duplicates({ id: 'x', plateNo: '粤B12345' }))).code).toBe('BAD_RESPONSE');
  });

  it('asks whether the caller is an administrator by trying to list everything', async () => {
    expect(await api().isAdmin()).toBe(false);
    env.backend.admins.add('user-1');
    expect(await api().isAdmin()).toBe(false); // cached for the session
    expect(await api().isAdmin(true)).toBe(true);
  });
});

describe('service client over WeChat cloud', () => {
  beforeEach(() => {
    env = setupEnv({ transport: 'cloud' });
  });

  it('initializes the configured environment once, uploads to cloud storage, calls the ocr function with the fileID', async () => {
    const record = await api().recognize({ filePath: 'wxfile://tmp/p.jpg', docType: 'id_card', side: 'front' });
    await api().list();
    expect(env.wx.cloud.init).toHaveBeenCalledTimes(1);
    expect(env.wx.cloud.init).toHaveBeenCalledWith({ env: 'test-env', traceUser: true });
    expect(record.docType).toBe('id_card');
    expect(env.backend.calls[0]).toEqual({ name: 'records', data: { action: 'uploadFolder' } });
    const ocr = env.backend.calls[1]!;
    expect(ocr.name).toBe('ocr');
    expect(ocr.data).toEqual({ fileID: expect.stringMatching(/^cloud:\/\/env\.1234\/uploads\/user-1\/id_card-[\w-]+\.jpg$/), docType: 'id_card', side: 'front' });
    expect(env.backend.calls[2]).toEqual({ name: 'records', data: { action: 'list' } });
  });

  it('uploads into the caller\'s own folder (uploads/<openid>), asking for it once', async () => {
    await api().recognize({ filePath: 'wxfile://tmp/a.png', docType: 'vehicle_license' });
    await api().recognize({ filePath: 'wxfile://tmp/b.jpg', docType: 'vehicle_license' });
    expect(env.backend.uploads.map((u) => u.cloudPath)).toEqual([
      expect.stringMatching(/^uploads\/user-1\/vehicle_license-[\w-]+\.png$/),
      expect.stringMatching(/^uploads\/user-1\/vehicle_license-[\w-]+\.jpg$/),
    ]);
    expect(env.backend.calls.filter((c) => c.data.action === 'uploadFolder')).toHaveLength(1);
  });

  it('unwraps { ok: true, data } and turns { ok: false, error } into an AppError', async () => {
    const rec = makeRecord();
    env.wx.cloud.callFunction = wxApi(() => ({ result: { ok: true, data: { ...rec, photoUrl: null } } }));
    expect((await api().get(rec._id))._id).toBe(rec._id);
    env.wx.cloud.callFunction = wxApi(() => ({ result: { ok: false, error: { code: 'FORBIDDEN', message: '仅管理员可以执行此操作' } } }));
    expect(await rejection(api().list({ scope: 'all' }))).toMatchObject({ code: 'FORBIDDEN', message: '仅管理员可以执行此操作' });
  });

  it('reveal: an administrator gets another user\'s record in full through the records function', async () => {
    env.backend.admins.add('user-1');
    const rec = makeRecord({ _openid: 'user-9', submitted: { idNumber: '110105194912310021' } });
    env.backend.records.push(rec);
    expect((await api().reveal(rec._id)).submitted.idNumber).toBe('110105194912310021');
    expect(env.backend.calls.at(-1)).toEqual({ name: 'records', data: { action: 'reveal', id: rec._id } });
  });

  it('asks the ocr function (it holds the provider keys) which services are configured, and sends the chosen one', async () => {
    env.backend.providers = ['wechat', 'juhe'];
    expect(await api().services()).toEqual(['wechat', 'juhe']);
    expect(env.backend.calls[0]).toEqual({ name: 'ocr', data: { action: 'services' } });
    await api().recognize({ filePath: 'wxfile://tmp/p.jpg', docType: 'id_card', side: 'front', provider: 'juhe' } as never);
    expect(env.backend.calls.find((c) => c.data.fileID)!.data).toMatchObject({ docType: 'id_card', provider: 'juhe' });
  });

  it('a failed record (its own error field) is data, not a refusal', async () => {
    env.backend.nextOcr.push(() => makeRecord({ status: 'failed', recognized: null, error: { code: 'QUOTA', message: '额度用完' } }));
    const record = await api().recognize({ filePath: 'p.jpg', docType: 'vehicle_license' });
    expect(record).toMatchObject({ status: 'failed', error: { code: 'QUOTA' } });
  });

  it('a cloud function crash (callFunction fails) is reported without leaking English', async () => {
    env.wx.cloud.callFunction = wxApi(() => {
      throw { errCode: -504002, errMsg: 'cloud.callFunction:fail -504002 functions execute fail' };
    });
    const e = await rejection(api().list());
    expect(e.message).toMatch(/[\u4e00-\u9fa5]/);
  });
});

describe('the services are the only door to the backend', () => {
  it('wx.cloud appears in services/cloud.ts only', () => {
    const hits: string[] = [];
    const walk = (dir: string): void => {
      for (const name of readdirSync(dir)) {
        const p = join(dir, name);
        if (name === 'miniprogram_npm' || name === 'core') continue;
        if (statSync(p).isDirectory()) walk(p);
        else if (/\.(ts|wxml|wxs)$/.test(name) && /\bwx\.cloud\b/.test(readFileSync(p, 'utf8').replace(/\/\/.*$/gm, ''))) hits.push(relative(MINI, p));
      }
    };
    walk(MINI);
    expect(hits).toEqual(['services/cloud.ts']);
  });
});
