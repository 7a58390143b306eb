// The inspection stamp of the vehicle licence's second page, under its grammar:
// 检验有效期至 <year>年<month>月 <province><authority letter>(<station>) — e.g. 检验有效期至2015年06月粤B(16).
// The stamp is boxed, so its brackets and slashed zeros are often misread; the grammar restores the
// printed form from what was read, and a stamp found anywhere on the page is still that stamp.
import { editDistance } from '../layout';
import { PROVINCES } from '../../../core/validate/plate';
import { toDigits } from './confusions';

const HEAD = '检验有效期至';

/** The canonical stamp text found in `text`, or null when no stamp of that shape is there. */
export function readInspection(text: string): string | null {
  const t = text.replace(/\s+/g, '').replace(/（/g, '(').replace(/）/g, ')');
  // the head, with one misread or lost character
  let at = -1;
  let end = -1;
  for (let i = 0; i < t.length && at < 0; i++) {
    for (const len of [HEAD.length, HEAD.length - 1, HEAD.length + 1]) {
      if (i + len <= t.length && editDistance(t.slice(i, i + len), HEAD) <= 1) {
        at = i;
        end = i + len;
        break;
      }
    }
  }
  if (at < 0) return null;
  const rest = t.slice(end);
  const m = new RegExp(`^([0-9OoDØθ]{4})年([0-9OoDØθ]{1,2})月([${PROVINCES}])([A-Z])?\\(?([^()]*?)\\)?$`).exec(rest) ??
    new RegExp(`^([0-9OoDØθ]{4})年([0-9OoDØθ]{1,2})月([${PROVINCES}])([A-Z])?\\(?([^()]*)\\)`).exec(rest);
  if (!m) {
    const d = /^([0-9OoDØθ]{4})年([0-9OoDØθ]{1,2})月/.exec(rest);
    return d ? `${HEAD}${toDigits(d[1]!)}年${toDigits(d[2]!).padStart(2, '0')}月` : null;
  }
  const [, y, mo, province, letter, station] = m as unknown as [string, string, string, string, string | undefined, string];
  const month = toDigits(mo).padStart(2, '0');
  if (Number(month) < 1 || Number(month) > 12) return null;
  return `${HEAD}${toDigits(y)}年${month}月${province}${letter ?? ''}${station ? `(${station})` : ''}`;
}
