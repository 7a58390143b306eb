// Label-anchored layout analysis shared by every document extractor (vehicle licence, ID card,
// driving licence, …): OCR pieces → skew-corrected tokens → rows → label hits → raw field values.
// Nothing here knows pixel positions of a particular card: labels are found by (fuzzy) text, values
// are what follows a label on its row, and rows are built from the boxes' own geometry.
import type { CharAlt, OcrLine, Point, Quad } from './engine';
import { toDigits } from './read/confusions';

// ---- tokens and rows ---------------------------------------------------------------------------------

export interface Char {
  ch: string;
  score: number;
  /** Centre x in the de-skewed frame. */
  x: number;
  /** Share of red (seal) ink under the character. */
  red: number;
  /** What else the recogniser saw here (the chosen character first), for grammar-constrained readers. */
  alts?: readonly CharAlt[];
  /** The engine's piece and character slot it was read from: where a value made of it stands
   *  (locate.ts, quadOfChars). */
  src?: CharSource;
}

export interface CharSource {
  line: OcrLine;
  /** Index into line.chars. */
  k: number;
}

export interface Token {
  text: string;
  score: number;
  /** Axis-aligned bounds in the de-skewed frame. */
  x0: number;
  x1: number;
  y0: number;
  y1: number;
  /** The token's own baseline slope in the de-skewed frame (perspective leaves some per token). */
  slope: number;
  /** Text height: the box side across the text (not the axis-aligned extent). */
  height: number;
  chars: Char[];
  red: number;
  /** The engine's piece this token came from. */
  source: OcrLine;
}

export interface Row {
  tokens: Token[];
  y0: number;
  y1: number;
  /** Characters of all tokens left to right (spaces dropped). */
  chars: (Char & { token: number })[];
  text: string;
}

/** Skew of the text in radians: length-weighted median angle of wide boxes (0 when none). */
export function estimateSkew(lines: readonly { box: Quad }[]): number {
  const samples: { a: number; w: number }[] = [];
  for (const l of lines) {
    const [tl, tr, , bl] = l.box;
    const w = Math.hypot(tr[0] - tl[0], tr[1] - tl[1]);
    const hh = Math.hypot(bl[0] - tl[0], bl[1] - tl[1]);
    if (w < 2.5 * hh) continue;
    samples.push({ a: Math.atan2(tr[1] - tl[1], tr[0] - tl[0]), w });
  }
  if (samples.length === 0) return 0;
  samples.sort((p, q) => p.a - q.a);
  const total = samples.reduce((s, p) => s + p.w, 0);
  let acc = 0;
  for (const p of samples) {
    acc += p.w;
    if (acc >= total / 2) return p.a;
  }
  return samples[samples.length - 1]!.a;
}

const rotate = ([x, y]: Point, c: number, s: number): Point => [x * c + y * s, -x * s + y * c];

/** Engine pieces → tokens in a frame rotated by -skew (so text runs horizontally). */
export function toTokens(lines: readonly OcrLine[], skew = estimateSkew(lines)): Token[] {
  const c = Math.cos(skew);
  const s = Math.sin(skew);
  return lines.map((l) => {
    const text = [...l.text].map((c) => c.normalize('NFKC')).join('');
    const q = l.box.map((p) => rotate(p, c, s)) as Quad;
    const xs = q.map((p) => p[0]);
    const ys = q.map((p) => p[1]);
    const [tl, tr, br, bl] = q;
    const chars: Char[] = [];
    const n = [...l.text].length;
    [...l.text].forEach((raw, i) => {
      const info = l.chars[i];
      const pos = info?.pos ?? (i + 0.5) / n;
      const x = ((1 - pos) * (tl[0] + bl[0])) / 2 + (pos * (tr[0] + br[0])) / 2;
      // full-width forms (９, Ａ, （) as their ASCII selves; an expansion keeps the same position
      const expanded = raw.normalize('NFKC');
      // alternatives only for a character that stays one character (full-width forms do)
      const alts = info?.alts && [...expanded].length === 1 ? info.alts.map((a) => ({ ch: a.ch.normalize('NFKC'), p: a.p })) : undefined;
      for (const ch of expanded) chars.push({ ch, score: info?.score ?? l.score, x, red: info?.red ?? l.red, ...(alts ? { alts } : {}), src: { line: l, k: i } });
    });
    return {
      text,
      score: l.score,
      x0: Math.min(...xs),
      x1: Math.max(...xs),
      y0: Math.min(...ys),
      y1: Math.max(...ys),
      slope: (tr[1] - tl[1]) / Math.max(1, tr[0] - tl[0]),
      height: Math.hypot(bl[0] - tl[0], bl[1] - tl[1]),
      chars,
      red: l.red,
      source: l,
    };
  });
}

