// The review form: the photo beside the fields built from the registry, each field's warnings under
// it, one-click suggestions, required fields enforced, submitted once.
import { useMemo, useRef, useState } from 'preact/hooks';
import type { LicenseRecord } from '../../../core/contracts/records';
import type { FieldDef } from '../../../core/documents/types';
import { fieldDefs, getDocument } from '../../../core/documents/registry';
import { validateField } from '../../../core/validate';
import { ApiClientError, submitRecord } from '../api';
import { docName, sideLabel } from '../format';
import { Photo } from './Photo';

const PLACEHOLDERS: Partial<Record<FieldDef['format'], string>> = {
  date: 'YYYY-MM-DD',
  period: 'YYYY-MM-DD至YYYY-MM-DD',
  mass: '例如 1820kg',
  passengers: '例如 5人',
  dimensions: '例如 4750×1820×1465mm',
};

/** Registry fields first (display order), then any other key the recognition returned. */
export function reviewFields(record: LicenseRecord): FieldDef[] {
  const defs = [...fieldDefs(record.docType, record.side)];
  const known = new Set(defs.map((d) => d.key));
  for (const key of Object.keys(record.recognized ?? {})) {
    if (!known.has(key)) defs.push({ key, label: key, format: 'text', required: false, providers: [] });
  }
  return defs;
}

