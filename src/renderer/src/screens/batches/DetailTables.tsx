import { Fragment } from 'react';
import type { ApplicationSummary, PrintRunSummary, SegmentSummary } from '@shared/batches-contract';
import { ErrorMessage } from '@renderer/components/ErrorMessage';
import { useT } from '@renderer/i18n/use-t';
import { SegmentInspection } from './SegmentInspection';
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

/** The application's facts: ids, size, WeChat's status, segments, who created it and when. */
export function DetailFacts({ summary }: { summary: ApplicationSummary }) {
  const t = useT();
  const format = useFormat();
  const none = t('batches.detail.none');
  return (
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
  );
}

/** Each segment: its range, size, state, plaintext SHA-256, when imported; a failed one says why. */
export function SegmentsTable({ segments, applicationId }: { segments: readonly SegmentSummary[]; applicationId?: number | null }) {
  const t = useT();
  const format = useFormat();
  const none = t('batches.detail.none');
  return (
    <>
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
                        {applicationId != null ? <SegmentInspection applicationId={applicationId} codeStart={segment.code_start} /> : null}
                      </td>
                    </tr>
                  ) : null}
                </Fragment>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}

/** Each print run exported: its range, size, file (full path and SHA-256 in the tooltip), time. */
export function PrintRunsTable({ printRuns }: { printRuns: readonly PrintRunSummary[] }) {
  const t = useT();
  const format = useFormat();
  return (
    <>
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
