// The review form: the photo beside the fields built from the registry, each field's warnings under
// it, one-click suggestions, required fields enforced, submitted once. A photo holding several pages
// shows one titled section per page (正页, 副页), all submitted together.
import { useMemo, useRef, useState } from 'preact/hooks';
import type { LicenseRecord, RecordPage } from '../../../core/contracts/records';
import { recordPages } from '../../../core/records/pages';
import type { FieldDef } from '../../../core/documents/types';
import { fieldDefs, getDocument } from '../../../core/documents/registry';
import type { FieldWarning } from '../../../core/contracts/result';
import { doubtOf, photoWarnings } from '../../../core/result/doubt';
import { validateField } from '../../../core/validate';
import { ApiClientError, submitRecord } from '../api';
import { docName, pageTitle, sideLabel } from '../format';
import { href } from '../router';
import { FieldCrop } from './FieldCrop';
import { Photo } from './Photo';
import { isLongText } from '../../../core/documents/long-text';
import { DuplicateHint, useDuplicates } from './DuplicateHint';
import { DUPLICATE_HINT } from '../../../core/contracts/review';

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


type Recognized = NonNullable<LicenseRecord['recognized']>[string] | undefined;

/** What a field says now: the server's warnings for the recognized value, core's live check for an
 *  edited one (the same validators). */
function fieldState(def: FieldDef, value: string, recognized: Recognized): { edited: boolean; warnings: FieldWarning[]; suggestion: string | undefined } {
  const edited = value !== (recognized?.value ?? '');
  if (!edited) return { edited, warnings: recognized?.warnings ?? [], suggestion: recognized?.suggestion };
  const live = value.trim() ? validateField(def, value.trim(), { now: new Date() }) : null;
  return { edited, warnings: live?.warnings ?? [], suggestion: live?.suggestion };
}

/** Input ids stay `f-<key>` for a one-page record; pages of a two-page record are told apart. */
const inputId = (pageCount: number, page: number, key: string): string => (pageCount > 1 ? `f-${page}-${key}` : `f-${key}`);

