// How the generator prints what real licences print: the slashed zero (Ø) of the licence printers,
// and a Code 128 barcode on the back that a barcode reader decodes to the printed 证芯编号.
import { describe, expect, it } from 'vitest';
import sharp from 'sharp';
import { decodeBarcode } from '../../server/ocr/barcode';
import { Sheet, pickFonts } from '../../scripts/synth/draw';
import { value } from '../../scripts/synth/print';
import { Rng } from '../../scripts/synth/prng';
import { generateCard } from '../../scripts/synth/index';

/** Darkness (0 white … 255 black) at the centre of a single glyph's box. */
function centreInk(slashedZero: boolean, text: string): number {
  const s = new Sheet(20, 10, 400); // 20 px per mm
  s.ctx.fillStyle = '#ffffff';
  s.ctx.fillRect(0, 0, s.canvas.width, s.canvas.height);
  const f = pickFonts(new Rng(1));
  const box = value(s, f, text, 2, 8, 6, 16, { slashedZero });
  const cx = Math.round((box.x + box.w / 2) * s.k);
  // the body of a digit: from the baseline up to about 0.7 of the size; its centre is the 0's hole
  const cy = Math.round((8 - 6 * 0.36) * s.k);
  let ink = 0;
  for (let dy = -2; dy <= 2; dy++)
    for (let dx = -2; dx <= 2; dx++) {
      const [r, g, b] = s.ctx.getImageData(cx + dx, cy + dy, 1, 1).data;
      ink = Math.max(ink, 255 - (r! + g! + b!) / 3);
    }
  return ink;
}

describe('slashed zero', () => {
  it('draws a slash through the hole of a 0 when asked, and leaves it open otherwise', () => {
    expect(centreInk(false, '0')).toBeLessThan(60);
    expect(centreInk(true, '0')).toBeGreaterThan(150);
  });

  it('leaves other characters alone', () => {
    const plain = new Sheet(20, 10, 400);
    const slashed = new Sheet(20, 10, 400);
    const f = pickFonts(new Rng(1));
    value(plain, f, '粤B1234', 2, 8, 6, 16, {});
    value(slashed, f, '粤B1234', 2, 8, 6, 16, { slashedZero: true });
    const a = plain.ctx.getImageData(0, 0, plain.canvas.width, plain.canvas.height).data;
    const b = slashed.ctx.getImageData(0, 0, slashed.canvas.width, slashed.canvas.height).data;
    expect(Buffer.compare(Buffer.from(a), Buffer.from(b))).toBe(0);
  });

  it('prints a vehicle licence with Ø when asked, with the same truth and a note', async () => {
    const plain = await generateCard({ docType: 'vehicle_license', side: 'front', seed: 31 });
    const slashed = await generateCard({ docType: 'vehicle_license', side: 'front', seed: 31, slashedZero: true });
    expect(slashed.fields).toEqual(plain.fields);
    expect(Object.values(plain.fields).join('')).toContain('0'); // dates always hold a zero somewhere
    expect(Buffer.compare(slashed.image, plain.image)).not.toBe(0);
    expect(slashed.notes).toContain('zeros printed slashed (Ø)');
  });
});

/** The card's barcode as the server reads it: the PNG as RGB pixels, handed to server/ocr/barcode.ts. */
async function decodeCardBarcode(image: Buffer): Promise<string | null> {
  const { data, info } = await sharp(image).toColourspace('srgb').removeAlpha().raw().toBuffer({ resolveWithObject: true });
  return decodeBarcode({ data: new Uint8Array(data), width: info.width, height: info.height });
}

describe('vehicle licence back', () => {
  it.each([41, 42, 43])('seed %i: the barcode decodes (zxing) to the number printed under it', async (seed) => {
    const card = await generateCard({ docType: 'vehicle_license', side: 'back', seed });
    expect(card.fields.barcode).toMatch(/^\d{13}$/);
    expect(await decodeCardBarcode(card.image)).toBe(card.fields.barcode);
  });

  it('prints empty masses as a dash pair whose truth is --, in every style the real backs use', async () => {
    const styles = new Set<string>();
    for (let seed = 1; seed <= 12; seed++) {
      const card = await generateCard({ docType: 'vehicle_license', side: 'back', seed, width: 320 });
      if (!Object.values(card.fields).includes('--')) continue;
      expect(card.fields.approvedLoad === '--' || card.fields.tractionMass === '--').toBe(true);
      styles.add(card.notes.find((n) => n.startsWith('empty masses printed as'))?.slice(-2) ?? '--');
    }
    expect([...styles].sort()).toEqual(['--', '一一', '——'].sort());
  });

  it('ends some inspection stamps with the station, as in 检验有效期至2015年06月粤B(16)', async () => {
    const records: string[] = [];
    for (let seed = 1; seed <= 10; seed++) records.push((await generateCard({ docType: 'vehicle_license', side: 'back', seed, width: 320 })).fields.inspectionRecord!);
    for (const r of records) expect(r).toMatch(/^检验有效期至\d{4}年\d{2}月[\u4e00-\u9fff][A-Z](\((\d{2}|[\u4e00-\u9fff]+)\))?$/);
    expect(records.some((r) => r.endsWith(')'))).toBe(true);
    expect(records.some((r) => !r.endsWith(')'))).toBe(true);
  });
});
