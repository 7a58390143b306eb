import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { OCR_VIN, VALID_VIN, makeRecord, recognizedFront } from './support/backend';
import { type Env, setupEnv } from './support/env';
import { type Rendered, flush, render, requireMini, text, until, wxApi } from './support/harness';

let env: Env;
beforeEach(() => {
  env = setupEnv();
});
afterEach(() => env.restore());

interface SessionModule {
  putScan(s: { record: unknown; photoPath: string }): void;
  clearScan(): void;
}

/** The review page as the scan page opens it: the record handed over in memory with the local photo. */
async function openReview(record = makeRecord()): Promise<Rendered> {
  env.backend.records.push(record);
  requireMini<SessionModule>('services/session').putScan({ record, photoPath: 'wxfile://tmp/prepared.jpg' });
  const page = render('pages/review/index');
  page.instance.onLoad({ id: record._id });
  await until(() => page.data.loading === false, 'loaded');
  await flush();
  return page;
}

const field = (page: Rendered, key: string): Rendered => {
  const form = page.querySelector('.form');
  const el = form?.querySelector(`.field-${key}`);
  if (!el) throw new Error(`no field ${key}`);
  return el;
};
const vantField = (page: Rendered, key: string): Rendered => page.querySelector('.form')!.querySelector(`.input-${key}`)!;
/** Selectors work from a component's root: look inside the form component. */
const inForm = (page: Rendered, sel: string): Rendered | undefined => page.querySelector('.form')!.querySelector(sel);

/** Types into the real <input> inside Vant's field, as the user would. */
function type(page: Rendered, key: string, value: string): void {
  const input = vantField(page, key)
    .querySelectorAll('.van-field__control')
    .find((c) => c.dom.tagName === 'WX-INPUT');
  if (!input) throw new Error(`no input in ${key}`);
  input.dispatchEvent('input', { detail: { value } });
}

function acceptVin(page: Rendered): void {
  inForm(page, '.accept-vin')!.querySelector('.van-button')!.dispatchEvent('tap');
}

function tapSubmit(page: Rendered): void {
  page.querySelector('.submit')!.querySelector('.van-button')!.dispatchEvent('tap');
}

