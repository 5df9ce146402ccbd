import { Fragment, useState } from 'react';
import type { ApplicationDetail, ApplicationSummary, ImportProgress, SegmentSummary } from '@shared/batches-contract';
import { ErrorMessage } from '@renderer/components/ErrorMessage';
import { useT } from '@renderer/i18n/use-t';
import { useBatchesStore } from '@renderer/store/batches-store';
import { useApplicationActivations } from '../activate/use-activations';
import { applicationName, canRetry, ProgressBar, StateChip, StatusLine } from './ApplicationRow';
import { ExportPanel } from './ExportPanel';
import { RetryButton } from './RetryButton';
import { StripDiagram } from './StripDiagram';
import { useFormat } from './use-format';

/** "3f9a0c1d2e4b…": enough to compare by eye; the full value is in the tooltip. */
function abbreviate(sha: string): string {
  return sha.length > 12 ? `${sha.slice(0, 12)}…` : sha;
}

/** The file's name without its folder (the full path is in the tooltip and the export result). */
function fileName(path: string): string {
  return path.split(/[\\/]/).pop() ?? path;
}

/** Imported codes can be scanned only once indexed: an imported segment not yet indexed says so. */
function SegmentState({ segment }: { segment: SegmentSummary }) {
  const t = useT();
  const state = segment.state === 'imported' && segment.indexed_at === null ? 'indexing' : segment.state;
  return (
    <span className={`batches-segment-state batches-segment-state--${state}`} data-testid="batches-segment-state">
      {t(`batches.segmentState.${state}`)}
    </span>
  );
}

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
  const format = useFormat();
  const [exporting, setExporting] = useState(false);
  // The strip is the range map: what is live, pending or refused on top of what is imported and exported.
  const { activations } = useApplicationActivations(summary.application_id);
  const { segments, print_runs: printRuns } = detail;
  const canExport = summary.application_id !== null && summary.codes_imported > 0;
  const none = t('batches.detail.none');

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

      <dl className="facts batches-detail__facts">
        <dt>{t('batches.detail.applicationId')}</dt>
        <dd data-testid="batches-detail-application-id">{summary.application_id ?? none}</dd>
        <dt>{t('batches.detail.isv')}</dt>
        <dd className="mono">{summary.isv_application_id}</dd>
        <dt>{t('batches.detail.codeCount')}</dt>
        <dd>{format.count(summary.code_count)}</dd>
        <dt>{t('batches.detail.remoteStatus')}</dt>
        <dd>{summary.remote_status ?? none}</dd>
        <dt>{t('batches.detail.segments')}</dt>
        <dd>
          {summary.segments_total > 0
            ? t('batches.detail.segmentsValue', {
                done: format.count(summary.segments_imported),
                total: format.count(summary.segments_total),
                failed: format.count(summary.segments_failed),
              })
            : none}
        </dd>
        <dt>{t('batches.detail.created')}</dt>
        <dd>{t('batches.detail.createdValue', { time: format.dateTime(summary.created_at), actor: summary.created_by })}</dd>
        <dt>{t('batches.detail.updated')}</dt>
        <dd>{format.dateTime(summary.updated_at)}</dd>
      </dl>

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

      <h3>{t('batches.segments.title')}</h3>
      {segments.length === 0 ? (
        <p className="muted">{t('batches.segments.none')}</p>
      ) : (
        <div className="batches-table-wrap">
          <table className="batches-table" data-testid="batches-segments">
            <thead>
              <tr>
                <th>{t('batches.segments.range')}</th>
                <th className="batches-num">{t('batches.segments.count')}</th>
                <th>{t('batches.segments.state')}</th>
                <th>{t('batches.segments.sha')}</th>
                <th>{t('batches.segments.importedAt')}</th>
              </tr>
            </thead>
            <tbody>
              {segments.map((segment) => (
                <Fragment key={segment.code_start}>
                  <tr data-state={segment.state} className={segment.state === 'failed' ? 'batches-table__failed' : undefined}>
                    <td className="batches-num">{format.range(segment.code_start, segment.code_end)}</td>
                    <td className="batches-num">{format.count(segment.code_end - segment.code_start + 1)}</td>
                    <td className="batches-nowrap">
                      <SegmentState segment={segment} />
                    </td>
                    <td className="mono batches-sha" title={segment.plaintext_sha256 ?? undefined}>
                      {segment.plaintext_sha256 ? abbreviate(segment.plaintext_sha256) : none}
                    </td>
                    <td>{segment.imported_at ? format.dateTime(segment.imported_at) : none}</td>
                  </tr>
                  {segment.state === 'failed' && (segment.error || segment.kept_buffer_path) ? (
                    <tr className="batches-table__failed batches-table__detail">
                      <td colSpan={5}>
                        {segment.error ? <ErrorMessage error={segment.error} /> : null}
                        {segment.kept_buffer_path ? (
                          <p className="muted">
                            {t('batches.segments.keptBuffer')} <span className="mono">{segment.kept_buffer_path}</span>
                          </p>
                        ) : null}
                      </td>
                    </tr>
                  ) : null}
                </Fragment>
              ))}
            </tbody>
          </table>
        </div>
      )}

      <h3>{t('batches.printRuns.title')}</h3>
      {printRuns.length === 0 ? (
        <p className="muted">{t('batches.printRuns.none')}</p>
      ) : (
        <div className="batches-table-wrap">
          <table className="batches-table" data-testid="batches-print-runs">
            <thead>
              <tr>
                <th>{t('batches.printRuns.range')}</th>
                <th className="batches-num">{t('batches.printRuns.count')}</th>
                <th>{t('batches.printRuns.file')}</th>
                <th>{t('batches.printRuns.time')}</th>
              </tr>
            </thead>
            <tbody>
              {printRuns.map((run) => (
                <tr key={run.id}>
                  <td className="batches-num">{format.range(run.code_start, run.code_end)}</td>
                  <td className="batches-num">{format.count(run.count)}</td>
                  <td className="mono batches-file" title={`${run.file_path}\nSHA-256 ${run.file_sha256}`}>
                    {fileName(run.file_path)}
                  </td>
                  <td>{format.dateTime(run.created_at)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}
