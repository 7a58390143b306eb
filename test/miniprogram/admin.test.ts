import { afterEach, describe, expect, it, vi } from 'vitest';
import { makeRecord } from './support/backend';
import { type Env, setupEnv } from './support/env';
import { type Rendered, flush, render, requireMini, text, until, wxApi } from './support/harness';

let env: Env;
afterEach(() => env.restore());

async function openAdmin(): Promise<Rendered> {
  const page = render('packageAdmin/pages/admin/index');
  page.instance.onLoad({});
  await until(() => page.data.checking === false && !page.data.loading, 'admin page loaded');
  await flush();
  return page;
}

function seedMixed(): void {
  for (let i = 0; i < 25; i++) env.backend.records.push(makeRecord({ _openid: `user-${i % 3}` }));
  env.backend.records.push(
    makeRecord({ _openid: 'user-9', docType: 'id_card', side: 'front', recognized: { name: { value: '王五', warnings: [] } } }),
    makeRecord({ _openid: 'user-8', status: 'submitted', submitted: { plateNo: '沪C99999', owner: '赵六' }, submittedAt: new Date().toISOString() }),
  );
}

describe('admin page', () => {
  it('is refused to a normal user: no list, no filters, a clear message', async () => {
    env = setupEnv({ openid: 'user-1' });
    seedMixed();
    const page = await openAdmin();
    expect(page.data.forbidden).toBe(true);
    expect(text(page.querySelector('.forbidden'))).toContain('仅管理员可以访问此页面');
    expect(page.querySelector('.list')).toBeUndefined();
    expect(page.querySelector('.filters')).toBeUndefined();
  });

  it('lists every user’s records for an administrator, paginated', async () => {
    env = setupEnv({ openid: 'admin-1', admin: true });
    seedMixed();
    const page = await openAdmin();
    expect(text(page.querySelector('.summary'))).toBe('共 27 条记录');
    expect(page.data.items).toHaveLength(20);
    expect(new Set((page.data.items as Array<{ owner: string }>).map((i) => i.owner)).size).toBeGreaterThan(1);
    expect(text(page.querySelector('.pager'))).toContain('第 1 / 2 页');
    page.querySelector('.next')!.querySelector('.van-button')!.dispatchEvent('tap');
    await until(() => page.data.page === 2 && !page.data.loading, 'page 2');
    expect(page.data.items).toHaveLength(7);
    expect(env.backend.calls.at(-1)!.data).toMatchObject({ action: 'list', scope: 'all', page: 2, pageSize: 20 });
  });

  it('filters by status, document type and dates, and searches plate / VIN / owner', async () => {
    env = setupEnv({ openid: 'admin-1', admin: true });
    seedMixed();
    const page = await openAdmin();

    page.querySelector('.filter-status')!.dispatchEvent('change', { detail: { value: 2 } }); // 已提交
    await until(() => !page.data.loading && page.data.total === 1, 'status filter');
    expect(env.backend.calls.at(-1)!.data).toMatchObject({ scope: 'all', status: 'submitted', page: 1 });
    expect(text(page.querySelector('.list'))).toContain('沪C99999');

    page.querySelector('.reset-filters')!.querySelector('.van-cell')!.dispatchEvent('tap');
    await until(() => !page.data.loading && page.data.total === 27, 'reset');

    const docIndex = (page.data.docLabels as string[]).indexOf('居民身份证');
    expect(docIndex).toBeGreaterThan(0);
    page.querySelector('.filter-doc')!.dispatchEvent('change', { detail: { value: docIndex } });
    await until(() => !page.data.loading && page.data.total === 1, 'doc filter');
    expect(env.backend.calls.at(-1)!.data).toMatchObject({ docType: 'id_card' });

    page.querySelector('.filter-from')!.dispatchEvent('change', { detail: { value: '2026-11-01' } });
    page.querySelector('.filter-to')!.dispatchEvent('change', { detail: { value: '2026-11-30' } });
    await until(() => !page.data.loading && env.backend.calls.at(-1)!.data.to !== undefined, 'date filter');
    const last = env.backend.calls.at(-1)!.data;
    expect(new Date(last.from).getTime()).toBe(new Date('2026-11-01T00:00:00').getTime());
    expect(new Date(last.to).getTime()).toBe(new Date('2026-11-30T23:59:59.999').getTime());

    page.querySelector('.reset-filters')!.querySelector('.van-cell')!.dispatchEvent('tap');
    await until(() => !page.data.loading && page.data.total === 27, 'reset');
    page.querySelector('.search')!.dispatchEvent('search', { detail: '赵六' });
    await until(() => !page.data.loading && page.data.total === 1, 'owner search');
    expect(env.backend.calls.at(-1)!.data).toMatchObject({ q: '赵六', scope: 'all' });
  });

  it('opens a record in the admin layout', async () => {
    env = setupEnv({ openid: 'admin-1', admin: true });
    seedMixed();
    const page = await openAdmin();
    const id = page.data.items[0].id as string;
    page.querySelector(`.item-${id}`)!.querySelector('.van-cell')!.dispatchEvent('tap');
    await flush();
    expect(env.nav).toEqual([`/pages/record/index?id=${id}&admin=1`]);
  });
});

