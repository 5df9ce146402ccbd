import { useState, type FormEvent } from 'react';
import { SubmitButton } from '@renderer/components/BusyButton';
import { ErrorMessage } from '@renderer/components/ErrorMessage';
import { useAction } from '@renderer/components/use-action';
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
  const action = useAction();

  const problem = nameProblem(name, t);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setShowProblems(true);
    action.clearError();
    if (problem || newPin.problems.pin || newPin.problems.repeat) return;
    await action.run(() => setup(name, newPin.pin));
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
          <SubmitButton busy={action.busy} label={t('supervisor.setup.submit')} busyLabel={t('supervisor.setup.submitting')} />
        </div>
        {action.error ? <ErrorMessage error={action.error} /> : null}
      </form>
      <p className="muted">{t('supervisor.setup.settingsNote')}</p>
    </section>
  );
}
