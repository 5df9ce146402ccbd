import type { AppErrorPayload } from '@shared/errors';
import { CallError } from './call';
import { appErrors } from '@shared/error-catalogue/app';

/** What a call attempt came to: its value, or main's refusal to show. */
export type Attempt<R> = { ok: true; value: R } | { ok: false; error: AppErrorPayload };

/** Main's refusal carried by a failed call; anything else is a bug and is thrown on. */
export function refusalOf(error: unknown): AppErrorPayload {
  if (error instanceof CallError) return error.payload;
  throw error;
}

/** Runs `work`; a refusal from main becomes `{ ok: false }`, any other failure is thrown on. */
export async function attempt<R>(work: () => Promise<R>): Promise<Attempt<R>> {
  try {
    return { ok: true, value: await work() };
  } catch (error) {
    return { ok: false, error: refusalOf(error) };
  }
}

/**
 * Any failure as a showable payload, for a store's load state that must end
 * in `failed` whatever went wrong (a bug shows its message rather than a spinner).
 */
export function toErrorPayload(error: unknown): AppErrorPayload {
  if (error instanceof CallError) return error.payload;
  return appErrors.INTERNAL_ERROR({ message: error instanceof Error ? error.message : String(error) }).toPayload();
}

/**
 * A rejection handler for a panel's first load: a refusal from main is shown,
 * anything else is left for the next load (the panel stays as it was).
 */
export function showRefusal(show: (error: AppErrorPayload) => void): (error: unknown) => void {
  return (error) => {
    if (error instanceof CallError) show(error.payload);
  };
}
