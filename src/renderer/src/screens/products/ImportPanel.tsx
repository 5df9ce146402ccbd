import { useState, type ChangeEvent, type FormEvent } from 'react';
import type { ProductImportReport } from '@shared/products-contract';
import { SubmitButton } from '@renderer/components/BusyButton';
import { ErrorMessage } from '@renderer/components/ErrorMessage';
import { useAction } from '@renderer/components/use-action';
import { useT } from '@renderer/i18n/use-t';
import { useProductsStore } from '@renderer/store/products-store';
import { importProblemText } from './problem-text';

export const CSV_HEADER = 'product_code,product_brand,product_title,activity_name,wxa_appid,wxa_path,wxa_type';

/** CSV import from a file or pasted text; shows main's per-row report (all or nothing). */
export function ImportPanel({ onClose }: { onClose: () => void }) {
  const t = useT();
  const importCsv = useProductsStore((state) => state.importCsv);
  const [text, setText] = useState('');
  const [fileNote, setFileNote] = useState<string | undefined>();
  const [report, setReport] = useState<ProductImportReport | undefined>();
  const [missing, setMissing] = useState(false);
  const action = useAction();

  async function pickFile(event: ChangeEvent<HTMLInputElement>) {
    const file = event.target.files?.[0];
    if (!file) return;
    const content = await file.text();
    setText(content);
    setReport(undefined);
    setMissing(false);
    setFileNote(
      t('products.importPanel.fileLoaded', { name: file.name, lines: content.split(/\r\n|\r|\n/).filter((line) => line !== '').length }),
    );
  }

  async function submit(event: FormEvent) {
    event.preventDefault();
    action.clearError();
    setReport(undefined);
    if (text.trim() === '') {
      setMissing(true);
      return;
    }
    const imported = await action.run(() => importCsv(text));
    if (imported.ok) setReport(imported.value);
  }

  return (
    <form className="card products-import" data-testid="product-import" onSubmit={(event) => void submit(event)} noValidate>
      <h2>{t('products.importPanel.title')}</h2>
      <p className="muted">{t('products.importPanel.body', { header: CSV_HEADER })}</p>
      <label className="form-field">
        <span className="form-field__label">{t('products.importPanel.file')}</span>
        <input
          name="csv-file"
          type="file"
          accept=".csv,text/csv,text/plain"
          className="products-file"
          onChange={(event) => void pickFile(event)}
        />
      </label>
      {fileNote ? <p className="muted">{fileNote}</p> : null}
      <label className="form-field">
        <span className="form-field__label">{t('products.importPanel.paste')}</span>
        <textarea
          name="csv-text"
          className="products-textarea mono"
          rows={6}
          spellCheck={false}
          value={text}
          placeholder={CSV_HEADER}
          onChange={(event) => {
            setText(event.target.value);
            setMissing(false);
          }}
        />
        {missing ? (
          <span className="form-field__problem" role="alert">
            {t('products.importPanel.nothing')}
          </span>
        ) : null}
      </label>
      <div className="actions">
        <SubmitButton busy={action.busy} label={t('products.importPanel.submit')} busyLabel={t('products.importPanel.submitting')} />
        <button type="button" className="button" onClick={onClose}>
          {t('products.importPanel.close')}
        </button>
      </div>
      <div className="products-status" data-testid="product-import-report" aria-live="polite">
        {action.error ? <ErrorMessage error={action.error} /> : null}
        {report?.imported ? (
          <p className="ok-text">
            {t('products.report.imported', { added: report.added, updated: report.updated, unchanged: report.unchanged })}
          </p>
        ) : null}
        {report && !report.imported ? <RefusedRows report={report} /> : null}
      </div>
    </form>
  );
}

/** A refused import (all or nothing): each invalid row's line, code and reasons. */
function RefusedRows({ report }: { report: ProductImportReport }) {
  const t = useT();
  const bad = report.rows.filter((row) => row.outcome === 'invalid');
  return (
    <>
      <p className="error-message" role="alert">
        {t('products.report.refused', { count: bad.length })}
      </p>
      <div className="products-table-wrap">
        <table className="products-table products-report">
          <thead>
            <tr>
              <th scope="col">{t('products.report.line')}</th>
              <th scope="col">{t('products.report.code')}</th>
              <th scope="col">{t('products.report.reasons')}</th>
            </tr>
          </thead>
          <tbody>
            {bad.map((row) => (
              <tr key={row.line} data-line={row.line}>
                <td className="products-num">{row.line}</td>
                <td className="mono">{row.product_code ?? '—'}</td>
                <td>
                  <ul className="products-reasons">
                    {row.problems.map((problem, index) => (
                      <li key={index}>{importProblemText(t, problem)}</li>
                    ))}
                  </ul>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}
