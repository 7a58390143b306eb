// Values that begin with a place: addresses (住址) and issuing authorities (发证机关 / 签发机关). The
// read text is cleaned character by character (so each keeps its score), then snapped to China's
// divisions and the standard authority endings by the lexicon (server/ocr/lexicon), which changes
// only characters the recogniser was unsure of and only when one reading fits.
import { snapAddress } from '../lexicon/divisions';
import { snapAuthority } from '../lexicon/authority';
import { scoredChar, type ScoredChar } from '../lexicon/snap';
import type { Found } from './person-common';

const CJK = /[\u3400-\u9fff]/;
/** Punctuation the engine reads around values (as cleanText trims it). */
const STRAY = /[:：,，.。;；、·'"`_\-—~|]/;
/** A printed rule or the emblem's edge read before a place name. */
const RULE = /[一\-—_]/;

/** The characters of a found value with their scores (the value's confidence for each when the
 *  finder kept none, e.g. a re-read strip). */
function scoredOf(f: Found): ScoredChar[] {
  if (f.chars && f.chars.map((c) => c.ch).join('') === f.value) return f.chars.map(scoredChar);
  return [...f.value].map((ch) => ({ ch, score: f.confidence ?? 1 }));
}

/** Spaces dropped, stray punctuation (and any other non-letter) trimmed at the start, stray
 *  punctuation at the end, a leading rule before a CJK character dropped; with `cjkOnly`, everything but CJK characters dropped (authorities carry no digits). */
export function cleanPlaceChars(chars: readonly ScoredChar[], cjkOnly: boolean): ScoredChar[] {
  let cs = chars.filter((c) => c.ch.trim() !== '' && (!cjkOnly || CJK.test(c.ch)));
  let a = 0;
  while (a < cs.length && (STRAY.test(cs[a]!.ch) || !/[\p{L}\p{N}]/u.test(cs[a]!.ch))) a++;
  let b = cs.length;
  while (b > a && STRAY.test(cs[b - 1]!.ch)) b--;
  cs = cs.slice(a, b);
  // 一 begins no province, prefecture or county name: before a CJK character it is a rule
  let r = 0;
  while (r < cs.length && RULE.test(cs[r]!.ch)) r++;
  if (r > 0 && r < cs.length && CJK.test(cs[r]!.ch)) cs = cs.slice(r);
  return cs;
}

/** Characters that name a kind of place: every address holds at least one (a masked address
 *  leaves a stray character, "花", that is none). */
const PLACE_KIND = /[省市县区旗盟州镇乡村屯组路街道巷弄里号楼室栋]/;

/** An address, its division prefix snapped; null when the text names no place at all. */
export function readAddress(f: Found): string | null {
  const cs = cleanPlaceChars(scoredOf(f), false);
  if (!PLACE_KIND.test(cs.map((c) => c.ch).join(''))) return null;
  return snapAddress(cs).value;
}

/** An issuing authority, its place and standard ending snapped. */
export function readAuthority(f: Found): string | null {
  const cs = cleanPlaceChars(scoredOf(f), true);
  return cs.length ? snapAuthority(cs).value : null;
}
