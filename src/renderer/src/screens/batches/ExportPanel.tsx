import { useState, type FormEvent, type ReactNode } from 'react';
import type { ApplicationDetail, ExportRequest, PrintRunSummary } from '@shared/batches-contract';
import type { AppErrorPayload } from '@shared/errors';
import { CallError } from '@renderer/api/call';
import { ErrorMessage } from '@renderer/components/ErrorMessage';
import type { MessageKey } from '@renderer/i18n';
import { useT } from '@renderer/i18n/use-t';
import { useBatchesStore } from '@renderer/store/batches-store';
import { checkExport, overlappingRun, type IndexProblem, type RangeProblem } from './export-check';
import { useFormat } from './use-format';

type Column = ExportRequest['columns'][number];
const COLUMNS: readonly Column[] = ['index', 'code', 'code_url'];
const COLUMN_LABEL: Record<Column, MessageKey> = {
  index: 'batches.exportPanel.column.index',
  code: 'batches.exportPanel.column.code',
  code_url: 'batches.exportPanel.column.code_url',
};

interface Draft {
  start: string;
  end: string;
  format: ExportRequest['format'];
  columns: Column[];
  header: boolean;
  line_ending: ExportRequest['line_ending'];
}

type Outcome = { kind: 'done'; run: PrintRunSummary } | { kind: 'cancelled' } | { kind: 'error'; error: AppErrorPayload };

/** The first 10,000 codes (or all of a smaller application), every column, with a header, Windows line endings. */
function defaultDraft(codeCount: number): Draft {
  return {
    start: '0',
    end: String(Math.max(0, Math.min(10_000, codeCount) - 1)),
    format: 'csv',
    columns: [...COLUMNS],
    header: true,
    line_ending: 'crlf',
  };
}

