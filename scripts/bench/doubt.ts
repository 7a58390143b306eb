// The doubt and photo-warning figures of `npm run bench:ocr` (issue #14), kept apart from the accuracy
// figures: of the wrong fields how many were marked doubtful, of the right ones how many were marked
// anyway, the silent error rate (wrong and not marked) per document and overall, a sweep of the doubt
// threshold over the tuning and synthetic sets only (what DOUBT_BELOW was calibrated on), and precision
// and recall of each photo warning on the synthetic photos' labelled defects.
import type { FieldWarning, RecognitionPage } from '../../core/contracts/result';
import { DOUBT_BELOW, doubtScore, isDoubtful, photoWarnings, SOFT_PENALTY } from '../../core/result/doubt';
import { spoiledBy } from '../../core/result/spoiled';
import { PHOTO_WARNING_CODES, type PhotoWarningCode } from '../../core/quality/result';
import type { Defect } from '../synth/index';

/** What the benchmark keeps of a recognized field to judge doubt. */
export interface ReadField {
  value: string;
  doubtful: boolean;
  /** The field and the photo warnings of its page, to re-judge at other thresholds. */
  field: RecognitionPage['fields'][string];
  photo: FieldWarning[];
}

/** The fields of a page as the benchmark keeps them. */
export function readPage(page: Pick<RecognitionPage, 'fields' | 'warnings'>): Record<string, ReadField> {
  const photo = photoWarnings(page.warnings);
  const out: Record<string, ReadField> = {};
  for (const [k, f] of Object.entries(page.fields)) out[k] = { value: f.value, doubtful: f.doubtful ?? isDoubtful(f, photo), field: f, photo };
  return out;
}

/** Which warning each labelled synthetic defect should raise (defects without one are not measured). */
export const DEFECT_WARNING: Partial<Record<Defect, PhotoWarningCode>> = {
  blur: 'PHOTO_BLUR',
  glare: 'PHOTO_GLARE',
  flash: 'PHOTO_GLARE',
  cut_off: 'PHOTO_CUT_OFF',
  small: 'PHOTO_TOO_SMALL',
  covered: 'PHOTO_COVERED',
  photocopy: 'PHOTO_PHOTOCOPY',
  screen_moire: 'PHOTO_SCREEN',
};

interface FieldOutcome {
  set: string;
  doc: string;
  key: string;
  ok: boolean;
  /** undefined: the page was not found (counted wrong; marked only when the result says a page is missing). */
  read: ReadField | undefined;
  /** The page was not found and the result carries PAGE_MISSING: the user was told to photograph it. */
  pageMissingWarned: boolean;
}

/** The result-level warning that says a page of the photo was not read (server/ocr/page-missing.ts). */
export const PAGE_MISSING = 'PAGE_MISSING';

/** Warnings that only lower the score (the rest mark a field by themselves, facts aside). */
const SOFT_CODES: ReadonlySet<string> = new Set([...Object.keys(SOFT_PENALTY), 'PERIOD_EXPIRED']);

const pct = (a: number, b: number) => (b === 0 ? '    - ' : `${((100 * a) / b).toFixed(1).padStart(5)}%`);

export class DoubtTally {
  private readonly fields: FieldOutcome[] = [];
  private readonly photos: { set: string; expected: Set<PhotoWarningCode>; found: Set<string>; labelled: boolean }[] = [];

  /** `resultWarnings`: the whole result's warnings, read when the field's page was not found. */
  field(set: string, doc: string, key: string, ok: boolean, read: ReadField | undefined, resultWarnings: readonly FieldWarning[] = []): void {
    const pageMissingWarned = !read && resultWarnings.some((w) => w.code === PAGE_MISSING);
    this.fields.push({ set, doc, key, ok, read, pageMissingWarned });
  }

  /** One photo's warnings; `defects` are its labels (synthetic), or null for a real photo (no labels). */
  photo(set: string, warnings: readonly FieldWarning[], defects: readonly Defect[] | null): void {
    const expected = new Set<PhotoWarningCode>();
    for (const d of defects ?? []) {
      const code = DEFECT_WARNING[d];
      if (code) expected.add(code);
    }
    this.photos.push({ set, expected, found: new Set(warnings.map((w) => w.code)), labelled: defects !== null });
  }

  /** Every field outcome of the tuning and synthetic sets (never validation), with what the doubt rule
   *  reads, so a rule or a penalty can be re-judged without recognizing the photos again. */
  outcomes(): object[] {
    return this.fields
      .filter((o) => o.set !== 'validate')
      .map((o) => ({
        set: o.set, doc: o.doc, key: o.key, ok: o.ok, found: o.read !== undefined, doubtful: o.read?.doubtful ?? o.pageMissingWarned,
        value: o.read?.value, confidence: o.read?.field.confidence, warnings: o.read?.field.warnings.map((w) => w.code) ?? [],
        photo: o.read?.photo.map((w) => w.code) ?? [],
      }));
  }

  private static marked(o: FieldOutcome, below?: number): boolean {
    if (!o.read) return o.pageMissingWarned;
    return below === undefined ? o.read.doubtful : isDoubtful(o.read.field, o.read.photo, below);
  }

  private static figures(xs: readonly FieldOutcome[], below?: number) {
    const wrong = xs.filter((o) => !o.ok);
    const right = xs.filter((o) => o.ok);
    const wrongMarked = wrong.filter((o) => DoubtTally.marked(o, below)).length;
    const rightMarked = right.filter((o) => DoubtTally.marked(o, below)).length;
    return { n: xs.length, wrong: wrong.length, wrongMarked, right: right.length, rightMarked, silent: wrong.length - wrongMarked };
  }

