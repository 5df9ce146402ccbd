import type { ApplicationSummary, ImportProgress } from '@shared/batches-contract';
import { IMPORT_STEP_FAILED, IMPORT_THREAD_STOPPED, type KnownErrorCode } from '@renderer/api/error-codes';
import { ErrorMessage } from '@renderer/components/ErrorMessage';
import { useT } from '@renderer/i18n/use-t';
import { useLocale } from '@renderer/store/app-store';
import { codesDone } from '@renderer/store/batches-store';
import { RetryButton } from './RetryButton';
import { useFormat } from './use-format';

/** The display name: the label when there is one, the station's reference otherwise. */
export function applicationName(summary: ApplicationSummary): string {
  return summary.label ?? summary.isv_application_id;
}

/** Retry makes sense when the application failed or some of its segments did. */
export function canRetry(summary: ApplicationSummary): boolean {
  return summary.state === 'failed' || summary.segments_failed > 0;
}

/**
 * While the imported codes go into the scan look-ups: `{ percent }` (null until an indexing event gives one),
 * otherwise undefined. The summary decides, not the last event: that event outlives the build it came from.
 */
export function indexingStatus(
  summary: ApplicationSummary,
  progress: ImportProgress | undefined,
): { percent: number | null; secondsLeft: number | null } | undefined {
  if (summary.state !== 'downloading' || summary.segments_indexed >= summary.segments_imported) return undefined;
  const pending = summary.segments_total - summary.segments_imported - summary.segments_failed;
  const building = progress?.phase === 'indexing';
  // A build that has started finishes before a retried segment is imported, so it can run with segments pending.
  if (pending > 0 && !building) return undefined;
  return building
    ? { percent: Math.floor(progress.indexed_percent), secondsLeft: progress.seconds_left }
    : { percent: null, secondsLeft: null };
}

/** Postponements caused on this PC (the import thread, the disk), not by the network. */
const LOCAL_PAUSES: ReadonlySet<string> = new Set<KnownErrorCode>([IMPORT_THREAD_STOPPED, IMPORT_STEP_FAILED]);

/** One sentence on where the application stands, in the user's words. */
export function StatusLine({ summary, progress }: { summary: ApplicationSummary; progress: ImportProgress | undefined }) {
  const t = useT();
  const locale = useLocale();
  const format = useFormat();
  if (summary.state === 'failed') {
    return summary.last_error ? <ErrorMessage error={summary.last_error} /> : <p className="error-message">{t('batches.status.failed')}</p>;
  }
  if (summary.state === 'imported') return <p className="ok-text">{t('batches.status.imported')}</p>;
  if (summary.last_error) {
    return (
      <p className="batches-waiting" data-testid="batches-waiting-network">
        {t(LOCAL_PAUSES.has(summary.last_error.code) ? 'batches.status.paused' : 'batches.status.waitingNetwork', {
          reason: summary.last_error.localized[locale].message,
        })}
        {summary.next_attempt_at ? ` ${t('batches.status.nextAttempt', { time: format.time(summary.next_attempt_at) })}` : null}
      </p>
    );
  }
  if (summary.state === 'applying') return <p className="muted">{t('batches.status.applying')}</p>;
  if (summary.state === 'waiting') {
    return (
      <p className="muted">
        {summary.remote_status ? t('batches.status.waitingRemote', { status: summary.remote_status }) : t('batches.status.waiting')}
      </p>
    );
  }
  // Failed segments wait for Retry only after the good ones are indexed, so indexing is told first.
  const indexing = indexingStatus(summary, progress);
  if (indexing) {
    return (
      <p className="batches-indexing" data-testid="batches-indexing">
        {indexing.percent === null
          ? t('batches.status.indexing')
          : t('batches.status.indexingPercent', { percent: format.count(indexing.percent) })}
        {indexing.secondsLeft !== null ? ` · ${t('batches.row.timeLeft', { time: format.duration(indexing.secondsLeft) })}` : null}
      </p>
    );
  }
  const pending = summary.segments_total - summary.segments_imported - summary.segments_failed;
  if (summary.segments_failed > 0 && pending === 0) {
    return <p className="error-message">{t('batches.status.stalled', { count: format.count(summary.segments_failed) })}</p>;
  }
  // An indexing event's speed is the finished import's, not a live one.
  if (progress?.phase === 'importing' && progress.codes_per_second > 0) {
    return (
      <p className="batches-speed" data-testid="batches-speed">
        {t('batches.row.speed', { rate: format.count(progress.codes_per_second) })}
        {progress.seconds_left !== null ? ` · ${t('batches.row.timeLeft', { time: format.duration(progress.seconds_left) })}` : null}
      </p>
    );
  }
  return <p className="muted">{t('batches.status.downloading')}</p>;
}

