import { afterEach, describe, expect, it } from 'vitest';
import { OCR_VIN, VALID_VIN, makeRecord } from './support/backend';
import { type Env, setupEnv } from './support/env';
import { type Rendered, flush, render, text, until } from './support/harness';

const FULL_ID = '110105194912310021';

let env: Env;
afterEach(() => env.restore());

async function openRecord(query: Record<string, string>): Promise<Rendered> {
  const page = render('pages/record/index');
  page.instance.onLoad(query);
  await until(() => page.data.loading === false, 'record loaded');
  await flush();
  return page;
}

function submittedRecord(openid = 'user-1') {
  const r = makeRecord({ _openid: openid });
  const submitted: Record<string, string> = {};
  for (const [k, v] of Object.entries(r.recognized!)) submitted[k] = v.value;
  submitted.vin = VALID_VIN;
  submitted.owner = '张三丰';
  return {
    ...r,
    status: 'submitted' as const,
    submitted,
    corrections: { vin: { from: r.recognized!.vin!.value, to: VALID_VIN }, owner: { from: '张三', to: '张三丰' } },
    submittedAt: '2026-11-02T02:03:00.000Z',
  };
}

describe('record detail page', () => {
  it('shows status, photo, the submitted fields and what was corrected', async () => {
    env = setupEnv();
    const record = submittedRecord();
    env.backend.records.push(record);
    const page = await openRecord({ id: record._id });
    expect(text(page.querySelector('.doc-title'))).toBe('机动车行驶证（正面）');
    expect(text(page.querySelector('.status'))).toBe('已提交');
    expect(page.data.photo).toBe(`https://tmp.example.com/${record._id}.jpg?sign=1`);
    expect(text(page.querySelector('.row-owner'))).toContain('张三丰');
    expect(text(page.querySelector('.row-vin'))).toContain(VALID_VIN);
    expect(text(page.querySelector('.row-owner'))).toContain('已修改');
    expect(text(page.querySelector('.row-plateNo'))).not.toContain('已修改');
    expect(text(page.querySelector('.correction-owner'))).toContain('所有人');
    expect(text(page.querySelector('.correction-owner'))).toContain('张三 → 张三丰');
    expect(page.querySelector('.continue')).toBeUndefined();

    page.querySelector('.photo-box')!.dispatchEvent('tap');
    await flush();
    expect(env.wx.previewImage).toHaveBeenCalledWith(expect.objectContaining({ urls: [page.data.photo] }));
  });

  it('a recognized record offers to continue the review; a failed one says why', async () => {
    env = setupEnv();
    const pending = makeRecord();
    const failed = makeRecord({ status: 'failed', recognized: null, error: { code: 'NOT_FOUND_IN_IMAGE', message: '未识别到证件' } });
    env.backend.records.push(pending, failed);
    const page = await openRecord({ id: pending._id });
    expect(text(page.querySelector('.status'))).toBe('待核对');
    page.querySelector('.continue')!.querySelector('.van-button')!.dispatchEvent('tap');
    await flush();
    expect(env.nav).toEqual([`/pages/review/index?id=${pending._id}`]);

    const failedPage = await openRecord({ id: failed._id });
    expect(text(failedPage.querySelector('.failed'))).toContain('识别失败：未识别到证件');
    expect(text(failedPage.querySelector('.status'))).toBe('识别失败');
  });

  it('admin layout: photo beside the fields, recognized → submitted differences, no owner actions', async () => {
    env = setupEnv({ openid: 'admin-1', admin: true });
    const record = submittedRecord('user-7');
    env.backend.records.push(record);
    const page = await openRecord({ id: record._id, admin: '1' });
    expect(page.querySelector('.page-record')!.dom.className).toContain('admin-layout');
    expect(text(page.querySelector('.corrections'))).toContain('修改记录（识别值 → 提交值）');
    expect(text(page.querySelector('.correction-vin'))).toContain(`${record.corrections.vin.from} → ${VALID_VIN}`);
    expect(page.querySelector('.delete')).toBeUndefined();
  });

  it('admin reveal: another user’s ID number comes masked, the button shows it in full and says the view was logged', async () => {
    env = setupEnv({ openid: 'admin-1', admin: true });
    const record = submittedRecord('user-7');
    record.submitted.idNumber = FULL_ID;
    env.backend.records.push(record);
    const page = await openRecord({ id: record._id, admin: '1' });
    expect(text(page.querySelector('.row-idNumber'))).toContain('1****************1');
    expect(text(page.querySelector('.row-idNumber'))).not.toContain(FULL_ID);
    expect(page.querySelector('.revealed-note')).toBeUndefined();
    page.querySelector('.reveal')!.querySelector('.van-button')!.dispatchEvent('tap');
    await until(() => page.data.revealed === true, 'record revealed');
    await flush();
    expect(env.backend.calls.filter((c) => c.data.action === 'reveal')).toEqual([{ name: 'records', data: { action: 'reveal', id: record._id } }]);
    expect(text(page.querySelector('.row-idNumber'))).toContain(FULL_ID);
    expect(text(page.querySelector('.revealed-note'))).toContain('已记录');
    expect(page.querySelector('.reveal')).toBeUndefined();
  });

  it('admin reveal: no button on the administrator’s own record, which is never masked', async () => {
    env = setupEnv({ openid: 'admin-1', admin: true });
    const record = submittedRecord('admin-1');
    record.submitted.idNumber = FULL_ID;
    env.backend.records.push(record);
    const page = await openRecord({ id: record._id, admin: '1' });
    expect(text(page.querySelector('.row-idNumber'))).toContain(FULL_ID);
    expect(page.querySelector('.reveal')).toBeUndefined();
  });

  it('the owner can delete after confirming', async () => {
    env = setupEnv();
    const record = makeRecord();
    env.backend.records.push(record);
    const page = await openRecord({ id: record._id });
    page.querySelector('.delete')!.querySelector('.van-button')!.dispatchEvent('tap');
    await until(() => env.nav.length > 0, 'back after delete');
    expect(env.modals[0]!.title).toBe('删除记录');
    expect(env.backend.records).toHaveLength(0);
    expect(env.toasts).toContain('已删除');
  });

  it('someone else’s record reads as missing', async () => {
    env = setupEnv({ openid: 'user-2' });
    const record = makeRecord({ _openid: 'user-1' });
    env.backend.records.push(record);
    const page = await openRecord({ id: record._id });
    expect(text(page.querySelector('.load-error'))).toContain('记录不存在');
  });

  it('opened right after a submit: says it was submitted and offers the next scan (the scan tab)', async () => {
    env = setupEnv();
    const r = submittedRecord();
    env.backend.records.push(r);
    const page = await openRecord({ id: r._id, submitted: '1' });
    expect(text(page.querySelector('.submitted-next'))).toContain('提交成功');
    page.querySelector('.scan-next')!.querySelector('.van-button')!.dispatchEvent('tap');
    await flush();
    expect(env.nav).toEqual(['tab:/pages/scan/index']);
    // Opened from the history instead: no such banner.
    const later = await openRecord({ id: r._id });
    expect(later.querySelector('.submitted-next')).toBeUndefined();
  });

  it('keeps showing the warnings of the submitted values: a corrected value’s own, not those of the value it replaced', async () => {
    env = setupEnv();
    const fixed = submittedRecord();
    const typo = { ...submittedRecord(), submitted: { ...submittedRecord().submitted, vin: OCR_VIN, plateNo: '粤B12345' }, corrections: { vin: { from: VALID_VIN, to: OCR_VIN } } };
    typo.recognized = { ...typo.recognized!, vin: { value: VALID_VIN, warnings: [] } };
    env.backend.records.push(fixed, typo);
    const corrected = await openRecord({ id: fixed._id });
    // The OCR's I/O warning was about the value the user replaced with a valid VIN.
    expect(text(corrected.querySelector('.row-vin'))).not.toContain('不应出现字母I、O、Q');
    const submittedTypo = await openRecord({ id: typo._id });
    expect(text(submittedTypo.querySelector('.row-vin'))).toContain('车辆识别代号中不应出现字母I、O、Q');
  });
});
