import { spawn } from 'node:child_process';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import sharp from 'sharp';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { RecognitionResultSchema } from '../../core/contracts/result';
import { CREDENTIALS, PATHS, startProviderServer, type ProviderServer } from '../support/provider-server';
import { juheEnvelope, payload } from '../providers/support';

const bin = fileURLToPath(new URL('../../bin/licenselens.mjs', import.meta.url));

/** The CLI as a user runs it; provider keys only from the environment given here. */
function cli(args: string[], env: Record<string, string> = {}): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const base = Object.fromEntries(
    Object.entries(process.env).filter(([k]) => !/^(WECHAT_|JUHE_|KUAITONG_|OCR_ROUTES)/.test(k)),
  ) as Record<string, string>;
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [bin, 'scan', ...args], { env: { ...base, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString('utf8')));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString('utf8')));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

describe('licenselens scan', () => {
  let server: ProviderServer;
  let dir: string;
  let front: string;
  let back: string;
  let gif: string;
  let juheEnv: Record<string, string>;

  beforeAll(async () => {
    server = await startProviderServer();
    dir = await mkdtemp(join(tmpdir(), 'scan-'));
    const photo = (bg: string) => sharp({ create: { width: 900, height: 600, channels: 3, background: bg } }).jpeg().toBuffer();
    front = join(dir, 'front.jpg');
    back = join(dir, 'back.png');
    gif = join(dir, 'animated.jpg');
    await writeFile(front, await photo('#dde'));
    await writeFile(back, await sharp(await photo('#ede')).png().toBuffer());
    await writeFile(gif, await sharp({ create: { width: 30, height: 20, channels: 3, background: '#f00' } }).gif().toBuffer());
    juheEnv = { JUHE_KEY: CREDENTIALS.juheKey, JUHE_BASE_URL: server.url, OCR_ROUTES: 'vehicle_license=juhe' };
  });
  afterAll(() => server.close());
  beforeEach(() => {
    server.reset();
    server.setDefault(PATHS.juheBase64, { json: juheEnvelope(payload('juhe-cert-vehicle-license-front')) });
  });

  it('prints exactly the result contract with --json, an array for several photos, in one process', async () => {
    const { code, stdout, stderr } = await cli([front, back, '--json', '--side', 'front'], juheEnv);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    const parsed = JSON.parse(stdout) as unknown[];
    expect(parsed).toHaveLength(2);
    for (const r of parsed) {
      const result = RecognitionResultSchema.strict().parse(r);
      expect(result).toMatchObject({ docType: 'vehicle_license', side: 'front', provider: 'juhe' });
      expect(result.fields.vehicleType?.value).toBe('小型轿车');
    }
    expect(server.requests.map((r) => r.fields.cardType)).toEqual(['6', '6']);
    // The PNG reached the provider as a JPEG.
    expect(Buffer.from(server.requests[1]!.fields.base64!, 'base64').subarray(0, 2)).toEqual(Buffer.from([0xff, 0xd8]));
  });

  it('prints one object for one photo', async () => {
    const { code, stdout } = await cli([front, '--json', '--doc', 'vehicle_license', '--provider', 'juhe'], juheEnv);
    expect(code).toBe(0);
    const result = RecognitionResultSchema.parse(JSON.parse(stdout));
    expect(result.provider).toBe('juhe');
    expect(server.requests[0]?.fields.cardType).toBe('103'); // side auto → Juhe's auto-classifying type
  });

  it('prints a table with the Chinese labels of the registry', async () => {
    const { code, stdout } = await cli([front, '--side', 'front'], juheEnv);
    expect(code).toBe(0);
    expect(stdout).toContain(`照片：${front}`);
    expect(stdout).toMatch(/证件：机动车行驶证（正页）\s+识别服务：juhe/);
    expect(stdout).toMatch(/车辆类型\s+小型轿车/);
    expect(stdout).toMatch(/使用性质\s+非营运/);
    expect(stdout).toMatch(/尝试：juhe 成功/);
  });

  it('is a clear error, never a made-up result, when no provider is configured', async () => {
    const { code, stdout, stderr } = await cli([front, '--json'], { OCR_ROUTES: 'vehicle_license=wechat,kuaitong' });
    expect(code).toBe(1);
    expect(stdout).toBe('');
    // The message names the services (the settings behind them stay in the record's attempts).
    expect(stderr).toMatch(/没有可用的识别服务.*未启用.*未启用.*\(NO_PROVIDER\)/);
    expect(stderr).not.toMatch(/WECHAT_APPID|KUAITONG_APPCODE/);
  });

  it('reports a refused photo on stderr and keeps its place in the array', async () => {
    const { code, stdout, stderr } = await cli([gif, front, '--json'], juheEnv);
    expect(code).toBe(1);
    const parsed = JSON.parse(stdout) as unknown[];
    expect(parsed[0]).toBeNull();
    expect(RecognitionResultSchema.parse(parsed[1]).provider).toBe('juhe');
    expect(stderr).toMatch(/animated\.jpg: 不支持 GIF.*\(GIF\)/);
  });

  it('shows the provider error and the attempts in the table', async () => {
    server.setDefault(PATHS.juheBase64, { json: payload('juhe-error-10012-quota') });
    const { code, stdout } = await cli([front], juheEnv);
    expect(code).toBe(1);
    expect(stdout).toMatch(/未识别：识别服务今日额度已用完/);
    expect(stdout).toMatch(/尝试：juhe QUOTA\/10012/);
  });

  it('refuses bad usage with exit code 2', async () => {
    expect((await cli([front, '--side', 'sideways'])).code).toBe(2);
    expect((await cli([front, '--provider', 'google'])).code).toBe(2);
    expect((await cli([front, '--doc', 'spaceship'])).code).toBe(2);
    const none = await cli([]);
    expect(none.code).toBe(2);
    expect(none.stderr).toMatch(/usage: licenselens scan/);
  });
});