const tap = (page: Rendered, sel: string): void => page.querySelector(sel)!.querySelector('.van-button')!.dispatchEvent('tap');

/** Every exportStatus the page shows, in order (the progress the administrator sees). */
function recordStatuses(page: Rendered): string[] {
  const seen: string[] = [];
  const setData = page.instance.setData.bind(page.instance);
  page.instance.setData = (d: Record<string, unknown>) => {
    if (typeof d.exportStatus === 'string' && d.exportStatus) seen.push(d.exportStatus);
    setData(d);
  };
  return seen;
}

describe('admin page: 导出', () => {
  it('exports the current filters, downloads the cloud file with wx.cloud.downloadFile and opens it with wx.openDocument', async () => {
    env = setupEnv({ openid: 'admin-1', admin: true });
    seedMixed();
    const page = await openAdmin();
    page.querySelector('.filter-status')!.dispatchEvent('change', { detail: { value: 2 } }); // 已提交
    await until(() => !page.data.loading && page.data.total === 1, 'status filter');
    const statuses = recordStatuses(page);

    tap(page, '.export-button');
    await until(() => env.documents.length === 1 && !page.data.exporting, 'document opened');

    expect(env.modals.at(-1)!.content).toBe('将按当前筛选条件导出 1 条记录，证件号码部分隐藏。');
    const call = env.backend.calls.filter((c) => c.data.action === 'export');
    expect(call).toHaveLength(1);
    expect(call[0]!.data).toEqual({ action: 'export', status: 'submitted' });
    expect(env.backend.downloads).toEqual(['cloud://env.1234/exports/licenselens-records-1.xlsx']);
    expect(env.documents[0]).toMatchObject({ filePath: 'wxfile://tmp/licenselens-records-1.xlsx', fileType: 'xlsx', showMenu: true });
    expect(statuses).toEqual(['正在确认…', '正在生成文件…', '正在下载 0%', '正在下载 40%', '正在下载 100%', '正在打开文件…']);
    expect(text(page.querySelector('.export-note'))).toBe('已导出 1 条记录');
    expect(page.querySelector('.export-error')).toBeUndefined();
  });

  it('a full export is confirmed first and sent with full: true; a cancelled one sends nothing', async () => {
    env = setupEnv({ openid: 'admin-1', admin: true });
    seedMixed();
    const page = await openAdmin();
    page.querySelector('.full-switch')!.querySelector('.van-switch')!.dispatchEvent('tap');
    await until(() => page.data.full === true, 'switch on');

    env.modalAnswers.push(false);
    tap(page, '.export-button');
    await until(() => env.modals.length === 1 && !page.data.exporting, 'cancelled');
    expect(env.modals[0]!.content).toContain('包含完整的证件号码。此操作将记入审计日志。');
    expect(env.backend.calls.some((c) => c.data.action === 'export')).toBe(false);

    tap(page, '.export-button');
    tap(page, '.export-button'); // a second tap while exporting starts nothing
    await until(() => env.documents.length === 1 && !page.data.exporting, 'full export opened');
    await flush();
    const calls = env.backend.calls.filter((c) => c.data.action === 'export');
    expect(calls.map((c) => c.data)).toEqual([{ action: 'export', full: true }]);
    expect(env.documents).toHaveLength(1);
    expect(text(page.querySelector('.export-note'))).toBe('已导出 27 条记录');
  });

  it('over the local server: downloads the returned link with the session header and opens it', async () => {
    env = setupEnv({ openid: 'admin-1', admin: true, transport: 'server' });
    seedMixed();
    env.wx.request = wxApi((o) => {
      try {
        return { statusCode: 200, data: env.backend.handleRecords(o.data), header: {}, errMsg: 'request:ok' };
      } catch (e: any) {
        return { statusCode: e.status ?? 500, data: { code: e.code, message: e.message }, header: {}, errMsg: 'request:ok' };
      }
    });
    const downloads: Array<Record<string, any>> = [];
    env.wx.downloadFile = vi.fn((o: Record<string, any>) => {
      downloads.push(o);
      const listeners: Array<(r: { progress: number }) => void> = [];
      setTimeout(() => {
        listeners.forEach((l) => l({ progress: 100 }));
        o.success?.({ tempFilePath: 'http://tmp/export-download.xlsx', statusCode: 200, errMsg: 'downloadFile:ok' });
      }, 0);
      return { onProgressUpdate: (l: (r: { progress: number }) => void) => listeners.push(l), abort: vi.fn() };
    });
    const page = await openAdmin();
    page.querySelector('.search')!.dispatchEvent('search', { detail: '赵六' });
    await until(() => !page.data.loading && page.data.total === 1, 'search');

    tap(page, '.export-button');
    await until(() => env.documents.length === 1 && !page.data.exporting, 'document opened');
    expect(env.backend.calls).toEqual([]); // nothing went through wx.cloud
    expect(downloads).toHaveLength(1);
    expect(downloads[0]!.url).toBe(`http://127.0.0.1:8787/api/files/${'1'.padStart(32, '0')}?exp=1900000000&sig=signed`);
    expect(downloads[0]!.header).toEqual({ 'x-licenselens-openid': 'admin-1' });
    expect(env.documents[0]).toMatchObject({ filePath: 'http://tmp/export-download.xlsx', fileType: 'xlsx', showMenu: true });
    expect(env.wx.cloud.downloadFile).not.toHaveBeenCalled();
  });

  it('a failed download or an unopenable file is a clear error', async () => {
    env = setupEnv({ openid: 'admin-1', admin: true });
    env.wx.cloud = env.backend.cloudStub({ failDownload: true });
    seedMixed();
    const page = await openAdmin();
    tap(page, '.export-button');
    await until(() => !page.data.exporting && !!page.data.exportError, 'download failed');
    expect(text(page.querySelector('.export-error'))).toBe('导出失败：网络不可用，请检查网络后重试');
    expect(env.documents).toEqual([]);

    env.wx.cloud = env.backend.cloudStub();
    env.wx.openDocument = wxApi(() => {
      throw { errMsg: 'openDocument:fail filetype not supported' };
    });
    tap(page, '.export-button');
    await until(() => !page.data.exporting && page.data.exportNote !== '', 'open failed');
    expect(text(page.querySelector('.export-error'))).toBe('文件已下载，但无法打开：请更新微信后重试，或在电脑上导出');
    expect(text(page.querySelector('.export-note'))).toBe('已导出 27 条记录');
  });
});

