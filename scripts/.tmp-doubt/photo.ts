async function main() {
  const { generateCard, SYNTH_KINDS, SYNTH_TWO_PAGE_KINDS } = await import('../synth/index');
  const { measurePhoto } = await import('../../server/quality/index');
  const { DEFECT_WARNING } = await import('../bench/doubt');
  const { NEEDS_BOXES } = await import('../synth/defects');
  const seed = 1000;
  const cards: { defects: string[]; f: any }[] = [];
  for (let i = 0; i < 16; i++) {
    const k = SYNTH_KINDS[i % SYNTH_KINDS.length]!;
    const c = await generateCard({ ...k, seed: seed + 200_000 + i, defects: 'mix', slashedZero: k.docType === 'vehicle_license' });
    cards.push({ defects: c.defects.map((d) => d.defect), f: await measurePhoto(c.image) });
  }
  for (let i = 0; i < 8; i++) {
    const k = SYNTH_TWO_PAGE_KINDS[0]!;
    const c = await generateCard({ ...k, seed: seed + 300_000 + i, slashedZero: true, ...(i % 2 ? { defects: 'mix' as const } : {}) });
    cards.push({ defects: c.defects.map((d) => d.defect), f: await measurePhoto(c.image) });
  }
  const measured = Object.keys(DEFECT_WARNING) as any[];
  for (const [d, defect] of measured.entries()) for (let i = 0; i < 5; i++) {
    const k = NEEDS_BOXES.has(defect) ? SYNTH_KINDS[i % 2]! : SYNTH_KINDS[i % SYNTH_KINDS.length]!;
    const c = await generateCard({ ...k, seed: seed + 400_000 + 1000 * d + i, defects: [defect] });
    cards.push({ defects: c.defects.map((x) => x.defect), f: await measurePhoto(c.image) });
  }
  for (let i = 0; i < 16; i++) {
    const k = SYNTH_KINDS[i % SYNTH_KINDS.length]!;
    const c = await generateCard({ ...k, seed: seed + 100_000 + i, perturbed: true });
    cards.push({ defects: c.defects.map((d) => d.defect), f: await measurePhoto(c.image) });
  }
  const show = (name: string, def: string[], key: string) => {
    const pos = cards.filter((c) => def.some((d) => c.defects.includes(d))).map((c) => c.f[key]).sort((a, b) => a - b);
    const neg = cards.filter((c) => !def.some((d) => c.defects.includes(d))).map((c) => c.f[key]).sort((a, b) => a - b);
    console.log(name, 'with:', pos.map((x: number) => x.toFixed(3)).join(' '));
    console.log(name, 'without:', neg.map((x: number) => x.toFixed(3)).join(' '));
  };
  show('sharpness', ['blur'], 'sharpness');
  show('glare', ['glare', 'flash'], 'glare');
  show('edgeText', ['cut_off'], 'edgeText');
  show('grid', ['screen_moire'], 'grid');
  console.log(JSON.stringify(cards.filter((c) => c.defects.includes('blur')).map((c) => [c.defects.join('+'), c.f.sharpness.toFixed(2), c.f.width])));
  console.log(JSON.stringify(cards.filter((c) => c.defects.some((d) => d === 'glare' || d === 'flash')).map((c) => [c.defects.join('+'), c.f.glare.toFixed(4)])));
}
main();