/** Export a range of an application's imported codes for the carton printer. */
export function ExportPanel({ detail, onClose }: { detail: ApplicationDetail; onClose: () => void }) {
  const t = useT();
  const format = useFormat();
  const exportRange = useBatchesStore((state) => state.exportRange);
  const { application, segments, print_runs: printRuns } = detail;
  const [draft, setDraft] = useState<Draft>(() => defaultDraft(application.code_count));
  const [showProblems, setShowProblems] = useState(false);
  const [busy, setBusy] = useState(false);
  const [outcome, setOutcome] = useState<Outcome | undefined>();

  const problems = checkExport(draft, application.code_count, segments);
  const valid = Object.keys(problems).length === 0;
  const from = Number(draft.start);
  const to = Number(draft.end);
  const overlap = valid ? overlappingRun(printRuns, from, to) : undefined;

  const update = (change: Partial<Draft>) => {
    setDraft({ ...draft, ...change });
    setOutcome(undefined);
  };

  async function submit(event: FormEvent) {
    event.preventDefault();
    setShowProblems(true);
    setOutcome(undefined);
    if (!valid || application.application_id === null) return;
    setBusy(true);
    try {
      const run = await exportRange({
        application_id: application.application_id,
        code_start: from,
        code_end: to,
        format: draft.format,
        columns: COLUMNS.filter((column) => draft.columns.includes(column)),
        header: draft.header,
        line_ending: draft.line_ending,
      });
      setOutcome(run ? { kind: 'done', run } : { kind: 'cancelled' });
      if (run) {
        setShowProblems(false);
        // Print runs usually follow one another: offer the next range of the same size.
        const last = application.code_count - 1;
        // Only when nothing was edited while the export ran: never overwrite what the person typed.
        const sent = draft;
        if (to < last) {
          setDraft((current) =>
            current === sent ? { ...sent, start: String(to + 1), end: String(Math.min(last, to + (to - from + 1))) } : current,
          );
        }
      }
    } catch (caught) {
      if (!(caught instanceof CallError)) throw caught;
      setOutcome({ kind: 'error', error: caught.payload });
    } finally {
      setBusy(false);
    }
  }

  const indexMessage = (problem: IndexProblem) =>
    t(problem === 'required' ? 'batches.exportProblem.required' : 'batches.exportProblem.notInteger');
  const rangeMessage = (problem: RangeProblem): string => {
    switch (problem.kind) {
      case 'reversed':
        return t('batches.exportProblem.reversed');
      case 'outside':
        return t('batches.exportProblem.outside', { last: format.count(problem.last) });
      case 'notImported': {
        const index = format.count(problem.index);
        if (!problem.segment) return t('batches.exportProblem.notImported', { index });
        const params = { index, segment: format.range(problem.segment.code_start, problem.segment.code_end) };
        return problem.segment.state === 'failed'
          ? t('batches.exportProblem.notImportedFailed', params)
          : t('batches.exportProblem.notImportedPending', params);
      }
    }
  };

  const indexField = (name: 'start' | 'end', label: string) => {
    const problem = showProblems ? problems[name] : undefined;
    return (
      <label className="form-field">
        <span className="form-field__label">{label}</span>
        <input
          name={`code_${name}`}
          type="number"
          inputMode="numeric"
          min={0}
          max={application.code_count - 1}
          step={1}
          value={draft[name]}
          aria-invalid={problem || (showProblems && problems.range) ? true : undefined}
          onChange={(event) => update(name === 'start' ? { start: event.target.value } : { end: event.target.value })}
        />
        {problem ? (
          <span className="form-field__problem" role="alert">
            {indexMessage(problem)}
          </span>
        ) : null}
      </label>
    );
  };

  const choice = <V extends string | boolean>(value: V, current: V, label: string, onPick: (value: V) => void): ReactNode => (
    <button
      key={String(value)}
      type="button"
      role="radio"
      aria-checked={current === value}
      className={current === value ? 'segmented__item segmented__item--on' : 'segmented__item'}
      onClick={() => onPick(value)}
    >
      {label}
    </button>
  );

  return (
    <form className="card batches-export" data-testid="batches-export" onSubmit={(event) => void submit(event)} noValidate>
      <h2>{t('batches.exportPanel.title')}</h2>
      <div className="form-grid batches-export__range">
        {indexField('start', t('batches.exportPanel.start'))}
        {indexField('end', t('batches.exportPanel.end'))}
      </div>
      {showProblems && problems.range ? (
        <p className="form-field__problem" role="alert" data-problem={problems.range.kind}>
          {rangeMessage(problems.range)}
        </p>
      ) : valid ? (
        <p className="batches-hint">{t('batches.exportPanel.count', { count: format.count(to - from + 1) })}</p>
      ) : null}
      <p className="muted batches-hint">{t('batches.exportPanel.rangeHint', { last: format.count(application.code_count - 1) })}</p>
      {overlap ? (
        <p className="batches-waiting" data-testid="batches-export-overlap">
          {t('batches.exportPanel.overlap', {
            range: format.range(overlap.code_start, overlap.code_end),
            time: format.dateTime(overlap.created_at),
          })}
        </p>
      ) : null}

      <div className="form-row">
        <span className="form-field__label">{t('batches.exportPanel.format')}</span>
        <div className="segmented" role="radiogroup" aria-label={t('batches.exportPanel.format')}>
          {choice('csv', draft.format, t('batches.exportPanel.formatCsv'), (value) => update({ format: value }))}
          {choice('txt', draft.format, t('batches.exportPanel.formatTxt'), (value) => update({ format: value }))}
        </div>
      </div>

      <fieldset className="form-row batches-fieldset">
        <legend className="form-field__label">{t('batches.exportPanel.columns')}</legend>
        <div className="segmented">
          {COLUMNS.map((column) => {
            const checked = draft.columns.includes(column);
            return (
              <label key={column} className={checked ? 'segmented__item segmented__item--on' : 'segmented__item'}>
                <input
                  type="checkbox"
                  className="batches-checkbox"
                  name={`column_${column}`}
                  checked={checked}
                  onChange={() =>
                    update({ columns: checked ? draft.columns.filter((item) => item !== column) : [...draft.columns, column] })
                  }
                />
                {t(COLUMN_LABEL[column])}
              </label>
            );
          })}
        </div>
        {showProblems && problems.columns ? (
          <span className="form-field__problem" role="alert">
            {t('batches.exportProblem.noColumns')}
          </span>
        ) : null}
      </fieldset>

      <div className="batches-export__options">
        <div className="form-row">
          <span className="form-field__label">{t('batches.exportPanel.header')}</span>
          <div className="segmented" role="radiogroup" aria-label={t('batches.exportPanel.header')}>
            {choice(true, draft.header, t('batches.exportPanel.headerOn'), (value) => update({ header: value }))}
            {choice(false, draft.header, t('batches.exportPanel.headerOff'), (value) => update({ header: value }))}
          </div>
        </div>
        <div className="form-row">
          <span className="form-field__label">{t('batches.exportPanel.lineEnding')}</span>
          <div className="segmented" role="radiogroup" aria-label={t('batches.exportPanel.lineEnding')}>
            {choice('crlf', draft.line_ending, t('batches.exportPanel.crlf'), (value) => update({ line_ending: value }))}
            {choice('lf', draft.line_ending, t('batches.exportPanel.lf'), (value) => update({ line_ending: value }))}
          </div>
        </div>
      </div>

      <div className="actions">
        <button type="submit" className="button button--primary" disabled={busy}>
          {busy ? t('batches.exportPanel.submitting') : t('batches.exportPanel.submit')}
        </button>
        <button type="button" className="button" disabled={busy} onClick={onClose}>
          {t('batches.exportPanel.close')}
        </button>
      </div>

      <div className="batches-status" data-testid="batches-export-status" aria-live="polite">
        {outcome?.kind === 'done' ? (
          <div className="batches-export__result" data-testid="batches-export-result">
            <p className="ok-text">{t('batches.exportPanel.done', { count: format.count(outcome.run.count) })}</p>
            <dl className="facts">
              <dt>{t('batches.exportPanel.file')}</dt>
              <dd className="mono" data-testid="batches-export-file">
                {outcome.run.file_path}
              </dd>
              <dt>{t('batches.exportPanel.range')}</dt>
              <dd>{format.range(outcome.run.code_start, outcome.run.code_end)}</dd>
              <dt>{t('batches.exportPanel.sha')}</dt>
              <dd className="mono" data-testid="batches-export-sha">
                {outcome.run.file_sha256}
              </dd>
            </dl>
          </div>
        ) : null}
        {outcome?.kind === 'cancelled' ? <p className="muted">{t('batches.exportPanel.cancelled')}</p> : null}
        {outcome?.kind === 'error' ? <ErrorMessage error={outcome.error} /> : null}
      </div>
    </form>
  );
}
