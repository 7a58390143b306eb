// The mini program against the real local server (`npm start`'s code, in a child process): the
// server transport's wx.request / wx.uploadFile are carried over real HTTP. Scan → review → submit →
// history → detail → admin, with the server's own answers (records contract, errors, photo URLs).
import { type ChildProcess, spawn } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { realFixturePath } from '../support/fixtures';
import { type Env, setupEnv } from './support/env';
import { MINI, type Rendered, flush, render, requireMini, text, until, wxApi } from './support/harness';

const ROOT = join(MINI, '..');
const FIXTURE = realFixturePath('vehicle-licence-front-01.png');
const dataDir = mkdtempSync(join(tmpdir(), 'licenselens-mp-e2e-'));
let child: ChildProcess;
let baseUrl = '';

beforeAll(async () => {
  child = spawn(process.execPath, ['--import', 'tsx', join(__dirname, 'support', 'serve-local.ts'), dataDir], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  let err = '';
  child.stderr!.on('data', (d: Buffer) => (err += d.toString()));
  baseUrl = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const line = out.split('\n').find((l) => l.startsWith('{'));
      if (line) resolve((JSON.parse(line) as { url: string }).url);
    });
    child.on('exit', (code) => reject(new Error(`server exited (${code}): ${err}`)));
  });
}, 120_000);

afterAll(() => {
  child?.kill('SIGTERM');
  rmSync(dataDir, { recursive: true, force: true });
});

function http(method: string, url: string, headers: Record<string, string>, body?: Buffer): Promise<{ statusCode: number; text: string }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(url, { method, headers: { ...headers, ...(body ? { 'content-length': String(body.length) } : {}) } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ statusCode: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }));
    });
    req.on('error', reject);
    if (body) req.write(body);
    req.end();
  });
}

/** wx.request and wx.uploadFile over real HTTP, as WeChat does them (JSON parsed; upload body a string). */
function bridge(env: Env): void {
  env.wx.request = wxApi(async (o) => {
    const res = await http(o.method ?? 'GET', o.url, o.header ?? {}, o.data === undefined ? undefined : Buffer.from(JSON.stringify(o.data)));
    let data: unknown = res.text;
    try {
      data = JSON.parse(res.text);
    } catch {
      // not JSON: WeChat hands over the text
    }
    return { statusCode: res.statusCode, data, header: {}, errMsg: 'request:ok' };
  });
  env.wx.uploadFile = vi.fn((o: Record<string, any>) => {
    const listeners: Array<(r: { progress: number }) => void> = [];
    const boundary = `----wxmini${Date.now()}`;
    const parts: Buffer[] = [];
    for (const [k, v] of Object.entries(o.formData ?? {})) {
      parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${String(v)}\r\n`));
    }
    const bytes = readFileSync(o.filePath);
    parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${o.name}"; filename="${basename(o.filePath)}"\r\nContent-Type: image/png\r\n\r\n`), bytes, Buffer.from(`\r\n--${boundary}--\r\n`));
    http('POST', o.url, { ...o.header, 'content-type': `multipart/form-data; boundary=${boundary}` }, Buffer.concat(parts)).then(
      (res) => {
        listeners.forEach((l) => l({ progress: 100 }));
        o.success?.({ statusCode: res.statusCode, data: res.text, errMsg: 'uploadFile:ok' });
      },
      (e: Error) => o.fail?.({ errMsg: `uploadFile:fail ${e.message}` }),
    );
    return { onProgressUpdate: (l: (r: { progress: number }) => void) => listeners.push(l), abort: vi.fn() };
  });
  // wx.downloadFile: the body saved to a temporary file, whatever the status (as WeChat does).
  env.wx.downloadFile = vi.fn((o: Record<string, any>) => {
    const listeners: Array<(r: { progress: number }) => void> = [];
    const req = httpRequest(o.url, { method: 'GET', headers: o.header ?? {} }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const tempFilePath = join(dataDir, `download-${Date.now()}`);
        writeFileSync(tempFilePath, Buffer.concat(chunks));
        listeners.forEach((l) => l({ progress: 100 }));
        o.success?.({ tempFilePath, statusCode: res.statusCode ?? 0, errMsg: 'downloadFile:ok' });
      });
    });
    req.on('error', (e: Error) => o.fail?.({ errMsg: `downloadFile:fail ${e.message}` }));
    req.end();
    return { onProgressUpdate: (l: (r: { progress: number }) => void) => listeners.push(l), abort: vi.fn() };
  });
  // The "compressed" photo is a real file the upload can read.
  env.wx.canvasToTempFilePath = wxApi(() => {
    const out = join(dataDir, `prepared-${Date.now()}.png`);
    copyFileSync(FIXTURE, out);
    return { tempFilePath: out };
  });
  env.wx.chooseMedia = wxApi(() => ({ tempFiles: [{ tempFilePath: FIXTURE }] }));
}

let env: Env;
afterEach(() => env.restore());

function connect(openid: string): Env {
  const e = setupEnv({ transport: 'server', openid });
  const cfg = requireMini<{ config: { serverUrl: string } }>('config').config;
  cfg.serverUrl = baseUrl;
  bridge(e);
  return e;
}

