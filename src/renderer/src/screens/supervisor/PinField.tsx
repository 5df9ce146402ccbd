import type { ChangeEvent } from 'react';
import { PIN_MAX_LENGTH } from '@shared/validation/pin-rules';

/** A masked PIN input that keeps digits only (typed, pasted or from the pad). */
export function PinField(props: {
  name: string;
  label: string;
  value: string;
  problem: string | undefined;
  onChange: (value: string) => void;
}) {
  const change = (event: ChangeEvent<HTMLInputElement>) => props.onChange(event.target.value.replace(/\D/g, '').slice(0, PIN_MAX_LENGTH));
  return (
    <label className="form-field">
      <span className="form-field__label">{props.label}</span>
      <input
        name={props.name}
        type="password"
        inputMode="numeric"
        autoComplete="off"
        maxLength={PIN_MAX_LENGTH}
        value={props.value}
        aria-invalid={props.problem ? true : undefined}
        onChange={change}
      />
      {props.problem ? (
        <span className="form-field__problem" role="alert">
          {props.problem}
        </span>
      ) : null}
    </label>
  );
}
