import { afterEach, describe, expect, it } from 'vitest';
import { makeRecord } from './support/backend';
import { type Env, setupEnv } from './support/env';
import { type Rendered, flush, render, text, until } from './support/harness';

let env: Env;
afterEach(() => env.restore());

async function openAdmin(): Promise<Rendered> {
  const page = render('pages/admin/index');
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
