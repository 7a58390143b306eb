// Text clean-up shared by every canonical format. Providers return full-width characters, CJK radical
// look-alikes (WeChat's own sample prints 车 as the radical ⻋), stray separators and OCR noise around
// values; these are encoding artefacts, not content, so they are normalized before validation.

// CJK Radicals Supplement code points NFKC leaves alone, mapped to the unified ideograph they print as.
const RADICALS = new Map<string, string>(
  Object.entries({
    '⻋': '车', '⻓': '长', '⻔': '门', '⻅': '见', '⻢': '马', '⻄': '西', '⻉': '贝', '⻜': '飞', '⻘': '青',
    '⻝': '食', '⻰': '龙', '⻆': '角', '⻩': '黄', '⻛': '风', '⻚': '页', '⻦': '鸟', '⻮': '齿', '⻥': '鱼',
    '⻬': '齐', '⺠': '民', '⻈': '讠', '⻨': '麦', '⻤': '鬼', '⻣': '骨', '⻍': '辶', '⺟': '母', '⺮': '竹',
  }),
);
const RADICAL_RE = new RegExp(`[${[...RADICALS.keys()].join('')}]`, 'gu');

/** Unicode clean-up: NFKC (full-width → half-width, Kangxi radicals → ideographs), radical
 *  look-alikes, zero-width characters and non-breaking spaces. */
export function unify(raw: string): string {
  return raw
    .normalize('NFKC')
    .replace(RADICAL_RE, (c) => RADICALS.get(c) ?? c)
    .replace(/[\u200b-\u200d\u2060\ufeff]/g, '')
    .replace(/[\u00a0\u3000]/g, ' ');
}

const CJK = '\\u3400-\\u9fff\\uf900-\\ufaff';
const SPACE_BETWEEN_CJK = new RegExp(`([${CJK}])\\s+(?=[${CJK}])`, 'gu');
// Asterisks are not stray: providers mask personal data with them (彭*, 粤A4****) and a masked
// value must stay visibly masked.
const LEADING_STRAY = /^[\s:：,，.。、;；'"“”‘’`|_·•]+/u;
const TRAILING_STRAY = /[\s:：,，;；、'"“”‘’`|_·•]+$/u;

/** Trims whitespace and stray punctuation, joins wrapped lines, drops spaces OCR puts between CJK
 *  characters. Sentence-final punctuation (。) and balanced brackets are content and stay. */
export function cleanText(raw: string): string {
  let s = unify(raw)
    .replace(/\s*[\r\n]+\s*/g, (m, offset: number, all: string) => {
      const before = all[offset - 1] ?? '';
      const after = all[offset + m.length] ?? '';
      return /[A-Za-z0-9]/.test(before) && /[A-Za-z0-9]/.test(after) ? ' ' : '';
    })
    .replace(/[ \t]+/g, ' ')
    .replace(SPACE_BETWEEN_CJK, '$1');
  for (let i = 0; i < 3; i++) {
    const before = s;
    s = s.replace(LEADING_STRAY, '').replace(TRAILING_STRAY, '');
    s = stripUnbalanced(s);
    if (s === before) break;
  }
  return s;
}

const PAIRS: ReadonlyArray<readonly [string, string]> = [
  ['(', ')'],
  ['[', ']'],
  ['【', '】'],
  ['《', '》'],
  ['「', '」'],
];

/** A closing bracket at the end (or an opening one at the start) without its partner is noise. */
function stripUnbalanced(s: string): string {
  let out = s;
  for (const [open, close] of PAIRS) {
    const count = (c: string) => out.split(c).length - 1;
    if (out.endsWith(close) && count(close) > count(open)) out = out.slice(0, -1).trimEnd();
    if (out.startsWith(open) && count(open) > count(close)) out = out.slice(1).trimStart();
  }
  return out;
}

/** A printed placeholder: dashes (-, --, ——, －, –) or 一一 (two or more). A single 一 is text. */
export function isPlaceholder(s: string): boolean {
  const t = s.replace(/\s+/g, '');
  if (t === '') return false;
  if (/^[-－—–―‐‑_~～]+$/u.test(t)) return true;
  return /^[-－—–―‐‑一]+$/u.test(t) && t.length >= 2;
}

export const PLACEHOLDER = '--';

/** Upper-case identifier: no whitespace or separators (plates, VINs, engine numbers). Asterisks are
 *  kept: providers mask values with them (粤A4****), and a masked value must stay visibly masked. */
export function compactUpper(raw: string): string {
  return unify(raw)
    .toUpperCase()
    .replace(/[\s·•.\-_/\\|:：,，;；'"`]+/gu, '');
}
