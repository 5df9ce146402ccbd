import { useCallback, useState } from 'react';
import { useAction, type Action, type ActionOptions } from './use-action';

export interface Outcome extends Action {
  /** The success sentence of the last run (or of `announce`), shown until the next run or `clear`. */
  done: string | undefined;
  /** Runs work that answers with its success sentence; resolves true when it succeeded. */
  attempt(work: () => Promise<string>, key?: string): Promise<boolean>;
  /** Shows a success that came another way (e.g. a form that saved by itself). */
  announce(text: string): void;
  /** Forgets both the sentence and the refusal. */
  clear(): void;
}

/** `useAction` for actions that end in a sentence ("Saved.") or main's refusal, shown by `<OutcomeLine>`. */
export function useOutcome(options?: ActionOptions): Outcome {
  const action = useAction(options);
  const { run, clearError } = action;
  const [done, setDone] = useState<string | undefined>();

  const attempt = useCallback(
    async (work: () => Promise<string>, key?: string) => {
      setDone(undefined);
      const outcome = await run(work, key);
      if (outcome.ok) setDone(outcome.value);
      return outcome.ok;
    },
    [run],
  );
  const announce = useCallback(
    (text: string) => {
      clearError();
      setDone(text);
    },
    [clearError],
  );
  const clear = useCallback(() => {
    clearError();
    setDone(undefined);
  }, [clearError]);

  return { ...action, done, attempt, announce, clear };
}
