// Driving-licence extractor (server/ocr/extract/driver-license.ts): the real front and back pages
// through the local provider, and generated cards read whole.
import { describe, expect, it } from 'vitest';
import sharp from 'sharp';
import { createLocalProvider } from '../../server/providers/local/index';
import { driverLicenseExtractor } from '../../server/ocr/extract/driver-license';
import { fixDatesInText, readLicenseClass } from '../../server/ocr/extract/person-common';
import { generateCard } from '../../scripts/synth/index';
import { realFixture } from '../support/fixtures';
import { readWholeCard } from './extract-support';

const provider = createLocalProvider();

describe('driving licence, real pages through the local provider', () => {
  it.each([
    ['driver-licence-front-01', 'front'],
    ['driver-licence-back-01', 'back'],
  ] as const)('%s: every field exact', async (name, side) => {
    const { bytes, fields } = realFixture(name);
    const m = await sharp(bytes).metadata();
    const { result } = await provider.recognize({ bytes, mime: 'image/png', width: m.width!, height: m.height! }, { docType: 'driver_license', side });
    expect(result.side).toBe(side);
    for (const [key, want] of Object.entries(fields)) expect(result.fields[key]?.value, key).toBe(want);
  });

  it('finds the side by itself', async () => {
    const { bytes } = realFixture('driver-licence-back-01');
    const m = await sharp(bytes).metadata();
    const { result } = await provider.recognize({ bytes, mime: 'image/png', width: m.width!, height: m.height! }, { docType: 'driver_license', side: 'auto' });
    expect(result.side).toBe('back');
  });
});

describe('driving licence, generated cards', () => {
  it.each([
    ['front', 41, false],
    ['front', 42, true],
    ['back', 43, false],
    ['back', 44, true],
  ] as const)('%s seed %i (photo: %s): every field exact', async (side, seed, perturbed) => {
    const card = await generateCard({ docType: 'driver_license', side, seed, perturbed });
    const ctx = await readWholeCard(card.image);
    const got = await driverLicenseExtractor.extract(ctx, side);
    for (const [key, want] of Object.entries(card.fields)) expect(got.values[key]?.value ?? '', `${card.id}.${key}`).toBe(want);
  });
});

describe('driving licence editions and seals', () => {
  it('reads the edition that prints a start date and a length (有效起始日期 + 有效期限 6年)', async () => {
    const card = await generateCard({ docType: 'driver_license', side: 'front', seed: 5 });
    expect(card.notes).toContain('validity printed as start date + length');
    const got = await driverLicenseExtractor.extract(await readWholeCard(card.image), 'front');
    expect(got.values.validPeriod?.value).toBe(card.fields.validPeriod);
  });

  it('leaves a round seal empty and marks it for the user instead of guessing', async () => {
    const card = await generateCard({ docType: 'driver_license', side: 'front', seed: 10, perturbed: true });
    expect(card.fields.issuingAuthority).toBe('');
    const got = await driverLicenseExtractor.extract(await readWholeCard(card.image), 'front');
    expect(got.values.issuingAuthority).toBeUndefined();
    expect(got.fieldWarnings?.issuingAuthority?.[0]?.code).toBe('SEAL_UNREADABLE');
    for (const [key, want] of Object.entries(card.fields)) expect(got.values[key]?.value ?? '', key).toBe(want);
  });
});

describe('driving licence value readers', () => {
  it('reads licence classes through English sub-label noise and l/1 confusion', () => {
    expect(readLicenseClass('C1')).toBe('C1');
    expect(readLicenseClass('Al')).toBe('A1');
    expect(readLicenseClass('C1E')).toBe('C1E');
    expect(readLicenseClass('A1A2')).toBe('A1A2');
  });

  it('repairs slashed zeros read as 6/8/9 in record dates only where a 0 must be', () => {
    expect(fixDatesInText('自2014年69月12日至有效起始日期有效。')).toBe('自2014年09月12日至有效起始日期有效。');
    expect(fixDatesInText('实习期至2015年11月30日')).toBe('实习期至2015年11月30日');
  });
});
