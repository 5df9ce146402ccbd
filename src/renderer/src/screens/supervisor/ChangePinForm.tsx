import { useState, type FormEvent } from 'react';
import type { SupervisorStatus } from '@shared/supervisors-contract';
import { call } from '@renderer/api/call';
import { OutcomeLine } from '@renderer/components/OutcomeLine';
import { Segmented } from '@renderer/components/Segmented';
import { useOutcome } from '@renderer/components/use-outcome';
import { useT } from '@renderer/i18n/use-t';
import { useSupervisorStore } from '@renderer/store/supervisor-store';
import { PinField } from './PinField';
import { NewPinFields, useNewPin } from './PinFields';
import { pinProblem } from './problems';

/**
 * Change a PIN: whose (a choice of `names`), the current PIN, the new one twice. `onChanged` runs
 * with the new status (the forced change after a short-PIN unlock closes on it).
 */
export function ChangePinForm({ names, onChanged }: { names: string[]; onChanged?: (status: SupervisorStatus) => void }) {
  const t = useT();
  const applyStatus = useSupervisorStore((state) => state.applyStatus);
  const [chosen, setChosen] = useState<string | undefined>();
  const [oldPin, setOldPin] = useState('');
  const newPin = useNewPin();
  const [showProblems, setShowProblems] = useState(false);
  const outcome = useOutcome();
  const name = chosen !== undefined && names.includes(chosen) ? chosen : names[0];
  if (name === undefined) return null;
  const oldProblem = pinProblem(oldPin, t, 'entered');
  const shown = (problem: string | undefined) => (showProblems ? problem : undefined);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setShowProblems(true);
    if (name === undefined || oldProblem || newPin.problems.pin || newPin.problems.repeat) return;
    const changed = await outcome.attempt(async () => {
      const status = await call('supervisor.changePin', { name, oldPin, newPin: newPin.pin });
      applyStatus(status);
      onChanged?.(status);
      return t('supervisor.settings.changed', { name });
    });
    if (changed) {
      setOldPin('');
      newPin.clear();
      setShowProblems(false);
    }
  }

  return (
    <form className="supervisor-settings__form" data-testid="supervisor-change-pin" onSubmit={(event) => void submit(event)} noValidate>
      <h3>{t('supervisor.settings.changePin')}</h3>
      <div className="form-row">
        <span className="form-field__label">{t('supervisor.unlock.who')}</span>
        <Segmented
          label={t('supervisor.unlock.who')}
          options={names.map((option) => ({ value: option, label: option }))}
          value={name}
          onChange={setChosen}
        />
      </div>
      <div className="form-grid">
        <PinField name="oldPin" label={t('supervisor.settings.oldPin')} value={oldPin} problem={shown(oldProblem)} onChange={setOldPin} />
        <NewPinFields newPin={newPin} showProblems={showProblems} name="newPin" />
      </div>
      <div className="actions">
        <button type="submit" className="button">
          {t('supervisor.settings.changeSubmit')}
        </button>
      </div>
      <OutcomeLine
        className="supervisor-settings__status"
        testId="supervisor-change-pin-status"
        done={outcome.done}
        error={outcome.error}
      />
    </form>
  );
}