describe('admin page: 统计', () => {
  function seedStats(): void {
    const at = (iso: string) => ({ createdAt: iso, updatedAt: iso });
    env.backend.records.push(
      makeRecord({ ...at('2026-11-20T02:00:00.000Z'), status: 'submitted', submitted: { plateNo: '粤B12345', owner: '李四' }, corrections: { owner: { from: '张三', to: '李四' } }, submittedAt: '2026-11-20T02:05:00.000Z' }),
      makeRecord({ ...at('2026-11-20T03:00:00.000Z'), status: 'submitted', submitted: { plateNo: '粤B12345', owner: '张三' }, submittedAt: '2026-11-20T03:05:00.000Z' }),
      makeRecord({ ...at('2026-11-21T03:00:00.000Z'), provider: 'kuaitong' }),
      makeRecord({ ...at('2026-11-21T04:00:00.000Z'), status: 'failed', provider: null, recognized: null, error: { code: 'QUOTA', message: '额度用完' } }),
      makeRecord({ ...at('2026-11-21T05:00:00.000Z'), docType: 'id_card', recognized: { name: { value: '王五', warnings: [] } } }),
    );
  }

  it('shows records per day, document type, provider and status, and each provider’s per-field correction rate', async () => {
    env = setupEnv({ openid: 'admin-1', admin: true });
    seedStats();
    const page = await openAdmin();
    tap(page, '.tab-stats');
    await until(() => page.data.stats !== null && !page.data.statsLoading, 'stats');
    await flush();
    expect(env.backend.calls.at(-1)!.data).toEqual({ action: 'stats' });
    expect(page.querySelector('.list')).toBeUndefined();

    expect(text(page.querySelector('.stats-summary'))).toBe('共 5 次识别，其中 2 条已提交');
    // The server's summary figures: 2 of 5 submitted, 1 of 5 failed, the four others took 900 ms each.
    expect(text(page.querySelector('.stats-figures'))).toBe('提交率 40.0% · 失败率 20.0% · 识别耗时中位数 900 毫秒（样本 4 条）');
    // Rows are slotted into Vant's cell groups: queried from the page, whose tree they belong to.
    const bars = (group: string) => {
      const labels = page.querySelectorAll(`.row-${group} .bar-label`).map(text);
      const counts = page.querySelectorAll(`.row-${group} .bar-count`).map(text);
      return labels.map((l, i) => `${l} ${counts[i]}`);
    };
    expect(bars('day')).toEqual(['2026-11-20 2', '2026-11-21 3']);
    expect(bars('doc')).toEqual(['居民身份证 1', '机动车行驶证 4']);
    expect(bars('provider')).toEqual(['快瞳 1', '未识别 1', '微信 OCR 3']);
    expect(bars('status')).toEqual(['识别失败 1', '待核对 2', '已提交 2']);
    expect(text(page.querySelector('.stats-day'))).toContain('每日识别量');
    expect(text(page.querySelector('.provider-wechat .provider-head'))).toBe('微信 OCR · 字段准确率 75.0%（4 个字段中修改 1 个）');
    const field = (key: string) =>
      ['.field-label', '.field-rate', '.field-count'].map((c) => text(page.querySelector(`.provider-wechat .field-${key} ${c}`))).join(' ');
    expect(field('owner')).toBe('所有人 50.0% 1/2');
    expect(field('plateNo')).toBe('号牌号码 0.0% 0/2');
    expect(page.querySelector('.provider-kuaitong')).toBeUndefined(); // nothing of its submitted yet

    // The document type and date filters apply to the statistics.
    const docIndex = (page.data.docLabels as string[]).indexOf('居民身份证');
    page.querySelector('.filter-doc')!.dispatchEvent('change', { detail: { value: docIndex } });
    await until(() => env.backend.calls.at(-1)!.data.action === 'stats' && env.backend.calls.at(-1)!.data.docType === 'id_card' && !page.data.statsLoading, 'filtered stats');
    await flush();
    expect(text(page.querySelector('.stats-summary'))).toBe('共 1 次识别，其中 0 条已提交');
    expect(text(page.querySelector('.corrections-empty'))).toBe('还没有已提交的记录');

    tap(page, '.tab-list');
    await flush();
    expect(page.querySelector('.stats')).toBeUndefined();
    expect(page.querySelector('.list')).toBeDefined();
  });

  it('a failed statistics call says so and can be retried', async () => {
    env = setupEnv({ openid: 'admin-1', admin: true });
    seedStats();
    const page = await openAdmin();
    const callFunction = env.wx.cloud.callFunction;
    env.wx.cloud.callFunction = wxApi(() => {
      throw { errMsg: 'cloud.callFunction:fail network error' };
    });
    tap(page, '.tab-stats');
    await until(() => !page.data.statsLoading && page.data.statsError !== '', 'stats error');
    await flush();
    expect(text(page.querySelector('.stats-error'))).toContain('网络不可用，请检查网络后重试');
    env.wx.cloud.callFunction = callFunction;
    tap(page, '.stats-reload');
    await until(() => page.data.stats !== null && !page.data.statsLoading, 'stats after retry');
    expect(page.data.statsError).toBe('');
  });
});