export function Review({
  record,
  photoUrl,
  onSubmitted,
}: {
  record: LicenseRecord;
  photoUrl: string | null;
  onSubmitted: (r: LicenseRecord) => void;
}) {
  const defs = useMemo(() => reviewFields(record), [record]);
  const recognized = record.recognized ?? {};
  const initial = useMemo(() => {
    const v: Record<string, string> = {};
    for (const d of defs) v[d.key] = record.submitted?.[d.key] ?? recognized[d.key]?.value ?? '';
    return v;
  }, [record]);
  const [values, setValues] = useState<Record<string, string>>(initial);
  const [missing, setMissing] = useState<ReadonlySet<string>>(new Set());
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState('');
  const formRef = useRef<HTMLFormElement>(null);
  // State updates render later; a ref stops a double click from sending two submits meanwhile.
  const inFlight = useRef(false);
  const done = record.status === 'submitted';
  const doc = getDocument(record.docType);

  const set = (key: string, value: string): void => {
    setValues((v) => ({ ...v, [key]: value }));
    if (missing.has(key) && value.trim()) setMissing((m) => new Set([...m].filter((k) => k !== key)));
  };

  const warningCount = defs.filter((d) => values[d.key] === (recognized[d.key]?.value ?? '') && (recognized[d.key]?.warnings.length ?? 0) > 0).length;
  const changed = defs.filter((d) => (values[d.key] ?? '') !== (recognized[d.key]?.value ?? '')).length;

  const submit = async (e: Event): Promise<void> => {
    e.preventDefault();
    if (inFlight.current || done) return;
    const empty = defs.filter((d) => d.required && !(values[d.key] ?? '').trim()).map((d) => d.key);
    setMissing(new Set(empty));
    if (empty.length) {
      setError(`还有 ${empty.length} 个必填字段未填写`);
      formRef.current?.querySelector<HTMLInputElement>(`#f-${empty[0]}`)?.focus();
      return;
    }
    inFlight.current = true;
    setBusy(true);
    setError('');
    try {
      const fields: Record<string, string> = {};
      for (const d of defs) fields[d.key] = (values[d.key] ?? '').trim();
      onSubmitted(await submitRecord(record._id, fields));
    } catch (err) {
      inFlight.current = false; // only a failed submit may be retried
      setError(err instanceof ApiClientError || err instanceof Error ? err.message : String(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <div class="review" data-testid="review">
      <Photo url={photoUrl} aspect={doc?.aspect ?? 1.45} alt={`${docName(record.docType)}${sideLabel(record.side)}照片`} />
      <form ref={formRef} class="review-form panel" onSubmit={submit} noValidate aria-labelledby={`rv-${record._id}`}>
        <header class="review-head">
          <h2 id={`rv-${record._id}`}>
            {docName(record.docType)}
            {record.side ? <span class="muted">（{sideLabel(record.side)}）</span> : null}
          </h2>
          {done ? (
            <span class="tag tag-ok" data-testid="submitted-badge">
              已提交
            </span>
          ) : (
            <span class="muted small">
              {warningCount ? `${warningCount} 个字段需核对` : '请核对后提交'}
              {changed ? ` · 已修改 ${changed} 处` : ''}
            </span>
          )}
        </header>
        {record.warnings.length ? (
          <ul class="alert alert-warn result-warnings" aria-label="整体提示">
            {record.warnings.map((w) => (
              <li key={w.code} data-code={w.code}>
                {w.message}
              </li>
            ))}
          </ul>
        ) : null}
        <div class="fields">
          {defs.map((d) => (
            <ReviewField
              key={d.key}
              def={d}
              value={values[d.key] ?? ''}
              recognized={recognized[d.key]}
              missing={missing.has(d.key)}
              readOnly={done}
              onChange={(v) => set(d.key, v)}
            />
          ))}
        </div>
        {error ? (
          <p class="alert alert-error" role="alert">
            {error}
          </p>
        ) : null}
        {done ? null : (
          <div class="actions">
            <button type="submit" class="btn btn-primary" disabled={busy} data-testid="submit">
              {busy ? '正在提交…' : '确认提交'}
            </button>
            <span class="muted small">提交后不可再修改</span>
          </div>
        )}
      </form>
    </div>
  );
}

function ReviewField({
  def,
  value,
  recognized,
  missing,
  readOnly,
  onChange,
}: {
  def: FieldDef;
  value: string;
  recognized: NonNullable<LicenseRecord['recognized']>[string] | undefined;
  missing: boolean;
  readOnly: boolean;
  onChange: (v: string) => void;
}) {
  const id = `f-${def.key}`;
  const original = recognized?.value ?? '';
  const edited = value !== original;
  // The recognized value keeps the server's warnings; an edited one is checked live by the same core
  // validators (an empty required field is reported as 必填 on submit instead).
  const live = useMemo(
    () => (edited && value.trim() ? validateField(def, value.trim(), { now: new Date() }) : null),
    [edited, value, def],
  );
  const warnings = edited ? (live?.warnings ?? []) : (recognized?.warnings ?? []);
  const suggestion = edited ? live?.suggestion : recognized?.suggestion;
  const describedBy = [warnings.length ? `${id}-w` : '', missing ? `${id}-e` : ''].filter(Boolean).join(' ') || undefined;
  const listId = def.format === 'enum' && def.options?.length ? `${id}-opts` : undefined;

  return (
    <div
      class={`field ${warnings.length ? 'field-warn' : ''} ${missing ? 'field-missing' : ''} ${edited ? 'field-edited' : ''}`}
      data-field={def.key}
    >
      <label class="field-label" for={id}>
        {def.label}
        {def.required ? (
          <span class="req" aria-hidden="true">
            *
          </span>
        ) : null}
        {recognized?.confidence !== undefined && !edited ? (
          <span class="conf" title="识别置信度">
            {Math.round(recognized.confidence * 100)}%
          </span>
        ) : null}
      </label>
      <input
        id={id}
        name={def.key}
        class="input"
        value={value}
        readOnly={readOnly}
        required={def.required}
        aria-required={def.required}
        aria-invalid={missing || warnings.length > 0}
        aria-describedby={describedBy}
        placeholder={PLACEHOLDERS[def.format] ?? ''}
        list={listId}
        autoComplete="off"
        spellcheck={false}
        onInput={(e) => onChange(e.currentTarget.value)}
      />
      {listId ? (
        <datalist id={listId}>
          {def.options?.map((o) => <option key={o} value={o} />)}
        </datalist>
      ) : null}
      {missing ? (
        <p class="field-error" id={`${id}-e`}>
          必填
        </p>
      ) : null}
      {warnings.length ? (
        <ul class="field-warnings" id={`${id}-w`}>
          {warnings.map((w) => (
            <li key={w.code} data-code={w.code}>
              {w.message}
            </li>
          ))}
        </ul>
      ) : null}
      {!readOnly && suggestion !== undefined && suggestion !== value ? (
        <button type="button" class="btn btn-small btn-suggest" onClick={() => onChange(suggestion)}>
          采用建议：<strong>{suggestion}</strong>
        </button>
      ) : null}
      {!readOnly && edited ? (
        <p class="field-note">
          原识别值：<span class="mono">{original || '（空）'}</span>
          <button type="button" class="btn-link small" onClick={() => onChange(original)}>
            还原
          </button>
        </p>
      ) : null}
    </div>
  );
}
