// The <option> lists the filters and the scan form share: every document type of the registry, every
// record status. Each <select> keeps its own "all" option, name and handler.
import { DOCUMENTS } from '../../../core/documents/registry';
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
