// `licenselens normalize --provider wechat|juhe|kuaitong [--card-type N] [--doc …] [--side …] <payload.json | ->`
// Turns a provider's raw response into the result contract (support cases, tests). stdout carries
// the RecognitionResult JSON and nothing else; errors go to stderr with a non-zero exit.
import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { isProviderError } from '../../core/contracts/errors';
import { SideSchema, type Side } from '../../core/contracts/result';
import { DOCUMENTS, getDocument } from '../../core/documents/registry';
import { normalizePayload, PAYLOAD_PROVIDERS, type PayloadProvider } from '../../core/providers/index';
import type { CliIo } from './index';

const USAGE = `usage: licenselens normalize --provider wechat|juhe|kuaitong [--card-type N] [--doc <docType>]
                            [--side front|back] [--now <ISO date>] <payload.json | ->

Prints the recognition result (JSON) for a provider's raw response; "-" reads the payload from stdin.
  --provider   which provider produced the payload (required)
  --card-type  Juhe certificates cardType (e.g. 2 ID card front, 6 vehicle licence, 2008 business licence)
  --doc        document type (${DOCUMENTS.length} known, e.g. vehicle_license, e_driver_license, plate)
  --side       front or back, for two-sided documents
  --now        the date the checks treat as today (default: now)
`;

/** Exit codes: 0 result printed, 1 the payload is a provider error or cannot be read, 2 bad usage. */
export async function run(args: string[], io: CliIo): Promise<number> {
  let parsed: ReturnType<typeof parse>;
  try {
    parsed = parse(args);
  } catch (e) {
    io.stderr(`licenselens normalize: ${e instanceof Error ? e.message : String(e)}\n\n${USAGE}`);
    return 2;
  }
  const { values, positionals } = parsed;
  if (values.help) {
    io.stdout(USAGE);
    return 0;
  }

  const provider = values.provider;
  if (!provider || !(PAYLOAD_PROVIDERS as readonly string[]).includes(provider)) {
    return usageError(io, provider ? `unknown provider "${provider}"` : '--provider is required');
  }
  if (positionals.length !== 1) return usageError(io, 'give exactly one payload file, or - for stdin');
  let cardType: number | undefined;
  if (values['card-type'] !== undefined) {
    cardType = Number(values['card-type']);
    if (!Number.isInteger(cardType)) return usageError(io, `--card-type must be an integer, got "${values['card-type']}"`);
  }
  if (values.doc !== undefined && !getDocument(values.doc)) {
    return usageError(io, `unknown document type "${values.doc}" (known: ${DOCUMENTS.map((d) => d.id).join(', ')})`);
  }
  let side: Side | undefined;
  if (values.side !== undefined && values.side !== 'auto') {
    const s = SideSchema.safeParse(values.side);
    if (!s.success) return usageError(io, `--side must be front, back or auto, got "${values.side}"`);
    side = s.data;
  }
  let now: Date | undefined;
  if (values.now !== undefined) {
    now = new Date(values.now);
    if (Number.isNaN(now.getTime())) return usageError(io, `--now is not a date: "${values.now}"`);
  }

  const source = positionals[0] ?? '-';
  let text: string;
  try {
    text = source === '-' ? await io.stdin() : await readFile(source, 'utf8');
  } catch (e) {
    io.stderr(`licenselens normalize: cannot read ${source}: ${e instanceof Error ? e.message : String(e)}\n`);
    return 1;
  }
  let payload: unknown;
  try {
    payload = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (e) {
    io.stderr(`licenselens normalize: ${source === '-' ? 'stdin' : source} is not valid JSON: ${e instanceof Error ? e.message : String(e)}\n`);
    return 1;
  }

  try {
    const result = normalizePayload(provider as PayloadProvider, payload, {
      ...(values.doc !== undefined ? { docType: values.doc } : {}),
      ...(side !== undefined ? { side } : {}),
      ...(cardType !== undefined ? { cardType } : {}),
      ...(now !== undefined ? { now } : {}),
    });
    io.stdout(`${JSON.stringify(result, null, 2)}\n`);
    return 0;
  } catch (e) {
    if (isProviderError(e)) {
      io.stderr(
        `licenselens normalize: provider error ${e.code}${e.providerCode ? ` (${e.provider} ${e.providerCode})` : ''}` +
          `${e.retryable ? ', retryable' : ''}: ${e.message}\n`,
      );
      return 1;
    }
    throw e;
  }
}

function parse(args: string[]) {
  return parseArgs({
    args,
    allowPositionals: true,
    strict: true,
    options: {
      provider: { type: 'string', short: 'p' },
      'card-type': { type: 'string' },
      doc: { type: 'string' },
      side: { type: 'string' },
      now: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
}

function usageError(io: CliIo, message: string): number {
  io.stderr(`licenselens normalize: ${message}\n\n${USAGE}`);
  return 2;
}
