import { afterEach, describe, expect, it } from 'vitest';
import { makeRecord } from './support/backend';
import { type Env, setupEnv } from './support/env';
import { type Rendered, flush, render, text, until } from './support/harness';

let env: Env;
afterEach(() => env.restore());

async function openHistory(): Promise<Rendered> {
  const page = render('pages/history/index');
  page.instance.onLoad({});
  await until(() => page.data.loading === false && page.data.page >= 1, 'first page');
  await flush();
  return page;
}

const listTitles = (page: Rendered): string[] => page.querySelector('.list')
  ? (page.data.items as Array<{ headline: string }>).map((i) => i.headline)
  : [];

function seed(n: number, openid = 'user-1'): void {
  for (let i = 0; i < n; i++) {
    const r = makeRecord({ _openid: openid });
    const plate = `粤B${String(10000 + i)}`;
    env.backend.records.push({ ...r, recognized: { ...r.recognized!, plateNo: { value: plate, warnings: [] } } });
  }
}

describe('history page', () => {
  it('lists my records newest first with status tags, and not other users’ records', async () => {
    env = setupEnv();
    seed(2);
    seed(1, 'someone-else');
    const submitted = makeRecord({ status: 'submitted', submitted: { plateNo: '京AD12345' }, submittedAt: new Date().toISOString() });
    env.backend.records.push(submitted);
    const page = await openHistory();
    expect(listTitles(page)).toEqual(['京AD12345', '粤B10001', '粤B10000']);
    const first = page.querySelector(`.item-${submitted._id}`)!;
    expect(text(first)).toContain('京AD12345');
    expect(text(first)).toContain('机动车行驶证（正面）');
    expect(text(first)).toContain('已提交');
    expect(text(page.querySelector('.list'))).toContain('待核对');
    expect(env.backend.calls.find((c) => c.data.action === 'list' && c.data.scope === 'mine')).toBeDefined();

    first.querySelector('.van-cell')!.dispatchEvent('tap');
    await flush();
    expect(env.nav).toEqual([`/pages/record/index?id=${submitted._id}`]);
  });

  it('shows an empty state that leads to the scan page', async () => {
    env = setupEnv();
    const page = await openHistory();
    expect(text(page.querySelector('.empty'))).toContain('还没有识别记录');
    page.querySelector('.go-scan')!.querySelector('.van-button')!.dispatchEvent('tap');
    await flush();
    expect(env.nav).toEqual(['tab:/pages/scan/index']);
  });

  it('searches by plate', async () => {
    env = setupEnv();
    seed(3);
    const page = await openHistory();
    const search = page.querySelector('.search')!;
    search.dispatchEvent('search', { detail: '10001' });
    await until(() => page.data.items.length === 1, 'filtered list');
    expect(listTitles(page)).toEqual(['粤B10001']);
    expect(env.backend.calls.at(-1)!.data).toMatchObject({ action: 'list', scope: 'mine', q: '10001', page: 1 });

    search.dispatchEvent('search', { detail: '沪A' });
    await until(() => page.data.items.length === 0 && !page.data.loading, 'no match');
    expect(text(page.querySelector('.empty'))).toContain('没有找到匹配「沪A」的记录');
  });

  it('loads more on reaching the bottom, and refreshes on pull-down', async () => {
    env = setupEnv();
    seed(45);
    const page = await openHistory();
    expect(page.data.items).toHaveLength(20);
    page.instance.onReachBottom();
    await until(() => page.data.items.length === 40, 'second page');
    page.instance.onReachBottom();
    await until(() => page.data.items.length === 45, 'third page');
    expect(page.data.finished).toBe(true);
    expect(text(page.querySelector('.footer'))).toContain('没有更多了');
    page.instance.onReachBottom();
    await flush();
    expect(env.backend.calls.filter((c) => c.data.action === 'list' && c.data.scope === 'mine')).toHaveLength(3);

    seed(1);
    await page.instance.onPullDownRefresh();
    expect(page.data.items).toHaveLength(20);
    expect(page.data.total).toBe(46);
    expect(env.wx.stopPullDownRefresh).toHaveBeenCalled();
  });

  it('on return from a record keeps the loaded list (and its scroll position) and patches only what changed', async () => {
    env = setupEnv();
    seed(45);
    const page = await openHistory();
    page.instance.onReachBottom();
    await until(() => page.data.items.length === 40, 'second page');
    const sent: string[][] = [];
    const setData = page.instance.setData.bind(page.instance);
    page.instance.setData = (d: Record<string, unknown>) => {
      sent.push(Object.keys(d));
      return setData(d);
    };
    // The user opened the third row and submitted it.
    const third = (page.data.items as Array<{ id: string }>)[2]!.id;
    const rec = env.backend.records.find((r) => r._id === third)!;
    Object.assign(rec, { status: 'submitted', submitted: { plateNo: '粤B99999' }, submittedAt: new Date().toISOString() });
    page.instance.onShow();
    await until(() => page.data.items[2].status === 'submitted', 'row patched');
    expect(page.data.items).toHaveLength(40);
    expect(page.data.items[2].headline).toBe('粤B99999');
    expect(sent.flat()).toContain('items[2]');
    expect(sent.flat()).not.toContain('items');

    // A new record goes on top; the rows loaded further down stay.
    seed(1);
    page.instance.onShow();
    await until(() => page.data.items.length === 41, 'new record on top');
    expect(page.data.items[0].headline).toBe('粤B10000');
    expect(page.data.total).toBe(46);
  });

  it('hides the admin entry from a normal user', async () => {
    env = setupEnv({ openid: 'user-1' });
    seed(1);
    const page = await openHistory();
    await flush(10);
    expect(page.data.isAdmin).toBe(false);
    expect(page.querySelector('.admin-entry')).toBeUndefined();
  });

  it('shows the admin entry to an administrator', async () => {
    env = setupEnv({ openid: 'admin-1', admin: true });
    const page = await openHistory();
    await until(() => page.data.isAdmin === true, 'admin probe');
    expect(text(page.querySelector('.admin-entry'))).toContain('管理后台');
  });

  it('a failed load says why and offers a reload', async () => {
    env = setupEnv();
    const cloud = env.wx.cloud as Record<string, any>;
    const good = cloud.callFunction;
    cloud.callFunction = (o: Record<string, any>) => {
      if (o.success) o.fail?.({ errMsg: 'cloud.callFunction:fail timeout' });
      return Promise.reject({ errMsg: 'cloud.callFunction:fail request:fail' });
    };
    const page = render('pages/history/index');
    page.instance.onLoad({});
    await until(() => page.data.error !== '', 'error');
    expect(text(page.querySelector('.error'))).toContain('网络不可用');
    cloud.callFunction = good;
    page.querySelector('.reload')!.querySelector('.van-button')!.dispatchEvent('tap');
    await until(() => page.data.error === '' && !page.data.loading, 'reloaded');
    expect(text(page.querySelector('.empty'))).toContain('还没有识别记录');
  });
});