  print(sets: readonly string[], label: (s: string) => string): object {
    const line = (name: string, xs: readonly FieldOutcome[]) => {
      const f = DoubtTally.figures(xs);
      console.log(
        `  ${name.padEnd(34)} wrong marked ${pct(f.wrongMarked, f.wrong)} (${f.wrongMarked}/${f.wrong})   right marked ${pct(f.rightMarked, f.right)} (${f.rightMarked}/${f.right})   silent ${pct(f.silent, f.n)} (${f.silent}/${f.n})`,
      );
      return f;
    };
    console.log(`\ndoubt (core/result/doubt.ts, threshold ${DOUBT_BELOW}; goals: wrong marked ≥ 95 %, right marked ≤ 10 %, silent ≤ 1 % of fields)`);
    const missing = this.fields.filter((o) => !o.read);
    const warned = missing.filter((o) => o.pageMissingWarned).length;
    console.log(
      `  fields of a page not found count as marked only when the result carries ${PAGE_MISSING} (the user is asked to photograph that page): ${warned} of ${missing.length} such fields`,
    );
    const bySet: Record<string, object> = {};
    for (const s of sets) {
      const xs = this.fields.filter((o) => o.set === s);
      if (xs.length) bySet[s] = line(label(s), xs);
    }
    const overall = line('overall', this.fields);
    // per document: synthetic and tuning photos only (validation is reported overall only)
    console.log('  per document and side (synthetic and real tuning):');
    const open = this.fields.filter((o) => o.set !== 'validate');
    const docs = [...new Set(open.map((o) => o.doc))].sort();
    const byDoc: Record<string, object> = {};
    for (const d of docs) byDoc[d] = line(`  ${d}`, open.filter((o) => o.doc === d));

    // the sweep: tuning and synthetic only (validation is measured, never tuned on)
    const tunable = this.fields.filter((o) => o.set !== 'validate');
    console.log('  threshold sweep on the tuning real photos and the synthetic cards (what the threshold is chosen on):');
    for (const below of [0.6, 0.7, 0.75, 0.8, 0.85, 0.88, 0.9, 0.92, 0.95]) {
      const f = DoubtTally.figures(tunable, below);
      console.log(
        `    below ${below.toFixed(2)}${below === DOUBT_BELOW ? '*' : ' '}  wrong marked ${pct(f.wrongMarked, f.wrong)}   right marked ${pct(f.rightMarked, f.right)}   silent ${pct(f.silent, f.n)}`,
      );
    }

    // why right fields are marked (tuning and synthetic only): the calibration's to-do list
    const why = new Map<string, number>();
    for (const o of tunable.filter((x) => x.ok && DoubtTally.marked(x) && x.read)) {
      const f = o.read!.field;
      const hard = f.warnings.filter((w) => !SOFT_CODES.has(w.code)).map((w) => w.code);
      // confidence in tenths, so the reasons group
      const c = f.confidence === undefined ? 'none' : `${(Math.floor(f.confidence * 10) / 10).toFixed(1)}x`;
      const spoiled = spoiledBy(f.box, o.read!.photo);
      const reason = hard.length ? `warning ${hard.join('+')}` : spoiled ? `under the photo's ${spoiled.code} region` : `score below ${DOUBT_BELOW} (confidence ${c}, photo ${o.read!.photo.map((w) => w.code).join('+') || 'none'})`;
      const k = `${o.doc}.${o.key}: ${reason}`;
      why.set(k, (why.get(k) ?? 0) + 1);
    }
    console.log('  right fields marked, by field and reason (synthetic and real tuning):');
    for (const [k, n] of [...why].sort((a, b) => b[1] - a[1]).slice(0, 30)) console.log(`    ${String(n).padStart(3)}  ${k}`);

    // photo warnings
    console.log('\nphoto warnings on synthetic photos with and without each labelled defect (precision / recall):');
    const synth = this.photos.filter((p) => p.labelled);
    const perCode: Record<string, object> = {};
    for (const code of PHOTO_WARNING_CODES) {
      const tp = synth.filter((p) => p.expected.has(code) && p.found.has(code)).length;
      const fp = synth.filter((p) => !p.expected.has(code) && p.found.has(code)).length;
      const fn = synth.filter((p) => p.expected.has(code) && !p.found.has(code)).length;
      const measured = Object.values(DEFECT_WARNING).includes(code);
      perCode[code] = { tp, fp, fn, measured };
      console.log(
        `  ${code.padEnd(18)} ${measured ? `precision ${pct(tp, tp + fp)} (${tp}/${tp + fp})   recall ${pct(tp, tp + fn)} (${tp}/${tp + fn})` : `raised on ${fp} of ${synth.length} (no defect label to measure it against)`}`,
      );
    }
    for (const s of sets.filter((x) => x === 'tune' || x === 'validate')) {
      const real = this.photos.filter((p) => p.set === s);
      if (!real.length) continue;
      const counts = new Map<string, number>();
      for (const p of real) for (const c of p.found) if (c.startsWith('PHOTO_')) counts.set(c, (counts.get(c) ?? 0) + 1);
      console.log(`  ${label(s)} (${real.length} photos, no labels): ${[...counts].map(([c, n]) => `${c}×${n}`).join(' ') || 'none raised'}`);
    }
    // every tunable field as judged, so a rule can be tried again offline (never the validation set)
    const fields = tunable.map((o) => ({ set: o.set, doc: o.doc, key: o.key, ok: o.ok, pageMissingWarned: o.pageMissingWarned, field: o.read?.field ?? null, photo: o.read?.photo ?? [] }));
    return { threshold: DOUBT_BELOW, bySet, overall, byDoc, photoWarnings: perCode, fields };
  }
}