/** Two boxes overlapping in x whose centre lines are closer than this share of a text height are one
 *  line split in two, not text stacked above other text (a label and its sub-label sit a line apart). */
const STACKED_DY = 0.25;

/** Group tokens into rows: two tokens share a row when each one's centre line, extended across to
 *  the other, passes within ~half a text height of the other's centre (union-find over pairs). */
export function groupRows(tokens: readonly Token[]): Row[] {
  const parent = tokens.map((_, i) => i);
  const find = (i: number): number => (parent[i] === i ? i : (parent[i] = find(parent[i]!)));
  const cy = (t: Token) => (t.y0 + t.y1) / 2;
  const cx = (t: Token) => (t.x0 + t.x1) / 2;
  for (let i = 0; i < tokens.length; i++) {
    for (let j = i + 1; j < tokens.length; j++) {
      const a = tokens[i]!;
      const b = tokens[j]!;
      // the slope of a tall box is unreliable; use the wider one's slope
      const slope = a.x1 - a.x0 > b.x1 - b.x0 ? a.slope : b.slope;
      const dy = Math.abs(cy(b) - (cy(a) + slope * (cx(b) - cx(a))));
      const overlapX = Math.min(a.x1, b.x1) - Math.max(a.x0, b.x0);
      // overlapping in x: stacked, not side by side — unless both sit on one centre line (the detector
      // split one word into overlapping boxes, "备" + "注" of a spaced label); the overlap is then
      // resolved character by character below
      const sameLine = dy < STACKED_DY * Math.min(a.height, b.height);
      if (overlapX > 0.3 * Math.min(a.x1 - a.x0, b.x1 - b.x0) && !sameLine) continue;
      // labels sit a little above their values (the English sub-label below them is centred with them)
      if (dy < 0.7 * Math.min(a.height, b.height)) parent[find(i)] = find(j);
    }
  }
  const groups = new Map<number, Token[]>();
  tokens.forEach((t, i) => {
    const r = find(i);
    groups.set(r, [...(groups.get(r) ?? []), t]);
  });
  const rows: Row[] = [];
  for (const ts of groups.values()) {
    // pieces in the order their text starts: a box that also spans the label before its value (the
    // detector merged them) must not put the value ahead of its label; characters stay in their piece
    const start = (t: Token) => t.chars.find((c) => c.ch.trim() !== '')?.x ?? t.x0;
    ts.sort((a, b) => start(a) - start(b));
    // Overlapping boxes read the characters in between twice (the left half of 特 as 牛 at the end
    // of one piece, the right half of 址 as 上 at the start of the next): where the last character
    // of a piece and the first of the next sit closer than a character apart, keep the surer one.
    const kept = ts.map((t) => t.chars.filter((c) => c.ch.trim() !== ''));
    for (let i = 0; i + 1 < ts.length; i++) {
      const a = ts[i]!;
      const b = ts[i + 1]!;
      if (b.x1 <= a.x1 || Math.min(a.height, b.height) < 0.6 * Math.max(a.height, b.height)) continue;
      const ka = kept[i]!;
      const kb = kept[i + 1]!;
      const near = 0.6 * Math.min(a.height, b.height);
      while (ka.length && kb.length && kb[0]!.x - ka[ka.length - 1]!.x < near) {
        if (ka[ka.length - 1]!.score < kb[0]!.score) ka.pop();
        else kb.shift();
      }
    }
    const chars: Row['chars'] = [];
    kept.forEach((cs, ti) => {
      for (const c of cs) chars.push({ ...c, token: ti });
    });

    rows.push({
      tokens: ts,
      y0: Math.min(...ts.map((t) => t.y0)),
      y1: Math.max(...ts.map((t) => t.y1)),
      chars,
      text: chars.map((c) => c.ch).join(''),
    });
  }
  rows.sort((a, b) => (a.y0 + a.y1) / 2 - (b.y0 + b.y1) / 2);
  return rows;
}

// ---- English sub-labels and noise --------------------------------------------------------------

