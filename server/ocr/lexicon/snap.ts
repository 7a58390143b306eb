// The one rule every lexicon snaps by: a reading may be replaced by a lexicon entry only where the
// recogniser itself was unsure. `alignForm` aligns one entry against the scored characters the engine
// read; substituting or dropping a character is allowed only when that character's score is below
// SNAP_MAX_SCORE, and a missing character may be supplied (counted, never more than the budget).
//
// Public API:
//   ScoredChar, Snapped            the input (one recognised character, optionally with the
//                                  recogniser's other candidates) and every snapper's answer
//   SNAP_MAX_SCORE                 the character score below which a character may be snapped
//   editBudget(len)                how many edits an entry of that length tolerates
//   alignForm(form, chars, start, opts)  best alignment of an entry against chars[start..]
//   snapWhole(chars, options, opts)      the whole reading against a closed list (enumerations)
//   textOf(chars)                  the plain text of scored characters
//
// Unambiguous means: exactly one entry (or chain of entries) needs the fewest edits; a replacement
// the recogniser itself proposed (ScoredChar.alts) costs less than one it never saw.

/** One recognised character with the recogniser's probability for it. */
export interface ScoredChar {
  ch: string;
  score: number;
  /** Other characters the recogniser considered at this position (its next candidates), when the
   *  caller kept them: a snap to one of them is preferred over a snap to a character it never saw. */
  alts?: readonly string[];
}

/** A character as the engine reads it (server/ocr/read's ReadChar) as the lexicons take it: its other
 *  candidates as plain characters. */
export function scoredChar(c: { ch: string; score: number; alts?: readonly { ch: string }[] | undefined }): ScoredChar {
  const alts = c.alts?.map((a) => a.ch).filter((a) => a !== c.ch);
  return alts?.length ? { ch: c.ch, score: c.score, alts } : { ch: c.ch, score: c.score };
}

/** A snapper's answer: the (possibly corrected) text, whether it differs from the reading, and the
 *  part of it that a lexicon entry accounts for ('' when nothing matched). */
export interface Snapped {
  value: string;
  changed: boolean;
  matched: string;
}

/**
 * A character the recogniser scored at or above this is taken as read and never replaced. Measured
 * on the tuning photos only (fields with CJK text: 191 characters read right, 7 wrong): right ones
 * median 0.996, 8 % below 0.9; misread place-name characters 0.37-0.74 (逆 for 遂, 息 for 阜, 微
 * for 徽), misread digits 0.57-0.62, case and bracket confusions 0.86-0.98. Keep it conservative: a
 * wrong snap is a silent error, a missed one only leaves the field doubtful.
 */
export const SNAP_MAX_SCORE = 0.9;

/** A replacement by a character the recogniser listed among its candidates costs less than one it
 *  never saw: it breaks a tie between two entries (送 → 遂 rather than 附) and nothing else. */
const SEEN_SUBSTITUTION_COST = 0.75;

/** Edits an entry of `len` characters tolerates: none for two characters, one per three after. */
export function editBudget(len: number): number {
  return Math.floor(len / 3);
}

export function textOf(chars: readonly ScoredChar[]): string {
  return chars.map((c) => c.ch).join('');
}

export interface AlignOptions {
  /** How many final characters of the entry must be read exactly (a division's type character
   *  县/镇/省…, an authority's 支队): the kind of a thing is never changed by a snap. */
  exactTail?: number;
  /** Edits allowed (default: editBudget of the entry's length). */
  budget?: number;
  /** Characters supplied that the engine did not read at all, at most (default: the budget). */
  maxInserted?: number;
  /** The alignment must use every character from `start` on. */
  whole?: boolean;
}

export interface Alignment {
  form: string;
  /** Edits used (substitutions + dropped characters + supplied characters; a substitution by one of
   *  the recogniser's own candidates counts SEEN_SUBSTITUTION_COST). */
  cost: number;
  /** Characters supplied. */
  inserted: number;
  /** Read characters the entry accounts for, from `start`. */
  consumed: number;
}

function isUnsure(c: ScoredChar | undefined): boolean {
  return (c?.score ?? 1) < SNAP_MAX_SCORE;
}

/**
 * The best alignment of `form` against `chars[start..]` within the budget, or null. A read character
 * may be replaced or dropped only when it is unsure (score < SNAP_MAX_SCORE); the last `exactTail`
 * characters of the form must be read exactly; the first read character is never dropped (a name
 * starts where the reading starts). Among equal costs the alignment closest to the form's length wins.
 * Written without closures or per-cell objects: lexicons call it for thousands of entries per reading.
 */
