import { appErrors } from '../../shared/error-catalogue/app';
import type { AppError } from '../../shared/errors';

/**
 * SQLite's "another connection holds the lock" codes, with their extended forms
 * (SQLITE_BUSY_SNAPSHOT, SQLITE_LOCKED_SHAREDCACHE…): better-sqlite3 throws them once
 * the busy timeout has run out.
 */
export function isLockCode(code: unknown): boolean {
  return typeof code === 'string' && (/^SQLITE_BUSY(_|$)/.test(code) || /^SQLITE_LOCKED(_|$)/.test(code));
}

/**
 * The one place a lock held too long becomes LEDGER_BUSY: the dispatch's envelope and the CLI's error printer
 * both ask it. Looks through `cause` chains, since a service may have wrapped the SQLite error in its own.
 * Returns undefined for anything else, which keeps its own translation.
 */
export function ledgerBusyError(error: unknown): AppError | undefined {
  for (let current = error, depth = 0; current instanceof Error && depth < 8; current = current.cause, depth++) {
    if (isLockCode((current as { code?: unknown }).code)) return appErrors.LEDGER_BUSY(undefined, { cause: error });
  }
  return undefined;
}
