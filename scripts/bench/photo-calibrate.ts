// npm run bench:photo [-- --per 6 --seed 5000]
// Prints core's pixel figures (core/quality/pixels.ts) for synthetic photos with exactly one labelled
// defect and with none, so the thresholds can be set where the two separate. No OCR is run. Synthetic
// photos only: the real photos are never used to set a threshold here.
import { parseArgs } from 'node:util';
import { generateCard, type Defect } from '../synth/index';
import { measurePhoto } from '../../server/quality/index';
import { judgePixels, type PixelFigures } from '../../core/quality/pixels';

const { values: args } = parseArgs({ options: { per: { type: 'string', default: '6' }, seed: { type: 'string', default: '5000' } } });
const KINDS = [
  { docType: 'vehicle_license', side: 'front' },
  { docType: 'vehicle_license', side: 'back' },
  { docType: 'id_card', side: 'front' },
  { docType: 'driver_license', side: 'front' },
] as const;
const GROUPS: readonly (Defect | 'none')[] = ['none', 'glare', 'flash', 'photocopy', 'sleeve', 'hologram', 'screen_moire', 'blur'];
const KEYS: readonly (keyof PixelFigures)[] = ['mean', 'glare', 'sharpness', 'colour', 'grid', 'edgeText'];

const per = Number(args.per);
for (const g of GROUPS) {
  const rows: PixelFigures[] = [];
  const found = new Map<string, number>();
  for (let i = 0; i < per; i++) {
    const k = KINDS[i % KINDS.length]!;
    if ((g === 'cut_off' || g === 'covered') && k.docType !== 'vehicle_license') continue;
    const card = await generateCard({ ...k, seed: Number(args.seed) + i, defects: g === 'none' ? [] : [g] });
    const f = await measurePhoto(card.image);
    rows.push(f);
    for (const w of judgePixels(f)) found.set(w, (found.get(w) ?? 0) + 1);
  }
  const fmt = (key: keyof PixelFigures) => {
    const xs = rows.map((r) => r[key] as number).sort((a, b) => a - b);
    return `${key} ${xs.map((x) => (x < 1 ? x.toFixed(3) : x.toFixed(0))).join(' ')}`;
  };
  console.log(`\n${g} (n=${rows.length}) findings: ${[...found].map(([w, n]) => `${w}×${n}`).join(' ') || '-'}`);
  for (const key of KEYS) console.log('  ' + fmt(key));
}
