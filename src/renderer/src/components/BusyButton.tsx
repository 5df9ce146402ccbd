import type { ButtonHTMLAttributes, ReactNode } from 'react';

export interface BusyButtonProps extends Omit<ButtonHTMLAttributes<HTMLButtonElement>, 'children'> {
  /** While true the button is disabled and says `busyLabel`. */
  busy: boolean;
  label: ReactNode;
  busyLabel: ReactNode;
}

/** A button that runs a call: disabled and saying so while it runs ("Saving…"). */
export function BusyButton({ busy, label, busyLabel, disabled, type = 'button', ...button }: BusyButtonProps) {
  return (
    <button type={type} disabled={busy || disabled} {...button}>
      {busy ? busyLabel : label}
    </button>
  );
}

/** A form's main button: submits, primary, busy while the form's call runs. */
export function SubmitButton({ className = 'button button--primary', ...props }: Omit<BusyButtonProps, 'type'>) {
  return <BusyButton type="submit" className={className} {...props} />;
}
