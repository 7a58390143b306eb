// The <option> lists the filters and the scan form share: every document type of the registry, every
// record status, every warning. Each <select> keeps its own "all" option, name and handler.
import { DOCUMENTS } from '../../../core/documents/registry';
import { isPhotoWarning, PHOTO_WARNING_CODES } from '../../../core/quality/result';
import { WARNING_CODES, warningLabel } from '../../../core/validate/warnings';
import { RECORD_STATUSES, STATUS_LABELS } from '../format';

export function DocTypeOptions() {
  return (
    <>
      {DOCUMENTS.map((d) => (
        <option key={d.id} value={d.id}>
          {d.name}
        </option>
      ))}
    </>
  );
}

export function StatusOptions() {
  return (
    <>
      {RECORD_STATUSES.map((s) => (
        <option key={s} value={s}>
          {STATUS_LABELS[s]}
        </option>
      ))}
    </>
  );
}

/** Photo warnings first (what the administrators look for most), then the field and page warnings. */
export function WarningOptions() {
  return (
    <>
      <optgroup label="照片问题">
        {PHOTO_WARNING_CODES.map((c) => (
          <option key={c} value={c}>
            {warningLabel(c)}
          </option>
        ))}
      </optgroup>
      <optgroup label="识别结果警告">
        {WARNING_CODES.filter((c) => !isPhotoWarning(c)).map((c) => (
          <option key={c} value={c}>
            {warningLabel(c)}
          </option>
        ))}
      </optgroup>
    </>
  );
}
