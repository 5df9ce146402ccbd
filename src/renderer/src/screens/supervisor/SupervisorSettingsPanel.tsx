import { useState, type FormEvent } from 'react';
import { DEFAULT_UNLOCK_MINUTES, MAX_UNLOCK_MINUTES, MIN_UNLOCK_MINUTES } from '@shared/supervisors-contract';
import { call } from '@renderer/api/call';
import { OutcomeLine as Line } from '@renderer/components/OutcomeLine';
import { useOutcome, type Outcome } from '@renderer/components/use-outcome';
import { useT } from '@renderer/i18n/use-t';
import { useAppStore } from '@renderer/store/app-store';
import { useSupervisorStore } from '@renderer/store/supervisor-store';
import { NameField, NewPinFields, useNewPin } from './PinFields';
import { ChangePinForm } from './ChangePinForm';
import { nameProblem } from './problems';

function OutcomeLine({ outcome, testId }: { outcome: Outcome; testId: string }) {
  return <Line className="supervisor-settings__status" testId={testId} done={outcome.done} error={outcome.error} />;
}

/** Settings → Supervisors: how long an unlock lasts, the list, add, disable, change a PIN. Changes ask for an unlock. */
export function SupervisorSettingsPanel() {
  const t = useT();
  const status = useSupervisorStore((state) => state.status);
  const applyStatus = useSupervisorStore((state) => state.applyStatus);
  const settings = useAppStore((state) => state.settings);
  const applySettings = useAppStore((state) => state.applySettings);
  const savedMinutes = settings?.supervisorUnlockMinutes ?? DEFAULT_UNLOCK_MINUTES;
  const [minutesText, setMinutesText] = useState<string | undefined>();
  const minutesOutcome = useOutcome();
  const listOutcome = useOutcome();

  if (!status) return null;
  const minutesShown = minutesText ?? String(savedMinutes);
  const minutes = Number(minutesShown);
  const minutesValid = /^\d+$/.test(minutesShown) && minutes >= MIN_UNLOCK_MINUTES && minutes <= MAX_UNLOCK_MINUTES;
  const activeCount = status.supervisors.filter((supervisor) => !supervisor.disabled).length;

  async function saveMinutes(event: FormEvent) {
    event.preventDefault();
    if (!minutesValid) return;
    await minutesOutcome.attempt(async () => {
      applySettings(await call('settings.set', { key: 'supervisorUnlockMinutes', value: minutes }));
      setMinutesText(undefined);
      return t('supervisor.settings.saved');
    });
  }

  async function disable(name: string) {
    await listOutcome.attempt(async () => {
      applyStatus(await call('supervisor.disable', { name }));
      return t('supervisor.settings.disabledDone', { name });
    });
  }

  return (
    <div className="card supervisor-settings" data-testid="supervisor-settings">
      <h2>{t('supervisor.settings.title')}</h2>
      <p className="muted">{t('supervisor.settings.needsSupervisor')}</p>

      <form className="form-row" onSubmit={(event) => void saveMinutes(event)} noValidate>
        <label className="form-field supervisor-settings__minutes">
          <span className="form-field__label">{t('supervisor.settings.unlockMinutes')}</span>
          <input
            name="supervisorUnlockMinutes"
            type="number"
            inputMode="numeric"
            min={MIN_UNLOCK_MINUTES}
            max={MAX_UNLOCK_MINUTES}
            step={1}
            value={minutesShown}
            aria-invalid={minutesValid ? undefined : true}
            onChange={(event) => {
              setMinutesText(event.target.value);
              minutesOutcome.clear();
            }}
          />
          {minutesValid ? (
            <span className="muted">
              {t('supervisor.settings.unlockMinutesHint', {
                min: MIN_UNLOCK_MINUTES,
                max: MAX_UNLOCK_MINUTES,
                default: DEFAULT_UNLOCK_MINUTES,
              })}
            </span>
          ) : (
            <span className="form-field__problem" role="alert">
              {t('supervisor.problem.minutes', { min: MIN_UNLOCK_MINUTES, max: MAX_UNLOCK_MINUTES })}
            </span>
          )}
        </label>
        <div className="actions">
          <button type="submit" className="button" disabled={!minutesValid || minutes === savedMinutes}>
            {t('supervisor.settings.saveMinutes')}
          </button>
        </div>
        <OutcomeLine outcome={minutesOutcome} testId="supervisor-minutes-status" />
      </form>

      <h3>{t('supervisor.settings.list')}</h3>
      {status.supervisors.length === 0 ? <p className="muted">{t('supervisor.settings.none')}</p> : null}
      <ul className="supervisor-list">
        {status.supervisors.map((supervisor) => (
          <li key={supervisor.name} className="supervisor-list__row" data-disabled={supervisor.disabled || undefined}>
            <span className="supervisor-list__name">{supervisor.name}</span>
            <span className="muted">{supervisor.disabled ? t('supervisor.settings.disabled') : t('supervisor.settings.active')}</span>
            {!supervisor.disabled ? (
              <button type="button" className="button" disabled={activeCount <= 1} onClick={() => void disable(supervisor.name)}>
                {t('supervisor.settings.disable')}
              </button>
            ) : null}
          </li>
        ))}
      </ul>
      <OutcomeLine outcome={listOutcome} testId="supervisor-list-status" />

      {!status.setupNeeded ? (
        <>
          <AddSupervisorForm />
          <ChangePinForm names={status.supervisors.filter((supervisor) => !supervisor.disabled).map((supervisor) => supervisor.name)} />
        </>
      ) : null}
    </div>
  );
}

function AddSupervisorForm() {
  const t = useT();
  const applyStatus = useSupervisorStore((state) => state.applyStatus);
  const [name, setName] = useState('');
  const newPin = useNewPin();
  const [showProblems, setShowProblems] = useState(false);
  const outcome = useOutcome();
  const problem = nameProblem(name, t);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setShowProblems(true);
    if (problem || newPin.problems.pin || newPin.problems.repeat) return;
    const added = await outcome.attempt(async () => {
      applyStatus(await call('supervisor.add', { name, pin: newPin.pin }));
      return t('supervisor.settings.added', { name: name.trim() });
    });
    if (added) {
      setName('');
      newPin.clear();
      setShowProblems(false);
    }
  }

  return (
    <form className="supervisor-settings__form" data-testid="supervisor-add" onSubmit={(event) => void submit(event)} noValidate>
      <h3>{t('supervisor.settings.add')}</h3>
      <div className="form-grid">
        <NameField value={name} problem={showProblems ? problem : undefined} onChange={setName} />
        <NewPinFields newPin={newPin} showProblems={showProblems} name="pin" />
      </div>
      <div className="actions">
        <button type="submit" className="button">
          {t('supervisor.settings.addSubmit')}
        </button>
      </div>
      <OutcomeLine outcome={outcome} testId="supervisor-add-status" />
    </form>
  );
}
