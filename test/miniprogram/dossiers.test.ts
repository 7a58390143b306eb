import { afterEach, describe, expect, it } from 'vitest';
import { makeDossier, makeRecord } from './support/backend';
import { type Env, setupEnv } from './support/env';
import { type Rendered, flush, render, requireMini, text, until } from './support/harness';

let env: Env;
afterEach(() => env.restore());

interface ConfigModule {
  config: { reminderTemplateId: string };
}
const setTemplate = (id: string): void => void (requireMini<ConfigModule>('config').config.reminderTemplateId = id);

async function openDossiers(): Promise<Rendered> {
  const page = render('pages/dossiers/index');
  page.instance.onLoad({});
  await until(() => page.data.loading === false, 'dossiers loaded');
  await flush();
  return page;
}

const tap = (node: Rendered | undefined, inner = '.van-button'): void => node!.querySelector(inner)!.dispatchEvent('tap');
const callsOf = (action: string) => env.backend.calls.filter((c) => c.data.action === action).map((c) => c.data);

/** A licence's two pages in a rental dossier missing the ID card, with an expired and a due date. */
function seedRentalDossier(): { front: ReturnType<typeof makeRecord>; back: ReturnType<typeof makeRecord>; id: string } {
  const front = makeRecord({ status: 'submitted', side: 'front' });
  const back = makeRecord({ status: 'submitted', side: 'back' });
  env.backend.records.push(front, back);
  const d = makeDossier([front, back], {
    purpose: 'rental',
    title: '公司用车',
    warnings: [{ code: 'MISSING_DOCUMENT', message: '租车还缺少：身份证人像面', recordIds: [] }],
    expiries: [
      { recordId: back._id, openid: 'user-1', docType: 'vehicle_license', field: 'inspectionRecord', date: '2026-11-30', daysLeft: -3 },
      { recordId: 'rec-id-card', openid: 'user-1', docType: 'id_card', field: 'validPeriod', date: '2026-12-23', daysLeft: 20 },
    ],
  });
  env.backend.dossiers.push(d, makeDossier([], { _openid: 'someone-else', plate: '沪A00001' }));
  return { front, back, id: d._id };
}

