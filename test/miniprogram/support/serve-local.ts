// Child process for the mini program's end-to-end test: the real local server (local/server, dev mode,
// PGlite in a temporary DATA_DIR) with a deterministic pipeline — the fixture's printed values run
// through core's buildResult, so the warnings are the real validators'. Prints { url } when listening.
import { buildResult } from '../../../core/result/build';
import { startServer } from '../../../local/server/index';
import { loadConfig } from '../../../server/config';
import type { PipelineLike, RecognizeOutcome } from '../../../server/records/context';
import { realTruth } from '../../support/fixtures';

const dataDir = process.argv[2];
if (!dataDir) throw new Error('usage: serve-local.ts <dataDir>');
const truth = { fields: realTruth('vehicle-licence-front-01').fields ?? {} };

const pipeline: PipelineLike = {
  async recognize(_bytes, req): Promise<RecognizeOutcome> {
    const values = Object.fromEntries(Object.entries(truth.fields).map(([k, v]) => [k, { value: v, confidence: k === 'engineNo' ? 0.5 : 0.97 }]));
    const result = buildResult({ docType: req.docType, side: req.side === 'back' ? 'back' : 'front', provider: 'local', values });
    return { ok: true, result, raw: { engine: 'fixture' }, provider: 'local', attempts: [{ provider: 'local', ok: true, durationMs: 5 }], timings: { intakeMs: 0, providerMs: 5, totalMs: 5 } };
  },
};

const server = await startServer({
  config: loadConfig({ DATA_DIR: dataDir, ADMIN_OPENIDS: 'mp-admin', SESSION_SECRET: 'mp-e2e-secret' }),
  dev: true,
  port: 0,
  host: '127.0.0.1',
  pipeline,
  log: () => undefined,
});
process.stdout.write(`${JSON.stringify({ url: server.url })}\n`);
process.on('SIGTERM', () => {
  void server.close().then(() => process.exit(0));
});