export function Review({
  record,
  photoUrl,
  onSubmitted,
  onNext,
}: {
  record: LicenseRecord;
  photoUrl: string | null;
  onSubmitted: (r: LicenseRecord) => void;
  /** 继续扫描 after a submit (the scan screen picks the next photo); a link to the scan screen otherwise. */
  onNext?: () => void;
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
  /** Open warnings shown for confirmation before a submit; null when not asking. */
  const [confirming, setConfirming] = useState<{ label: string; message: string }[] | null>(null);
  const [justSubmitted, setJustSubmitted] = useState(false);
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
  // The same vehicle submitted before: asked while the plate or VIN (any page) is being reviewed.
  const valueOf = (key: string): string => values.map((v) => v[key] ?? '').find((v) => v.trim() !== '') ?? '';
  const duplicates = useDuplicates(record._id, valueOf('plateNo'), valueOf('vin'), !done);
  const warningCount = perPage.reduce((n, p) => n + p.warnings, 0);
  const changed = perPage.reduce((n, p) => n + p.changed, 0);

  /** Warnings still open on the values about to be submitted, labelled with their field (and page). */
  const openWarnings = (): { label: string; message: string }[] =>
    pages.flatMap((p, i) =>
      (defs[i] ?? []).flatMap((d) =>
        fieldState(d, values[i]?.[d.key] ?? '', p.recognized[d.key]).warnings.map((w) => ({
          label: several ? `${pageTitle(p.docType, p.side)} · ${d.label}` : d.label,
          message: w.message,
        })),
      ),
    );

  const submit = async (e: Event, confirmed = false): Promise<void> => {
    e.preventDefault();
    if (inFlight.current || done) return;
    const empty = pages.flatMap((_, i) => (defs[i] ?? []).filter((d) => d.required && !(values[i]?.[d.key] ?? '').trim()).map((d) => ({ page: i, key: d.key })));
    setMissing(new Set(empty.map((m) => `${m.page}:${m.key}`)));
    if (empty.length) {
      setError(`还有 ${empty.length} 个必填字段未填写`);
      formRef.current?.querySelector<HTMLInputElement>(`#${inputId(pages.length, empty[0]!.page, empty[0]!.key)}`)?.focus();
      return;
    }
    if (!confirmed) {
      const open = openWarnings();
      if (open.length || duplicates.length) {
        setConfirming(open);
        return;
      }
    }
    setConfirming(null);
    inFlight.current = true;
    setBusy(true);
    setError('');
    try {
      const fields = pages.map((_, i) => {
        const out: Record<string, string> = {};
        for (const d of defs[i] ?? []) out[d.key] = (values[i]?.[d.key] ?? '').trim();
        return out;
      });
      const saved = await submitRecord(record._id, several ? fields : (fields[0] ?? {}));
      setJustSubmitted(true);
      onSubmitted(saved);
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
        {done ? null : <DuplicateHint items={duplicates} />}
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
                    photo={photoWarnings(p.warnings)}
                    photoUrl={photoUrl}
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
        {confirming ? (
          <div class="alert alert-warn confirm" role="alertdialog" aria-labelledby={`cf-${record._id}`} data-testid="confirm-warnings">
            <p id={`cf-${record._id}`}>
              <strong>{confirming.length ? `还有 ${confirming.length} 条提示未处理，确定提交吗？` : '确定提交吗？'}</strong>
            </p>
            {duplicates.length ? (
              <p data-testid="confirm-duplicates">
                {DUPLICATE_HINT}（{duplicates.length} 条），提交后将再保存一条。
              </p>
            ) : null}
            <ul hidden={!confirming.length}>
              {confirming.map((w, i) => (
                <li key={i}>
                  {w.label}：{w.message}
                </li>
              ))}
            </ul>
            <div class="actions">
              <button type="button" class="btn btn-primary" onClick={(e) => void submit(e, true)}>
                仍然提交
              </button>
              <button type="button" class="btn" onClick={() => setConfirming(null)}>
                返回修改
              </button>
            </div>
          </div>
        ) : null}
        {done && justSubmitted ? (
          <div class="alert alert-ok" role="status" data-testid="submit-success">
            <span>提交成功。</span>
            {onNext ? (
              <button type="button" class="btn btn-small btn-primary" onClick={onNext}>
                继续扫描
              </button>
            ) : (
              <a class="btn btn-small btn-primary" href={href('/scan')}>
                继续扫描
              </a>
            )}
            <a class="btn btn-small" href={href(`/records/${encodeURIComponent(record._id)}`)}>
              查看记录
            </a>
          </div>
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
  photo,
  photoUrl,
  missing,
  readOnly,
  onChange,
}: {
  id: string;
  def: FieldDef;
  value: string;
  recognized: Recognized;
  photo: readonly FieldWarning[];
  /** The record's photo, for the crop of a doubtful field read at a known place. */
  photoUrl: string | null;
  missing: boolean;
  readOnly: boolean;
  onChange: (v: string) => void;
}) {
  const original = recognized?.value ?? '';
  // The recognized value keeps the server's warnings; an edited one is checked live by the same core
  // validators (an empty required field is reported as 必填 on submit instead).
  const { edited, warnings, suggestion } = useMemo(() => fieldState(def, value, recognized), [def, value, recognized]);
  // Doubt is core's one rule (the flag the server set, or the rule for an older record); an edited
  // value is the user's own and is no longer marked.
  const doubtful = !edited && !!recognized && doubtOf(recognized, photo);
  const describedBy = [warnings.length ? `${id}-w` : '', missing ? `${id}-e` : ''].filter(Boolean).join(' ') || undefined;
  const listId = def.format === 'enum' && def.options?.length ? `${id}-opts` : undefined;
  const common = {
    id,
    name: def.key,
    class: 'input',
    value,
    readOnly,
    required: def.required,
    'aria-required': def.required,
    'aria-invalid': missing || warnings.length > 0,
    'aria-describedby': describedBy,
    placeholder: PLACEHOLDERS[def.format] ?? '',
    autoComplete: 'off',
    spellcheck: false,
  };

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
          <span class={`conf ${doubtful ? 'conf-low' : ''}`} title="识别置信度">
            {Math.round(recognized.confidence * 100)}%
          </span>
        ) : null}
      </label>
      {doubtful && photoUrl && recognized?.box ? <FieldCrop url={photoUrl} box={recognized.box} label={def.label} /> : null}
      {isLongText(def, value) && !listId ? (
        <textarea {...common} rows={Math.min(4, Math.max(2, Math.ceil(value.length / 24)))} onInput={(e) => onChange(e.currentTarget.value)} />
      ) : (
        <input {...common} list={listId} onInput={(e) => onChange(e.currentTarget.value)} />
      )}
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
