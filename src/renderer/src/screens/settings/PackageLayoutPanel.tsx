import { useEffect, useState, type FormEvent } from 'react';
import type { PackageLayoutInfo } from '@shared/package-contract';
import { parseColumnMapping } from '@shared/package-layout';
import { call } from '@renderer/api/call';
import { showRefusal } from '@renderer/api/refusal';
import { FormField } from '@renderer/components/FormField';
import { OutcomeLine } from '@renderer/components/OutcomeLine';
import { useAction } from '@renderer/components/use-action';
import { useT } from '@renderer/i18n/use-t';

/**
 * Settings → Connection → Package layout: the column order of this account's packages,
 * for when the importer cannot tell it (PACKAGE_LAYOUT_UNDETECTED). Empty: detected.
 */
export function PackageLayoutPanel() {
  const t = useT();
  const [info, setInfo] = useState<PackageLayoutInfo | undefined>();
  const [text, setText] = useState('');
  const [saved, setSaved] = useState(false);
  const [showProblem, setShowProblem] = useState(false);
  const action = useAction();
  const { fail } = action;

  useEffect(() => {
    call('batches.packageLayout', {}).then((loaded) => {
      setInfo(loaded);
      setText(loaded.columns?.join(',') ?? '');
    }, showRefusal(fail));
  }, [fail]);

  const mapping = text.trim() === '' ? null : parseColumnMapping(text);
  async function save(columns: PackageLayoutInfo['columns']) {
    setSaved(false);
    const done = await action.run(() => call('batches.setPackageLayout', { columns }));
    if (done.ok) {
      setInfo(done.value);
      setText(done.value.columns?.join(',') ?? '');
      setSaved(true);
    }
  }
  function submit(event: FormEvent) {
    event.preventDefault();
    setShowProblem(true);
    if (mapping !== undefined) void save(mapping);
  }

  return (
    <form className="card package-layout" onSubmit={submit} data-testid="package-layout">
      <h2>{t('packageLayout.title')}</h2>
      <p className="muted">{t('packageLayout.explain')}</p>
      <p data-testid="package-layout-current">
        {info?.columns ? t('packageLayout.currentManual', { columns: info.columns.join(', ') }) : t('packageLayout.currentAuto')}
      </p>
      <FormField
        label={t('packageLayout.columns')}
        hint={<span className="muted">{t('packageLayout.hint')}</span>}
        problem={showProblem && mapping === undefined ? t('packageLayout.invalid') : undefined}
      >
        <input
          name="package-layout"
          type="text"
          spellCheck={false}
          autoComplete="off"
          placeholder="extra,code,index,code_url"
          value={text}
          aria-invalid={showProblem && mapping === undefined ? true : undefined}
          onChange={(event) => {
            setText(event.target.value);
            setSaved(false);
          }}
        />
      </FormField>
      <div className="actions">
        <button type="submit" className="button button--primary" disabled={action.busy}>
          {t('packageLayout.save')}
        </button>
        <button type="button" className="button" disabled={action.busy || !info?.columns} onClick={() => void save(null)}>
          {t('packageLayout.auto')}
        </button>
      </div>
      <OutcomeLine
        className="package-layout__status"
        testId="package-layout-status"
        done={saved ? t('packageLayout.saved') : undefined}
        error={action.error}
      />
    </form>
  );
}
