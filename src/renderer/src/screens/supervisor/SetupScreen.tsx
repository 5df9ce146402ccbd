import { useState, type FormEvent } from 'react';
import type { AppErrorPayload } from '@shared/errors';
import { CallError } from '@renderer/api/call';
import { ErrorMessage } from '@renderer/components/ErrorMessage';
import { useT } from '@renderer/i18n/use-t';
import { useSupervisorStore } from '@renderer/store/supervisor-store';
import { NameField, NewPinFields, useNewPin } from './PinFields';
import { nameProblem } from './problems';

/** First run: the first supervisor's name and PIN, shown instead of every screen but Settings. */
export function SetupScreen() {
  const t = useT();
  const setup = useSupervisorStore((state) => state.setup);
  const [name, setName] = useState('');
  const newPin = useNewPin();
  const [showProblems, setShowProblems] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<AppErrorPayload | undefined>();

  const problem = nameProblem(name, t);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setShowProblems(true);
    setError(undefined);
    if (problem || newPin.problems.pin || newPin.problems.repeat) return;
    setBusy(true);
    try {
      await setup(name, newPin.pin);
    } catch (caught) {
      if (!(caught instanceof CallError)) throw caught;
      setError(caught.payload);
    } finally {
      setBusy(false);
    }
  }

  return (
    <section className="screen supervisor-setup" data-testid="supervisor-setup">
      <h1>{t('supervisor.setup.title')}</h1>
      <form className="card" onSubmit={(event) => void submit(event)} noValidate>
        <p className="supervisor-setup__body">{t('supervisor.setup.body')}</p>
        <div className="form-grid">
          <NameField value={name} problem={showProblems ? problem : undefined} hint={t('supervisor.setup.nameHint')} onChange={setName} />
        </div>
        <div className="form-grid">
          <NewPinFields newPin={newPin} showProblems={showProblems} name="pin" />
        </div>
        <div className="actions">
          <button type="submit" className="button button--primary" disabled={busy}>
            {busy ? t('supervisor.setup.submitting') : t('supervisor.setup.submit')}
          </button>
        </div>
        {error ? <ErrorMessage error={error} /> : null}
      </form>
      <p className="muted">{t('supervisor.setup.settingsNote')}</p>
    </section>
  );
}