describe('review page', () => {
  it('shows the photo and every registry field of the document side, filled, in display order', async () => {
    const page = await openReview();
    expect(page.querySelector('.photo')).toBeDefined();
    expect(page.data.photo).toBe('wxfile://tmp/prepared.jpg');
    expect(text(page.querySelector('.doc-title'))).toBe('机动车行驶证（正面）');
    const keys = (page.data.pages[0].fields as Array<{ key: string }>).map((f) => f.key);
    expect(keys).toEqual(['plateNo', 'vehicleType', 'owner', 'address', 'useCharacter', 'model', 'vin', 'engineNo', 'registerDate', 'issueDate', 'issuingAuthority']);
    expect(text(field(page, 'plateNo'))).toContain('号牌号码');
    // The values sit in the real Vant fields.
    expect(vantField(page, 'plateNo').data.value).toBe('粤B12345');
    expect(vantField(page, 'owner').data.value).toBe('张三');
    expect(vantField(page, 'registerDate').data.value).toBe('2018-07-06');
    expect(vantField(page, 'plateNo').data.required).toBe(true);
    expect(vantField(page, 'issuingAuthority').data.required).toBe(false);
    // Dates and enumerations come with pickers.
    expect(inForm(page, '.picker-registerDate')).toBeDefined();
    expect(inForm(page, '.picker-useCharacter')).toBeDefined();
    expect(inForm(page, '.picker-owner')).toBeUndefined();
  });

  it('keeps what the provider returned outside the registry as extra editable fields, and submits them', async () => {
    const page = await openReview(
      makeRecord({ extra: { 证芯编号: '440300123456', nested: { a: 1 } }, recognized: { ...recognizedFront(), vin: { value: VALID_VIN, warnings: [] } } }),
    );
    const keys = (page.data.pages[0].fields as Array<{ key: string }>).map((f) => f.key);
    expect(keys.at(-1)).toBe('证芯编号');
    expect(keys).not.toContain('nested');
    const extra = (page.data.pages[0].fields as Array<{ key: string; cls: string; value: string }>).at(-1)!;
    expect(extra.cls).toMatch(/^extra-[a-z0-9]+$/);
    expect(extra.value).toBe('440300123456');
    expect(text(inForm(page, `.field-${extra.cls}`))).toContain('证芯编号');
    tapSubmit(page);
    await until(() => env.nav.length > 0, 'submitted');
    expect(env.backend.calls.find((c) => c.data.action === 'submit')!.data.fields).toMatchObject({ 证芯编号: '440300123456' });
  });

  it('marks doubtful fields and shows warnings in Chinese under the field', async () => {
    const page = await openReview();
    // A warning (VIN) and a low confidence (engine number) make a field doubtful.
    expect(field(page, 'vin').dom.className).toContain('is-doubtful');
    expect(field(page, 'engineNo').dom.className).toContain('is-doubtful');
    expect(field(page, 'owner').dom.className).not.toContain('is-doubtful');
    expect(text(field(page, 'vin'))).toContain('存疑');
    expect(text(field(page, 'vin'))).toContain('可能是数字1、0被误识别');
    expect(text(page.querySelector('.doubtful-summary'))).toContain('有 2 项存疑');
  });

  it('accepts a suggested fix with one tap', async () => {
    const page = await openReview();
    expect(text(inForm(page, '.suggestion-vin'))).toContain(VALID_VIN);
    inForm(page, '.accept-vin')!.querySelector('.van-button')!.dispatchEvent('tap');
    await flush();
    const vin = (page.data.pages[0].fields as Array<{ key: string; value: string; warnings: string[]; suggestion: string }>).find((f) => f.key === 'vin')!;
    expect(vin.value).toBe(VALID_VIN);
    expect(vin.warnings).toEqual([]);
    expect(inForm(page, '.suggestion-vin')).toBeUndefined();
    expect(field(page, 'vin').dom.className).not.toContain('is-doubtful');
    expect(text(page.querySelector('.doubtful-summary'))).toContain('有 1 项存疑');
  });

  it('shows long free text in full, in a growing multi-line box (core’s rule, as the console)', async () => {
    const long = '广东省深圳市南山区科技园南区高新南一道飞亚达科技大厦十八层1801室';
    const page = await openReview(makeRecord({ recognized: { ...recognizedFront(), address: { value: long, warnings: [] } }, extra: { 备注信息: '这是一个超过二十四个字符的备注信息用于测试多行输入框是否生效' } }));
    const input = (key: string): string => (page.data.pages[0].fields as Array<{ key: string; input: string }>).find((f) => f.key === key)!.input;
    expect(input('address')).toBe('textarea');
    expect(input('issuingAuthority')).toBe('textarea');
    expect(input('备注信息')).toBe('textarea');
    expect(input('plateNo')).toBe('text');
    expect(vantField(page, 'address').querySelectorAll('.van-field__control').some((c) => c.dom.tagName === 'WX-TEXTAREA')).toBe(true);
  });

  it('offers the canonical spelling of a lower-case plate, applied only on a tap', async () => {
    const page = await openReview();
    const plate = (): string => (page.data.pages[0].fields as Array<{ key: string; value: string }>).find((f) => f.key === 'plateNo')!.value;
    type(page, 'plateNo', '粤b12345');
    await flush();
    expect(text(inForm(page, '.suggestion-plateNo'))).toContain('建议改为 粤B12345');
    expect(plate()).toBe('粤b12345');
    inForm(page, '.accept-plateNo')!.querySelector('.van-button')!.dispatchEvent('tap');
    await flush();
    expect(plate()).toBe('粤B12345');
  });

  it('edits a field by typing and by the pickers; the new value is re-checked by core validators', async () => {
    const page = await openReview();
    type(page, 'owner', '李四');
    await flush();
    expect(page.data.pages[0].fields.find((f: { key: string }) => f.key === 'owner').value).toBe('李四');

    inForm(page, '.picker-registerDate')!.dispatchEvent('change', { detail: { value: '2019-01-02' } });
    const options: string[] = page.data.pages[0].fields.find((f: { key: string }) => f.key === 'useCharacter').options;
    inForm(page, '.picker-useCharacter')!.dispatchEvent('change', { detail: { value: options.indexOf('营运') } });
    await flush();
    expect(page.data.pages[0].fields.find((f: { key: string }) => f.key === 'registerDate').value).toBe('2019-01-02');
    expect(page.data.pages[0].fields.find((f: { key: string }) => f.key === 'useCharacter').value).toBe('营运');

    // Typing a VIN with O/I brings the warning and a suggestion back.
    type(page, 'vin', OCR_VIN);
    await flush();
    expect(text(inForm(page, '.suggestion-vin'))).toContain(VALID_VIN);
  });

  it('blocks submission on an empty or malformed required field, says which, and never calls the backend', async () => {
    const page = await openReview();
    type(page, 'owner', '');
    type(page, 'registerDate', '2018/07/06');
    await flush();
    tapSubmit(page);
    await flush(10);
    // The recognized VIN still holds I/O (impossible in a VIN): it blocks too until fixed.
    expect(env.toasts).toContain('还有 3 项需要填写或更正');
    expect(text(page.querySelector('.invalid-summary'))).toBe('还有 3 项需要填写或更正');
    expect(text(field(page, 'vin'))).toContain('车辆识别代号应为 17 位字母或数字');
    expect(text(field(page, 'owner'))).toContain('请填写所有人');
    expect(text(field(page, 'registerDate'))).toContain('日期格式应为 YYYY-MM-DD');
    expect(field(page, 'owner').dom.className).toContain('is-invalid');
    expect(env.modals).toEqual([]);
    expect(env.backend.calls.filter((c) => c.data.action === 'submit')).toEqual([]);

    // Fixing it clears the error at once.
    type(page, 'owner', '张三');
    await flush();
    expect(text(field(page, 'owner'))).not.toContain('请填写所有人');
  });

  it('submits once with a confirmation even when the button is tapped twice', async () => {
    const page = await openReview(makeRecord({ recognized: { ...recognizedFront(), vin: { value: VALID_VIN, warnings: [] } } }));
    type(page, 'owner', '张三丰');
    await flush();
    tapSubmit(page);
    tapSubmit(page);
    await until(() => env.nav.length > 0, 'redirect to the record');
    await flush();
    tapSubmit(page);
    await flush(10);

    const submits = env.backend.calls.filter((c) => c.data.action === 'submit');
    expect(submits).toHaveLength(1);
    expect(env.modals).toHaveLength(1);
    expect(env.modals[0]).toMatchObject({ title: '确认提交', content: '你修改了 1 项，确认信息无误并提交？' });
    expect(submits[0]!.data.fields).toMatchObject({ owner: '张三丰', plateNo: '粤B12345' });
    const saved = env.backend.records[0]!;
    expect(saved.status).toBe('submitted');
    expect(saved.corrections).toEqual({ owner: { from: '张三', to: '张三丰' } });
    expect(env.toasts).toContain('提交成功');
    expect(env.nav).toEqual([`redirect:/pages/record/index?id=${saved._id}&submitted=1`]);
  });

  it('cancelling the confirmation submits nothing and allows a later submission', async () => {
    const page = await openReview();
    acceptVin(page);
    env.modalAnswers.push(false);
    tapSubmit(page);
    await until(() => env.modals.length === 1 && env.openDialogs === 0, 'the cancelled confirmation');
    await flush(10);
    expect(env.backend.calls.filter((c) => c.data.action === 'submit')).toHaveLength(0);
    tapSubmit(page);
    await until(() => env.nav.length > 0, 'redirect');
    expect(env.backend.calls.filter((c) => c.data.action === 'submit')).toHaveLength(1);
  });

  it('a refused submission is explained and can be retried', async () => {
    const page = await openReview();
    acceptVin(page);
    const cloud = env.wx.cloud as Record<string, any>;
    cloud.callFunction = wxApi(async () => {
      throw { errMsg: 'cloud.callFunction:fail network error' };
    });
    tapSubmit(page);
    await until(() => env.modals.length === 2, 'error dialog');
    expect(env.modals[1]).toMatchObject({ title: '提交失败', content: '网络不可用，请检查网络后重试' });
    expect(page.data.submitting).toBe(false);

    env.wx.cloud = env.backend.cloudStub();
    tapSubmit(page);
    await until(() => env.nav.length > 0, 'redirect after retry');
    expect(env.backend.records[0]!.status).toBe('submitted');
  });

  it('zooms the photo in place (放大 / 还原, or a pinch) beside the form', async () => {
    const page = await openReview();
    const view = page.querySelector('.photo-view')!;
    const toggle = page.querySelector('.zoom-toggle')!;
    expect(text(toggle)).toBe('放大');
    toggle.dispatchEvent('tap');
    await flush();
    expect(page.data.photoScale).toBe(2.5);
    // (the simulator renders built-in components without their attributes: the bound data is checked)
    expect(text(toggle)).toBe('还原');
    // the form is still there beside the zoomed photo, no full-screen preview opened
    expect(page.querySelector('.submit')).toBeDefined();
    expect(env.wx.previewImage).not.toHaveBeenCalled();
    toggle.dispatchEvent('tap');
    await flush();
    expect(page.data.photoScale).toBe(1);
    // a pinch to 1.8, then 还原 brings the whole photo back
    view.dispatchEvent('scale', { detail: { x: 0, y: 0, scale: 1.8 } });
    await flush();
    expect(text(toggle)).toBe('还原');
    toggle.dispatchEvent('tap');
    await flush();
    expect(page.data.photoScale).toBe(1);
  });

  it('全屏 opens the zoomable preview; re-scan goes back to the camera', async () => {
    const page = await openReview();
    page.querySelector('.full-screen')!.dispatchEvent('tap');
    await flush();
    expect(env.wx.previewImage).toHaveBeenCalledWith(expect.objectContaining({ urls: ['wxfile://tmp/prepared.jpg'] }));
    page.querySelector('.rescan')!.querySelector('.van-button')!.dispatchEvent('tap');
    await flush();
    expect(env.nav.at(-1)).toMatch(/back|redirect:\/pages\/scan\/index/);
  });

  it('opened from a link (no hand-over): loads the record and its temporary photo URL with `get`', async () => {
    const record = makeRecord();
    env.backend.records.push(record);
    requireMini<SessionModule>('services/session').clearScan();
    const page = render('pages/review/index');
    page.instance.onLoad({ id: record._id });
    await until(() => page.data.loading === false, 'loaded');
    // `get`, then the question of earlier submissions of its plate/VIN (the hint).
    expect(env.backend.calls.map((c) => c.data.action)).toEqual(['get', 'duplicates']);
    expect(page.data.photo).toBe(`https://tmp.example.com/${record._id}.jpg?sign=1`);
    expect(page.data.pages[0].fields.length).toBe(11);
    // No local photo to read again: no 按…重新识别 (the scan page offers a new photo instead).
    expect(page.querySelector('.reread')).toBeUndefined();
  });

  it('reads the same photo again as the other side in one tap, and reviews that reading', async () => {
    const page = await openReview();
    const first = page.data.id as string;
    const button = page.querySelector('.reread-button')!;
    // A vehicle licence's sides are its 正页 and 副页 (core's wording).
    expect(text(button)).toBe('按副页重新识别');
    expect(page.data.rereadSide).toBe('back');
    button.querySelector('.van-button')!.dispatchEvent('tap');
    await until(() => page.data.id !== first && page.data.rereading === false, 'the other side reviewed');
    const ocr = env.backend.calls.filter((c) => c.name === 'ocr').at(-1)!;
    expect(ocr.data).toMatchObject({ docType: 'vehicle_license', side: 'back' });
    expect(env.backend.uploads.at(-1)!.filePath).toBe('wxfile://tmp/prepared.jpg');
    expect(page.data.rereadSide).toBe('front');
    expect(text(page.querySelector('.reread-button'))).toBe('按正页重新识别');
    expect(env.nav).toEqual([]);
  });
});