const tapButton = (page: Rendered, sel: string): void => page.querySelector(sel)!.querySelector('.van-button')!.dispatchEvent('tap');

describe('mini program ↔ local server (real HTTP)', () => {
  it('scan → review → submit → history → detail as a user; the administrator finds it', { timeout: 120_000 }, async () => {
    env = connect('mp-user');

    const scan = render('pages/scan/index');
    scan.instance.onLoad({});
    tapButton(scan, '.choose-album');
    await until(() => env.nav.length > 0 || scan.data.mode === 'error', 'recognition', 30_000);
    expect(scan.data.error.message).toBe('');
    const id = decodeURIComponent(/id=([^&]+)/.exec(env.nav[0]!)![1]!);

    const review = render('pages/review/index');
    review.instance.onLoad({ id });
    await until(() => review.data.loading === false, 'review');
    await flush();
    const fields = review.data.pages[0].fields as Array<{ key: string; value: string; doubtful: boolean; warnings: string[] }>;
    expect(fields.find((f) => f.key === 'plateNo')!.value).toBe('京AA5599');
    // The specimen's VIN fails its check digit: the server's validator flags it, the form marks it.
    const vin = fields.find((f) => f.key === 'vin')!;
    expect(vin.doubtful).toBe(true);
    expect(vin.warnings.join()).toContain('校验位');
    expect(fields.find((f) => f.key === 'engineNo')!.doubtful).toBe(true); // low confidence

    review.instance.onFieldChange({ detail: { key: 'owner', value: '王京京' } });
    tapButton(review, '.submit');
    tapButton(review, '.submit');
    await until(() => env.nav.length > 1, 'submitted', 20_000);
    expect(env.nav[1]).toBe(`redirect:/pages/record/index?id=${id}&submitted=1`);

    const history = render('pages/history/index');
    history.instance.onLoad({});
    await until(() => history.data.page === 1 && !history.data.loading, 'history');
    expect(history.data.items).toHaveLength(1);
    expect(history.data.items[0]).toMatchObject({ id, status: 'submitted', headline: '京AA5599' });
    await until(() => !history.data.loading, 'probe');
    await flush(20);
    expect(history.querySelector('.admin-entry')).toBeUndefined();

    const detail = render('pages/record/index');
    detail.instance.onLoad({ id });
    await until(() => detail.data.loading === false, 'detail');
    expect(detail.data.corrections).toEqual([{ key: 'owner', label: '所有人', from: '王京', to: '王京京' }]);
    expect(detail.data.photo).toMatch(new RegExp(`^${baseUrl}/api/files/`));
    expect(text(detail.querySelector('.status'))).toBe('已提交');

    const admin = render('packageAdmin/pages/admin/index');
    admin.instance.onLoad({});
    await until(() => admin.data.checking === false, 'admin check');
    expect(admin.data.forbidden).toBe(true);
    env.restore();

    env = connect('mp-admin');
    const adminPage = render('packageAdmin/pages/admin/index');
    adminPage.instance.onLoad({});
    await until(() => adminPage.data.checking === false && !adminPage.data.loading, 'admin list');
    expect(adminPage.data.forbidden).toBe(false);
    expect(adminPage.data.total).toBe(1);
    adminPage.querySelector('.search')!.dispatchEvent('search', { detail: '王京京' });
    await until(() => !adminPage.data.loading && adminPage.data.items.length === 1, 'owner search');
    expect(adminPage.data.items[0].id).toBe(id);

    // 导出: the server's export action, its signed link downloaded, a real .xlsx opened.
    tapButton(adminPage, '.export-button');
    await until(() => env.documents.length === 1 && !adminPage.data.exporting, 'export opened', 30_000);
    expect(adminPage.data.exportError).toBe('');
    expect(env.documents[0]).toMatchObject({ fileType: 'xlsx', showMenu: true });
    const xlsx = readFileSync(env.documents[0]!.filePath as string);
    expect(xlsx.subarray(0, 2).toString('latin1')).toBe('PK'); // a zip container, not an error body
    expect(text(adminPage.querySelector('.export-note'))).toBe('已导出 1 条记录');

    // 统计: the server's statistics, the user's correction of the owner counted against the provider.
    tapButton(adminPage, '.tab-stats');
    await until(() => adminPage.data.stats !== null && !adminPage.data.statsLoading, 'stats', 20_000);
    await flush();
    expect(adminPage.data.statsError).toBe('');
    expect(text(adminPage.querySelector('.stats-summary'))).toBe('共 1 次识别，其中 1 条已提交');
    expect(text(adminPage.querySelector('.provider-local .field-owner .field-rate'))).toBe('100.0%');
  });

  it('a wrong request is refused by the server and shown in Chinese', { timeout: 60_000 }, async () => {
    env = connect('mp-user');
    const scan = render('pages/scan/index');
    scan.instance.onLoad({ docType: 'not_a_document' });
    // An unknown type cannot be chosen in the UI; force it to see the server's refusal.
    scan.setData({ docs: ['not_a_document'], docIndex: 0 });
    tapButton(scan, '.choose-album');
    await until(() => scan.data.mode === 'error', 'refusal', 30_000);
    expect(scan.data.error.message).toContain('不支持的证件类型');
  });
});
