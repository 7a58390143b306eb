// node --import tsx scripts/synth/cli.ts --out dir [--count N] [--seed S] [--perturbed | --mixed] [--strength 1]
//   [--doc vehicle_license|id_card|driver_license] [--side front|back]
// Writes <id>.png|jpg and <id>.json (ground truth in the shape of ../shared/fixtures/real).
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { generateCard, SYNTH_KINDS, type SynthRequest } from './index';

const { values } = parseArgs({
  options: {
    out: { type: 'string' },
    count: { type: 'string', default: '12' },
    seed: { type: 'string', default: '1' },
    perturbed: { type: 'boolean', default: false },
    mixed: { type: 'boolean', default: false },
    doc: { type: 'string' },
    side: { type: 'string' },
    width: { type: 'string', default: '1280' },
    strength: { type: 'string', default: '1' },
  },
});
if (!values.out) {
  console.error('usage: cli.ts --out DIR [--count N] [--seed S] [--perturbed|--mixed] [--doc D] [--side S]');
  process.exit(2);
}
const kinds = SYNTH_KINDS.filter((k) => (!values.doc || k.docType === values.doc) && (!values.side || k.side === values.side));
if (kinds.length === 0) {
  console.error(`no synthetic kind matches --doc ${values.doc ?? ''} --side ${values.side ?? ''}`);
  process.exit(2);
}
await mkdir(values.out, { recursive: true });
const count = Number(values.count);
const seed = Number(values.seed);
for (let i = 0; i < count; i++) {
  const kind = kinds[i % kinds.length]!;
  const perturbed = values.mixed ? i % 2 === 1 : values.perturbed;
  const req: SynthRequest = { ...kind, seed: seed + i, perturbed, width: Number(values.width), strength: Number(values.strength) };
  const card = await generateCard(req);
  const file = `${card.id}.${card.mime === 'image/png' ? 'png' : 'jpg'}`;
  await writeFile(join(values.out, file), card.image);
  const { image: _image, ...meta } = card;
  await writeFile(
    join(values.out, `${card.id}.json`),
    JSON.stringify({ file, kind: 'synthetic', ...meta, side: card.side }, null, 2) + '\n',
  );
  console.log(`${file}  ${card.perturbations.join(' ')}`);
}