describe('review page: the same vehicle submitted before', () => {
  /** An earlier submission of this user's, and one of someone else's, both of 粤B12345. */
  function earlierSubmissions(): { mine: string; theirs: string } {
    const at = '2026-11-02T03:00:00.000Z';
    const mine = makeRecord({ status: 'submitted', submitted: { plateNo: '粤B12345', vin: VALID_VIN }, submittedAt: at });
    const theirs = makeRecord({ _openid: 'someone-else', status: 'submitted', submitted: { plateNo: '粤B12345' }, submittedAt: at });
    env.backend.records.push(mine, theirs);
    return { mine: mine._id, theirs: theirs._id };
  }

  it('says so with a link to the user’s own earlier record, never another user’s', async () => {
    const { mine } = earlierSubmissions();
    const page = await openReview();
    await until(() => page.data.duplicates.length > 0, 'the duplicate hint');
    await flush();
    const hint = page.querySelector('.duplicate-hint')!;
    expect(text(hint)).toContain('已提交过相同号牌/车架号的记录');
    expect(text(hint)).toContain('号牌 粤B12345');
    expect(page.data.duplicates.map((d: { id: string }) => d.id)).toEqual([mine]);
    page.querySelector('.duplicate-view')!.dispatchEvent('tap');
    await flush();
    expect(env.nav).toEqual([`/pages/record/index?id=${mine}`]);
    const asked = env.backend.calls.find((c) => c.data.action === 'duplicates')!.data;
    expect(asked).toMatchObject({ plateNo: '粤B12345', id: page.data.id });
  });

  it('follows edits of the plate, asking once the typing settles', async () => {
    earlierSubmissions();
    const page = await openReview();
    await until(() => page.data.duplicates.length > 0, 'the first hint');
    const before = env.backend.calls.filter((c) => c.data.action === 'duplicates').length;
    for (const partial of ['粤B9', '粤B98', '粤B987', '粤B9876', '粤B98765']) type(page, 'plateNo', partial);
    await until(() => page.data.duplicates.length === 0, 'the hint gone');
    const asked = env.backend.calls.filter((c) => c.data.action === 'duplicates').slice(before);
    expect(asked.map((c) => c.data.plateNo)).toEqual(['粤B98765']);
    expect(page.querySelector('.duplicate-hint')).toBeUndefined();
    // Lower case and full-width are the same plate.
    type(page, 'plateNo', '粤ｂ１２３４５');
    await until(() => page.data.duplicates.length === 1, 'the hint back');
  });

  it('the submit confirmation lists the open warnings and mentions the earlier submission', async () => {
    earlierSubmissions();
    const checkDigit = { code: 'VIN_CHECK_DIGIT', message: '车辆识别代号校验位不符，请核对' };
    const page = await openReview(makeRecord({ recognized: { ...recognizedFront(), vin: { value: VALID_VIN, warnings: [checkDigit] } } }));
    await until(() => page.data.duplicates.length > 0, 'the hint');
    env.modalAnswers.push(false);
    tapSubmit(page);
    await until(() => env.modals.length === 1, 'the confirmation');
    const content = env.modals[0]!.content;
    expect(content).toContain('还有 1 条提示未处理');
    expect(content).toContain('车辆识别代号：车辆识别代号校验位不符，请核对');
    expect(content).toContain('已提交过相同号牌/车架号的记录（1 条）');
    expect(env.backend.calls.filter((c) => c.data.action === 'submit')).toHaveLength(0);
  });
});