/** Words of the English sub-labels printed under the Chinese labels of Chinese cards. */
export const ENGLISH_LABEL_WORDS = [
  'vehicle', 'license', 'licence', 'of', 'the', "people's", 'peoples', 'republic', 'china', 'plate', 'no',
  'type', 'owner', 'address', 'addr', 'use', 'character', 'model', 'vin', 'engine', 'register', 'registration',
  'date', 'issue', 'issuing', 'authority', 'file', 'approved', 'passengers', 'gross', 'mass', 'unladen',
  'curb', 'load', 'overall', 'dimension', 'dimensions', 'traction', 'remarks', 'inspection', 'record',
  'name', 'sex', 'nationality', 'birth', 'first', 'class', 'valid', 'period', 'for', 'driving', 'from', 'to',
  'number', 'code', 'fuel', 'energy', 'and', 'permitted', 'kg', 'mm',
];

function editDistance(a: string, b: string): number {
  const m = a.length;
  const n = b.length;
  let prev = Array.from({ length: n + 1 }, (_, j) => j);
  for (let i = 1; i <= m; i++) {
    const cur = [i];
    for (let j = 1; j <= n; j++) {
      cur[j] = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    prev = cur;
  }
  return prev[n]!;
}
export { editDistance };

function isEnglishWord(w: string, words: readonly string[]): boolean {
  const lw = w.toLowerCase().replace(/[^a-z']/g, '');
  if (lw.length === 0) return true; // punctuation only
  const sorted = [...lw].sort().join('');
  return words.some(
    (e) =>
      e === lw ||
      (lw.length >= 3 && e.startsWith(lw)) ||
      (lw.length >= 4 && editDistance(e, lw) <= Math.floor(lw.length / 4)) ||
      (lw.length >= 4 && [...e].sort().join('') === sorted), // swapped letters ("Mlode")
  );
}

/** True for a token that is only English sub-label words (e.g. "Plate No.", "Addres", "Engine No."). */
export function isEnglishSubLabel(text: string, words: readonly string[] = ENGLISH_LABEL_WORDS): boolean {
  const t = text.trim();
  if (!/[A-Za-z]{2}/.test(t) || /[\d\u4e00-\u9fff]/.test(t)) return false;
  return t.split(/[\s.,:;/·!|]+/).filter(Boolean).every((w) => isEnglishWord(w, words));
}

/** Drop English sub-labels and engine noise (isolated low-confidence short pieces). Sub-labels are
 *  recognised by their words, or — when misread ("Pae No", "RegstetDar") — as letters-only pieces
 *  printed clearly smaller than the Chinese text. */
export function cleanTokens(tokens: readonly Token[], words: readonly string[] = ENGLISH_LABEL_WORDS): Token[] {
  const cjkHeights = tokens.filter((t) => /[\u4e00-\u9fff]/.test(t.text)).map((t) => t.height).sort((a, b) => a - b);
  const cjkH = cjkHeights[Math.floor(cjkHeights.length / 2)] ?? 0;
  return tokens.filter((t) => {
    const text = t.text.trim();
    if (t.score < 0.5 && [...text].length <= 2) return false;
    if (cjkH > 0 && t.height < 0.45 * cjkH && [...text].length <= 2) return false; // specks
    if (isEnglishSubLabel(text, words)) return false;
    // a run of capitals with no space is a code (an engine number of letters), not a sub-label's words
    const code = /^[A-Z]{6,}$/.test(text);
    const lettersOnly = !code && /^[A-Za-z\s.,:;'’\-!|]+$/.test(text) && /[A-Za-z]{2}/.test(text);
    if (lettersOnly && cjkH > 0 && t.height < 0.85 * cjkH) return false;
    return true;
  });
}

// ---- labels ------------------------------------------------------------------------------------

export interface LabelSpec {
  key: string;
  /** Printed label and known variants (old/new card editions). The first is the canonical label. */
  aliases: readonly string[];
  /** Edit distance allowed for this label; default grows with length (0 for 1–2 chars, 1 for 3–4, 2 beyond). */
  maxDistance?: number;
  /** The value may continue on the following rows (addresses). */
  multiline?: boolean;
  /** Printed with wide letter spacing ("住　址"): a faint character may be missing, so one of its
   *  characters standing alone as the first piece of a row also counts. */
  spaced?: boolean;
}

export interface LabelHit {
  key: string;
  row: number;
  /** Char index range [start, end) in row.chars. */
  start: number;
  end: number;
  distance: number;
  alias: string;
}

function allowedDistance(spec: LabelSpec, alias: string): number {
  if (spec.maxDistance !== undefined) return spec.maxDistance;
  const n = [...alias].length;
  return n <= 2 ? 0 : n <= 4 ? 1 : 2;
}

/** Every fuzzy occurrence of every label in a row's text, best non-overlapping set. */
export function findLabelsInRow(row: Row, rowIndex: number, specs: readonly LabelSpec[]): LabelHit[] {
  const chars = row.chars.map((c) => c.ch);
  const n = chars.length;
  const cands: LabelHit[] = [];
  for (const spec of specs) {
    for (const alias of spec.aliases) {
      const a = [...alias];
      const d = allowedDistance(spec, alias);
      for (let start = 0; start < n; start++) {
        for (let len = Math.max(1, a.length - d); len <= a.length + d && start + len <= n; len++) {
          const sub = chars.slice(start, start + len);
          // a fuzzy match must begin and end with a real label character
          if (d > 0 && (!a.includes(sub[0]!) || !a.includes(sub[len - 1]!))) continue;
          const dist = editDistance(sub.join(''), alias);
          if (dist > d) continue;
          // at least half of the label's characters must be present
          if (a.length - dist < Math.ceil(a.length / 2)) continue;
          cands.push({ key: spec.key, row: rowIndex, start, end: start + len, distance: dist, alias });
        }
      }
    }
  }
  // long labels whose middle is lost (准牵引总质量 read as 准质量): first character and last two
  // characters exact, at least three characters in all
  for (const spec of specs) {
    for (const alias of spec.aliases) {
      const a = [...alias];
      if (a.length < 5) continue;
      for (let start = 0; start < n; start++) {
        if (chars[start] !== a[0]) continue;
        for (let len = 3; len < a.length - allowedDistance(spec, alias) && start + len <= n; len++) {
          const sub = chars.slice(start, start + len);
          if (sub[len - 2] !== a[a.length - 2] || sub[len - 1] !== a[a.length - 1]) continue;
          cands.push({ key: spec.key, row: rowIndex, start, end: start + len, distance: editDistance(sub.join(''), alias), alias });
        }
      }
    }
  }
  // spaced labels ("住　址"): the label's characters in order with one stray character between them
  // (a speck read as "5") still anchor it
  for (const spec of specs) {
    if (!spec.spaced) continue;
    for (const alias of spec.aliases) {
      const a = [...alias];
      for (let start = 0; start + a.length + 1 <= n; start++) {
        if (chars[start] !== a[0]) continue;
        const window = chars.slice(start, start + a.length + 1);
        for (let skip = 1; skip < window.length - 1; skip++) {
          const rest = window.filter((_, i) => i !== skip);
          if (rest.join('') === alias && !a.includes(window[skip]!)) {
            cands.push({ key: spec.key, row: rowIndex, start, end: start + a.length + 1, distance: 1, alias });
          }
        }
      }
    }
  }
  // spaced labels: a lone character of the label as the row's first piece
  for (const spec of specs) {
    if (!spec.spaced || row.tokens.length < 2) continue;
    const first = row.tokens[0]!.text.trim();
    for (const alias of spec.aliases) {
      if ([...first].length === 1 && alias.includes(first) && row.chars[0]?.ch === first) {
        cands.push({ key: spec.key, row: rowIndex, start: 0, end: 1, distance: [...alias].length - 1, alias });
      }
    }
  }
  // best first: most label characters matched ("准4总质量" is 准牵引总质量, not 总质量), then fewer
  // edits, then earlier
  const matched = (c: LabelHit) => [...c.alias].length - c.distance;
  cands.sort((p, q) => matched(q) - matched(p) || p.distance - q.distance || q.end - q.start - (p.end - p.start) || p.start - q.start);
  const taken: LabelHit[] = [];
  const usedKeys = new Set<string>();
  for (const c of cands) {
    if (usedKeys.has(c.key)) continue;
    if (taken.some((t) => c.start < t.end && t.start < c.end)) continue;
    taken.push(c);
    usedKeys.add(c.key);
  }
  return taken.sort((p, q) => p.start - q.start);
}

// ---- values ------------------------------------------------------------------------------------

export interface RawValue {
  key: string;
  /** Text right of the label up to the next label (and continuation rows), spaces removed. */
  text: string;
  chars: Char[];
  /** Mean character probability. */
  confidence: number;
  label: LabelHit;
}

export interface LayoutResult {
  skew: number;
  rows: Row[];
  hits: LabelHit[];
  /** Values by key (the first hit of a key wins; later duplicates go to `duplicates`). */
  values: Map<string, RawValue>;
  duplicates: RawValue[];
  /** Characters on rows before the first label, and rows with no label that continue nothing. */
  orphans: { row: number; chars: (Char & { token: Token })[]; text: string }[];
}

export interface AnalyzeOptions {
  englishWords?: readonly string[];
  /** Pieces already de-skewed / tokenized may be passed as tokens instead. */
  skew?: number;
}

/** The whole layout pass: tokens → rows → labels → values. */
export function analyzeLayout(lines: readonly OcrLine[], specs: readonly LabelSpec[], opts: AnalyzeOptions = {}): LayoutResult {
  const skew = opts.skew ?? estimateSkew(lines);
  const tokens = cleanTokens(toTokens(lines, skew), opts.englishWords);
  const rows = groupRows(tokens);
  const hits: LabelHit[] = [];
  rows.forEach((r, i) => hits.push(...findLabelsInRow(r, i, specs)));
  const values = new Map<string, RawValue>();
  const duplicates: RawValue[] = [];
  const orphans: LayoutResult['orphans'] = [];
  const specOf = new Map(specs.map((s) => [s.key, s]));

  const rowHits = (i: number) => hits.filter((x) => x.row === i);
  let lastMultiline: { value: RawValue; x0: number; row: number } | null = null;

  rows.forEach((row, i) => {
    const rh = rowHits(i);
    const charAt = (k: number) => {
      const c = row.chars[k]!;
      return { ch: c.ch, score: c.score, x: c.x, red: c.red, ...(c.alts ? { alts: c.alts } : {}), ...(c.src ? { src: c.src } : {}), token: row.tokens[c.token]! };
    };
    if (rh.length === 0) {
      // a row without labels continues the previous multi-line value if it starts in its column
      const all = row.chars.map((_, k) => charAt(k));
      if (lastMultiline && i - lastMultiline.row <= 2 && all.length && Math.abs(all[0]!.x - lastMultiline.x0) < 2 * (row.y1 - row.y0) && all.every((c) => c.red < 0.5)) {
        const v = lastMultiline.value;
        v.chars.push(...all.map(({ token: _t, ...c }) => c));
        v.text = v.chars.map((c) => c.ch).join('');
        v.confidence = mean(v.chars.map((c) => c.score));
        lastMultiline.row = i;
        return;
      }
      orphans.push({ row: i, chars: all, text: all.map((c) => c.ch).join('') });
      lastMultiline = null;
      return;
    }
    if (rh[0]!.start > 0) {
      const pre = Array.from({ length: rh[0]!.start }, (_, k) => charAt(k));
      orphans.push({ row: i, chars: pre, text: pre.map((c) => c.ch).join('') });
    }
    lastMultiline = null;
    rh.forEach((hit, k) => {
      const end = k + 1 < rh.length ? rh[k + 1]!.start : row.chars.length;
      const chars = Array.from({ length: end - hit.end }, (_, m) => {
        const { token: _t, ...c } = charAt(hit.end + m);
        return c;
      });
      const value: RawValue = {
        key: hit.key,
        text: chars.map((c) => c.ch).join(''),
        chars,
        confidence: mean(chars.map((c) => c.score)),
        label: hit,
      };
      if (values.has(hit.key)) duplicates.push(value);
      else values.set(hit.key, value);
      if (specOf.get(hit.key)?.multiline && k === rh.length - 1 && chars.length) {
        lastMultiline = { value, x0: chars[0]!.x, row: i };
      }
    });
  });
  // A label whose row holds no value may have it printed just above/below (boxed stamps such as the
  // inspection record, two-line layouts): take the nearest label-free row starting right of it.
  for (const v of values.values()) {
    if (v.text !== '') continue;
    const lr = rows[v.label.row]!;
    const lh = lr.y1 - lr.y0;
    const labelEnd = lr.chars[v.label.end - 1]?.x ?? 0;
    let best: { i: number; d: number } | null = null;
    orphans.forEach((o, i) => {
      const r = rows[o.row]!;
      const d = Math.abs((r.y0 + r.y1) / 2 - (lr.y0 + lr.y1) / 2);
      if (o.chars.length === 0 || o.chars[0]!.x <= labelEnd || d > 1.2 * lh) return;
      if (o.chars.length !== r.chars.length) return; // only whole label-free rows
      if (!best || d < best.d) best = { i, d };
    });
    if (best) {
      const o = orphans.splice((best as { i: number }).i, 1)[0]!;
      v.chars = o.chars.map(({ token: _t, ...c }) => c);
      v.text = o.text;
      v.confidence = mean(v.chars.map((c) => c.score));
    }
  }
  return { skew, rows, hits, values, duplicates, orphans };
}

/** The strip right of a label, up to the next label on its row (or the right end of all text), in
 *  image pixels: where a value sits that the detector may have missed or cut short. */
export function valueStrip(layout: LayoutResult, hit: LabelHit): Quad {
  const row = layout.rows[hit.row]!;
  const labelChars = row.chars.slice(hit.start, hit.end);
  const tok = row.tokens[labelChars[0]!.token]!;
  const pitch = labelChars.length > 1 ? (labelChars[labelChars.length - 1]!.x - labelChars[0]!.x) / (labelChars.length - 1) : tok.height;
  const x0 = labelChars[labelChars.length - 1]!.x + pitch / 2;
  const next = layout.hits.filter((x) => x.row === hit.row && x.start > hit.start).sort((a, b) => a.start - b.start)[0];
  const textRight = Math.max(...layout.rows.flatMap((r) => r.tokens.map((t) => t.x1)));
  const x1 = next ? row.chars[next.start]!.x - 0.6 * pitch : textRight + 0.5 * tok.height;
  const cy = (tok.y0 + tok.y1) / 2 + tok.slope * ((x0 + x1) / 2 - (tok.x0 + tok.x1) / 2);
  const hh = tok.height * 0.6;
  const c = Math.cos(layout.skew);
  const s = Math.sin(layout.skew);
  // back from the de-skewed frame to image pixels
  const un = ([x, y]: Point): Point => [x * c - y * s, x * s + y * c];
  return [un([x0, cy - hh]), un([x1, cy - hh]), un([x1, cy + hh]), un([x0, cy + hh])];
}

/** A value that is only a piece of its own label (the 注 of a 备　注 the detector split): the label
 *  was matched by its other characters, and what is left of it is no value. */
export function isLabelRemnant(value: string, spec: LabelSpec): boolean {
  const v = [...value];
  return v.length > 0 && spec.aliases.some((a) => v.length < [...a].length && v.every((ch) => a.includes(ch)));
}

/** Share of a side's labels present in a set of lines (cheap document/side classification). */
export function labelScore(lines: readonly OcrLine[], specs: readonly LabelSpec[]): number {
  if (specs.length === 0) return 0;
  const found = new Set<string>();
  lines.forEach((l, i) => {
    const chars = [...l.text].filter((ch) => ch.trim() !== '').map((ch) => ({ ch, score: 1, x: 0, red: 0, token: 0 }));
    const row: Row = { tokens: [], y0: 0, y1: 0, chars, text: chars.map((c) => c.ch).join('') };
    for (const hit of findLabelsInRow(row, i, specs)) found.add(hit.key);
  });
  return found.size / specs.length;
}

function mean(xs: readonly number[]): number {
  return xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : 0;
}

// ---- value helpers (format-aware) -----------------------------------------------------------------


/** Remove characters that are seal ink (red) glued onto a value ("2023-11-21专用章"). */
export function dropRedChars<T extends { red: number }>(chars: readonly T[]): T[] {
  return chars.filter((c) => c.red < 0.5);
}

/** Upper-case alphanumerics only (VIN, engine numbers, file numbers), keeping the printed characters. */
export function alnum(raw: string): string {
  return raw.replace(/[ØøΘθ]/g, '0').replace(/[^0-9A-Za-z]/g, '').toUpperCase();
}

/** Digits only, mapping letters the engine confuses with digits. */
export function digits(raw: string): string {
  return toDigits(raw).replace(/\D/g, '');
}

/** Trim stray punctuation the engine reads around values. */
export function trimValue(raw: string): string {
  return raw.replace(/^[\s:：,，.。;；、·'"`_\-—~|]+|[\s:：,，.。;；、·'"`_~|]+$/g, '');
}
