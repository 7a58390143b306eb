// The photo crop of a doubtful field beside it (issue #14): the stretch of the photo the value was read
// from, so the user compares without searching the card; a click shows where it lies on the whole photo.
// The crop's geometry is core's (core/result/box.ts), shared with the mini program.
import { useState } from 'preact/hooks';
import type { FieldBox } from '../../../core/contracts/result';
import { cropArea, cropFrame, cropWidth } from '../../../core/result/box';

/** Width of the crop beside a field (CSS px): a plate or a date at a readable size. */
const CROP_WIDTH = 220;
/** At most this many screen pixels per photo pixel: a short value is not blown up into a blur. */
const MAX_ZOOM = 2;
/** Width of the whole photo shown on a click. */
const WHOLE_WIDTH = 320;

const pct = (n: number) => `${(n * 100).toFixed(2)}%`;

export function FieldCrop({ url, box, label }: { url: string; box: FieldBox; label: string }) {
  const [size, setSize] = useState<{ w: number; h: number } | null>(null);
  const [failed, setFailed] = useState(false);
  const [whole, setWhole] = useState(false);
  if (failed) return null;
  const area = cropArea(box);
  const width = size ? cropWidth(area, size.w, CROP_WIDTH, MAX_ZOOM) : CROP_WIDTH;
  const frame = size ? cropFrame(area, size.w, size.h, width) : null;
  return (
    <div class="field-crop" data-testid="field-crop">
      <button
        type="button"
        class="field-crop-frame"
        aria-pressed={whole}
        title={whole ? '收起整张照片' : '点击查看在整张照片中的位置'}
        aria-label={`${label}在照片中的位置`}
        style={{ width: `${width}px`, height: frame ? `${frame.frameH}px` : '2.5em' }}
        onClick={() => setWhole(!whole)}
      >
        <img
          src={url}
          alt={`${label}所在位置的照片截图`}
          class="field-crop-img"
          style={frame ? { width: `${frame.imageW}px`, height: `${frame.imageH}px`, left: `${frame.left}px`, top: `${frame.top}px` } : { visibility: 'hidden' }}
          onLoad={(e) => setSize({ w: e.currentTarget.naturalWidth, h: e.currentTarget.naturalHeight })}
          onError={() => setFailed(true)}
        />
      </button>
      {whole && size ? (
        <div class="field-crop-whole" style={{ width: `${WHOLE_WIDTH}px`, aspectRatio: `${size.w} / ${size.h}` }} data-testid="field-crop-whole">
          <img src={url} alt={`整张照片，框出${label}`} />
          <span class="field-crop-mark" style={{ left: pct(box.x), top: pct(box.y), width: pct(box.width), height: pct(box.height) }} />
        </div>
      ) : null}
    </div>
  );
}
