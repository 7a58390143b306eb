// The review form: the photo beside the fields built from the registry, each field's warnings under
// it, one-click suggestions, required fields enforced, submitted once. A photo holding several pages
// shows one titled section per page (正页, 副页), all submitted together.
import { doubtOf, isDoubtful } from '../../../core/result/doubt';
import { useMemo, useRef, useState } from 'preact/hooks';
import type { LicenseRecord, RecordPage } from '../../../core/contracts/records';
import { recordPages } from '../../../core/records/pages';
import type { FieldDef } from '../../../core/documents/types';
import { fieldDefs, getDocument } from '../../../core/documents/registry';
import { validateField } from '../../../core/validate';
import { ApiClientError, submitRecord } from '../api';
import { docName, pageTitle, sideLabel } from '../format';
import { Photo } from './Photo';

const PLACEHOLDERS: Partial<Record<FieldDef['format'], string>> = {
  date: 'YYYY-MM-DD',
  period: 'YYYY-MM-DD至YYYY-MM-DD',
  mass: '例如 1820kg',
  passengers: '例如 5人',
  dimensions: '例如 4750×1820×1465mm',
};

type PageLike = Pick<RecordPage, 'docType' | 'side'> & { recognized: RecordPage['recognized'] | null };

/** Registry fields first (display order), then any other key the recognition returned. */
export function reviewFields(page: PageLike): FieldDef[] {
  const defs = [...fieldDefs(page.docType, page.side)];
  const known = new Set(defs.map((d) => d.key));
  for (const key of Object.keys(page.recognized ?? {})) {
    if (!known.has(key)) defs.push({ key, label: key, format: 'text', required: false, providers: [] });
  }
  return defs;
}

/** Input ids stay `f-<key>` for a one-page record; pages of a two-page record are told apart. */
const inputId = (pageCount: number, page: number, key: string): string => (pageCount > 1 ? `f-${page}-${key}` : `f-${key}`);

