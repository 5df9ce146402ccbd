import type { ActivationSummary, ResolvedRange } from '@shared/activation-contract';
import type { ApplicationDetail, ApplicationSummary } from '@shared/batches-contract';
import type { AppErrorPayload } from '@shared/errors';
import { ErrorMessage } from '@renderer/components/ErrorMessage';
import { useT } from '@renderer/i18n/use-t';
import { applicationName } from '../batches/ApplicationRow';
import { StripDiagram } from '../batches/StripDiagram';

/** The chosen application's range map, the range being activated highlighted on it. */
export function RangeMapCard({
  application,
  detail,
  detailError,
  activations,
  range,
}: {
  application: ApplicationSummary | undefined;
  detail: ApplicationDetail | undefined;
  detailError: AppErrorPayload | undefined;
  activations: readonly ActivationSummary[];
  range: ResolvedRange | undefined;
}) {
  const t = useT();
  const applicationId = application?.application_id ?? undefined;
  return (
    <section className="card activate-map" aria-label={t('rangeMap.title')}>
      <h2>{t('rangeMap.title')}</h2>
      {application ? (
        <p className="muted">
          {applicationName(application)} · {t('activate.applicationNo', { id: application.application_id ?? '' })}
        </p>
      ) : null}
      {detailError ? <ErrorMessage error={detailError} /> : null}
      {detail && application ? (
        <StripDiagram
          testId="activate-range-map"
          codeCount={application.code_count}
          segments={detail.segments}
          printRuns={detail.print_runs}
          activations={activations}
          highlight={range && range.application_id === applicationId ? { start: range.code_start, end: range.code_end } : undefined}
        />
      ) : detailError ? null : (
        <p className="muted">{t('activate.loading')}</p>
      )}
    </section>
  );
}
