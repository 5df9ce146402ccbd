import { useState } from 'react';
import type { ApplicationDetail, ApplicationSummary, ImportProgress } from '@shared/batches-contract';
import { ErrorMessage } from '@renderer/components/ErrorMessage';
import { useT } from '@renderer/i18n/use-t';
import { useBatchesStore } from '@renderer/store/batches-store';
import { useApplicationActivations } from '../activate/use-activations';
import { applicationName, canRetry, ProgressBar, StateChip, StatusLine } from './ApplicationRow';
import { DetailFacts, PrintRunsTable, SegmentsTable } from './DetailTables';
import { ExportPanel } from './ExportPanel';
import { RetryButton } from './RetryButton';
import { StripDiagram } from './StripDiagram';

/** The open application: facts, the index-space strip, segments, print runs, retry and export. */
export function ApplicationDetailPanel() {
  const t = useT();
  const selected = useBatchesStore((state) => state.selected);
  const detail = useBatchesStore((state) => state.detail);
  const detailError = useBatchesStore((state) => state.detailError);
  const listed = useBatchesStore((state) => state.applications.find((item) => item.isv_application_id === state.selected));
  const progress = useBatchesStore((state) => (state.selected ? state.progress[state.selected] : undefined));
  const select = useBatchesStore((state) => state.select);
  if (!selected) return null;

  return (
    <section className="card batches-detail" data-testid="batches-detail" aria-label={t('batches.detail.title')}>
      {detail ? (
        <DetailBody
          key={selected}
          detail={detail}
          summary={listed ?? detail.application}
          progress={progress}
          onClose={() => select(undefined)}
        />
      ) : detailError ? (
        <ErrorMessage error={detailError} />
      ) : (
        <p className="muted">{t('batches.detail.loading')}</p>
      )}
    </section>
  );
}

function DetailBody({
  detail,
  summary,
  progress,
  onClose,
}: {
  detail: ApplicationDetail;
  summary: ApplicationSummary;
  progress: ImportProgress | undefined;
  onClose: () => void;
}) {
  const t = useT();
  const [exporting, setExporting] = useState(false);
  // The strip is the range map: what is live, pending or refused on top of what is imported and exported.
  const { activations } = useApplicationActivations(summary.application_id);
  const { segments, print_runs: printRuns } = detail;
  const canExport = summary.application_id !== null && summary.codes_imported > 0;
  return (
    <>
      <div className="batches-detail__head">
        <h2>
          {applicationName(summary)} <StateChip state={summary.state} />
        </h2>
        <button type="button" className="button" onClick={onClose}>
          {t('batches.detail.close')}
        </button>
      </div>
      <ProgressBar summary={summary} progress={progress} />
      <div className="batches-row__status">
        <StatusLine summary={summary} progress={progress} />
      </div>

      <DetailFacts summary={summary} />

      <h3>{t('batches.strip.title')}</h3>
      <StripDiagram codeCount={summary.code_count} segments={segments} printRuns={printRuns} activations={activations} />

      <div className="actions batches-detail__actions">
        {canExport ? (
          <button type="button" className="button button--primary" aria-expanded={exporting} onClick={() => setExporting(!exporting)}>
            {t('batches.detail.export')}
          </button>
        ) : null}
        {canRetry(summary) ? <RetryButton isv={summary.isv_application_id} /> : null}
      </div>
      {exporting && canExport ? <ExportPanel detail={detail} onClose={() => setExporting(false)} /> : null}

      <SegmentsTable segments={segments} applicationId={summary.application_id} />
      <PrintRunsTable printRuns={printRuns} />
    </>
  );
}
