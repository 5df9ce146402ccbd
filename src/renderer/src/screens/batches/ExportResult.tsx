import type { PrintRunSummary } from '@shared/batches-contract';
import type { AppErrorPayload } from '@shared/errors';
import { ErrorMessage } from '@renderer/components/ErrorMessage';
import { useT } from '@renderer/i18n/use-t';
import { useFormat } from './use-format';

/** What the last export came to: the file written (path, range, SHA-256), cancelled in the dialog, or main's refusal. */
export function ExportResult({ run, error }: { run: PrintRunSummary | 'cancelled' | undefined; error: AppErrorPayload | undefined }) {
  const t = useT();
  const format = useFormat();
  return (
    <div className="batches-status" data-testid="batches-export-status" aria-live="polite">
      {run && run !== 'cancelled' ? (
        <div className="batches-export__result" data-testid="batches-export-result">
          <p className="ok-text">{t('batches.exportPanel.done', { count: format.count(run.count) })}</p>
          <dl className="facts">
            <dt>{t('batches.exportPanel.file')}</dt>
            <dd className="mono" data-testid="batches-export-file">
              {run.file_path}
            </dd>
            <dt>{t('batches.exportPanel.range')}</dt>
            <dd>{format.range(run.code_start, run.code_end)}</dd>
            <dt>{t('batches.exportPanel.sha')}</dt>
            <dd className="mono" data-testid="batches-export-sha">
              {run.file_sha256}
            </dd>
          </dl>
        </div>
      ) : null}
      {run === 'cancelled' ? <p className="muted">{t('batches.exportPanel.cancelled')}</p> : null}
      {error ? <ErrorMessage error={error} /> : null}
    </div>
  );
}