export function Review({
  record,
  photoUrl,
  onSubmitted,
}: {
  record: LicenseRecord;
  photoUrl: string | null;
  onSubmitted: (r: LicenseRecord) => void;
}) {
  // Every page of the photo (one for most photos), each its own section, submitted together.
  const pages = useMemo(() => recordPages(record), [record]);
  const defs = useMemo(() => pages.map((p) => reviewFields(p)), [pages]);
  const initial = useMemo(
    () =>
      pages.map((p, i) => {
        const v: Record<string, string> = {};
        for (const d of defs[i] ?? []) v[d.key] = p.submitted?.[d.key] ?? p.recognized[d.key]?.value ?? '';
        return v;
      }),
    [pages, defs],
  );
  const [values, setValues] = useState<Record<string, string>[]>(initial);
  /** Missing required fields as `<page>:<key>`. */
  const [missing, setMissing] = useState<ReadonlySet<string>>(new Set());
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState('');
  const formRef = useRef<HTMLFormElement>(null);
  // State updates render later; a ref stops a double click from sending two submits meanwhile.
  const inFlight = useRef(false);
  const done = record.status === 'submitted';
  const doc = getDocument(record.docType);
  const several = pages.length > 1;

  const set = (page: number, key: string, value: string): void => {
    setValues((all) => all.map((v, i) => (i === page ? { ...v, [key]: value } : v)));
    const id = `${page}:${key}`;
    if (missing.has(id) && value.trim()) setMissing((m) => new Set([...m].filter((k) => k !== id)));
  };

  const perPage = pages.map((p, i) => {
    const v = values[i] ?? {};
    const ds = defs[i] ?? [];
    return {
      warnings: ds.filter((d) => v[d.key] === (p.recognized[d.key]?.value ?? '') && (p.recognized[d.key]?.warnings.length ?? 0) > 0).length,
      changed: ds.filter((d) => (v[d.key] ?? '') !== (p.recognized[d.key]?.value ?? '')).length,
    };
  });
  const warningCount = perPage.reduce((n, p) => n + p.warnings, 0);
  const changed = perPage.reduce((n, p) => n + p.changed, 0);

  const submit = async (e: Event): Promise<void> => {
    e.preventDefault();
    if (inFlight.current || done) return;
    const empty = pages.flatMap((_, i) => (defs[i] ?? []).filter((d) => d.required && !(values[i]?.[d.key] ?? '').trim()).map((d) => ({ page: i, key: d.key })));
    setMissing(new Set(empty.map((m) => `${m.page}:${m.key}`)));
    if (empty.length) {
      setError(`还有 ${empty.length} 个必填字段未填写`);
      formRef.current?.querySelector<HTMLInputElement>(`#${inputId(pages.length, empty[0]!.page, empty[0]!.key)}`)?.focus();
      return;
    }
    inFlight.current = true;
    setBusy(true);
    setError('');
    try {
      const fields = pages.map((_, i) => {
        const out: Record<string, string> = {};
        for (const d of defs[i] ?? []) out[d.key] = (values[i]?.[d.key] ?? '').trim();
        return out;
      });
      onSubmitted(await submitRecord(record._id, several ? fields : (fields[0] ?? {})));
    } catch (err) {
      inFlight.current = false; // only a failed submit may be retried
      setError(err instanceof ApiClientError || err instanceof Error ? err.message : String(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <div class="review" data-testid="review" data-pages={pages.length}>
      <Photo url={photoUrl} aspect={doc?.aspect ?? 1.45} alt={`${docName(record.docType)}${several ? '' : sideLabel(record.side)}照片`} />
      <form ref={formRef} class="review-form panel" onSubmit={submit} noValidate aria-labelledby={`rv-${record._id}`}>
        <header class="review-head">
          <h2 id={`rv-${record._id}`}>
            {docName(record.docType)}
            {several ? <span class="muted">（共 {pages.length} 页）</span> : record.side ? <span class="muted">（{sideLabel(record.side)}）</span> : null}
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
        {pages.map((p, i) => {
          const fieldsOfPage = (
            <>
              {p.warnings.length ? (
                <ul class="alert alert-warn result-warnings" aria-label="整体提示">
                  {p.warnings.map((w) => (
                    <li key={w.code} data-code={w.code}>
                      {w.message}
                    </li>
                  ))}
                </ul>
              ) : null}
              <div class="fields">
                {(defs[i] ?? []).map((d) => (
                  <ReviewField
                    key={d.key}
                    id={inputId(pages.length, i, d.key)}
                    def={d}
                    value={values[i]?.[d.key] ?? ''}
                    recognized={p.recognized[d.key]}
                    missing={missing.has(`${i}:${d.key}`)}
                    readOnly={done}
                    onChange={(v) => set(i, d.key, v)}
                  />
                ))}
              </div>
            </>
          );
          return several ? (
            <section key={i} class="review-page" data-page={p.side ?? i} aria-labelledby={`rv-${record._id}-${i}`}>
              <h3 class="review-page-title" id={`rv-${record._id}-${i}`}>
                {pageTitle(p.docType, p.side)}
              </h3>
              {fieldsOfPage}
            </section>
          ) : (
            <div key={i}>{fieldsOfPage}</div>
          );
        })}
        {error ? (
          <p class="alert alert-error" role="alert">
            {error}
          </p>
        ) : null}
        {done ? null : (
          <div class="actions">
            <button type="submit" class="btn btn-primary" disabled={busy} data-testid="submit">
              {busy ? '正在提交…' : several ? `确认提交全部 ${pages.length} 页` : '确认提交'}
            </button>
            <span class="muted small">提交后不可再修改</span>
          </div>
        )}
      </form>
    </div>
  );
}

function ReviewField({
  id,
  def,
  value,
  recognized,
  missing,
  readOnly,
  onChange,
}: {
  id: string;
  def: FieldDef;
  value: string;
  recognized: NonNullable<LicenseRecord['recognized']>[string] | undefined;
  missing: boolean;
  readOnly: boolean;
  onChange: (v: string) => void;
}) {
  const original = recognized?.value ?? '';
  const edited = value !== original;
  // The recognized value keeps the server's warnings; an edited one is checked live by the same core
  // validators (an empty required field is reported as 必填 on submit instead).
  const live = useMemo(
    () => (edited && value.trim() ? validateField(def, value.trim(), { now: new Date() }) : null),
    [edited, value, def],
  );
  const warnings = edited ? (live?.warnings ?? []) : (recognized?.warnings ?? []);
  // core's one rule, as the server set it; a value the user typed is judged by its warnings alone
  const doubtful = edited ? isDoubtful({ value: value.trim(), warnings, confidence: 1 }) : recognized ? doubtOf(recognized) : false;
  const suggestion = edited ? live?.suggestion : recognized?.suggestion;
  const describedBy = [warnings.length ? `${id}-w` : '', missing ? `${id}-e` : ''].filter(Boolean).join(' ') || undefined;
  const listId = def.format === 'enum' && def.options?.length ? `${id}-opts` : undefined;

  return (
    <div
      class={`field ${warnings.length ? 'field-warn' : ''} ${doubtful ? 'field-doubtful' : ''} ${missing ? 'field-missing' : ''} ${edited ? 'field-edited' : ''}`}
      data-field={def.key}
      data-doubtful={doubtful ? 'true' : 'false'}
    >
      <label class="field-label" for={id}>
        {def.label}
        {def.required ? (
          <span class="req" aria-hidden="true">
            *
          </span>
        ) : null}
        {doubtful ? (
          <span class="tag tag-doubtful" title="请对照照片核对">
            存疑
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
