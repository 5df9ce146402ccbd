import type { ReactNode } from 'react';

export interface FormFieldProps {
  label: ReactNode;
  /** The field's problem in words (shown as an alert), or nothing. */
  problem?: ReactNode;
  /** `data-*` attributes on the problem (tests find a problem by them). */
  problemData?: Record<`data-${string}`, string>;
  /** Shown under the input when there is no problem. */
  hint?: ReactNode;
  className?: string;
  children: ReactNode;
}

/** A labelled form field: its label, the input (children), then its problem or its hint. */
export function FormField({ label, problem, problemData, hint, className, children }: FormFieldProps) {
  return (
    <label className={className ? `form-field ${className}` : 'form-field'}>
      <span className="form-field__label">{label}</span>
      {children}
      {problem ? (
        <span className="form-field__problem" role="alert" {...problemData}>
          {problem}
        </span>
      ) : (
        (hint ?? null)
      )}
    </label>
  );
}
