// The scan command's table for a photo holding both pages: each page with its own title and fields.
import { describe, expect, it } from 'vitest';
import { buildResult } from '../../core/result/build';
import { joinPages } from '../../core/result/pages';
import { human } from '../../local/cli/scan';

describe('licenselens scan table', () => {
  it('prints both pages of a two-page photo, each under its title', () => {
    const front = buildResult({ docType: 'vehicle_license', side: 'front', provider: 'local', values: { owner: { value: '穆高寒' } } });
    const back = buildResult({ docType: 'vehicle_license', side: 'back', provider: 'local', values: { fileNo: { value: '3800299837465' } } });
    const text = human({
      file: 'both.png',
      outcome: {
        ok: true,
        result: joinPages([front, back]),
        raw: null,
        provider: 'local',
        attempts: [{ provider: 'local', ok: true, durationMs: 5 }],
        timings: { intakeMs: 1, providerMs: 5, totalMs: 6 },
      },
    });
    expect(text).toContain('照片中有 2 页');
    expect(text.match(/用时/g)).toHaveLength(1);
    expect(text).toMatch(/机动车行驶证（正页）[\s\S]*所有人\s+穆高寒[\s\S]*机动车行驶证（副页）[\s\S]*档案编号\s+3800299837465/);
  });
});
