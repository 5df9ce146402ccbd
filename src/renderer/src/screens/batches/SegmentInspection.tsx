import { useState } from 'react';
import type { PackageInspectionInfo } from '@shared/package-contract';
import { call } from '@renderer/api/call';
import { BusyButton } from '@renderer/components/BusyButton';
import { ErrorMessage } from '@renderer/components/ErrorMessage';
import { useAction } from '@renderer/components/use-action';
import { useT } from '@renderer/i18n/use-t';
import { useFormat } from './use-format';

type Structure = NonNullable<PackageInspectionInfo['structure']>;

/** The columns of a package as read: role, shape, three masked examples. */
function ColumnsTable({ structure }: { structure: Structure }) {
  const t = useT();
  return (
    <table className="batches-table" data-testid="inspection-columns">
      <thead>
        <tr>
          <th>{t('inspect.column')}</th>
          <th>{t('inspect.role')}</th>
          <th>{t('inspect.shape')}</th>
          <th>{t('inspect.examples')}</th>
        </tr>
      </thead>
      <tbody>
        {structure.columns.map((column) => (
          <tr key={column.position}>
            <td className="batches-num">{column.position}</td>
            <td>{column.role ? t(`inspect.role.${column.role}`) : t('inspect.role.unknown')}</td>
            <td>
              {t('inspect.shapeValue', {
                length: column.minLength === column.maxLength ? String(column.minLength) : `${column.minLength}–${column.maxLength}`,
                characters: t(`inspect.characters.${column.characters}`),
              })}
            </td>
            <td className="mono">{column.examples.join('  ')}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** The report: what the package looks like, and whether the importer would take it. */
function InspectionReport({ report }: { report: PackageInspectionInfo }) {
  const t = useT();
  const format = useFormat();
  const { structure, verdict } = report;
  return (
    <div className="batches-inspection" data-testid="segment-inspection">
      {structure ? (
        <>
          <dl className="facts">
            <dt>{t('inspect.lines')}</dt>
            <dd>{format.count(structure.lines)}</dd>
            <dt>{t('inspect.header')}</dt>
            <dd className="mono">{structure.header ?? t('batches.detail.none')}</dd>
            <dt>{t('inspect.separator')}</dt>
            <dd>{structure.separator ? t(`inspect.separator.${structure.separator}`) : t('inspect.role.unknown')}</dd>
            <dt>SHA-256</dt>
            <dd className="mono">{structure.sha256}</dd>
          </dl>
          <ColumnsTable structure={structure} />
        </>
      ) : null}
      {verdict.ok ? (
        <p className="ok-text" data-testid="inspection-verdict">
          {t('inspect.verdictOk', { layout: verdict.layout, count: format.count(verdict.count) })}
        </p>
      ) : (
        <div data-testid="inspection-verdict">
          <p>{t('inspect.verdictRefused')}</p>
          <ErrorMessage error={verdict.error} />
        </div>
      )}
    </div>
  );
}

/** "Inspect package" on a failed segment: decrypts it and shows its structure, values masked; imports nothing. */
export function SegmentInspection({ applicationId, codeStart }: { applicationId: number; codeStart: number }) {
  const t = useT();
  const action = useAction();
  const [report, setReport] = useState<PackageInspectionInfo | undefined>();
  async function inspect() {
    const done = await action.run(() => call('batches.inspectSegment', { application_id: applicationId, code_start: codeStart }));
    if (done.ok) setReport(done.value);
  }
  return (
    <div className="batches-inspect">
      <BusyButton
        className="button"
        busy={action.busy}
        label={t('inspect.button')}
        busyLabel={t('inspect.busy')}
        onClick={() => void inspect()}
      />
      {action.error ? <ErrorMessage error={action.error} /> : null}
      {report ? <InspectionReport report={report} /> : null}
    </div>
  );
}
