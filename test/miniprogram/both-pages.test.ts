// The mini program on a record of a photo holding both pages of a vehicle licence: the review shows one
// titled form per page (正页, 副页), each editable, submitted together; the detail and the history show
// both pages.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { LicenseRecord, RecordPage } from '../../core/contracts/records';
import { VALID_VIN, makeRecord, recognizedFront } from './support/backend';
import { type Env, setupEnv } from './support/env';
import { type Rendered, flush, render, requireMini, text, until } from './support/harness';

let env: Env;
beforeEach(() => {
  env = setupEnv();
});
afterEach(() => env.restore());

function twoPageRecord(over: Partial<LicenseRecord> = {}): LicenseRecord {
  const front: RecordPage = {
    docType: 'vehicle_license',
    side: 'front',
    recognized: { ...recognizedFront(), vin: { value: VALID_VIN, warnings: [] } },
    extra: {},
    warnings: [],
    submitted: null,
    corrections: {},
  };
  const back: RecordPage = {
    docType: 'vehicle_license',
    side: 'back',
    recognized: {
      plateNo: { value: '粤B12345', warnings: [] },
      fileNo: { value: '440300123456', warnings: [] },
      approvedPassengers: { value: '5人', warnings: [] },
      grossMass: { value: '2170kg', warnings: [] },
      curbMass: { value: '1750kg', warnings: [] },
      overallDimensions: { value: '5000×1858×1493mm', warnings: [] },
      fuelType: { value: '汽油', warnings: [], confidence: 0.4 },
    },
    extra: {},
    warnings: [],
    submitted: null,
    corrections: {},
  };
  return makeRecord({ side: 'front', recognized: front.recognized, pages: [front, back], ...over });
}

async function openReview(record: LicenseRecord): Promise<Rendered> {
  env.backend.records.push(record);
  requireMini<{ putScan(s: { record: unknown; photoPath: string }): void }>('services/session').putScan({ record, photoPath: 'wxfile://tmp/both.jpg' });
  const page = render('pages/review/index');
  page.instance.onLoad({ id: record._id });
  await until(() => page.data.loading === false, 'loaded');
  await flush();
  return page;
}

/** Types into the real <input> inside Vant's field of one page's form. */
function type(page: Rendered, form: number, key: string, value: string): void {
  const input = page
    .querySelector(`.form-${form}`)!
    .querySelector(`.input-${key}`)!
    .querySelectorAll('.van-field__control')
    .find((c) => c.dom.tagName === 'WX-INPUT');
  if (!input) throw new Error(`no input ${key} in form ${form}`);
  input.dispatchEvent('input', { detail: { value } });
}

describe('a photo of both pages in the mini program', () => {
  it('the review shows a titled form per page, with each page’s fields', async () => {
    const page = await openReview(twoPageRecord());
    expect(text(page.querySelector('.doc-title'))).toBe('机动车行驶证（共 2 页）');
    expect(page.querySelectorAll('.page-title').map((t) => text(t))).toEqual(['机动车行驶证正页', '机动车行驶证副页']);
    expect(page.querySelector('.form-0')!.querySelector('.input-owner')!.data.value).toBe('张三');
    expect(page.querySelector('.form-1')!.querySelector('.input-fileNo')!.data.value).toBe('440300123456');
    expect(page.querySelector('.form-0')!.querySelector('.input-fileNo')).toBeUndefined();
    // Doubt is counted over both pages: the front's engine number and the back's fuel type.
    expect(text(page.querySelector('.doubtful-summary'))).toContain('有 2 项存疑');
    expect(text(page.querySelector('.submit'))).toContain('提交全部 2 页');
  });

  it('edits each page on its own and submits both pages together', async () => {
    const page = await openReview(twoPageRecord());
    type(page, 1, 'fuelType', '柴油');
    type(page, 0, 'owner', '张三丰');
    await flush();
    expect(page.data.pages[0].fields.find((f: { key: string }) => f.key === 'fuelType')).toBeUndefined();
    expect(page.data.pages[1].fields.find((f: { key: string }) => f.key === 'fuelType').value).toBe('柴油');
    page.querySelector('.submit')!.querySelector('.van-button')!.dispatchEvent('tap');
    await until(() => env.nav.length > 0, 'submitted');
    expect(env.modals[0]).toMatchObject({ content: '你修改了 2 项，确认信息无误并提交？' });
    const call = env.backend.calls.find((c) => c.data.action === 'submit')!;
    expect(call.data.fields).toBeUndefined();
    expect(call.data.pages).toHaveLength(2);
    expect(call.data.pages[0].fields).toMatchObject({ owner: '张三丰', plateNo: '粤B12345' });
    expect(call.data.pages[1].fields).toMatchObject({ fuelType: '柴油', fileNo: '440300123456' });
    const saved = env.backend.records[0]!;
    expect(saved.pages?.[1]?.corrections).toEqual({ fuelType: { from: '汽油', to: '柴油' } });
    expect(saved.corrections).toEqual({ owner: { from: '张三', to: '张三丰' } });
  });

  it('a required field left empty on the back page blocks the submission', async () => {
    const page = await openReview(twoPageRecord());
    type(page, 1, 'fileNo', '');
    await flush();
    page.querySelector('.submit')!.querySelector('.van-button')!.dispatchEvent('tap');
    await flush(10);
    expect(env.toasts).toContain('还有 1 项需要填写或更正');
    expect(env.backend.calls.filter((c) => c.data.action === 'submit')).toEqual([]);
  });

  it('the detail shows both pages and each page’s corrections; the history says how many pages', async () => {
    const record = twoPageRecord();
    const [front, back] = record.pages!;
    const submitted: LicenseRecord = {
      ...record,
      status: 'submitted',
      submitted: { plateNo: '粤B12345', owner: '张三' },
      corrections: {},
      submittedAt: '2026-11-02T02:03:00.000Z',
      pages: [
        { ...front!, submitted: { plateNo: '粤B12345', owner: '张三' } },
        { ...back!, submitted: { plateNo: '粤B12345', fileNo: '440300123456', fuelType: '柴油' }, corrections: { fuelType: { from: '汽油', to: '柴油' } } },
      ],
    };
    env.backend.records.push(submitted);
    const detail = render('pages/record/index');
    detail.instance.onLoad({ id: submitted._id });
    await until(() => detail.data.loading === false, 'record loaded');
    await flush();
    expect(detail.data.sections.map((s: { title: string }) => s.title)).toEqual(['机动车行驶证正页 · 提交的信息', '机动车行驶证副页 · 提交的信息']);
    expect(text(detail.querySelector('.row-1-fuelType'))).toContain('柴油');
    expect(text(detail.querySelector('.row-1-fuelType'))).toContain('已修改');
    expect(text(detail.querySelector('.row-0-owner'))).toContain('张三');
    expect(text(detail.querySelector('.correction-fuelType'))).toContain('机动车行驶证副页 燃油/能源类型');
    expect(text(detail.querySelector('.correction-fuelType'))).toContain('汽油 → 柴油');

    const history = render('pages/history/index');
    history.instance.onLoad({});
    await until(() => history.data.loading === false && history.data.page >= 1, 'history loaded');
    await flush();
    expect(text(history.querySelector(`.item-${submitted._id}`))).toContain('机动车行驶证（共 2 页）');
  });
});