describe('admin page: 导出 and 统计 for a normal user', () => {
  it('are neither shown nor served: the page refuses, and the backend refuses both actions', async () => {
    env = setupEnv({ openid: 'user-1' });
    seedMixed();
    const page = await openAdmin();
    expect(page.data.forbidden).toBe(true);
    expect(page.querySelector('.export-button')).toBeUndefined();
    expect(page.querySelector('.tab-stats')).toBeUndefined();
    expect(page.querySelector('.stats')).toBeUndefined();

    // Even if a handler ran, nothing is asked for or opened.
    await page.instance.onExport();
    page.instance.onShowStats();
    await flush();
    expect(env.backend.calls.map((c) => c.data.action)).toEqual(['list']);

    const api = requireMini<{
      exportRecords(q: Record<string, unknown>): Promise<unknown>;
      stats(q?: Record<string, unknown>): Promise<unknown>;
    }>('packageAdmin/services/admin-api');
    await expect(api.exportRecords({})).rejects.toMatchObject({ code: 'FORBIDDEN', message: '仅管理员可以导出记录' });
    await expect(api.stats({})).rejects.toMatchObject({ code: 'FORBIDDEN' });
    expect(env.backend.downloads).toEqual([]);
    expect(env.documents).toEqual([]);
  });
});

