// Our error types are recognised across module copies (a bundled cloud function, a second copy in a
// test's module graph), where `instanceof` fails: the Symbol.for brand of core/errors/brand.ts.
import { describe, expect, it, vi } from 'vitest';
import { ApiError, isProviderError, ProviderError } from '../../core/contracts/errors';
import { IntakeError, isIntakeError } from '../../server/intake/index';
import { EngineBusyError } from '../../server/ocr/queue';
import { LocalRecognitionError } from '../../server/ocr/recognize';
import { StoredRecordError } from '../../server/stores/common';

async function secondCopies() {
  vi.resetModules();
  return {
    errors: await import('../../core/contracts/errors'),
    intake: await import('../../server/intake/index'),
    queue: await import('../../server/ocr/queue'),
    recognize: await import('../../server/ocr/recognize'),
    stores: await import('../../server/stores/common'),
  };
}

describe('error brands', () => {
  it('recognises an error made by a second copy of its module, where instanceof does not', async () => {
    const copy = await secondCopies();
    const api = new copy.errors.ApiError('NOT_FOUND', '记录不存在');
    const provider = new copy.errors.ProviderError({ provider: 'juhe', code: 'QUOTA', retryable: false, message: '额度用完' });
    const intake = new copy.intake.IntakeError('GIF', '不支持 GIF');
    expect(api instanceof ApiError).toBe(false);
    expect(ApiError.isInstance(api)).toBe(true);
    expect(ProviderError.isInstance(provider)).toBe(true);
    expect(isProviderError(provider)).toBe(true);
    expect(IntakeError.isInstance(intake)).toBe(true);
    expect(isIntakeError(intake)).toBe(true);
    expect(EngineBusyError.isInstance(new copy.queue.EngineBusyError(3))).toBe(true);
    expect(LocalRecognitionError.isInstance(new copy.recognize.LocalRecognitionError('BAD_IMAGE', '照片模糊'))).toBe(true);
    expect(StoredRecordError.isInstance(new copy.stores.StoredRecordError('r1', ['status']))).toBe(true);
  });

  it('tells the types apart and refuses look-alikes: same name or same fields without the brand', () => {
    const api = new ApiError('NOT_FOUND', '记录不存在');
    expect(ProviderError.isInstance(api)).toBe(false);
    expect(IntakeError.isInstance(api)).toBe(false);
    const lookAlike = Object.assign(new Error('x'), { name: 'ApiError', code: 'NOT_FOUND' });
    expect(ApiError.isInstance(lookAlike)).toBe(false);
    expect(isIntakeError(Object.assign(new Error('x'), { name: 'IntakeError' }))).toBe(false);
    for (const v of [null, undefined, 'ApiError', 42, {}]) expect(ApiError.isInstance(v)).toBe(false);
  });
});
