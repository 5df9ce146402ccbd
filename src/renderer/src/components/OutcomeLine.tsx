import type { ReactNode } from 'react';
import type { AppErrorPayload } from '@shared/errors';
import { ErrorMessage } from './ErrorMessage';

export interface OutcomeLineProps {
  /** What went right, in the user's words; shown above any error. */
  done?: ReactNode;
  error?: AppErrorPayload | undefined;
  className: string;
  testId: string;
}

/** Where an action's result is announced (politely): its success sentence or main's translated refusal. */
export function OutcomeLine({ done, error, className, testId }: OutcomeLineProps) {
  return (
    <div className={className} data-testid={testId} aria-live="polite">
      {done ? <p className="ok-text">{done}</p> : null}
      {error ? <ErrorMessage error={error} /> : null}
    </div>
  );
}
