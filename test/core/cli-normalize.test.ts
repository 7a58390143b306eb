// `licenselens normalize` through the real bin (tsx loader, dispatcher, stdout/stderr, exit codes).
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { RecognitionResultSchema } from '../../core/contracts/result';
import { run } from '../../local/cli/normalize';

const ROOT = join(__dirname, '..', '..');
const BIN = join(ROOT, 'bin', 'licenselens.mjs');
const FIXTURES = join(ROOT, 'test', 'fixtures', 'provider-payloads');

function cli(args: string[], input?: string) {
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd: ROOT, input, encoding: 'utf8', timeout: 60_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('licenselens normalize (spawned bin)', { timeout: 120_000 }, () => {
  it('prints the result contract for a fixture file, and only that on stdout', () => {
    const r = cli(['normalize', '--provider', 'kuaitong', '--now', '2026-11-22', join(FIXTURES, 'kuaitong-front-shifted.json')]);
    expect(r.code).toBe(0);
    const result = RecognitionResultSchema.parse(JSON.parse(r.stdout));
    expect(result.docType).toBe('vehicle_license');
    expect(result.warnings.map((w) => w.code)).toEqual(['FIELDS_SHIFTED']);
    expect(r.stderr).toBe('');
  });

  it('reads the payload from stdin with -', () => {
    const payload = readFileSync(join(FIXTURES, 'juhe-cert-id-card-front.json'), 'utf8');
    const r = cli(['normalize', '--provider', 'juhe', '--card-type', '2', '-'], payload);
    expect(r.code).toBe(0);
    const result = RecognitionResultSchema.parse(JSON.parse(r.stdout));
    expect([result.docType, result.side, result.fields.name?.value]).toEqual(['id_card', 'front', '彭*']);
  });

  it('exits 1 with the provider error on stderr for an error body', () => {
    const r = cli(['normalize', '--provider', 'wechat', join(FIXTURES, 'wechat-error-101003-quota.json')]);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain('QUOTA');
    expect(r.stderr).toContain('101003');
  });

  it('exits 1 for unreadable or non-JSON input and 2 for bad usage', () => {
    expect(cli(['normalize', '--provider', 'juhe', join(FIXTURES, 'missing.json')]).code).toBe(1);
    const notJson = cli(['normalize', '--provider', 'juhe', '-'], '{oops');
    expect([notJson.code, notJson.stderr.includes('not valid JSON')]).toEqual([1, true]);
    expect(cli(['normalize', '--provider', 'baidu', 'x.json']).code).toBe(2);
    expect(cli(['normalize', 'x.json']).code).toBe(2);
    expect(cli(['normalize', '--provider', 'juhe', '--card-type', 'six', 'x.json']).code).toBe(2);
    expect(cli(['normalize', '--provider', 'juhe', '--bogus', 'x.json']).code).toBe(2);
  });
});

describe('normalize command (in process)', () => {
  const io = () => {
    const out = { stdout: '', stderr: '' };
    return { out, io: { stdout: (t: string) => void (out.stdout += t), stderr: (t: string) => void (out.stderr += t), stdin: async () => '{}' } };
  };

  it('passes --doc and --side through', async () => {
    const { out, io: cliIo } = io();
    const code = await run(['--provider', 'juhe', '--doc', 'e_driver_license', '--side', 'back', join(FIXTURES, 'juhe-e-driver-license-back.json')], cliIo);
    expect(code).toBe(0);
    const r = RecognitionResultSchema.parse(JSON.parse(out.stdout));
    expect([r.docType, r.side, r.fields.record?.value]).toEqual(['e_driver_license', 'back', 'C1自2017年07月26日起']);
  });

  it('rejects an unknown document type and prints help', async () => {
    const bad = io();
    expect(await run(['--provider', 'juhe', '--doc', 'spaceship', '-'], bad.io)).toBe(2);
    expect(bad.out.stderr).toContain('unknown document type');
    const help = io();
    expect(await run(['--help'], help.io)).toBe(0);
    expect(help.out.stdout).toContain('--card-type');
  });
});
