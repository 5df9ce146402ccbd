/**
 * How a ledger thread fails, as types a caller checks with `instanceof` (not by
 * reading messages), and how a task's error crosses the thread boundary.
 */
import { AppError, isAppError, type AppErrorPayload } from '../../shared/errors';

/** The message of LedgerThreadClosedError. */
export const LEDGER_THREAD_CLOSED = 'ledger thread is closed';
/** The start of LedgerThreadStoppedError's message. */
export const LEDGER_THREAD_STOPPED = 'ledger thread stopped';

/** `run` after `close()`: the app is closing; nothing was started. */
export class LedgerThreadClosedError extends Error {
  constructor() {
    super(LEDGER_THREAD_CLOSED);
    this.name = 'LedgerThreadClosedError';
  }
}

/** The worker died (or could not start) with this run pending: whatever it was doing rolled back. */
export class LedgerThreadStoppedError extends Error {
  constructor(
    /** Why, for the log: the worker's error, its exit code, or why it could not start. */
    readonly reason: string,
    options?: { cause?: unknown },
  ) {
    super(`${LEDGER_THREAD_STOPPED}: ${reason}`, options);
    this.name = 'LedgerThreadStoppedError';
  }
}

/** An error as it crosses the thread boundary: plain data only. */
export type ThreadError =
  | { kind: 'app'; payload: AppErrorPayload; stack: string | undefined }
  | { kind: 'error'; name: string; message: string; code: string | undefined; stack: string | undefined };

export function serializeThreadError(error: unknown): ThreadError {
  if (isAppError(error)) return { kind: 'app', payload: error.toPayload(), stack: error.stack };
  if (error instanceof Error) {
    const code: unknown = (error as Error & { code?: unknown }).code;
    return {
      kind: 'error',
      name: error.name,
      message: error.message,
      code: typeof code === 'string' ? code : undefined,
      stack: error.stack,
    };
  }
  return { kind: 'error', name: 'Error', message: String(error), code: undefined, stack: undefined };
}

/** The worker's error as the caller should see it: an AppError stays an AppError; a `name` and a `code` are kept. */
export function reviveThreadError(error: ThreadError): Error {
  if (error.kind === 'app') {
    const { code, localized, details } = error.payload;
    const revived = new AppError(code, localized, details);
    if (error.stack) revived.stack = error.stack;
    return revived;
  }
  const revived: Error & { code?: string } = new Error(error.message);
  revived.name = error.name;
  if (error.code !== undefined) revived.code = error.code;
  if (error.stack) revived.stack = error.stack;
  return revived;
}

export function toError(value: unknown): Error {
  return value instanceof Error ? value : new Error(String(value));
}
