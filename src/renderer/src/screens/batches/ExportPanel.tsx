import { useState, type FormEvent } from 'react';
import type { ApplicationDetail, PrintRunSummary } from '@shared/batches-contract';
import { extraColumnWidth } from '@shared/package-layout';
import { SubmitButton } from '@renderer/components/BusyButton';
import { FormField } from '@renderer/components/FormField';
import { useAction } from '@renderer/components/use-action';
import { useT } from '@renderer/i18n/use-t';
import { useBatchesStore } from '@renderer/store/batches-store';
import { checkExport, overlappingRun, type ExportProblems } from './export-check';
import { defaultDraft, exportRequest, nextDraft, type ExportDraft } from './export-draft';
import { ExportOptions } from './ExportOptions';
import { ExportResult } from './ExportResult';
import { useExportMessages } from './use-export-messages';
import { useFormat } from './use-format';

/** Export a range of an application's imported codes for the carton printer. */
export function ExportPanel({ detail, onClose }: { detail: ApplicationDetail; onClose: () => void }) {
  const t = useT();
  const exportRange = useBatchesStore((state) => state.exportRange);
  const { application, segments } = detail;
  const [draft, setDraft] = useState<ExportDraft>(() => defaultDraft(application.code_count));
  const [showProblems, setShowProblems] = useState(false);
  const [result, setResult] = useState<PrintRunSummary | 'cancelled' | undefined>();
  const action = useAction();

  const problems = checkExport(draft, application.code_count, segments);
  const valid = Object.keys(problems).length === 0;

  const update = (change: Partial<ExportDraft>) => {
    setDraft({ ...draft, ...change });
    setResult(undefined);
    action.clearError();
  };

  async function submit(event: FormEvent) {
    event.preventDefault();
    setShowProblems(true);
    setResult(undefined);
    action.clearError();
    const applicationId = application.application_id;
    if (!valid || applicationId === null) return;
    const sent = draft;
    const exported = await action.run(() => exportRange(exportRequest(sent, applicationId)));
    if (!exported.ok) return;
    const run = exported.value;
    setResult(run ?? 'cancelled');
    if (run) {
      setShowProblems(false);
      // Only when nothing was edited while the export ran: never overwrite what the person typed.
      setDraft((current) => (current === sent ? nextDraft(sent, application.code_count) : current));
    }
  }

  return (
    <form className="card batches-export" data-testid="batches-export" onSubmit={(event) => void submit(event)} noValidate>
      <h2>{t('batches.exportPanel.title')}</h2>
      <ExportRange detail={detail} draft={draft} problems={problems} showProblems={showProblems} onChange={update} />
      <ExportOptions
        draft={draft}
        extraColumns={extraColumnWidth(segments)}
        noColumns={showProblems && problems.columns !== undefined}
        onChange={update}
      />

      <div className="actions">
        <SubmitButton busy={action.busy} label={t('batches.exportPanel.submit')} busyLabel={t('batches.exportPanel.submitting')} />
        <button type="button" className="button" disabled={action.busy} onClick={onClose}>
          {t('batches.exportPanel.close')}
        </button>
      </div>

      <ExportResult run={result} error={action.error} />
    </form>
  );
}

/** The first and last index, their problems, how many codes that is, and a warning when it was printed before. */
function ExportRange({
  detail,
  draft,
  problems,
  showProblems,
  onChange,
}: {
  detail: ApplicationDetail;
  draft: ExportDraft;
  problems: ExportProblems;
  showProblems: boolean;
  onChange: (change: Partial<ExportDraft>) => void;
}) {
  const t = useT();
  const format = useFormat();
  const { indexMessage, rangeMessage } = useExportMessages();
  const { application, print_runs: printRuns } = detail;
  const valid = Object.keys(problems).length === 0;
  const from = Number(draft.start);
  const to = Number(draft.end);
  const overlap = valid ? overlappingRun(printRuns, from, to) : undefined;

  const indexField = (name: 'start' | 'end', label: string) => {
    const problem = showProblems ? problems[name] : undefined;
    return (
      <FormField label={label} problem={problem ? indexMessage(problem) : undefined}>
        <input
          name={`code_${name}`}
          type="number"
          inputMode="numeric"
          min={0}
          max={application.code_count - 1}
          step={1}
          value={draft[name]}
          aria-invalid={problem || (showProblems && problems.range) ? true : undefined}
          onChange={(event) => onChange(name === 'start' ? { start: event.target.value } : { end: event.target.value })}
        />
      </FormField>
    );
  };

  return (
    <>
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
    </>
  );
}
