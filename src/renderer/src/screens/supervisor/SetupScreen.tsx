import { useState, type FormEvent } from 'react';
import type { AppErrorPayload } from '../../../../shared/errors';
import { CallError } from '../../api/call';
import { ErrorMessage } from '../../components/ErrorMessage';
import { useT } from '../../i18n/use-t';
import { useSupervisorStore } from '../../store/supervisor-store';
import { PinField } from './PinField';
import { nameProblem, pinProblem, repeatProblem } from './problems';

/** First run: the first supervisor's name and PIN, shown instead of every screen but Settings. */
export function SetupScreen() {
  const t = useT();
  const setup = useSupervisorStore((state) => state.setup);
  const [name, setName] = useState('');
  const [pin, setPin] = useState('');
  const [repeat, setRepeat] = useState('');
  const [showProblems, setShowProblems] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<AppErrorPayload | undefined>();

  const problems = { name: nameProblem(name, t), pin: pinProblem(pin, t), repeat: repeatProblem(pin, repeat, t) };
  const shown = (problem: string | undefined) => (showProblems ? problem : undefined);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setShowProblems(true);
    setError(undefined);
    if (problems.name || problems.pin || problems.repeat) return;
    setBusy(true);
    try {
      await setup(name, pin);
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
          <label className="form-field">
            <span className="form-field__label">{t('supervisor.setup.name')}</span>
            <input
              name="name"
              type="text"
              autoComplete="off"
              value={name}
              aria-invalid={shown(problems.name) ? true : undefined}
              onChange={(event) => setName(event.target.value)}
            />
            {shown(problems.name) ? (
              <span className="form-field__problem" role="alert">
                {problems.name}
              </span>
            ) : (
              <span className="muted">{t('supervisor.setup.nameHint')}</span>
            )}
          </label>
        </div>
        <div className="form-grid">
          <PinField name="pin" label={t('supervisor.setup.pin')} value={pin} problem={shown(problems.pin)} onChange={setPin} />
          <PinField
            name="pinRepeat"
            label={t('supervisor.setup.pinRepeat')}
            value={repeat}
            problem={shown(problems.pin ? undefined : problems.repeat)}
            onChange={setRepeat}
          />
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