describe('admin page: warnings', () => {
  const glare = { code: 'PHOTO_GLARE', message: '照片有反光，反光处的文字可能识别有误，建议避开灯光重新拍摄' };
  const blur = { code: 'PHOTO_BLUR', message: '照片模糊，文字可能识别有误，建议重新拍摄' };
  function seedWarnings(): void {
    env.backend.records.push(
      makeRecord({ warnings: [glare] }),
      makeRecord({ warnings: [glare, blur] }),
      makeRecord({ warnings: [blur] }),
      makeRecord({ docType: 'id_card', recognized: { name: { value: '王五', warnings: [] } } }),
    );
  }

  it('filters the list by a warning, sends it with the export, and clears it with the other filters', async () => {
    env = setupEnv({ openid: 'admin-1', admin: true });
    seedWarnings();
    const page = await openAdmin();
    expect(text(page.querySelector('.summary'))).toBe('共 4 条记录');
    // photo warnings come first, after "every record"
    expect((page.data.warningLabels as string[]).slice(0, 3)).toEqual(['全部警告', '照片模糊', '照片反光']);

    const glareIndex = (page.data.warningLabels as string[]).indexOf('照片反光');
    page.querySelector('.filter-warning')!.dispatchEvent('change', { detail: { value: glareIndex } });
    await until(() => !page.data.loading && page.data.total === 2, 'warning filter');
    expect(env.backend.calls.at(-1)!.data).toMatchObject({ action: 'list', scope: 'all', warning: 'PHOTO_GLARE', page: 1 });
    expect(text(page.querySelector('.filter-warning'))).toContain('照片反光');

    tap(page, '.export-button');
    await until(() => env.documents.length === 1 && !page.data.exporting, 'exported');
    expect(env.backend.calls.filter((c) => c.data.action === 'export')[0]!.data).toEqual({ action: 'export', warning: 'PHOTO_GLARE' });

    page.querySelector('.reset-filters')!.querySelector('.van-cell')!.dispatchEvent('tap');
    await until(() => !page.data.loading && page.data.total === 4, 'reset');
    expect(env.backend.calls.at(-1)!.data.warning).toBeUndefined();
  });

  it('counts records per photo warning and per field warning in 统计, and a row opens those records', async () => {
    env = setupEnv({ openid: 'admin-1', admin: true });
    seedWarnings();
    const page = await openAdmin();
    tap(page, '.tab-stats');
    await until(() => page.data.stats !== null && !page.data.statsLoading, 'stats');
    await flush();
    const rows = (group: string) => {
      const labels = page.querySelectorAll(`.row-${group} .bar-label`).map(text);
      const counts = page.querySelectorAll(`.row-${group} .bar-count`).map(text);
      return labels.map((l, i) => `${l} ${counts[i]}`);
    };
    // the server's counts (records carrying each code), most first
    expect(rows('photo-warning')).toEqual(['照片模糊 2', '照片反光 2']);
    // every vehicle licence of this backend reads a VIN with I/O in it
    expect(rows('field-warning')).toEqual(['车架号含 I/O/Q 3']);
    expect(text(page.querySelector('.stats-photo-warning'))).toContain('照片问题');

    page.querySelector('.warning-PHOTO_BLUR')!.dispatchEvent('tap');
    await until(() => page.data.view === 'list' && !page.data.loading && page.data.total === 2, 'records with the warning');
    expect(env.backend.calls.at(-1)!.data).toMatchObject({ action: 'list', warning: 'PHOTO_BLUR', page: 1 });
    expect(text(page.querySelector('.filter-warning'))).toContain('照片模糊');
  });

  it('says so when the range has no warning of a kind', async () => {
    env = setupEnv({ openid: 'admin-1', admin: true });
    env.backend.records.push(makeRecord({ docType: 'id_card', recognized: { name: { value: '王五', warnings: [] } } }));
    const page = await openAdmin();
    tap(page, '.tab-stats');
    await until(() => page.data.stats !== null && !page.data.statsLoading, 'stats');
    await flush();
    expect(page.querySelectorAll('.row-photo-warning')).toHaveLength(0);
    expect(text(page.querySelector('.stats-photo-warning'))).toContain('所选范围内没有照片问题');
    expect(text(page.querySelector('.stats-field-warning'))).toContain('所选范围内没有识别结果警告');
  });
});
