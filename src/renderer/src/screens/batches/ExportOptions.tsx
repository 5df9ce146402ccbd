import { segmentClass, Segmented } from '@renderer/components/Segmented';
import { useT } from '@renderer/i18n/use-t';
import { COLUMN_LABEL, EXPORT_COLUMNS, type ExportDraft } from './export-draft';

interface ExportOptionsProps {
  draft: ExportDraft;
  /** The application's extra package columns: the `extra` choice is shown only when there are some. */
  extraColumns: number;
  /** Show the "tick at least one column" problem. */
  noColumns: boolean;
  onChange: (change: Partial<ExportDraft>) => void;
}

/** How the file is written: format, columns, header line, line ending. */
export function ExportOptions({ draft, extraColumns, noColumns, onChange }: ExportOptionsProps) {
  const t = useT();
  return (
    <>
      <div className="form-row">
        <span className="form-field__label">{t('batches.exportPanel.format')}</span>
        <Segmented
          label={t('batches.exportPanel.format')}
          options={[
            { value: 'csv', label: t('batches.exportPanel.formatCsv') },
            { value: 'txt', label: t('batches.exportPanel.formatTxt') },
          ]}
          value={draft.format}
          onChange={(format) => onChange({ format })}
        />
      </div>

      <ColumnChoice draft={draft} extraColumns={extraColumns} noColumns={noColumns} onChange={onChange} />

      <div className="batches-export__options">
        <div className="form-row">
          <span className="form-field__label">{t('batches.exportPanel.header')}</span>
          <Segmented
            label={t('batches.exportPanel.header')}
            options={[
              { value: true, label: t('batches.exportPanel.headerOn') },
              { value: false, label: t('batches.exportPanel.headerOff') },
            ]}
            value={draft.header}
            onChange={(header) => onChange({ header })}
          />
        </div>
        <div className="form-row">
          <span className="form-field__label">{t('batches.exportPanel.lineEnding')}</span>
          <Segmented
            label={t('batches.exportPanel.lineEnding')}
            options={[
              { value: 'crlf', label: t('batches.exportPanel.crlf') },
              { value: 'lf', label: t('batches.exportPanel.lf') },
            ]}
            value={draft.line_ending}
            onChange={(line_ending) => onChange({ line_ending })}
          />
        </div>
      </div>
    </>
  );
}

/** Which columns the file has, in file order; `extra` only when the package kept extra columns. */
function ColumnChoice({ draft, extraColumns, noColumns, onChange }: ExportOptionsProps) {
  const t = useT();
  return (
    <fieldset className="form-row batches-fieldset">
      <legend className="form-field__label">{t('batches.exportPanel.columns')}</legend>
      <div className="segmented">
        {EXPORT_COLUMNS.filter((column) => column !== 'extra' || extraColumns > 0).map((column) => {
          const checked = draft.columns.includes(column);
          return (
            <label key={column} className={segmentClass(checked)}>
              <input
                type="checkbox"
                className="batches-checkbox"
                name={`column_${column}`}
                checked={checked}
                onChange={() =>
                  onChange({ columns: checked ? draft.columns.filter((item) => item !== column) : [...draft.columns, column] })
                }
              />
              {t(COLUMN_LABEL[column], { count: extraColumns })}
            </label>
          );
        })}
      </div>
      {noColumns ? (
        <span className="form-field__problem" role="alert">
          {t('batches.exportProblem.noColumns')}
        </span>
      ) : null}
    </fieldset>
  );
}
