import { useState } from 'react';
import { useT } from '@renderer/i18n/use-t';
import { PinField } from './PinField';
import { pinProblem, repeatProblem } from './problems';

/** A new PIN typed twice, as a form holds it, with the problems of each. */
export function useNewPin() {
  const t = useT();
  const [pin, setPin] = useState('');
  const [repeat, setRepeat] = useState('');
  const problems = { pin: pinProblem(pin, t), repeat: repeatProblem(pin, repeat, t) };
  const clear = () => {
    setPin('');
    setRepeat('');
  };
  return { pin, repeat, setPin, setRepeat, problems, clear };
}

/** The inputs' names and labels: a new supervisor's PIN, or the new PIN when changing one. */
const LABELS = {
  pin: ['supervisor.setup.pin', 'supervisor.setup.pinRepeat'],
  newPin: ['supervisor.settings.newPin', 'supervisor.settings.newPinRepeat'],
} as const;

/** The new PIN and the same again (input `name` and `${name}Repeat`); the repetition's problem waits until the PIN itself is fine. */
export function NewPinFields(props: { newPin: ReturnType<typeof useNewPin>; showProblems: boolean; name: keyof typeof LABELS }) {
  const t = useT();
  const { newPin, showProblems, name } = props;
  const [label, repeatLabel] = LABELS[name];
  return (
    <>
      <PinField
        name={name}
        label={t(label)}
        value={newPin.pin}
        problem={showProblems ? newPin.problems.pin : undefined}
        onChange={newPin.setPin}
      />
      <PinField
        name={`${name}Repeat`}
        label={t(repeatLabel)}
        value={newPin.repeat}
        problem={showProblems && !newPin.problems.pin ? newPin.problems.repeat : undefined}
        onChange={newPin.setRepeat}
      />
    </>
  );
}

/** A supervisor's name; `hint`, when given, shows while there is no problem to show. */
export function NameField(props: { value: string; problem: string | undefined; hint?: string; onChange: (value: string) => void }) {
  const t = useT();
  return (
    <label className="form-field">
      <span className="form-field__label">{t('supervisor.setup.name')}</span>
      <input
        name="name"
        type="text"
        autoComplete="off"
        value={props.value}
        aria-invalid={props.problem ? true : undefined}
        onChange={(event) => props.onChange(event.target.value)}
      />
      {props.problem ? (
        <span className="form-field__problem" role="alert">
          {props.problem}
        </span>
      ) : props.hint ? (
        <span className="muted">{props.hint}</span>
      ) : null}
    </label>
  );
}