export function alignForm(form: string, chars: readonly ScoredChar[], start: number, opts: AlignOptions = {}): Alignment | null {
  const head = chars[start];
  if (!head) return null;
  const budget = opts.budget ?? editBudget(form.length);
  const maxInserted = Math.min(opts.maxInserted ?? budget, budget);
  // cheap exit: the first read character must be the entry's first character after at most
  // `maxInserted` supplied ones, or be unsure
  if (!isUnsure(head) && form.slice(0, maxInserted + 1).indexOf(head.ch) < 0) return null;
  const f = [...form];
  const m = f.length;
  const exactTail = Math.min(opts.exactTail ?? 0, m);
  const avail = chars.length - start;
  const n = opts.whole ? avail : Math.min(avail, m + budget);
  if (opts.whole && Math.abs(n - m) > budget) return null;
  // every edit costs at least SEEN_SUBSTITUTION_COST, so at least m - budget / SEEN_SUBSTITUTION_COST
  // of the entry's characters must occur in the window as read
  let present = 0;
  for (const ch of f) {
    for (let j = 0; j < n; j++) {
      if (chars[start + j]!.ch === ch) {
        present++;
        break;
      }
    }
  }
  if (m - present > budget / SEEN_SUBSTITUTION_COST) return null;
  // cost[i][j] and inserted[i][j]: form[0..i) aligned with read[start..start+j), flattened
  const w = n + 1;
  const cost = new Float64Array((m + 1) * w).fill(Infinity);
  const ins = new Uint8Array((m + 1) * w);
  cost[0] = 0;
  for (let i = 0; i <= m; i++) {
    const tail = i >= m - exactTail; // form[i] is in the exact tail
    const dropOk = i > 0 && i <= m - Math.max(1, exactTail); // never drop inside the exact tail
    for (let j = 0; j <= n; j++) {
      const c = cost[i * w + j]!;
      if (c === Infinity) continue;
      const k = ins[i * w + j]!;
      const read = chars[start + j];
      for (let move = 0; move < 3; move++) {
        let ni = i, nj = j, nc = c, nk = k;
        if (move === 0) {
          // take form[i] for read[j]: free when equal, an edit when the read character is unsure
          if (i >= m || j >= n || !read) continue;
          if (read.ch !== f[i]) {
            if (tail || !isUnsure(read)) continue;
            nc += read.alts?.includes(f[i]!) ? SEEN_SUBSTITUTION_COST : 1;
          }
          ni++, nj++;
        } else if (move === 1) {
          // supply a character the engine lost
          if (i >= m || tail) continue;
          ni++, nc++, nk++;
        } else {
          // drop an unsure extra character inside the name
          if (!dropOk || j >= n || !isUnsure(read)) continue;
          nj++, nc++;
        }
        if (nc > budget || nk > maxInserted) continue;
        const at = ni * w + nj;
        if (nc < cost[at]! || (nc === cost[at] && nk < ins[at]!)) {
          cost[at] = nc;
          ins[at] = nk;
        }
      }
    }
  }
  let best: Alignment | null = null;
  for (let j = opts.whole ? n : 1; j <= n; j++) {
    const c = cost[m * w + j]!;
    if (c === Infinity) continue;
    if (!best || c < best.cost || (c === best.cost && Math.abs(j - m) < Math.abs(best.consumed - m))) {
      best = { form, cost: c, inserted: ins[m * w + j]!, consumed: j };
    }
  }
  return best;
}

/**
 * The whole reading against a closed list: unchanged when it is an entry; else the entry that needs
 * the fewest edits when no other needs as few (several: ambiguous, unchanged); none within its budget:
 * unchanged.
 */
export function snapWhole(chars: readonly ScoredChar[], options: readonly string[], opts: Omit<AlignOptions, 'whole'> = {}): Snapped {
  const text = textOf(chars);
  if (options.includes(text)) return { value: text, changed: false, matched: text };
  const hits = new Map<string, number>();
  for (const o of options) {
    const a = alignForm(o, chars, 0, { ...opts, whole: true });
    if (a) hits.set(o, a.cost);
  }
  const least = Math.min(...hits.values());
  const best = [...hits].filter(([, c]) => c === least);
  const only = best.length === 1 ? best[0]![0] : null;
  return only !== null ? { value: only, changed: true, matched: only } : { value: text, changed: false, matched: '' };
}
