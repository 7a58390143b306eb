// The pages' messages through Vant's toast and dialog components (issue #16: one look across the UI),
// and Vant styled the way Vant is meant to be styled from outside: no tag selectors, no reaching into
// its internal classes.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { makeRecord } from './support/backend';
import { type Env, setupEnv } from './support/env';
import { MINI, type Rendered, flush, render, sourceFiles, text, until, wxApi } from './support/harness';

let env: Env | undefined;
afterEach(() => env?.restore());

const tapButton = (node: Rendered | undefined): void => node!.querySelector('.van-button')!.dispatchEvent('tap');

/** A page opened on `record`, loaded. */
async function openWith(e: Env, path: string, record: ReturnType<typeof makeRecord>): Promise<Rendered> {
  e.backend.records.push(record);
  const page = render(path);
  page.instance.onLoad({ id: record._id });
  await until(() => page.data.loading === false, `${path} loaded`);
  return page;
}

/** The text of a page's van-toast once it shows (Vant renders it after its entering transition starts). */
async function shownToast(page: Rendered): Promise<string> {
  const node = page.querySelector('#van-toast')!;
  await until(() => node.data.show === true && text(node) !== '', 'the toast to show', 10_000);
  return text(node);
}

/** The van-dialog of a page once it shows: its title, message and buttons as rendered. */
async function shownDialog(page: Rendered): Promise<{ node: Rendered; title: string; message: string; buttons: string[] }> {
  const node = page.querySelector('#van-dialog')!;
  await until(() => node.data.show === true, 'the dialog to show', 10_000);
  await flush();
  return {
    node,
    title: text(node.querySelector('.van-dialog__header')),
    message: text(node.querySelector('.van-dialog__message')),
    buttons: node.querySelectorAll('.van-dialog__button').map((b) => text(b)),
  };
}

describe('messages through Vant toast and dialog', () => {
  it('record: 删除记录 asks in the van-dialog; 取消 keeps the record, 删除 removes it', async () => {
    const e = setupEnv();
    env = e;
    e.answerDialogs = false;
    const page = await openWith(e, 'pages/record/index', makeRecord());
    e.wx.showModal = wxApi(() => {
      throw new Error('the system modal must not be used');
    });

    tapButton(page.querySelector('.delete'));
    let dialog = await shownDialog(page);
    expect(dialog).toMatchObject({ title: '删除记录', message: '删除后照片和识别信息将无法恢复，确定删除？', buttons: ['取消', '删除'] });
    tapButton(dialog.node.querySelectorAll('.van-dialog__button')[0]);
    // Vant answers the page once its closing transition ends.
    await until(() => e.openDialogs === 0, 'the cancel to reach the page', 10_000);
    expect(e.backend.records).toHaveLength(1);
    expect(e.nav).toEqual([]);

    tapButton(page.querySelector('.delete'));
    dialog = await shownDialog(page);
    tapButton(dialog.node.querySelectorAll('.van-dialog__button')[1]);
    await until(() => e.nav.length > 0, 'back after delete', 10_000);
    expect(e.backend.records).toHaveLength(0);
    expect(e.wx.showModal).not.toHaveBeenCalled();
  });

  it('review: an invalid form is said in the van-toast, in Chinese', async () => {
    const e = setupEnv();
    env = e;
    const page = await openWith(e, 'pages/review/index', makeRecord({ recognized: { plateNo: { value: '', warnings: [] } } }));
    e.wx.showToast = wxApi(() => {
      throw new Error('the system toast must not be used here');
    });
    await page.instance.onSubmit();
    expect(await shownToast(page)).toMatch(/^还有 \d+ 项需要填写或更正$/);
    expect(e.backend.calls.filter((c) => c.data.action === 'submit')).toHaveLength(0);
  });

  it('scan: a refused privacy agreement is explained in the van-toast', async () => {
    const e = setupEnv();
    env = e;
    const page = render('pages/scan/index');
    page.instance.onLoad({});
    await flush();
    e.wx.requirePrivacyAuthorize = wxApi(() => {
      throw { errMsg: 'requirePrivacyAuthorize:fail privacy permission is not authorized' };
    });
    await page.instance.onAlbum();
    expect(await shownToast(page)).toBe('需要同意隐私保护指引才能拍摄或选择照片');
  });

  it('no page calls wx.showToast or wx.showModal except right before it goes away', () => {
    const calls = sourceFiles(['.ts']).flatMap((file) =>
      [...readFileSync(join(MINI, file), 'utf8').matchAll(/wx\.(showToast|showModal)\(\{[^\n]*/g)].map((m) => `${file}: ${m[0]}`),
    );
    // app.ts has no page to show a van-dialog in; 提交成功 and 已删除 are shown while the page closes.
    expect(calls).toEqual([
      expect.stringMatching(/^app\.ts: wx\.showModal/),
      expect.stringMatching(/^pages\/record\/index\.ts: wx\.showToast\(\{ title: '已删除'/),
      expect.stringMatching(/^pages\/review\/index\.ts: wx\.showToast\(\{ title: '提交成功'/),
    ]);
    // Every page that shows messages has the two components to show them in.
    const users = sourceFiles(['.ts']).filter((f) => /from '[./]+utils\/feedback'/.test(readFileSync(join(MINI, f), 'utf8')));
    expect(users).toEqual(['packageAdmin/pages/admin/index.ts', 'pages/dossiers/index.ts', 'pages/record/index.ts', 'pages/review/index.ts', 'pages/scan/index.ts']);
    for (const file of users) {
      const base = file.replace(/\.ts$/, '');
      const wxml = readFileSync(join(MINI, `${base}.wxml`), 'utf8');
      const json = JSON.parse(readFileSync(join(MINI, `${base}.json`), 'utf8')) as { usingComponents: Record<string, string> };
      expect(wxml, base).toContain('<van-toast id="van-toast" />');
      expect(wxml, base).toContain('<van-dialog id="van-dialog" />');
      expect(json.usingComponents).toMatchObject({ 'van-toast': '@vant/weapp/toast/index', 'van-dialog': '@vant/weapp/dialog/index' });
    }
  });
});

describe('styling Vant from outside', () => {
  it('no stylesheet selects a Vant tag or one of Vant’s internal classes (custom-class or a class on the host instead)', () => {
    const offending = sourceFiles(['.wxss']).flatMap((file) =>
      readFileSync(join(MINI, file), 'utf8')
        .replace(/\/\*[\s\S]*?\*\//g, '')
        .split('}')
        .map((rule) => rule.split('{')[0]!.trim())
        .filter((selector) => /(^|[\s,>+~])van-[\w-]+|\.van-[\w-]+/.test(selector))
        .map((selector) => `${file}: ${selector}`),
    );
    expect(offending).toEqual([]);
  });
});
