// node --import tsx scripts/synth/cli.ts --out dir [--count N] [--seed S] [--perturbed | --mixed] [--strength 1]
//   [--doc vehicle_license|id_card|driver_license] [--side front|back|both] [--defects glare,small,… | --defects mix]
//   [--layout side_by_side|stacked] [--slashed-zero] [--width 1280]
// Writes <id>.png|jpg and <id>.json (ground truth in the shape of ../shared/fixtures/real: `fields`, or
// `pages` for both pages in one picture; `defects` lists every photo defect applied with its strength).
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { DEFECTS, generateCard, SYNTH_KINDS, SYNTH_TWO_PAGE_KINDS, type SynthRequest } from './index';

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
    defects: { type: 'string' },
    layout: { type: 'string' },
    'slashed-zero': { type: 'boolean', default: false },
  },
});

const Args = z.object({
  out: z.string().min(1),
  count: z.coerce.number().int().positive(),
  seed: z.coerce.number().int(),
  width: z.coerce.number().int().min(64),
  strength: z.coerce.number().min(0).max(1),
  defects: z
    .union([z.literal('mix'), z.string().transform((s) => s.split(',').map((d) => d.trim())).pipe(z.array(z.enum(DEFECTS)))])
    .optional(),
  layout: z.enum(['side_by_side', 'stacked']).optional(),
});
const parsed = Args.safeParse(values);
if (!parsed.success) {
  console.error(`usage: cli.ts --out DIR [--count N] [--seed S] [--perturbed|--mixed] [--doc D] [--side front|back|both] [--defects ${DEFECTS.join(',')}|mix] [--layout side_by_side|stacked] [--slashed-zero]`);
  console.error(z.prettifyError(parsed.error));
  process.exit(2);
}
const args = parsed.data;
const kinds = [...SYNTH_KINDS, ...SYNTH_TWO_PAGE_KINDS].filter(
  (k) => (!values.doc || k.docType === values.doc) && (values.side ? k.side === values.side : k.side !== 'both'),
);
if (kinds.length === 0) {
  console.error(`no synthetic kind matches --doc ${values.doc ?? ''} --side ${values.side ?? ''}`);
  process.exit(2);
}
await mkdir(args.out, { recursive: true });
for (let i = 0; i < args.count; i++) {
  const kind = kinds[i % kinds.length]!;
  const perturbed = values.mixed ? i % 2 === 1 : values.perturbed;
  const req: SynthRequest = {
    ...kind,
    seed: args.seed + i,
    perturbed,
    width: args.width,
    strength: args.strength,
    slashedZero: values['slashed-zero'],
    ...(args.defects && (perturbed || !values.mixed) ? { defects: args.defects } : {}),
    ...(args.layout ? { layout: args.layout } : {}),
  };
  const card = await generateCard(req);
  const file = `${card.id}.${card.mime === 'image/png' ? 'png' : 'jpg'}`;
  await writeFile(join(args.out, file), card.image);
  const { image: _image, ...meta } = card;
  await writeFile(join(args.out, `${card.id}.json`), JSON.stringify({ file, kind: 'synthetic', ...meta }, null, 2) + '\n');
  console.log(`${file}  ${card.perturbations.join(' ')}`);
}