describe('dossiers page', () => {
  it('shows one card per vehicle of mine with its documents, warnings and expiry dates', async () => {
    env = setupEnv();
    const { front, id } = seedRentalDossier();
    const page = await openDossiers();
    const card = page.querySelector(`.dossier-${id}`)!;
    const shown = text(card);
    expect(shown).toContain('粤B12345');
    expect(shown).toContain('LSVAM41X6C2100847');
    expect(shown).toContain('公司用车');
    expect(shown).toContain('租车');
    expect(shown).toContain('租车还缺少：身份证人像面');
    expect(shown).toContain('机动车行驶证（正面）');
    expect(shown).toContain('机动车行驶证（反面）');
    expect(shown).toContain('机动车行驶证 检验记录');
    expect(shown).toContain('居民身份证 有效期限');
    expect(shown).toContain('2026-11-30');
    expect(shown).toContain('已过期 3 天');
    expect(shown).toContain('20 天后到期');
    expect(text(page)).not.toContain('沪A00001');
    expect(callsOf('dossiers')).toEqual([expect.objectContaining({ scope: 'mine' })]);

    page.querySelector(`.doc-${front._id}`)!.querySelector('.van-cell')!.dispatchEvent('tap');
    await flush();
    expect(env.nav).toEqual([`/pages/record/index?id=${front._id}`]);
  });

  it('says when the documents agree, and leads to the scan page when there is no dossier', async () => {
    env = setupEnv();
    const r = makeRecord({ status: 'submitted' });
    env.backend.records.push(r);
    env.backend.dossiers.push(makeDossier([r]));
    const page = await openDossiers();
    expect(text(page.querySelector('.dossier'))).toContain('各证件信息一致');

    env.backend.dossiers = [];
    await page.instance.onPullDownRefresh();
    await flush();
    expect(text(page.querySelector('.empty'))).toContain('还没有档案');
    tap(page.querySelector('.go-scan'));
    await flush();
    expect(env.nav).toEqual(['tab:/pages/scan/index']);
  });

  it('changes the purpose with updateDossier', async () => {
    env = setupEnv();
    const { id } = seedRentalDossier();
    const page = await openDossiers();
    const insurance = (page.data.purposeLabels as string[]).indexOf('投保');
    page.querySelector(`.purpose-${id}`)!.dispatchEvent('change', { detail: { value: insurance } });
    await until(() => callsOf('dossiers').length === 2 && !page.data.loading, 'reloaded');
    await flush();
    expect(callsOf('updateDossier')).toEqual([{ action: 'updateDossier', id, purpose: 'insurance' }]);
    expect(text(page.querySelector(`.dossier-${id}`))).toContain('投保');
    expect(env.toasts).toContain('用途已更新');
  });

  it('moves a document out with detachRecord, without opening it', async () => {
    env = setupEnv();
    const { back, id } = seedRentalDossier();
    const page = await openDossiers();
    tap(page.querySelector(`.detach-${back._id}`));
    await until(() => callsOf('dossiers').length === 2 && !page.data.loading, 'reloaded');
    await flush();
    expect(callsOf('detachRecord')).toEqual([{ action: 'detachRecord', recordId: back._id }]);
    expect(page.querySelector(`.doc-${back._id}`)).toBeUndefined();
    expect(text(page.querySelector(`.dossier-${id}`))).toContain('机动车行驶证（正面）');
    expect(env.nav).toEqual([]);
    expect(env.toasts).toContain('已移出');
  });

  it('adds one of my submitted records not yet in the dossier with attachRecord', async () => {
    env = setupEnv();
    const { id } = seedRentalDossier();
    const idCard = makeRecord({ docType: 'id_card', side: 'front', status: 'submitted', recognized: {} });
    const unsubmitted = makeRecord({ docType: 'id_card', side: 'back', recognized: {} });
    const othersRecord = makeRecord({ _openid: 'someone-else', status: 'submitted' });
    env.backend.records.push(idCard, unsubmitted, othersRecord);
    const page = await openDossiers();
    tap(page.querySelector(`.add-${id}`));
    await until(() => (page.data.candidates as unknown[]).length > 0, 'candidates');
    await flush();
    expect(callsOf('list')).toEqual([expect.objectContaining({ scope: 'mine', status: 'submitted' })]);
    expect((page.data.candidates as Array<{ id: string }>).map((c) => c.id)).toEqual([idCard._id]);
    const sheet = page.querySelector('.candidates')!;
    await until(() => text(sheet).includes('居民身份证'), 'the action sheet open');
    sheet.querySelector('.van-action-sheet__item')!.dispatchEvent('tap');
    await until(() => callsOf('dossiers').length === 2 && !page.data.loading, 'reloaded');
    await flush();
    expect(callsOf('attachRecord')).toEqual([{ action: 'attachRecord', dossierId: id, recordId: idCard._id }]);
    expect(page.querySelector(`.doc-${idCard._id}`)).toBeDefined();
    expect(page.data.candidates).toEqual([]);
  });

  it('says so when there is no submitted record to add', async () => {
    env = setupEnv();
    const { id } = seedRentalDossier();
    const page = await openDossiers();
    tap(page.querySelector(`.add-${id}`));
    await until(() => env.modals.length === 1, 'modal');
    expect(env.modals[0]!.title).toBe('没有可添加的记录');
    expect(callsOf('attachRecord')).toEqual([]);
  });

  it('hides 订阅到期提醒 when no template id is configured', async () => {
    env = setupEnv();
    setTemplate('');
    seedRentalDossier();
    const page = await openDossiers();
    expect(page.querySelector('.dossier')).toBeDefined();
    expect(page.querySelector('.subscribe-button')).toBeUndefined();
    expect(text(page)).not.toContain('订阅到期提醒');
  });

  it('subscribes with the configured template and reports the accepted count to subscribeReminders', async () => {
    env = setupEnv();
    setTemplate('tmpl-expiry-1');
    seedRentalDossier();
    const page = await openDossiers();
    expect(text(page.querySelector('.subscribe'))).toContain('订阅到期提醒');
    tap(page.querySelector('.subscribe-button'));
    await until(() => env.toasts.length === 1, 'toast');
    expect(env.subscribeRequests).toEqual([['tmpl-expiry-1']]);
    expect(callsOf('subscribeReminders')).toEqual([{ action: 'subscribeReminders', accepted: 1 }]);
    expect(env.backend.reminderCredits.get('user-1')).toBe(1);
    expect(env.toasts).toEqual(['已订阅到期提醒']);
  });

  it('does not report a declined subscription, and explains a refused one in Chinese', async () => {
    env = setupEnv();
    setTemplate('tmpl-expiry-1');
    seedRentalDossier();
    const page = await openDossiers();
    env.subscribeAnswer = (ids) => Object.fromEntries(ids.map((i) => [i, 'reject']));
    tap(page.querySelector('.subscribe-button'));
    await until(() => env.toasts.length === 1, 'declined toast');
    expect(env.toasts[0]).toBe('未订阅到期提醒');

    env.subscribeAnswer = () => {
      throw { errMsg: 'requestSubscribeMessage:fail main switch is off', errCode: 20004 };
    };
    tap(page.querySelector('.subscribe-button'));
    await until(() => env.toasts.length === 2, 'refused toast');
    expect(env.toasts[1]).toBe('订阅消息已关闭，请在小程序设置中开启后重试');
    expect(callsOf('subscribeReminders')).toEqual([]);
    expect(page.data.subscribing).toBe(false);
  });

  it('a failed load says why and offers a reload', async () => {
    env = setupEnv();
    const cloud = env.wx.cloud as Record<string, any>;
    const good = cloud.callFunction;
    cloud.callFunction = (o: Record<string, any>) => {
      if (o.success) o.fail?.({ errMsg: 'cloud.callFunction:fail request:fail' });
      return Promise.reject({ errMsg: 'cloud.callFunction:fail request:fail' });
    };
    const page = render('pages/dossiers/index');
    page.instance.onLoad({});
    await until(() => page.data.error !== '', 'error');
    expect(text(page.querySelector('.error'))).toContain('网络不可用');
    cloud.callFunction = good;
    seedRentalDossier();
    tap(page.querySelector('.reload'));
    await until(() => page.data.error === '' && (page.data.dossiers as unknown[]).length === 1, 'reloaded');
  });
});
