import { useCallback, useRef, useState } from 'react';
import type { AppErrorPayload } from '@shared/errors';
import type { KnownErrorCode } from '@renderer/api/error-codes';
import { attempt, type Attempt } from '@renderer/api/refusal';

export interface ActionOptions {
  /** Refusals answered elsewhere (e.g. SUPERVISOR_REQUIRED by the unlock dialog): not kept as `error`. */
  silent?: readonly KnownErrorCode[];
}

export interface Action {
  /** True while a run is in flight. */
  busy: boolean;
  /** The key given to the run in flight (several buttons sharing one action), undefined when idle. */
  busyKey: string | undefined;
  /** Main's refusal of the last run, translated by `<ErrorMessage>`; cleared when a run starts. */
  error: AppErrorPayload | undefined;
  /** Calls main: busy meanwhile, a refusal kept as `error` (other failures are thrown on). */
  run<R>(work: () => Promise<R>, key?: string): Promise<Attempt<R>>;
  /** Runs the last work again with its key. */
  retry(): Promise<void>;
  /** Forgets the refusal, e.g. once the person edits what was refused. */
  clearError(): void;
  /** Shows a refusal that came another way (e.g. the panel's first load) where this action shows its own. */
  fail(error: AppErrorPayload): void;
}

/** "Call main, show busy, show the translated error, allow retry": the one way screens do it. */
export function useAction({ silent = [] }: ActionOptions = {}): Action {
  const [busyKey, setBusyKey] = useState<string | undefined>();
  const [error, setError] = useState<AppErrorPayload | undefined>();
  const last = useRef<{ work: () => Promise<unknown>; key: string } | undefined>(undefined);
  // A key rather than the array, so a literal `silent: [...]` does not make a new `run` on every render.
  const silentKey = silent.join(' ');

  const run = useCallback(async <R>(work: () => Promise<R>, key = 'run'): Promise<Attempt<R>> => {
    last.current = { work, key };
    setBusyKey(key);
    setError(undefined);
    try {
      const outcome = await attempt(work);
      if (!outcome.ok && !silentKey.split(' ').includes(outcome.error.code)) setError(outcome.error);
      return outcome;
    } finally {
      setBusyKey(undefined);
    }
  }, [silentKey]);

  const retry = useCallback(async () => {
    if (last.current) await run(last.current.work, last.current.key);
  }, [run]);

  const clearError = useCallback(() => setError(undefined), []);

  return { busy: busyKey !== undefined, busyKey, error, run, retry, clearError, fail: setError };
}