export function ProgressBar({ summary, progress }: { summary: ApplicationSummary; progress: ImportProgress | undefined }) {
  const t = useT();
  const format = useFormat();
  const done = codesDone(summary, progress);
  const percent = summary.code_count > 0 ? (done / summary.code_count) * 100 : 0;
  // The bar counts imported codes; while they are indexed it stays put, so it says it is still working.
  const indexing = indexingStatus(summary, progress) !== undefined;
  const figures = { done: format.count(done), total: format.count(summary.code_count) };
  return (
    <div
      className={`batches-progress batches-progress--${summary.state}${indexing ? ' batches-progress--indexing' : ''}`}
      role="progressbar"
      aria-label={t('batches.progressLabel')}
      aria-valuemin={0}
      aria-valuemax={summary.code_count}
      aria-valuenow={done}
      aria-valuetext={indexing ? t('batches.row.codesIndexing', figures) : t('batches.row.codesImported', figures)}
      aria-busy={indexing || undefined}
    >
      <div className="batches-progress__fill" style={{ width: `${percent}%` }} />
    </div>
  );
}

export function StateChip({ state }: { state: ApplicationSummary['state'] }) {
  const t = useT();
  return (
    <span className={`batches-chip batches-chip--${state}`} data-state={state}>
      {t(`batches.state.${state}`)}
    </span>
  );
}

/** One application in the list: what it is, where it stands, how far the import got. */
export function ApplicationRow({
  summary,
  progress,
  selected,
  onOpen,
}: {
  summary: ApplicationSummary;
  progress: ImportProgress | undefined;
  selected: boolean;
  onOpen: () => void;
}) {
  const t = useT();
  const format = useFormat();
  const done = codesDone(summary, progress);
  return (
    <li
      className={selected ? 'batches-row batches-row--selected' : 'batches-row'}
      data-testid="batches-row"
      data-isv={summary.isv_application_id}
      data-state={summary.state}
    >
      <div className="batches-row__head">
        <div className="batches-row__name">
          <strong>{applicationName(summary)}</strong>
          <span className="muted">
            {summary.application_id === null
              ? t('batches.row.noApplicationId')
              : t('batches.row.applicationId', { id: summary.application_id })}
          </span>
        </div>
        <StateChip state={summary.state} />
      </div>
      <div className="batches-row__figures">
        <span>{t('batches.row.codes', { count: format.count(summary.code_count) })}</span>
        <span data-testid="batches-row-segments">
          {summary.segments_total > 0
            ? t('batches.row.segments', { done: format.count(summary.segments_imported), total: format.count(summary.segments_total) })
            : t('batches.row.segmentsUnknown')}
        </span>
        <span>{t('batches.row.codesImported', { done: format.count(done), total: format.count(summary.code_count) })}</span>
      </div>
      <ProgressBar summary={summary} progress={progress} />
      <div className="batches-row__status">
        <StatusLine summary={summary} progress={progress} />
      </div>
      <div className="batches-row__foot">
        <span className="muted">{t('batches.row.created', { time: format.dateTime(summary.created_at) })}</span>
        <div className="actions">
          {canRetry(summary) ? <RetryButton isv={summary.isv_application_id} /> : null}
          <button type="button" className={selected ? 'button button--primary' : 'button'} aria-pressed={selected} onClick={onOpen}>
            {t('batches.row.open')}
          </button>
        </div>
      </div>
    </li>
  );
}
