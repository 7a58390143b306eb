// The inspection stamp of the vehicle licence's second page, under its grammar:
// 检验有效期至 <year>年<month>月 <province><authority letter>(<station>) — e.g. 检验有效期至2015年06月粤B(16).
// The stamp is boxed, so its brackets and slashed zeros are often misread; the grammar restores the
// printed form from what was read (digits chosen among the engine's alternatives), and a stamp found
// anywhere on the page is still that stamp.
import { PROVINCES } from '../../../core/validate/plate';
import { editDistance } from '../layout';
import { combinations, isDigit, slotOptions, type ReadChar } from './choices';

const HEAD = '检验有效期至';

const plain = (ch: string): ReadChar => ({ ch, score: 1 });

/** The canonical stamp text found in `input` (characters with the engine's alternatives, or plain
 *  text), or null when no stamp of that shape is there. */
export function readInspection(input: readonly ReadChar[] | string): string | null {
  const cs = (typeof input === 'string' ? [...input].map(plain) : [...input])
    .filter((c) => c.ch.trim() !== '')
    .map((c) => ({ ...c, ch: c.ch === '（' ? '(' : c.ch === '）' ? ')' : c.ch }));
  const text = cs.map((c) => c.ch).join('');
  // the head, with one misread or lost character
  let end = -1;
  for (let i = 0; i < cs.length && end < 0; i++) {
    for (const len of [HEAD.length, HEAD.length - 1, HEAD.length + 1]) {
      if (i + len <= cs.length && editDistance(text.slice(i, i + len), HEAD) <= 1) {
        end = i + len;
        break;
      }
    }
  }
  if (end < 0) return null;
  let i = end;
  const digitRun = (max: number) => {
    const slots = [];
    while (i < cs.length && slots.length < max) {
      const o = slotOptions(cs[i]!, isDigit);
      if (o.length === 0 || cs[i]!.ch === '年' || cs[i]!.ch === '月') break;
      slots.push(o);
      i++;
    }
    return slots;
  };
  const ys = digitRun(4);
  if (ys.length !== 4) return null;
  if (cs[i]?.ch === '年') i++;
  const ms = digitRun(2);
  if (ms.length === 0) return null;
  if (cs[i]?.ch === '月') i++;
  const year = combinations(ys, (y) => y >= '1990' && y <= '2099')[0];
  const month = combinations(ms, (m) => Number(m) >= 1 && Number(m) <= 12)[0];
  if (!year || !month) return null;
  let out = `${HEAD}${year.s}年${month.s.padStart(2, '0')}月`;
  // the issuing authority's plate prefix and the station in brackets
  const rest = cs.slice(i).map((c) => c.ch).join('');
  const m = new RegExp(`^([${PROVINCES}])([A-Z])?\\(?([^()]*?)\\)?$`).exec(rest) ?? new RegExp(`^([${PROVINCES}])([A-Z])?\\(?([^()]*)\\)`).exec(rest);
  if (m) out += `${m[1]}${m[2] ?? ''}${m[3] ? `(${m[3]})` : ''}`;
  return out;
}
