// A photo that showed a second page the recognition did not read (issue #14): the review page says so
// above the page's form, in the warning's own Chinese message, and offers a retake.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { warning } from '../../core/validate/warnings';
import { makeRecord } from './support/backend';
import { type Env, setupEnv } from './support/env';
import { flush, render, requireMini, text, until } from './support/harness';

let env: Env;
beforeEach(() => {
  env = setupEnv();
});
afterEach(() => env.restore());

describe('review page: a page missing from the photo', () => {
  it('shows PAGE_MISSING’s message, naming the page not read', async () => {
    const record = makeRecord({ warnings: [warning('PAGE_MISSING', '未识别：副页')] });
    env.backend.records.push(record);
    requireMini<{ putScan(s: { record: unknown; photoPath: string }): void }>('services/session').putScan({ record, photoPath: 'wxfile://tmp/p.jpg' });
    const page = render('pages/review/index');
    page.instance.onLoad({ id: record._id });
    await until(() => page.data.loading === false, 'loaded');
    await flush();
    const notice = text(page.querySelector('.result-warnings'));
    expect(notice).toContain('照片中可能还有另一页未识别，请单独拍摄');
    expect(notice).toContain('副页');
    expect(page.querySelector('.rescan')).toBeDefined();
  });
});
