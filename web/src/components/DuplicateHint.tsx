// The review's hint that this vehicle was submitted before by the same user: asked of the server
// (`duplicates`, the caller's own records only) once the plate or VIN has stopped changing.
import { useEffect, useState } from 'preact/hooks';
import { DUPLICATE_HINT, duplicateMatchText, vehicleIdKey, type Duplicate } from '../../../core/contracts/review';
import { findDuplicates } from '../api';
import { dateTime, docName } from '../format';
import { href } from '../router';

/** Long enough that typing a plate asks once, short enough to show before the user reaches 提交. */
export const DUPLICATE_DEBOUNCE_MS = 400;

/** The earlier submissions naming `plateNo` or `vin` (canonical comparison), [] while none or unknown.
 *  Off (no request) for a record already submitted. */
export function useDuplicates(recordId: string, plateNo: string, vin: string, enabled: boolean): Duplicate[] {
  const [found, setFound] = useState<Duplicate[]>([]);
  const plate = vehicleIdKey(plateNo);
  const v = vehicleIdKey(vin);
  useEffect(() => {
    if (!enabled || (!plate && !v)) {
      setFound([]);
      return;
    }
    let live = true;
    const t = setTimeout(() => {
      findDuplicates({ id: recordId, ...(plate ? { plateNo: plate } : {}), ...(v ? { vin: v } : {}) })
        .then((r) => live && setFound(r.items))
        // A hint, not a gate: when the question fails the review goes on without it.
        .catch(() => live && setFound([]));
    }, DUPLICATE_DEBOUNCE_MS);
    return () => {
      live = false;
      clearTimeout(t);
    };
  }, [recordId, plate, v, enabled]);
  return found;
}

export function DuplicateHint({ items }: { items: readonly Duplicate[] }) {
  if (!items.length) return null;
  return (
    <div class="alert alert-warn duplicate-hint" role="status" data-testid="duplicate-hint">
      <p>
        <strong>{DUPLICATE_HINT}</strong>
      </p>
      <ul>
        {items.map((d) => (
          <li key={d._id}>
            {dateTime(d.submittedAt)} 提交的{docName(d.docType)}（{duplicateMatchText(d)}）
            <a class="btn-link small" href={href(`/records/${encodeURIComponent(d._id)}`)} target="_blank" rel="noopener">
              查看
            </a>
          </li>
        ))}
      </ul>
    </div>
  );
}
